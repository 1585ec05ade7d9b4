package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/data"
	"platform/components/network"
	"platform/components/observability"
	"platform/internal/schema"
)

// One adapter per component: each turns the resolved config, plus the
// deploy-time values it is given, into the component's Args. Nothing here
// applies a default (Resolve did) or writes into the config.

// networkArgs are the VPC's arguments.
func networkArgs(c *Config) *network.NetworkArgs {
	n := c.Network
	return &network.NetworkArgs{
		CIDR:                 n.CIDR,
		AZCount:              *n.AZCount,
		NAT:                  network.NATMode(n.NAT),
		NATGateways:          network.NATGatewayCount(n.NATGateways),
		InterfaceEndpoints:   n.InterfaceEndpoints,
		FlowLogRetentionDays: *n.FlowLogRetentionDays,
		FlowLogClass:         n.FlowLogClass,
	}
}

// accessInputs are what the access layer takes from the rest of the stack.
type accessInputs struct {
	gatedHosts, cdnHosts, largeBodyPaths []string
	// gateClients are the gated hosts of each load balancer.
	gateClients                              [][]string
	executionSecrets, executionParameterARNs []pulumi.StringInput
	cdn                                      bool
	cdnProvider                              pulumi.ProviderResource
	// boundary is the permissions boundary every role of the stack carries.
	boundary pulumi.StringInput
}

// accessInputsOf derives what the access layer takes from the workloads:
// gated and CDN hosts, the paths that take large bodies, the boundary.
func (c *Config) accessInputsOf(boundary pulumi.StringInput) accessInputs {
	return accessInputs{gatedHosts: c.GatedHosts(), cdn: c.UsesCDN(), cdnHosts: c.CDNHosts(), largeBodyPaths: c.largeBodyPaths(), boundary: boundary}
}

// hostsPreviews: dev hosts the pull-request previews, so its access layer
// makes the role that deploys them.
func (c *Config) hostsPreviews() bool { return c.Tier == Dev }

// promotesFrom is the stack whose image digests a production deploy copies
// into its own repositories; none elsewhere.
func (c *Config) promotesFrom() string {
	if c.Tier == Production {
		return string(Staging)
	}
	return ""
}

// accessArgs are the access layer's arguments.
func (c *Config) accessArgs(in accessInputs) *access.AccessLayerArgs {
	a := c.Access
	return &access.AccessLayerArgs{
		Domain:     c.Domain,
		Zone:       access.ZoneMode(a.Zone),
		ZoneName:   a.ZoneName,
		ParentZone: a.ParentZone,
		Delegated:  a.Delegated,
		GitHub: access.GitHubArgs{
			Repository:               a.GitHub.Repository,
			OIDCProvider:             access.OIDCMode(a.GitHub.OIDCProvider),
			DeployEnvironment:        a.GitHub.DeployEnvironment,
			PreviewEnvironment:       a.GitHub.PreviewEnvironment,
			PreviewStacksEnvironment: a.GitHub.PreviewStacksEnvironment,
			Applications:             a.GitHub.Applications,
			PushEnvironment:          a.GitHub.PushEnvironment,
			State:                    access.StateBackend{Bucket: a.GitHub.State.Bucket, Key: a.GitHub.State.Key},
			PromotesFrom:             c.promotesFrom(),
			PromotesFromAccount:      c.promotionSource.account(),
			PromotesFromRegion:       c.promotionSource.Region,
			DeploysPreviews:          c.hostsPreviews(),
		},
		BoundaryArn:            in.boundary,
		MFA:                    access.MFAMode(a.MFA),
		MailDomain:             a.MailDomain,
		NoWAF:                  !*a.WAF,
		WAFRateLimit:           *a.WAFRateLimit,
		LargeBodyPaths:         in.largeBodyPaths,
		GatedHosts:             in.gatedHosts,
		GateClients:            in.gateClients,
		CDNHosts:               in.cdnHosts,
		ExecutionSecretARNs:    in.executionSecrets,
		ExecutionParameterARNs: in.executionParameterARNs,
		CDN:                    in.cdn,
		CDNProvider:            in.cdnProvider,
		Protect:                defaultsByTier[c.Tier].Protect,
		Paused:                 c.Paused,
		NoLoadBalancer:         c.usesAPIGateway(),
		APIClient:              c.apiClient(),
	}
}

// dataArgs are the data layer's arguments, placed in the VPC's isolated subnets.
func dataArgs(c *Config, vpcID pulumi.StringInput, isolated pulumi.StringArrayInput) *data.DataLayerArgs {
	v := c.Data
	args := &data.DataLayerArgs{
		Repositories:      mergeNames(v.Repositories, c.repositories()),
		KeepImages:        *v.KeepImages,
		ImmutableTags:     v.ImmutableTags,
		PullAccounts:      v.PullAccounts,
		Secrets:           c.secretArgs(),
		VpcID:             vpcID,
		IsolatedSubnetIDs: isolated,
		Protect:           defaultsByTier[c.Tier].Protect,
	}
	if db := v.Database; db != nil {
		args.Database = &data.DatabaseArgs{
			Engine: data.Engine(db.Engine), Version: db.Version, InstanceClass: db.InstanceClass,
			StorageGB: deref(db.StorageGB), MaxStorageGB: deref(db.MaxStorageGB),
			MinACU: db.MinACU, MaxACU: db.MaxACU, MultiAZ: db.MultiAZ, Instances: deref(db.Instances),
			BackupRetentionDays: *db.BackupRetentionDays, Proxy: db.Proxy, Name: db.Name, Pauses: *c.Pauses,
		}
	}
	if cache := v.Cache; cache != nil {
		args.Cache = &data.CacheArgs{
			Mode: data.CacheMode(cache.Mode), Version: cache.Version, NodeType: cache.NodeType,
			Replicas: cache.Replicas, SnapshotRetentionDays: cache.SnapshotRetentionDays,
		}
	}
	if b := v.Broker; b != nil {
		w := b.MaintenanceWindow
		args.Broker = &data.BrokerArgs{
			InstanceType: b.InstanceType, Mode: data.BrokerMode(b.Mode), Version: b.Version,
			MaintenanceWindow: data.MaintenanceWindow{Day: w.Day, Time: w.Time, TimeZone: w.TimeZone},
		}
	}
	for _, q := range v.Queues {
		args.Queues = append(args.Queues, data.QueueArgs{
			Name: q.Name, VisibilityTimeoutSeconds: *q.VisibilityTimeoutSeconds,
			RetentionSeconds: *q.RetentionSeconds, MaxReceiveCount: *q.MaxReceiveCount,
		})
	}
	for _, b := range v.Buckets {
		args.Buckets = append(args.Buckets, data.BucketArgs{Name: b.Name, NoncurrentVersionDays: *b.NoncurrentVersionDays})
	}
	if c.Paused {
		pauseData(args)
	}
	return args
}

// observabilityConfig is the stack's alerting and backup settings in the
// observability component's terms.
func (c *Config) observabilityConfig() observability.Config {
	o := c.Observability
	out := observability.Config{
		Emails: o.Emails, Webhooks: o.Webhooks,
		Backups: o.Backups, BackupRetentionDays: *o.BackupRetentionDays,
		BackupCopyRegion: o.BackupCopyRegion, LogRetentionDays: *o.LogRetentionDays, LogClass: o.LogClass,
		Budget:  c.budgetArgs(),
		Grafana: grafanaArgs(o.Grafana),
	}
	if o.Thresholds != nil {
		out.Thresholds = map[observability.Kind]observability.Threshold{}
		for _, k := range slices.Sorted(maps.Keys(o.Thresholds)) {
			out.Thresholds[observability.Kind(k)] = threshold(o.Thresholds[k])
		}
	}
	if o.Services != nil {
		out.Services = map[string]map[observability.Kind]observability.Threshold{}
		for name, kinds := range o.Services {
			out.Services[name] = map[observability.Kind]observability.Threshold{}
			for k, t := range kinds {
				out.Services[name][observability.Kind(k)] = threshold(t)
			}
		}
	}
	return out
}

// threshold is an override as the component takes it: periods 0 keeps the tier's.
func threshold(t schema.Threshold) observability.Threshold {
	return observability.Threshold{Value: deref(t.Value), Periods: deref(t.Periods)}
}

// deref reads an optional value that Resolve may leave unset where it does
// not apply (RDS storage for Aurora, say): unset reads as the zero value.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
