package stacks

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/compute"
	"platform/internal/graph"
	"platform/internal/routing"
	"platform/internal/schema"
	"platform/internal/validate"
)

// previewLogDays keeps a preview's task logs.
const previewLogDays = 7

// PreviewedServices are the browser-facing services a preview runs: every
// service that is not exempt from the gate, in name order.
func (c *Config) PreviewedServices() []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if *c.Workloads.Services[name].Cognito {
			names = append(names, name)
		}
	}
	return names
}

// previewTasks are the tasks a preview deploys.
func (c *Config) previewTasks() map[string]schema.Task {
	out := map[string]schema.Task{}
	for _, name := range c.PreviewedServices() {
		out[name] = c.Workloads.Services[name].Task
	}
	return out
}

func (c *Config) validatePreview() error {
	p := c.Preview
	errs := []error{validate.Range(c.key("preview")+".number", p.Number, 1, math.MaxInt32)}
	if p.Base == "" {
		errs = append(errs, validate.Missing(c.key("preview")+".base", `the base stack's reference, "<organization>/<project>/<stack>"`))
	}
	if c.Tier != Dev {
		errs = append(errs, validate.Field(c.key("environment"), c.Tier, "cannot host a preview", "dev: previews layer onto dev"))
	}
	for _, name := range c.PreviewedServices() {
		s := c.Workloads.Services[name]
		errs = append(errs, c.validateTask(c.workloadPath(name), s.Task))
		if len(c.previewName(name)) > 20 {
			errs = append(errs, validate.Field(c.key("preview")+".number", p.Number, "makes the name "+c.previewName(name)+" too long", "a shorter service name or number"))
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
		return &partView{host: str(name, "host"), secretArn: str(name, "secretArn"), clientGroup: str(name, "clientGroupId"), port: port(name)}
	}
	v := &dataView{database: part("database"), cache: part("cache"), broker: part("broker"), databaseName: str("databaseName"),
		sendMailPolicy: str("sendMailPolicyArn"),
		queues:         map[string]queueView{}, buckets: map[string]bucketView{}, repositories: map[string]pulumi.StringInput{}}
	for _, name := range c.PreviewedServices() {
		t := c.Workloads.Services[name].Task
		v.repositories[t.Repository] = str("repositories", t.Repository)
		for _, g := range t.Grants {
			switch g.Kind {
			case schema.QueueGrant:
				v.queues[g.Name] = queueView{name: str("queues", g.Name, "name"), url: str("queues", g.Name, "url"), arn: str("queues", g.Name, "arn")}
			case schema.BucketGrant:
				v.buckets[g.Name] = bucketView{name: str("buckets", g.Name, "name"), arn: str("buckets", g.Name, "arn")}
			}
		}
	}
	return v
}

// DeployPreview creates a pull request's preview on the base stack: one task
// per browser-facing service, gated, on the base's cluster, load balancer,
// zone, data and user pool, with its own app client, so that destroying it
// leaves the base untouched. Services are built by the same builder as the
// base's; previewService lists every difference.
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
	ref, err := pulumi.NewStackReference(ctx, cfg.Preview.Base, nil)
	if err != nil {
		return nil, err
	}
	base, data := readBase(ref)
	r := &resolver{cfg: cfg, data: cfg.viewOfReference(data)}

	secrets, parameters := r.executionSecrets(cfg.previewTasks())
	role, err := access.NewExecutionRole(ctx, "preview-execution", access.ExecutionRoleArgs{
		SecretARNs: secrets, ParameterARNs: parameters, ImageStack: cfg.Preview.BaseStack(),
	}, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	plan := cfg.mustPlacement()
	gates, err := cfg.previewGates(ctx, plan, base, onAWS)
	if err != nil {
		return nil, err
	}
	at := site{
		place: compute.Placement{
			Cluster: compute.ExistingCluster(compute.ClusterRef{
				Arn: base.ClusterArn, Name: base.ClusterName, VpcID: base.VpcID,
				NamespaceID: base.NamespaceID, TasksSecurityGroupID: base.TasksSecurityGroupID,
				LoadBalancers: loadBalancerRefs(base.LoadBalancers.(pulumi.AnyOutput), loadBalancers(plan)),
			}),
			SubnetIDs:        base.PrivateSubnetIDs,
			ExecutionRoleArn: role.Arn,
			LogRetentionDays: previewLogDays,
		},
		zoneID: base.ZoneID,
		routes: plan,
		gates:  gates,
	}
	urls := pulumi.StringMap{}
	for i, name := range cfg.PreviewedServices() {
		args := r.serviceArgs(name, cfg.Workloads.Services[name], at)
		cfg.previewService(name, args, i, gates)
		service, err := compute.NewFargateService(ctx, cfg.previewName(name), args, onAWS)
		if err != nil {
			return nil, err
		}
		urls[name] = pulumi.String(service.URL)
	}
	// The base's database password rotates under the preview too: its
	// services that read it roll after every rotation, like the base's.
	facts := graph.DeployFacts{ImagesRecordedAfterPush: true}
	for _, name := range cfg.PreviewedServices() {
		for _, ref := range cfg.Workloads.Services[name].Secrets {
			if ref.Part == schema.DatabasePart && !slices.Contains(facts.ReadCurrentPassword, cfg.previewName(name)) {
				facts.ReadCurrentPassword = append(facts.ReadCurrentPassword, cfg.previewName(name))
			}
		}
	}
	if len(facts.ReadCurrentPassword) > 0 {
		if _, err := compute.NewRestartOnRotation(ctx, fmt.Sprintf("pr-%d-database-rotation", cfg.Preview.Number), &compute.RestartOnRotationArgs{
			SecretArn: r.data.database.secretArn, ClusterName: base.ClusterName, Services: facts.ReadCurrentPassword,
		}, onAWS); err != nil {
			return nil, err
		}
	}
	return pulumi.Map{"environment": pulumi.String(cfg.Tier), "preview": pulumi.Int(cfg.Preview.Number), "urls": urls,
		graph.DeployFactsKey: pulumi.ToMap(facts.Output())}, nil
}

// previewGates make the preview's own app clients on the base's user pool,
// one per load balancer its services route through (so none passes the
// callback URLs a client takes), and return the gate of each load balancer.
func (c *Config) previewGates(ctx *pulumi.Context, plan routing.Plan, base baseStack, opts pulumi.ResourceOption) ([]*compute.Gate, error) {
	gates := make([]*compute.Gate, loadBalancers(plan))
	for lb := range gates {
		var hosts []string
		for _, name := range c.PreviewedServices() {
			if plan.Spots[name].LoadBalancer == lb {
				hosts = append(hosts, c.previewName(name)+"."+c.Domain)
			}
		}
		if len(hosts) == 0 {
			continue
		}
		name := fmt.Sprintf("pr-%d-alb-client", c.Preview.Number)
		if lb > 0 {
			name = fmt.Sprintf("%s-%d", name, lb)
		}
		client, err := access.NewGateClient(ctx, name, base.UserPoolID, hosts, opts)
		if err != nil {
			return nil, err
		}
		gates[lb] = &compute.Gate{UserPoolArn: base.UserPoolArn, UserPoolClientID: client.ID(), UserPoolDomain: base.UserPoolDomain}
	}
	return gates, nil
}

// previewService applies the only differences between a service in its base
// stack and in a preview: its own host label (pr-<n>-<service>), a listener
// priority in the preview range (routing.PreviewPriority) on its base
// service's load balancer, always behind the gate with the preview's own app
// client, no CDN (previews are looked at, not cached), and no wait on
// migrations (the base's data is already migrated). Sizes are the preview's
// (one task, see Resolve).
func (c *Config) previewService(name string, args *compute.FargateServiceArgs, i int, gates []*compute.Gate) {
	args.Subdomain = c.previewName(name)
	args.Priority = routing.PreviewPriority(c.Preview.Number, i, len(c.PreviewedServices()))
	args.Cognito, args.Gate = true, gates[args.LoadBalancer]
	args.CDN, args.CDNCertificateArn, args.CDNWebACLArn, args.StaticPaths = false, nil, nil, nil
	args.After = nil
}
