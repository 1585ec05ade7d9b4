// Package observability provides platform:observability:Observability: the
// alerts topic, CloudWatch alarms on every load balancer, service, database,
// proxy, cache, broker, queue and distribution, a dashboard of the golden
// signals, and AWS Backup of the data.
//
// Each concern has its file, with its Args, defaults and validation next to
// the builder that uses them: topic.go, thresholds.go, alarm.go (one alarm),
// alarms_web.go and alarms_data.go (the alarms per resource family),
// dashboard.go, backups.go.
package observability

import (
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// ObservabilityArgs configure an Observability.
type ObservabilityArgs struct {
	// Emails and Webhooks (HTTPS) subscribe to the alerts topic. Default: none.
	Emails, Webhooks []string
	// RequireSubscriber refuses a topic nobody reads: an alarm that notifies
	// no one is no alarm. Without it a topic with no subscriber is only
	// warned about. Default: false (the stack sets it outside dev).
	RequireSubscriber bool
	// Thresholds override the platform's threshold of a kind (see
	// DefaultThresholds and the derived kinds in thresholds.go). Default: none.
	Thresholds map[Kind]Threshold
	// ServiceThresholds override kinds for one service or worker, by name.
	ServiceThresholds map[string]map[Kind]Threshold
	// Periods is how many one-minute periods an alarm waits unless a
	// threshold says otherwise, 1 to 60. Required.
	Periods int
	// Targets are what is watched.
	Targets Targets
	// EdgeProvider is an us-east-1 provider, where CloudFront's metrics and
	// so its alarms and their topic must live; nil when the stack is there.
	EdgeProvider pulumi.ProviderResource
	// Backups turns AWS Backup on; BackupRetentionDays keeps recovery points,
	// 1 to 36500. Default: off.
	Backups             bool
	BackupRetentionDays int
	// CopyProvider, when set, is the provider of the region backups are copied to.
	CopyProvider pulumi.ProviderResource
	// Protect keeps the backup vault from deletion. Default: false.
	Protect bool
	// Budget is the stack's monthly AWS Budget, notifying the alerts topic
	// (budget.go). Default: nil, no budget.
	Budget *BudgetArgs
	// Grafana, when set, adds an Amazon Managed Grafana workspace (grafana.go).
	// Default: none.
	Grafana *GrafanaArgs
}

// validate checks the args before anything registers; paths are those of
// platform:observability.
func (a *ObservabilityArgs) validate() error {
	return errors.Join(
		a.validateSubscribers(),
		a.validateThresholds(),
		a.validateBackups(),
		a.Budget.validate(),
		validateGrafana(a.Grafana),
	)
}

// Observability is the alerting, dashboard and backups of one environment.
type Observability struct {
	pulumi.ResourceState

	// TopicArn is the alerts topic every alarm notifies.
	TopicArn pulumi.StringOutput
	// DashboardName is the CloudWatch dashboard's name.
	DashboardName pulumi.StringOutput
	// BackupPlanID is the backup plan; nil without backups.
	BackupPlanID pulumi.StringOutput
	// GrafanaEndpoint, GrafanaWorkspaceID, GrafanaDataSource and
	// GrafanaDashboard (the JSON models to post) are set with Grafana only.
	GrafanaEndpoint, GrafanaWorkspaceID, GrafanaDataSource, GrafanaDashboard pulumi.StringOutput
}

type builder struct {
	ctx     *pulumi.Context
	name    string
	args    ObservabilityArgs
	o       *Observability
	names   naming.Namer
	region  string
	account string
	topic   *sns.Topic
	edge    *sns.Topic
}

// NewObservability creates the topic, the alarms, the dashboard and the backups.
func NewObservability(ctx *pulumi.Context, name string, args *ObservabilityArgs, opts ...pulumi.ResourceOption) (*Observability, error) {
	if err := args.validate(); err != nil {
		return nil, err
	}
	o := &Observability{}
	if err := ctx.RegisterComponentResource("platform:observability:Observability", name, o, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: *args, o: o, names: naming.FromContext(ctx)}
	region, err := aws.GetRegion(ctx, nil, pulumi.Parent(o))
	if err != nil {
		return nil, err
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(o))
	if err != nil {
		return nil, err
	}
	b.region, b.account = region.Name, identity.AccountId
	if err := b.topics(); err != nil {
		return nil, err
	}
	for _, step := range []func() error{b.alarms, b.dashboard, b.backups, b.budget, b.grafana} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	o.TopicArn = b.topic.Arn
	return o, ctx.RegisterResourceOutputs(o, pulumi.Map{"topicArn": o.TopicArn, "dashboardName": o.DashboardName})
}

func (b *builder) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(b.o)}, extra...)
}
