package stacks

import (
	"errors"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/functions"
	"platform/internal/routing"
	"platform/internal/schema"
	"platform/internal/validate"
)

// One builder per workload kind turns a resolved workload into its
// component's Args. Deploy, validation (with placeholders, before anything
// exists) and previews all call the same builders; a preview then applies
// exactly the overrides in previewService.

// site is where workloads are built: placement, routing and the migration
// runs they wait for. For validation it holds placeholders.
type site struct {
	place  compute.Placement
	zoneID pulumi.StringInput
	// routes place each service on a load balancer with its priority, and
	// gates are each load balancer's Cognito gate (nil entries without one).
	routes routing.Plan
	gates  []*compute.Gate
	edge   edgeEntry
	// runs are the migration runs by name; nil while validating.
	runs map[string]pulumi.Resource
	// registry serves services through the API Gateway VPC link; nil with
	// load balancers.
	registry *compute.Registry
}

// edgeEntry is what CDN services need from the access layer.
type edgeEntry struct {
	certificate, webACL pulumi.StringInput
}

func (s site) after(names []string) []pulumi.Resource {
	var out []pulumi.Resource
	for _, n := range names {
		if run, ok := s.runs[n]; ok {
			out = append(out, run)
		}
	}
	return out
}

func (r *resolver) serviceArgs(name string, s schema.Service, at site) *compute.FargateServiceArgs {
	spot := at.routes.Spots[name]
	args := &compute.FargateServiceArgs{
		Task: r.workloadTask(name, s.Task, nil, nil), Placement: at.place, Port: entryPort(s),
		Domain: r.cfg.Domain, Subdomain: s.Subdomain, ZoneID: at.zoneID, Paths: s.Paths,
		LoadBalancer: spot.LoadBalancer, Priority: spot.Priority, HealthCheck: healthCheck(s.HealthCheck),
		Cognito: r.cfg.Gated(s), CDN: s.CDN, StaticPaths: s.StaticPaths,
		Scaling: scaling(s.Scaling), After: at.after(s.After), Registry: at.registry,
	}
	args.Task.Entry = s.Entry
	r.release(name, s, args)
	if args.Cognito && spot.LoadBalancer < len(at.gates) {
		args.Gate = at.gates[spot.LoadBalancer]
	}
	if s.CDN {
		args.CDNCertificateArn, args.CDNWebACLArn = at.edge.certificate, at.edge.webACL
	}
	return args
}

func (r *resolver) workerArgs(name string, w schema.Worker, at site) *compute.WorkerServiceArgs {
	args := &compute.WorkerServiceArgs{
		Task: r.workloadTask(name, w.Task, brokerSecrets(w), workerQueues(w)), Placement: at.place,
		BacklogPerTask: *w.BacklogPerTask, Scaling: scaling(w.Scaling), After: at.after(w.After), Singleton: w.Singleton,
	}
	if w.Singleton {
		return args
	}
	for _, q := range w.Queues {
		args.BacklogQueues = append(args.BacklogQueues, r.data.queues[q].name)
	}
	return args
}

func (r *resolver) scheduleArgs(name string, s schema.Schedule, at site) *compute.ScheduledTaskArgs {
	return &compute.ScheduledTaskArgs{Task: r.workloadTask(name, s.Task, nil, nil), Placement: at.place, Schedule: s.Schedule, Spot: *s.Spot}
}

func (r *resolver) migrationArgs(name string, m schema.Migration, at site) *compute.MigrationTaskArgs {
	return &compute.MigrationTaskArgs{Task: r.workloadTask(name, m.Task, nil, nil), Placement: at.place, TimeoutMinutes: m.TimeoutMinutes}
}

// deployedWorkloads are what the alarms and outputs need of the workloads.
type deployedWorkloads struct {
	services map[string]*compute.FargateService
	// functions map a function to its physical name.
	functions map[string]pulumi.StringInput
	// apis map each host's HTTP API (ingress api-gateway) to its id.
	apis map[string]pulumi.StringInput
}

// workloads creates the migrations, then the services, workers, schedules and functions.
func (r *resolver) workloads(ctx *pulumi.Context, at site, opts ...pulumi.ResourceOption) (deployedWorkloads, error) {
	w := r.cfg.Workloads
	held := func(name string) bool { _, ok := r.cfg.held[name]; return ok }
	if r.cfg.Paused {
		// Functions go too: the data parts they reach may be gone while paused.
		return deployedWorkloads{}, r.pausedWorkloads(ctx, at, opts...)
	}
	at.runs = map[string]pulumi.Resource{}
	for _, name := range slices.Sorted(maps.Keys(w.Migrations)) {
		if held(name) {
			continue
		}
		m, err := compute.NewMigrationTask(ctx, name, r.migrationArgs(name, w.Migrations[name], at), opts...)
		if err != nil {
			return deployedWorkloads{}, err
		}
		at.runs[name] = m.Run
	}
	services := map[string]*compute.FargateService{}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		if held(name) {
			continue
		}
		s, err := compute.NewFargateService(ctx, name, r.serviceArgs(name, w.Services[name], at), opts...)
		if err != nil {
			return deployedWorkloads{}, err
		}
		services[name] = s
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		if held(name) {
			continue
		}
		if _, err := compute.NewWorkerService(ctx, name, r.workerArgs(name, w.Workers[name], at), opts...); err != nil {
			return deployedWorkloads{}, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(w.Schedules)) {
		if held(name) {
			continue
		}
		if _, err := compute.NewScheduledTask(ctx, name, r.scheduleArgs(name, w.Schedules[name], at), opts...); err != nil {
			return deployedWorkloads{}, err
		}
	}
	fns, err := r.functions(ctx, at, held, opts...)
	return deployedWorkloads{services: services, functions: fns}, err
}

// functions creates the functions and returns their physical names.
func (r *resolver) functions(ctx *pulumi.Context, at site, held func(string) bool, opts ...pulumi.ResourceOption) (map[string]pulumi.StringInput, error) {
	fns := map[string]pulumi.StringInput{}
	for _, name := range slices.Sorted(maps.Keys(r.cfg.Workloads.Functions)) {
		if held(name) {
			continue
		}
		f, err := functions.NewFunction(ctx, name, r.functionArgs(name, r.cfg.Workloads.Functions[name], at), opts...)
		if err != nil {
			return nil, err
		}
		fns[name] = f.FunctionName
	}
	return fns, nil
}

// placeholderSite stands in for everything workloads are placed on before it exists.
func placeholderSite() site {
	p := pulumi.String("placeholder")
	return site{zoneID: p, gates: []*compute.Gate{{}}, edge: edgeEntry{certificate: p, webACL: p}}
}

// validateWorkloadArgs runs every workload's component validation before
// anything is registered, through the builders the deployment uses.
func (c *Config) validateWorkloadArgs() error {
	r := &resolver{cfg: c, data: placeholderView(c)}
	at := placeholderSite()
	plan, err := c.placement()
	if err != nil {
		return err
	}
	at.routes = plan
	for range plan.LoadBalancers {
		at.gates = append(at.gates, &compute.Gate{})
	}
	w := c.Workloads
	var errs []error
	check := func(name string, err error) {
		errs = append(errs, validate.Nest(c.workloadPath(name), err))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		check(name, r.serviceArgs(name, w.Services[name], at).Validate(name))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		check(name, r.workerArgs(name, w.Workers[name], at).Validate(name))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Schedules)) {
		check(name, r.scheduleArgs(name, w.Schedules[name], at).Validate(name))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Migrations)) {
		check(name, r.migrationArgs(name, w.Migrations[name], at).Validate(name))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Functions)) {
		check(name, r.functionArgs(name, w.Functions[name], at).Validate(name))
	}
	return errors.Join(errs...)
}
