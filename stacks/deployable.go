package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/compute"
	"platform/components/data"
	"platform/internal/graph"
	"platform/internal/schema"
)

// What the first and every later `pulumi up` needs to succeed on real AWS
// (issue 14), derived from the workloads so that no stack file has to say it.

// CDNHosts are the hosts behind CloudFront, sorted.
func (c *Config) CDNHosts() []string {
	var hosts []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; s.CDN {
			hosts = append(hosts, c.Host(s))
		}
	}
	return hosts
}

// largeBodyPaths are platform:access.largeBodyPaths plus the paths of every
// service that is never gated and limited to paths: a webhook endpoint,
// whose callers (payment processors) post bodies over 8 KB and cannot log in.
func (c *Config) largeBodyPaths() []string {
	paths := slices.Clone(c.Access.LargeBodyPaths)
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; !*s.Cognito {
			paths = mergeNames(paths, s.Paths)
		}
	}
	return paths
}

// notRolledOut are the workloads the stack holds back, with the reason: their
// repository has no entry in platform:images yet (the first `up` creates the
// repository; the image is pushed after it), or they run after a migration
// that is held back. Nothing of theirs is created, so no task pulls an image
// that does not exist and no service waits on a migration that cannot run.
func (c *Config) notRolledOut() map[string]string {
	held := map[string]string{}
	for name, t := range tasks(c.Workloads) {
		for _, repo := range t.RegistryImages() {
			if _, ok := c.Images[repo]; !ok {
				held[name] = "no image for repository " + repo + "; push one and run `platform set-image`"
				break
			}
		}
	}
	for name, f := range c.Workloads.Functions {
		if _, ok := c.Images[f.Repository]; !ok && f.Repository != "" {
			held[name] = "no image for repository " + f.Repository + "; push one and run `platform set-image`"
		}
	}
	waits := func(name string, after []string) {
		if _, ok := held[name]; ok {
			return
		}
		for _, m := range after {
			if _, ok := held[m]; ok {
				held[name] = "runs after migration " + m + ", which is not rolled out"
				return
			}
		}
	}
	for name, s := range c.Workloads.Services {
		waits(name, s.After)
	}
	for name, w := range c.Workloads.Workers {
		waits(name, w.After)
	}
	return held
}

// notRolledOutLines are one "<workload> (<reason>)" line per workload held
// back, sorted.
func (c *Config) notRolledOutLines() []string {
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(c.held)) {
		lines = append(lines, name+" ("+c.held[name]+")")
	}
	return lines
}

// deployed are the tasks of the workloads the stack rolls out.
func (c *Config) deployed() map[string]schema.Task {
	out := tasks(c.Workloads)
	for name := range c.held {
		delete(out, name)
	}
	return out
}

// delegated reports whether the stack's domain is delegated to its zone.
func (c *Config) delegated() bool { return *c.Access.Delegated }

// awaitDelegation is the first `up` of a stack whose new zone is delegated by
// hand (platform:access.delegated false): the zone alone, and the name
// servers to delegate the domain to. Every other resource validates through
// that delegation or needs something that does, so none is registered yet.
func (cfg *Config) awaitDelegation(ctx *pulumi.Context, boundary pulumi.StringInput, opts ...pulumi.ResourceOption) (pulumi.Map, error) {
	acc, err := access.NewAccessLayer(ctx, "access", cfg.accessArgs(cfg.accessInputsOf(boundary)), opts...)
	if err != nil {
		return nil, err
	}
	return pulumi.Map{
		"environment": pulumi.String(cfg.Tier),
		"region":      pulumi.String(cfg.Region),
		"domain":      pulumi.String(cfg.Domain),
		"zoneId":      acc.ZoneID,
		"nameServers": acc.NameServers,
		"next": pulumi.String("delegate " + cfg.Domain + " to nameServers (NS records at its registrar or parent zone), check with `dig +short NS " +
			cfg.Domain + "`, then `pulumi config set --path " + cfg.key("access") + ".delegated true` and `pulumi up`"),
	}, nil
}

// rotationReaders are the deployed services and workers that read the
// database's managed password, sorted: what a rotation restarts.
func (c *Config) rotationReaders() []string {
	if c.Data.Database == nil {
		return nil
	}
	readsDatabase := func(t schema.Task) bool {
		return slices.ContainsFunc(slices.Collect(maps.Values(t.Secrets)), func(ref schema.SecretRef) bool { return ref.Part == schema.DatabasePart })
	}
	var readers []string
	deployed := c.deployed()
	for _, name := range slices.Concat(slices.Collect(maps.Keys(c.Workloads.Services)), slices.Collect(maps.Keys(c.Workloads.Workers))) {
		if t, ok := deployed[name]; ok && readsDatabase(t) {
			readers = append(readers, name)
		}
	}
	slices.Sort(readers)
	return readers
}

// deployFacts are what the stack states about itself for the preflight rules.
func (c *Config) deployFacts() graph.DeployFacts {
	f := graph.DeployFacts{ImagesRecordedAfterPush: true, ReadCurrentPassword: c.rotationReaders()}
	// Migrations and schedules start a new task, reading the secret anew, every run.
	deployed := c.deployed()
	for _, name := range slices.Concat(slices.Collect(maps.Keys(c.Workloads.Migrations)), slices.Collect(maps.Keys(c.Workloads.Schedules))) {
		if _, ok := deployed[name]; ok {
			f.ReadCurrentPassword = append(f.ReadCurrentPassword, name)
		}
	}
	slices.Sort(f.ReadCurrentPassword)
	if c.statedDelegated {
		f.DelegatedZones = []string{c.Domain}
	}
	return f
}

// restartOnRotation rolls the services and workers that read the database's
// RDS-managed password whenever RDS rotates it (every 7 days): ECS injects a
// secret once, at task start, so without a restart they would keep the old
// password and fail to connect. Schedules and migrations start a fresh task
// each run and read the current one. The ECS service is named like its workload.
func (c *Config) restartOnRotation(ctx *pulumi.Context, state *data.DataLayer, cluster *compute.Cluster, opts ...pulumi.ResourceOption) error {
	if state.Database == nil {
		return nil
	}
	readers := c.rotationReaders()
	if len(readers) == 0 {
		return nil
	}
	_, err := compute.NewRestartOnRotation(ctx, "database-rotation", &compute.RestartOnRotationArgs{
		SecretArn: state.Database.SecretArn, ClusterName: cluster.Name, Services: readers,
	}, opts...)
	return err
}
