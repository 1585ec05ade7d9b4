package stacks

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"

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

func (c *Config) validatePreview() error {
	p := c.Preview
	errs := []error{validate.Range(c.key("preview")+".number", p.Number, 1, math.MaxInt32)}
	if errs[0] == nil {
		errs = append(errs, c.validatePreviewNumber())
	}
	if p.Base == "" {
		errs = append(errs, validate.Missing(c.key("preview")+".base", `the base stack's reference, "<organization>/<project>/<stack>"`))
	}
	if c.Tier != Dev {
		errs = append(errs, validate.Field(c.key("environment"), c.Tier, "cannot host a preview", "dev: previews layer onto dev"))
	}
	errs = append(errs, c.validatePreviewChoices())
	tasks := c.previewTasks()
	for _, name := range slices.Sorted(maps.Keys(tasks)) {
		errs = append(errs, c.validateTask(c.workloadPath(name), tasks[name]))
		if len(c.previewName(name)) > 20 {
			errs = append(errs, validate.Field(c.key("preview")+".number", p.Number, "makes the name "+c.previewName(name)+" too long", "a shorter workload name or number"))
		}
	}
	return errors.Join(errs...)
}

// previewStackName is how the preview workflow names the stack of pull request n.
var previewStackName = regexp.MustCompile(`^pr-([1-9][0-9]*)$`)

// validatePreviewNumber checks that preview.number is the stack's own: a
// Pulumi.pr-7.yaml copied for pr-8 would otherwise take pull request 7's
// listener priorities and names.
func (c *Config) validatePreviewNumber() error {
	path := c.key("preview") + ".number"
	m := previewStackName.FindStringSubmatch(c.Stack)
	if m == nil {
		return validate.Field(path, c.Preview.Number, "is set on stack "+c.Stack+", which is not named as a preview", "a preview stack named pr-<number>, here pr-"+strconv.Itoa(c.Preview.Number))
	}
	if m[1] != strconv.Itoa(c.Preview.Number) {
		return validate.Field(path, c.Preview.Number, "is not the number of stack "+c.Stack, m[1]+", the number in the stack's name")
	}
	return nil
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
		queues:         map[string]queueView{}, buckets: map[string]bucketView{}, repositories: map[string]pulumi.StringInput{}, secrets: map[string]pulumi.StringInput{}}
	for _, t := range c.previewTasks() {
		// The main container's repository and its sidecars', from the base's registry.
		for _, r := range t.RegistryImages() {
			v.repositories[r] = str("repositories", r)
		}
		for _, ref := range t.Secrets {
			if ref.Named != "" {
				// A preview reads the base stack's own secrets.
				v.secrets[ref.Named] = str("secrets", ref.Named)
			}
		}
		for _, g := range t.Grants {
			if g.Kind == schema.BucketGrant {
				v.buckets[g.Name] = bucketView{name: str("buckets", g.Name, "name"), arn: str("buckets", g.Name, "arn")}
			}
		}
	}
	for _, q := range c.previewQueues() {
		v.queues[q] = queueView{name: str("queues", q, "name"), url: str("queues", q, "url"), arn: str("queues", q, "arn")}
	}
	return v
}

// DeployPreview creates a pull request's preview on the base stack: one task
// per previewed service (gated) and worker, and the previewed schedules, on
// the base's cluster, load balancer, zone, server and user pool, with its own
// app client, its own database and queues unless it shares the base's (see
// preview_data.go), so that destroying it leaves the base untouched. A paused
// base is refused. Workloads are built by the same builders as the base's;
// previewService lists every difference of a service.
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
	plan, err := readBasePlan(ref)
	if err != nil {
		return nil, err
	}
	if plan.Paused {
		return nil, pausedBase(ctx.Project(), cfg.Preview.BaseStack(), cfg.Stack)
	}
	if err := plan.refuseIngress(ctx.Project(), cfg.Preview.BaseStack(), cfg.Stack); err != nil {
		return nil, err
	}
	for _, note := range cfg.previewNotes() {
		if err := ctx.Log.Warn("preview: "+note, nil); err != nil {
			return nil, err
		}
	}
	base, data := readBase(ref)
	r := &resolver{cfg: cfg, data: cfg.viewOfReference(data)}
	create := cfg.createDatabaseTask(plan.DatabaseEngine)
	if create != nil {
		name, err := cfg.previewDatabaseName(plan.DatabaseName)
		if err != nil {
			return nil, err
		}
		r.data.databaseName = pulumi.String(name)
	}
	if err := cfg.previewQueueLayer(ctx, r.data, plan.Queues, onAWS); err != nil {
		return nil, err
	}

	tasks := cfg.previewTasks()
	if create != nil {
		tasks[createDatabaseRole] = *create
	}
	secrets, parameters := r.executionSecrets(tasks)
	role, rolePolicy, err := access.NewExecutionRole(ctx, "preview-execution", access.ExecutionRoleArgs{
		SecretARNs: secrets, ParameterARNs: parameters, ImageStack: cfg.Preview.BaseStack(),
	}, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	routes := cfg.mustPlacement()
	gates, err := cfg.previewGates(ctx, routes, base, onAWS)
	if err != nil {
		return nil, err
	}
	at := site{
		place: compute.Placement{
			Cluster: compute.ExistingCluster(compute.ClusterRef{
				Arn: base.ClusterArn, Name: base.ClusterName, VpcID: base.VpcID,
				NamespaceID: base.NamespaceID, TasksSecurityGroupID: base.TasksSecurityGroupID,
				LoadBalancers: loadBalancerRefs(base.LoadBalancers.(pulumi.AnyOutput), loadBalancers(routes)),
			}),
			SubnetIDs:        base.PrivateSubnetIDs,
			ExecutionRoleArn: role.Arn,
			LogRetentionDays: previewLogDays,
			// A migration's task starts at once: its secrets must be readable.
			ExecutionRoleReady: []pulumi.Resource{rolePolicy},
		},
		zoneID: base.ZoneID,
		routes: routes,
		gates:  gates,
	}
	if at.runs, err = cfg.previewMigrationRuns(ctx, r, create, at, onAWS); err != nil {
		return nil, err
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
	for _, name := range cfg.previewedWorkers() {
		if _, err := compute.NewWorkerService(ctx, cfg.previewName(name), r.workerArgs(name, cfg.Workloads.Workers[name], at), onAWS); err != nil {
			return nil, err
		}
	}
	for _, name := range cfg.previewedSchedules() {
		if _, err := compute.NewScheduledTask(ctx, cfg.previewName(name), r.scheduleArgs(name, cfg.Workloads.Schedules[name], at), onAWS); err != nil {
			return nil, err
		}
	}
	// The base's database password rotates under the preview too: its
	// services that read it roll after every rotation, like the base's.
	facts := graph.DeployFacts{ImagesRecordedAfterPush: true}
	readsPassword := func(names []string) (readers []string) {
		for _, name := range names {
			if slices.ContainsFunc(slices.Collect(maps.Values(tasks[name].Secrets)), func(ref schema.SecretRef) bool { return ref.Part == schema.DatabasePart }) {
				readers = append(readers, cfg.previewName(name))
			}
		}
		return readers
	}
	facts.ReadCurrentPassword = readsPassword(slices.Concat(cfg.PreviewedServices(), cfg.previewedWorkers()))
	if len(facts.ReadCurrentPassword) > 0 {
		if _, err := compute.NewRestartOnRotation(ctx, fmt.Sprintf("pr-%d-database-rotation", cfg.Preview.Number), &compute.RestartOnRotationArgs{
			SecretArn: r.data.database.secretArn, ClusterName: base.ClusterName, Services: facts.ReadCurrentPassword,
		}, onAWS); err != nil {
			return nil, err
		}
	}
	// Migrations and schedules start a new task, reading the secret anew, every run.
	facts.ReadCurrentPassword = append(facts.ReadCurrentPassword, readsPassword(slices.Concat(cfg.previewMigrations(), cfg.previewedSchedules(), []string{createDatabaseRole}))...)
	outputs := pulumi.Map{"environment": pulumi.String(cfg.Tier), "preview": pulumi.Int(cfg.Preview.Number), "urls": urls,
		VariablesKey: r.variables(cfg.previewTasks()), graph.DeployFactsKey: pulumi.ToMap(facts.Output())}
	if notes := cfg.previewNotes(); len(notes) > 0 {
		outputs[PreviewNotesKey] = pulumi.ToStringArray(notes)
	}
	return outputs, nil
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
// client, and no CDN (previews are looked at, not cached). It waits on the
// preview's own migration runs (none when it shares the base's database,
// already migrated). Sizes are the preview's (one task, see Resolve).
func (c *Config) previewService(name string, args *compute.FargateServiceArgs, i int, gates []*compute.Gate) {
	args.Subdomain = c.previewName(name)
	args.Priority = routing.PreviewPriority(c.Preview.Number, i, len(c.PreviewedServices()))
	args.Cognito, args.Gate = true, gates[args.LoadBalancer]
	args.CDN, args.CDNCertificateArn, args.CDNWebACLArn, args.StaticPaths = false, nil, nil, nil
	// A preview has no alarms of its own to roll back on, and no canary.
	args.DeploymentAlarms, args.Canary = nil, nil
}
