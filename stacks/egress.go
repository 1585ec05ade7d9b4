package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"platform/components/network"
	"platform/internal/schema"
	"platform/internal/validate"
)

// validateEgress refuses nat "none" when a workload needs what the private
// subnets cannot reach without NAT: only the S3 gateway endpoint and, with
// interfaceEndpoints, network.InterfaceEndpointServices are there. SQS, SES,
// X-Ray, ECS Exec's ssmmessages and registries outside ECR have no endpoint.
func (c *Config) validateEgress() error {
	// A paused stack runs no task (and Resolve removes its NAT); it is
	// checked again when it resumes.
	if c.Network.NAT != string(network.NATNone) || c.Paused {
		return nil
	}
	nat := c.key("network") + ".nat"
	want := "nat gateway or instance"
	if !*c.Network.InterfaceEndpoints {
		return validate.Field(nat, c.Network.NAT, "leaves tasks no way to pull images, write logs or read secrets: interfaceEndpoints is off",
			want+", or "+c.key("network")+".interfaceEndpoints true ("+strings.Join(network.InterfaceEndpointServices, ", ")+")")
	}
	var errs []error
	needs := func(path, what string) {
		errs = append(errs, validate.Field(path, nil, "needs "+what+", which "+nat+" \"none\" cannot reach (no VPC endpoint for it)", want))
	}
	all := tasks(c.Workloads)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		t, path := all[name], c.workloadPath(name)
		if t.External() {
			needs(path+".repository", "its image from a registry on the internet")
		}
		if t.Tracing {
			needs(path+".tracing", "AWS X-Ray")
		}
		if t.Exec {
			needs(path+".exec", "ECS Exec's Systems Manager messages")
		}
		for i, g := range t.Grants {
			switch g.Kind {
			case schema.QueueGrant:
				needs(fmt.Sprintf("%s.grants[%d]", path, i), "Amazon SQS")
			case schema.MailGrant:
				needs(fmt.Sprintf("%s.grants[%d]", path, i), "Amazon SES")
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Workers)) {
		if len(c.Workloads.Workers[name].Queues) > 0 {
			needs(c.workloadPath(name)+".queues", "Amazon SQS")
		}
	}
	return errors.Join(errs...)
}
