package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/compute"
	"platform/internal/validate"
)

// Preview listener priorities live above every persistent stack's: a
// preview of pull request n owns priorities base+n*slots .. base+n*slots+slots-1,
// so no two previews and no dev service can ever share one.
const (
	PreviewPriorityBase = 1000
	previewSlots        = 10
	maxPreviewNumber    = (50000-PreviewPriorityBase)/previewSlots - 1
	previewLogDays      = 7
)

// PreviewConfig is `platform:preview`: the stack is a pull-request preview
// layered onto a dev stack, creating only the browser-facing services.
type PreviewConfig struct {
	// Base is the dev stack's reference, e.g. "organization/platform/dev". Required.
	Base string `json:"base"`
	// Number is the pull request's number, 1 to maxPreviewNumber. Required.
	Number int `json:"number"`
}

// BaseStack is the base stack's own name: the last part of its reference.
func (p PreviewConfig) BaseStack() string {
	return p.Base[strings.LastIndex(p.Base, "/")+1:]
}

// PreviewedServices are the browser-facing services a preview runs: every
// service that is not exempt from the gate, in name order.
func (c *Config) PreviewedServices() []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; s.Cognito == nil || *s.Cognito {
			names = append(names, name)
		}
	}
	return names
}

// previewName is a previewed service's name, host label and ECS service name.
func (c *Config) previewName(service string) string {
	return fmt.Sprintf("pr-%d-%s", c.Preview.Number, service)
}

func (c *Config) validatePreview() error {
	p := c.Preview
	errs := []error{validate.Range(key("preview")+".number", p.Number, 1, maxPreviewNumber)}
	if p.Base == "" {
		errs = append(errs, validate.Missing(key("preview")+".base", `the dev stack's reference, e.g. "organization/platform/dev"`))
	}
	if c.Tier != Dev {
		errs = append(errs, validate.Field(key("environment"), c.Tier, "cannot host a preview", "dev: previews layer onto dev"))
	}
	if n := len(c.PreviewedServices()); n > previewSlots {
		errs = append(errs, validate.Field(key("workloads")+".services", n, "browser-facing services are more than a preview's priority slots", fmt.Sprintf("at most %d", previewSlots)))
	}
	for _, name := range c.PreviewedServices() {
		s := c.Workloads.Services[name]
		errs = append(errs, c.validateTask(key("workloads")+".services["+name+"]", s.TaskSpec))
		if len(c.previewName(name)) > 20 {
			errs = append(errs, validate.Field(key("preview")+".number", p.Number, "makes the name "+c.previewName(name)+" too long", "a shorter service name or number"))
		}
	}
	return errors.Join(errs...)
}

// viewOfReference sees the base stack's data layer through its `data` output.
func (c *Config) viewOfReference(data pulumi.AnyOutput) *dataView {
	str := func(path ...string) pulumi.StringOutput {
		return data.ApplyT(func(v any) string {
			for _, step := range path {
				m, _ := v.(map[string]any)
				v = m[step]
			}
			s, _ := v.(string)
			return s
		}).(pulumi.StringOutput)
	}
	port := func(part string) pulumi.IntOutput {
		return data.ApplyT(func(v any) int {
			m, _ := v.(map[string]any)
			p, _ := m[part].(map[string]any)
			n, _ := p["port"].(float64)
			return int(n)
		}).(pulumi.IntOutput)
	}
	part := func(name string) *partView {
		return &partView{host: str(name, "host"), secretArn: str(name, "secretArn"), securityGroup: str(name, "securityGroupId"), port: port(name)}
	}
	v := &dataView{database: part("database"), cache: part("cache"), broker: part("broker"), databaseName: str("databaseName"),
		sendMailPolicy: str("sendMailPolicyArn"),
		queues:         map[string]queueView{}, buckets: map[string]bucketView{}, repositories: map[string]pulumi.StringInput{}}
	for _, name := range c.PreviewedServices() {
		t := c.Workloads.Services[name].TaskSpec
		v.repositories[t.Repository] = str("repositories", t.Repository)
		for _, g := range t.Grants {
			parts := strings.Split(g, ":")
			switch parts[0] {
			case "queue":
				v.queues[parts[1]] = queueView{name: str("queues", parts[1], "name"), url: str("queues", parts[1], "url"), arn: str("queues", parts[1], "arn")}
			case "bucket":
				v.buckets[parts[1]] = bucketView{name: str("buckets", parts[1], "name"), arn: str("buckets", parts[1], "arn")}
			}
		}
	}
	return v
}

// DeployPreview creates a pull request's preview on the base stack: one task
// per browser-facing service, gated, on the base's cluster, load balancer,
// zone, data and user pool, with its own app client, so that destroying it
// leaves the base untouched.
func DeployPreview(ctx *pulumi.Context, cfg *Config) (pulumi.Map, error) {
	provider, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{
		Region:            pulumi.String(cfg.Region),
		DefaultTags:       &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(cfg.DefaultTags())},
		AllowedAccountIds: cfg.allowedAccounts(),
	})
	if err != nil {
		return nil, err
	}
	onAWS := pulumi.Providers(provider)
	// The preview's roles carry the boundary its base stack made for previews.
	identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	boundary := access.BoundaryArn(identity.AccountId, ctx.Project(), cfg.Preview.BaseStack(), true)
	bound, err := access.StackRoles(ctx, pulumi.String(boundary), pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterStackTransformation(bound); err != nil {
		return nil, err
	}
	base, err := pulumi.NewStackReference(ctx, cfg.Preview.Base, nil)
	if err != nil {
		return nil, err
	}
	out := func(name string) pulumi.StringOutput { return base.GetStringOutput(pulumi.String(name)) }
	view := cfg.viewOfReference(base.GetOutput(pulumi.String("data")))
	r := &resolver{cfg: cfg, data: view}

	var hosts []string
	for _, name := range cfg.PreviewedServices() {
		hosts = append(hosts, cfg.previewName(name)+"."+cfg.Domain)
	}
	secrets, parameters := r.executionSecrets()
	role, err := access.NewExecutionRole(ctx, "preview-execution", access.ExecutionRoleArgs{
		SecretARNs: secrets, ParameterARNs: parameters, ImageStack: cfg.Preview.BaseStack(),
	}, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	client, err := access.NewGateClient(ctx, fmt.Sprintf("pr-%d-alb-client", cfg.Preview.Number), out("userPoolId"), hosts, onAWS)
	if err != nil {
		return nil, err
	}
	gate := &access.Gate{UserPoolArn: out("userPoolArn"), UserPoolID: out("userPoolId"), UserPoolClientID: client.ID().ToStringOutput(), UserPoolDomain: out("userPoolDomain")}
	place := compute.Placement{
		Cluster: compute.ExistingCluster(compute.ClusterRef{
			Arn: out("clusterArn"), Name: out("clusterName"), VpcID: out("vpcId"),
			ALBDNSName: out("albDnsName"), ALBZoneID: out("albZoneId"), ALBSecurityGroupID: out("albSecurityGroupId"),
			HTTPSListenerArn: out("httpsListenerArn"), NamespaceID: out("namespaceId"),
		}),
		SubnetIDs:        base.GetOutput(pulumi.String("privateSubnetIds")).AsStringArrayOutput(),
		ExecutionRoleArn: role.Arn,
		LogRetentionDays: previewLogDays,
	}
	urls := pulumi.StringMap{}
	for i, name := range cfg.PreviewedServices() {
		spec := cfg.Workloads.Services[name]
		task, scaling := r.task(name, spec.TaskSpec, spec.Scaling, nil, nil)
		service, err := compute.NewFargateService(ctx, cfg.previewName(name), &compute.FargateServiceArgs{
			Task: task, Placement: place, Port: spec.Port,
			Domain: cfg.Domain, Subdomain: cfg.previewName(name), ZoneID: out("zoneId"),
			Paths: spec.Paths, Priority: PreviewPriorityBase + cfg.Preview.Number*previewSlots + i,
			HealthCheck: spec.HealthCheck, Cognito: true, Gate: gate, Scaling: scaling,
		}, onAWS)
		if err != nil {
			return nil, err
		}
		urls[name] = pulumi.String(service.URL)
	}
	return pulumi.Map{"environment": pulumi.String(cfg.Tier), "preview": pulumi.Int(cfg.Preview.Number), "urls": urls}, nil
}
