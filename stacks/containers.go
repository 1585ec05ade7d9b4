package stacks

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/internal/schema"
	"platform/internal/validate"
	"platform/policy"
)

// containers adds a workload's sidecars, shared volumes, start order and
// writable paths to its task. A sidecar's secrets reaching a data part give
// the task that part's network hop, as the main container's do.
func (r *resolver) containers(t schema.Task, args *compute.TaskArgs) {
	args.Mounts, args.DependsOn, args.WritablePaths = mounts(t.Volumes), dependencies(t.DependsOn), t.WritablePaths
	hops := map[string]bool{}
	for _, h := range args.DataHops {
		hops[h.Name] = true
	}
	for _, s := range t.Sidecars {
		sidecar := compute.Sidecar{
			Name: s.Name, Image: r.image(schema.Task{Repository: s.Repository}), Port: deref(s.Port), Command: s.Command,
			Environment: map[string]pulumi.StringInput{}, HealthCommand: s.HealthCommand, DependsOn: dependencies(s.DependsOn),
			Mounts: mounts(s.Volumes), CPU: deref(s.CPU), Memory: deref(s.Memory), Essential: s.Essential,
		}
		for k, v := range s.Environment {
			sidecar.Environment[k] = pulumi.String(v)
		}
		for _, variable := range slices.Sorted(maps.Keys(s.Secrets)) {
			ref := s.Secrets[variable]
			sidecar.Secrets = append(sidecar.Secrets, compute.Secret{Name: variable, ARN: r.secretARN(ref), Key: ref.Key})
			if ref.Part != "" && !hops[string(ref.Part)] {
				part := r.part(ref.Part)
				args.DataHops = append(args.DataHops, compute.DataHop{Name: string(ref.Part), ClientGroupID: part.clientGroup})
				hops[string(ref.Part)] = true
			}
		}
		args.Sidecars = append(args.Sidecars, sidecar)
	}
}

// workloadTask is a workload's task: a container waiting for the workload's
// name waits for the main container, whatever name the component gives it
// (a preview's is pr-<n>-<name>).
func (r *resolver) workloadTask(name string, t schema.Task, extraSecrets map[string]schema.SecretRef, extraGrants []schema.Grant) compute.TaskArgs {
	args := r.task(t, extraSecrets, extraGrants)
	main := func(deps []compute.Dependency) {
		for i := range deps {
			if deps[i].Container == name {
				deps[i].Container = ""
			}
		}
	}
	main(args.DependsOn)
	for _, s := range args.Sidecars {
		main(s.DependsOn)
	}
	return args
}

// entryPort is the port the load balancer sends a service's traffic to: the
// entry sidecar's, or the main container's.
func entryPort(s schema.Service) int {
	for _, c := range s.Sidecars {
		if c.Name == s.Entry && s.Entry != "" {
			return deref(c.Port)
		}
	}
	return *s.Port
}

func mounts(volumes []schema.VolumeMount) []compute.Mount {
	var out []compute.Mount
	for _, v := range volumes {
		out = append(out, compute.Mount{Volume: v.Name, Path: v.Path, ReadOnly: v.ReadOnly})
	}
	return out
}

func dependencies(deps []schema.Dependency) []compute.Dependency {
	var out []compute.Dependency
	for _, d := range deps {
		out = append(out, compute.Dependency{Container: d.Container, Condition: cmp.Or(d.Condition, "START")})
	}
	return out
}

// sidecarSecrets are every secret reference of a task's sidecars, by a
// variable name unique across them, for the execution role's reading list.
func sidecarSecrets(t schema.Task) map[string]schema.SecretRef {
	out := map[string]schema.SecretRef{}
	for _, s := range t.Sidecars {
		for variable, ref := range s.Secrets {
			out[s.Name+"/"+variable] = ref
		}
	}
	return out
}

// validateContainers checks what only the stack can about a workload's other
// containers: their images and data parts, and its waivers' rules.
func (c *Config) validateContainers(path string, t schema.Task) error {
	var errs []error
	for i, s := range t.Sidecars {
		at := fmt.Sprintf("%s.sidecars[%d]", path, i)
		sidecar := schema.Task{Repository: s.Repository, Secrets: s.Secrets}
		errs = append(errs, c.validateTask(at, sidecar))
	}
	rules := policy.RuleIDs()
	for i, w := range t.Waivers {
		at := fmt.Sprintf("%s.waivers[%d]", path, i)
		if !slices.Contains(rules, w.Rule) {
			errs = append(errs, validate.Field(at+".rule", w.Rule, "is not a posture rule", "one of "+strings.Join(rules, ", ")))
		}
		if strings.TrimSpace(w.Reason) == "" {
			errs = append(errs, validate.Missing(at+".reason", "why the finding is accepted"))
		}
	}
	return errors.Join(errs...)
}

// postureWaivers are every deployed workload's waivers, exported for plan --policy.
func (c *Config) postureWaivers() []policy.Waiver {
	var out []policy.Waiver
	deployed := c.deployed()
	for _, name := range slices.Sorted(maps.Keys(deployed)) {
		for _, w := range deployed[name].Waivers {
			out = append(out, policy.Waiver{Workload: name, Rule: w.Rule, Reason: w.Reason})
		}
	}
	return out
}

// waiversOutput is postureWaivers as a stack output.
func (c *Config) waiversOutput() pulumi.Array {
	var out pulumi.Array
	for _, w := range c.postureWaivers() {
		out = append(out, pulumi.StringMap{"workload": pulumi.String(w.Workload), "rule": pulumi.String(w.Rule), "reason": pulumi.String(w.Reason)})
	}
	return out
}
