package stacks

import (
	"cmp"
	"maps"
	"slices"

	"platform/components/access"
	"platform/components/compute"
	"platform/components/data"
	"platform/components/network"
	"platform/internal/awsfacts"
	"platform/internal/schema"
)

// Resolve applies every default exactly once: the platform's, then the
// tier's, then the workload's own, then the stack's sizes, then the stack
// kind's (a preview runs one task, a paused stack none). The stack's name is
// the default GitHub deploy environment. A value the user
// wrote, 0 and false included, is kept as written; what is out of range is
// refused afterwards, never replaced. The result has every optional field set;
// resolving never writes into s, and nothing writes into the result after.
func Resolve(s schema.Stack, tier Tier, stack string) schema.Stack {
	d := defaultsByTier[tier]
	r := clone(s)
	r.Owner = cmp.Or(r.Owner, DefaultOwner)
	if r.Gate == nil {
		r.Gate = ref(d.Gate)
	}
	r.Pauses = or(r.Pauses, 0)
	resolveNetwork(&r.Network, d, r.Paused)
	resolveAccess(&r.Access, stack)
	resolveData(&r.Data, d)
	resolveObservability(&r.Observability, d)
	resolveWorkloads(&r, d)
	resolveWAF(&r, d)
	resolvePreviewChoices(&r)
	r.Canary = resolveCanary(r.Canary)
	resolveIngress(&r, d)
	return r
}

// DefaultOwner is the owner tag when the stack names none.
const DefaultOwner = "platform-team"

func resolveNetwork(n *schema.Network, d tierDefaults, paused bool) {
	n.CIDR = cmp.Or(n.CIDR, network.DefaultCIDR)
	n.AZCount = or(n.AZCount, d.AZCount)
	n.NAT = cmp.Or(n.NAT, string(d.NAT))
	if paused {
		// No NAT while paused: nothing runs that needs the internet.
		n.NAT, n.NATGateways = string(network.NATNone), ""
	}
	if n.NAT == string(network.NATGateway) {
		n.NATGateways = cmp.Or(n.NATGateways, string(d.NATGateways))
	}
	n.InterfaceEndpoints = or(n.InterfaceEndpoints, d.InterfaceEndpoints)
	n.FlowLogRetentionDays = or(n.FlowLogRetentionDays, d.LogRetentionDays)
	// The tier's log class: dev reads its flows as rarely as its task logs.
	n.FlowLogClass = cmp.Or(n.FlowLogClass, d.LogClass)
}

func resolveAccess(a *schema.Access, stack string) {
	a.GitHub.DeployEnvironment = cmp.Or(a.GitHub.DeployEnvironment, stack)
	a.Zone = cmp.Or(a.Zone, string(access.DefaultZone))
	a.MFA = cmp.Or(a.MFA, string(access.DefaultMFA))
	a.WAFRateLimit = or(a.WAFRateLimit, access.DefaultWAFRateLimit)
	a.Delegated = or(a.Delegated, true)
	a.GitHub.OIDCProvider = cmp.Or(a.GitHub.OIDCProvider, string(access.DefaultOIDCProvider))
	a.GitHub.PreviewEnvironment = cmp.Or(a.GitHub.PreviewEnvironment, access.DefaultPreviewEnvironment)
}

// resolveWAF keeps the web ACL unless the tier lets the gate stand in for
// it and every host is behind the gate.
func resolveWAF(r *schema.Stack, d tierDefaults) {
	if r.Access.WAF != nil {
		return
	}
	gated := *r.Gate
	for _, s := range r.Workloads.Services {
		gated = gated && *s.Cognito
	}
	r.Access.WAF = ref(d.WAFBehindGate || !gated)
}

func resolveData(v *schema.Data, d tierDefaults) {
	if db := v.Database; db != nil {
		db.Engine = cmp.Or(db.Engine, string(data.DefaultEngine))
		db.Name = cmp.Or(db.Name, data.DefaultDatabaseName)
		db.BackupRetentionDays = or(db.BackupRetentionDays, d.BackupDays)
		if !data.Engine(db.Engine).IsAurora() {
			db.InstanceClass = cmp.Or(db.InstanceClass, d.DBClass)
			db.MultiAZ = or(db.MultiAZ, d.DBMultiAZ)
			db.StorageGB = or(db.StorageGB, data.DefaultStorageGB)
			db.MaxStorageGB = or(db.MaxStorageGB, max(data.DefaultMaxStorageGB, *db.StorageGB))
		} else {
			db.InstanceClass = cmp.Or(db.InstanceClass, data.ServerlessClass)
			db.Instances = or(db.Instances, d.AuroraInstances)
			if db.InstanceClass == data.ServerlessClass {
				db.MinACU = or(db.MinACU, d.MinACU)
				db.MaxACU = or(db.MaxACU, max(data.DefaultMaxACU, *db.MinACU))
			}
		}
	}
	if c := v.Cache; c != nil {
		c.Mode = cmp.Or(c.Mode, string(data.DefaultCacheMode))
		c.Version = cmp.Or(c.Version, data.DefaultValkey)
		if c.Mode == string(data.NodeCache) {
			c.NodeType = cmp.Or(c.NodeType, d.CacheNodeType)
			c.Replicas = or(c.Replicas, d.CacheReplicas)
		}
		c.SnapshotRetentionDays = or(c.SnapshotRetentionDays, d.CacheSnapshotDays)
	}
	if b := v.Broker; b != nil {
		b.InstanceType = cmp.Or(b.InstanceType, d.BrokerInstance)
		b.Mode = cmp.Or(b.Mode, string(d.BrokerMode))
		b.Version = cmp.Or(b.Version, data.DefaultRabbitMQ)
		w := &b.MaintenanceWindow
		w.Day = cmp.Or(w.Day, data.DefaultMaintenanceDay)
		w.Time = cmp.Or(w.Time, data.DefaultMaintenanceTime)
		w.TimeZone = cmp.Or(w.TimeZone, data.DefaultMaintenanceZone)
	}
	for i := range v.Queues {
		q := &v.Queues[i]
		q.VisibilityTimeoutSeconds = or(q.VisibilityTimeoutSeconds, data.DefaultVisibilityTimeoutSeconds)
		q.RetentionSeconds = or(q.RetentionSeconds, data.DefaultRetentionSeconds)
		q.MaxReceiveCount = or(q.MaxReceiveCount, data.DefaultMaxReceiveCount)
	}
	for i := range v.Buckets {
		v.Buckets[i].NoncurrentVersionDays = or(v.Buckets[i].NoncurrentVersionDays, data.DefaultNoncurrentVersionDays)
	}
	v.KeepImages = or(v.KeepImages, data.DefaultKeepImages)
	v.ImmutableTags = or(v.ImmutableTags, d.ImmutableTags)
}

func resolveObservability(o *schema.Observability, d tierDefaults) {
	o.Backups = or(o.Backups, d.VaultBackups)
	o.BackupRetentionDays = or(o.BackupRetentionDays, d.VaultBackupDays)
	o.LogRetentionDays = or(o.LogRetentionDays, d.LogRetentionDays)
	o.LogClass = cmp.Or(o.LogClass, d.LogClass)
	o.Budget = resolveBudget(o.Budget)
}

// resolveWorkloads sizes every workload: the tier, then the workload, then
// the stack's sizes, then the stack kind.
func resolveWorkloads(s *schema.Stack, d tierDefaults) {
	size := func(name string, t *schema.Task, sc *schema.Scaling) {
		z := s.Sizes[name]
		t.CPU = first(z.CPU, t.CPU, compute.DefaultCPU)
		t.Memory = first(z.Memory, t.Memory, compute.DefaultMemory)
		t.ReadonlyRootFilesystem = or(t.ReadonlyRootFilesystem, true)
		if sc == nil {
			// Schedules and migrations run one task on regular Fargate.
			t.Architecture = cmp.Or(t.Architecture, string(compute.ArchitectureFor(0)))
			return
		}
		defer func() {
			// The cheapest architecture that can run the task: Fargate Spot runs no ARM64.
			t.Architecture = cmp.Or(t.Architecture, string(compute.ArchitectureFor(*sc.SpotShare)))
		}()
		sc.Min = first(z.Min, sc.Min, d.MinTasks)
		sc.Max = first(z.Max, sc.Max, max(d.MaxTasks, *sc.Min))
		sc.SpotShare = first(z.SpotShare, sc.SpotShare, d.SpotShare)
		sc.CPUTarget = or(sc.CPUTarget, compute.DefaultCPUTarget)
		sc.MemoryTarget = or(sc.MemoryTarget, compute.DefaultMemoryTarget)
		if s.Preview != nil {
			// A preview runs one task, on Spot: it is for looking, not for load.
			sc.Min, sc.Max, sc.SpotShare = ref(1), ref(1), ref(100)
		}
		if s.Paused {
			// Paused: nothing runs, and nothing can scale back up until resumed.
			sc.Min, sc.Max = ref(0), ref(0)
		}
	}
	w := &s.Workloads
	for name, v := range w.Services {
		size(name, &v.Task, &v.Scaling)
		v.Port = or(v.Port, compute.DefaultPort)
		h := &v.HealthCheck
		h.Path = cmp.Or(h.Path, compute.DefaultHealthPath)
		h.GraceSeconds = or(h.GraceSeconds, compute.DefaultGraceSeconds)
		h.IntervalSeconds = or(h.IntervalSeconds, compute.DefaultIntervalSecs)
		h.HealthyThreshold = or(h.HealthyThreshold, compute.DefaultHealthy)
		h.UnhealthyThreshold = or(h.UnhealthyThreshold, compute.DefaultUnhealthy)
		v.Cognito = or(v.Cognito, true)
		v.Release = resolveRelease(v.Release)
		if s.Paused || !d.CDN {
			// Paused, nothing is served; dev serves from its load balancer:
			// no distribution, nor its web ACL.
			v.CDN = false
		}
		if v.CDN && v.StaticPaths == nil {
			v.StaticPaths = slices.Clone(compute.DefaultStaticPaths)
		}
		w.Services[name] = v
	}
	for name, v := range w.Workers {
		if v.Singleton {
			// Exactly one task on regular Fargate: Spot could interrupt it and leave none.
			v.Scaling = schema.Scaling{Min: ref(1), Max: ref(1), SpotShare: ref(0)}
		}
		size(name, &v.Task, &v.Scaling)
		if v.Singleton {
			v.Scaling.Max, v.Scaling.SpotShare = ref(min(*v.Scaling.Max, 1)), ref(0)
		}
		v.BacklogPerTask = or(v.BacklogPerTask, compute.DefaultBacklogPerTask)
		w.Workers[name] = v
	}
	for name, v := range w.Schedules {
		// Spot where it can run: a task that asks for an architecture Spot
		// does not run stays on demand; an unset one becomes X86_64 below.
		v.Spot = or(v.Spot, d.ScheduleSpot && (v.Architecture == "" || awsfacts.SpotRuns(v.Architecture)))
		if *v.Spot {
			v.Architecture = cmp.Or(v.Architecture, string(compute.ArchitectureFor(100)))
		}
		size(name, &v.Task, nil)
		w.Schedules[name] = v
	}
	for name, v := range w.Migrations {
		size(name, &v.Task, nil)
		v.TimeoutMinutes = or(v.TimeoutMinutes, compute.DefaultMigrationTimeoutMinutes)
		w.Migrations[name] = v
	}
	resolveFunctions(w)
}

// or returns p when the user set it, else a pointer to the default.
func or[T any](p *T, def T) *T {
	if p != nil {
		return p
	}
	return &def
}

// first returns the first value set, else a pointer to the default.
func first[T any](a, b *T, def T) *T {
	if a != nil {
		return a
	}
	return or(b, def)
}

func ref[T any](v T) *T { return &v }

// clone deep-copies a stack's maps, lists and pointed-to parts, so that
// resolving never writes into what was decoded.
func clone(s schema.Stack) schema.Stack {
	r := s
	r.Tags = maps.Clone(s.Tags)
	r.Images = maps.Clone(s.Images)
	r.Sizes = maps.Clone(s.Sizes)
	if s.Preview != nil {
		p := *s.Preview
		r.Preview = &p
	}
	if db := s.Data.Database; db != nil {
		c := *db
		r.Data.Database = &c
	}
	if c := s.Data.Cache; c != nil {
		v := *c
		r.Data.Cache = &v
	}
	if b := s.Data.Broker; b != nil {
		v := *b
		r.Data.Broker = &v
	}
	r.Data.Queues = slices.Clone(s.Data.Queues)
	r.Data.Buckets = slices.Clone(s.Data.Buckets)
	r.Workloads.Services = maps.Clone(s.Workloads.Services)
	r.Workloads.Workers = maps.Clone(s.Workloads.Workers)
	r.Workloads.Schedules = maps.Clone(s.Workloads.Schedules)
	r.Workloads.Migrations = maps.Clone(s.Workloads.Migrations)
	r.Workloads.Functions = maps.Clone(s.Workloads.Functions)
	return r
}
