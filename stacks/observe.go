package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/data"
	"platform/components/observability"
	"platform/internal/schema"
	"platform/internal/validate"
)

// observe watches everything the stack runs: alarms for every service,
// worker, data part, queue and distribution, a dashboard, and backups.
func (c *Config) observe(ctx *pulumi.Context, state *data.DataLayer, cluster *compute.Cluster, deployed deployedWorkloads,
	edge pulumi.ProviderResource, tags *aws.ProviderDefaultTagsArgs, opts ...pulumi.ResourceOption) (*observability.Observability, error) {
	t := observability.Targets{ClusterName: cluster.Name, ALBArnSuffix: cluster.ALBArnSuffix, Distributions: map[string]pulumi.StringInput{}}
	services := deployed.services
	for _, lb := range cluster.LoadBalancers[min(1, len(cluster.LoadBalancers)):] {
		t.MoreALBArnSuffixes = append(t.MoreALBArnSuffixes, lb.ArnSuffix)
	}
	for _, name := range slices.Sorted(maps.Keys(services)) {
		s := services[name]
		if c.usesAPIGateway() {
			// No target group: the tasks' alarms only.
			t.Services = append(t.Services, observability.Service{Name: name})
			continue
		}
		t.Services = append(t.Services, observability.Service{Name: name, TargetGroupArnSuffix: s.TargetGroupArnSuffix, ALBArnSuffix: s.LoadBalancerArnSuffix})
		if _, canary := c.Canary[name]; canary {
			// The canary's own alarms: its deployment rolls back on them.
			t.Services = append(t.Services, observability.Service{Name: name + compute.CanarySuffix, ECSName: s.CanaryServiceName,
				TargetGroupArnSuffix: s.CanaryTargetGroupArnSuffix, ALBArnSuffix: s.LoadBalancerArnSuffix})
		}
		if c.Workloads.Services[name].CDN {
			t.Distributions[name] = s.DistributionID
		}
	}
	t.Workers = slices.Sorted(maps.Keys(c.Workloads.Workers))
	t.Functions = deployed.functions
	t.HTTPAPIs = deployed.apis
	if c.Paused {
		// Nothing runs or serves: nothing to alarm on but the data that stays.
		t.ALBArnSuffix, t.Workers = nil, nil
	}
	if c.usesAPIGateway() {
		t.ALBArnSuffix = nil
	}
	if db := state.Database; db != nil {
		t.Database = &observability.Database{Identifier: db.Identifier, Engine: string(db.Engine), InstanceClass: db.InstanceClass, MaxACU: db.MaxACU,
			Cluster: db.Engine.IsAurora(), Instances: db.Instances, StorageGB: db.StorageGB, MaxStorageGB: db.MaxStorageGB,
			ProxyName: db.ProxyName, ProxyPoolPercent: data.ProxyPoolPercent}
		t.BackupARNs = append(t.BackupARNs, db.ARN)
	}
	if cache := state.Cache; cache != nil {
		t.Cache = &observability.Cache{ID: cache.ID, Serverless: cache.Serverless, Members: cache.Members}
	}
	if broker := state.Broker; broker != nil {
		t.Broker = &observability.Broker{Name: broker.Name, InstanceType: broker.InstanceType}
	}
	for _, q := range c.Data.Queues {
		queue := state.Queues[q.Name]
		t.Queues = append(t.Queues, observability.Queue{Name: queue.PhysicalName, DeadLetterName: queue.DeadLetterName})
	}
	for _, b := range c.Data.Buckets {
		t.BackupARNs = append(t.BackupARNs, state.Buckets[b.Name].ARN)
	}
	o := c.observabilityConfig()
	args := &observability.ObservabilityArgs{
		Emails: o.Emails, Webhooks: o.Webhooks, RequireSubscriber: c.Tier != Dev,
		Thresholds: o.Thresholds, ServiceThresholds: o.Services, Periods: defaultsByTier[c.Tier].AlarmPeriods,
		Targets: t, EdgeProvider: edge,
		Backups: *o.Backups, BackupRetentionDays: o.BackupRetentionDays,
		Protect: defaultsByTier[c.Tier].Protect,
		Budget:  o.Budget,
		Grafana: o.Grafana,
	}
	if region := c.Observability.BackupCopyRegion; region != "" {
		copyProvider, err := aws.NewProvider(ctx, "aws-"+region, &aws.ProviderArgs{Region: pulumi.String(region), DefaultTags: tags, AllowedAccountIds: c.allowedAccounts()})
		if err != nil {
			return nil, err
		}
		args.CopyProvider = copyProvider
	}
	watch, err := observability.NewObservability(ctx, "observability", args, opts...)
	return watch, validate.Nest(c.key("observability"), err)
}

// grafanaArgs is observability.grafana in the component's terms; nil unless
// enabled. Authentication defaults to IAM Identity Center.
func grafanaArgs(g *schema.Grafana) *observability.GrafanaArgs {
	if g == nil || !g.Enabled {
		return nil
	}
	args := &observability.GrafanaArgs{Authentication: g.Authentication, Admins: g.Admins,
		SAMLMetadataURL: g.SamlMetadataURL, SAMLAdminRoleValues: g.SamlAdminRoleValues}
	if args.Authentication == "" {
		args.Authentication = observability.GrafanaSSO
	}
	return args
}

// addGrafanaOutputs exports the workspace and the JSON models the README's
// `platform grafana` step posts to it; nothing without Grafana.
func addGrafanaOutputs(outputs pulumi.Map, c *Config, watch *observability.Observability) {
	if grafanaArgs(c.Observability.Grafana) == nil {
		return
	}
	outputs["grafanaEndpoint"] = watch.GrafanaEndpoint
	outputs["grafanaWorkspaceId"] = watch.GrafanaWorkspaceID
	outputs["grafanaDataSource"] = watch.GrafanaDataSource
	outputs["grafanaDashboard"] = watch.GrafanaDashboard
}
