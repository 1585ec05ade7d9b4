package observability

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// alarmPeriod is every alarm's period, in seconds.
const alarmPeriod = 60

// gib is bytes per GiB: FreeStorageSpace is in bytes.
const gib = 1 << 30

// backupRoles are the AWS managed policies AWS Backup needs for RDS and S3.
var backupRoles = []string{
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
	"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
}

// ObservabilityArgs configure an Observability.
type ObservabilityArgs struct {
	// Emails and Webhooks subscribe to the alerts topic.
	Emails, Webhooks []string
	// Thresholds are the resolved threshold of every kind (tier, then config).
	Thresholds map[Kind]Threshold
	// ServiceThresholds override kinds for one service or worker.
	ServiceThresholds map[string]map[Kind]Threshold
	// Targets are what is watched.
	Targets Targets
	// EdgeProvider is an us-east-1 provider, where CloudFront's metrics and
	// so its alarms and their topic must live; nil when the stack is there.
	EdgeProvider pulumi.ProviderResource
	// Backups turns AWS Backup on; BackupRetentionDays keeps recovery points.
	Backups             bool
	BackupRetentionDays int
	// CopyProvider, when set, is the provider of the region backups are copied to.
	CopyProvider pulumi.ProviderResource
	// Protect keeps the backup vault from deletion.
	Protect bool
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
	if b.topic, err = b.alertsTopic("alerts"); err != nil {
		return nil, err
	}
	b.edge = b.topic
	if len(args.Targets.Distributions) > 0 && args.EdgeProvider != nil {
		if b.edge, err = b.alertsTopic("alerts-us-east-1", pulumi.Provider(args.EdgeProvider)); err != nil {
			return nil, err
		}
	}
	for _, step := range []func() error{b.alarms, b.dashboard, b.backups} {
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

// alertsTopic is an SNS topic encrypted with a key CloudWatch may use (the
// AWS managed SNS key does not let alarms publish), with its subscriptions.
func (b *builder) alertsTopic(role string, extra ...pulumi.ResourceOption) (*sns.Topic, error) {
	key, err := kms.NewKey(b.ctx, b.name+"-"+role+"-key", &kms.KeyArgs{
		Description:       pulumi.String("Encrypts the alerts topic; CloudWatch alarms may use it"),
		EnableKeyRotation: pulumi.Bool(true),
		Policy: iamdoc.Document(
			iamdoc.Statement{Sid: "AccountAdministers", Actions: []string{"kms:*"}, Resources: iamdoc.Any,
				Principal: map[string]pulumi.StringInput{"AWS": pulumi.String("arn:aws:iam::" + b.account + ":root")}},
			iamdoc.Statement{Sid: "CloudWatchPublishes", Actions: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resources: iamdoc.Any,
				Principal: map[string]pulumi.StringInput{"Service": pulumi.String("cloudwatch.amazonaws.com")}},
		),
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(b.ctx, b.name+"-"+role, &sns.TopicArgs{
		Name:           pulumi.String(b.names.Name(naming.Label, role)),
		KmsMasterKeyId: key.Arn,
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(b.ctx, b.name+"-"+role+"-policy", &sns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: iamdoc.Document(iamdoc.Statement{
			Sid: "CloudWatchAlarmsPublish", Actions: []string{"sns:Publish"}, Resources: []pulumi.StringInput{topic.Arn},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("cloudwatch.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {b.account}}},
		}),
	}, b.opts(extra...)...); err != nil {
		return nil, err
	}
	for i, email := range b.args.Emails {
		if _, err := sns.NewTopicSubscription(b.ctx, fmt.Sprintf("%s-%s-email-%d", b.name, role, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, b.opts(extra...)...); err != nil {
			return nil, err
		}
	}
	for i, hook := range b.args.Webhooks {
		if _, err := sns.NewTopicSubscription(b.ctx, fmt.Sprintf("%s-%s-webhook-%d", b.name, role, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("https"), Endpoint: pulumi.String(hook),
		}, b.opts(extra...)...); err != nil {
			return nil, err
		}
	}
	return topic, nil
}

// metric is one CloudWatch metric an alarm watches.
type metric struct {
	namespace, name, stat string
	dims                  pulumi.StringMap
}

// alarm is one alarm: a metric, or metric math when expression is set.
type alarm struct {
	// subject names what is watched ("catalog", "alb"); it and the kind name the alarm.
	subject     string
	kind        Kind
	description string
	metric      metric
	// below fires when the value drops under the threshold (free storage).
	below bool
	// scale turns the threshold into the metric's unit (GiB to bytes).
	scale float64
	// queries and expression compute the value from several metrics.
	queries    map[string]metric
	expression string
	// edge alarms live in us-east-1 with CloudFront's metrics.
	edge bool
}

// threshold is the kind's threshold for subject, service overrides first.
func (b *builder) threshold(subject string, kind Kind) Threshold {
	t := b.args.Thresholds[kind]
	if o, ok := b.args.ServiceThresholds[subject][kind]; ok {
		t.Value = o.Value
		if o.Periods != 0 {
			t.Periods = o.Periods
		}
	}
	return t
}

func (b *builder) create(a alarm) error {
	t := b.threshold(a.subject, a.kind)
	scale := a.scale
	if scale == 0 {
		scale = 1
	}
	comparison := "GreaterThanThreshold"
	if a.below {
		comparison = "LessThanThreshold"
	}
	topic, extra := b.topic, []pulumi.ResourceOption{}
	if a.edge && b.args.EdgeProvider != nil {
		topic, extra = b.edge, []pulumi.ResourceOption{pulumi.Provider(b.args.EdgeProvider)}
	}
	args := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(b.names.Name(naming.Label, a.subject+"-"+string(a.kind))),
		AlarmDescription:   pulumi.String(a.description),
		ComparisonOperator: pulumi.String(comparison),
		Threshold:          pulumi.Float64(t.Value * scale),
		EvaluationPeriods:  pulumi.Int(t.Periods),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       pulumi.Array{topic.Arn},
		OkActions:          pulumi.Array{topic.Arn},
	}
	if a.expression == "" {
		args.Namespace = pulumi.String(a.metric.namespace)
		args.MetricName = pulumi.String(a.metric.name)
		args.Dimensions = a.metric.dims
		args.Period = pulumi.Int(alarmPeriod)
		if a.metric.stat == "p95" {
			args.ExtendedStatistic = pulumi.String("p95")
		} else {
			args.Statistic = pulumi.String(a.metric.stat)
		}
	} else {
		queries := cloudwatch.MetricAlarmMetricQueryArray{cloudwatch.MetricAlarmMetricQueryArgs{
			Id: pulumi.String("value"), Expression: pulumi.String(a.expression), ReturnData: pulumi.Bool(true),
		}}
		for _, id := range slices.Sorted(maps.Keys(a.queries)) {
			m := a.queries[id]
			queries = append(queries, cloudwatch.MetricAlarmMetricQueryArgs{
				Id: pulumi.String(id), ReturnData: pulumi.Bool(false),
				Metric: cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace: pulumi.String(m.namespace), MetricName: pulumi.String(m.name), Stat: pulumi.String(m.stat),
					Dimensions: m.dims, Period: pulumi.Int(alarmPeriod),
				},
			})
		}
		args.MetricQueries = queries
	}
	_, err := cloudwatch.NewMetricAlarm(b.ctx, b.name+"-"+a.subject+"-"+string(a.kind), args, b.opts(extra...)...)
	return err
}

// alarms creates the alarm set every watched thing gets.
func (b *builder) alarms() error {
	t := b.args.Targets
	lb := pulumi.StringMap{"LoadBalancer": t.ALBArnSuffix}
	list := []alarm{
		{subject: "alb", kind: ALB5xx, description: "The load balancer itself answers 5xx", metric: metric{"AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", lb}},
		{subject: "alb", kind: Target5xx, description: "Targets answer 5xx", metric: metric{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", lb}},
		{subject: "alb", kind: LatencyP95, description: "Targets answer slowly (p95)", metric: metric{"AWS/ApplicationELB", "TargetResponseTime", "p95", lb}},
	}
	ecsService := func(name string) pulumi.StringMap {
		return pulumi.StringMap{"ClusterName": t.ClusterName, "ServiceName": pulumi.String(name)}
	}
	tasks := func(name string) []alarm {
		return []alarm{
			{subject: name, kind: ServiceCPU, description: name + ": CPU high", metric: metric{"AWS/ECS", "CPUUtilization", "Average", ecsService(name)}},
			{subject: name, kind: ServiceMemory, description: name + ": memory high", metric: metric{"AWS/ECS", "MemoryUtilization", "Average", ecsService(name)}},
			{subject: name, kind: RunningTasks, description: name + ": fewer tasks running than desired",
				expression: "desired - running", queries: map[string]metric{
					"desired": {"ECS/ContainerInsights", "DesiredTaskCount", "Average", ecsService(name)},
					"running": {"ECS/ContainerInsights", "RunningTaskCount", "Average", ecsService(name)},
				}},
		}
	}
	for _, s := range t.Services {
		list = append(list, tasks(s.Name)...)
		list = append(list,
			alarm{subject: s.Name, kind: UnhealthyHosts, description: s.Name + ": unhealthy targets",
				metric: metric{"AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", pulumi.StringMap{"LoadBalancer": t.ALBArnSuffix, "TargetGroup": s.TargetGroupArnSuffix}}},
			alarm{subject: s.Name, kind: Target5xx, description: s.Name + ": 5xx answers",
				metric: metric{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", pulumi.StringMap{"LoadBalancer": t.ALBArnSuffix, "TargetGroup": s.TargetGroupArnSuffix}}})
	}
	for _, w := range t.Workers {
		list = append(list, tasks(w)...)
	}
	if db := t.Database; db != nil {
		dims := pulumi.StringMap{"DBInstanceIdentifier": pulumi.String(db.Identifier)}
		if db.Cluster {
			dims = pulumi.StringMap{"DBClusterIdentifier": pulumi.String(db.Identifier)}
		}
		list = append(list,
			alarm{subject: "database", kind: DBCPU, description: "Database CPU high", metric: metric{"AWS/RDS", "CPUUtilization", "Average", dims}},
			alarm{subject: "database", kind: DBConnections, description: "Database connections high", metric: metric{"AWS/RDS", "DatabaseConnections", "Maximum", dims}})
		if db.Cluster {
			if db.Replicas {
				list = append(list, alarm{subject: "database", kind: DBReplicaLag, description: "Aurora replica lags", metric: metric{"AWS/RDS", "AuroraReplicaLag", "Maximum", dims}})
			}
		} else {
			list = append(list, alarm{subject: "database", kind: DBFreeStorage, description: "Database storage running out", below: true, scale: gib,
				metric: metric{"AWS/RDS", "FreeStorageSpace", "Minimum", dims}})
		}
	}
	if c := t.Cache; c != nil {
		if c.Serverless {
			dims := pulumi.StringMap{"clusterId": pulumi.String(c.ID)}
			list = append(list,
				alarm{subject: "cache", kind: CacheCPU, description: "Valkey processing units high", metric: metric{"AWS/ElastiCache", "ElastiCacheProcessingUnits", "Average", dims}},
				alarm{subject: "cache", kind: CacheEvictions, description: "Valkey evicts keys", metric: metric{"AWS/ElastiCache", "Evictions", "Sum", dims}})
		} else {
			dims := pulumi.StringMap{"CacheClusterId": pulumi.String(c.ID + "-001")}
			list = append(list,
				alarm{subject: "cache", kind: CacheCPU, description: "Valkey engine CPU high", metric: metric{"AWS/ElastiCache", "EngineCPUUtilization", "Average", dims}},
				alarm{subject: "cache", kind: CacheMemory, description: "Valkey memory nearly full", metric: metric{"AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", dims}},
				alarm{subject: "cache", kind: CacheEvictions, description: "Valkey evicts keys", metric: metric{"AWS/ElastiCache", "Evictions", "Sum", dims}})
		}
	}
	if t.Broker != "" {
		dims := pulumi.StringMap{"Broker": pulumi.String(t.Broker)}
		list = append(list,
			alarm{subject: "broker", kind: BrokerMemory, description: "RabbitMQ near its memory limit", expression: "100 * used / limit", queries: map[string]metric{
				"used": {"AWS/AmazonMQ", "RabbitMQMemUsed", "Maximum", dims}, "limit": {"AWS/AmazonMQ", "RabbitMQMemLimit", "Maximum", dims},
			}},
			alarm{subject: "broker", kind: BrokerConnections, description: "RabbitMQ connections high", metric: metric{"AWS/AmazonMQ", "ConnectionCount", "Maximum", dims}})
	}
	for _, q := range t.Queues {
		list = append(list,
			alarm{subject: "queue-" + q.Name + "-dlq", kind: DLQVisible, description: "Messages failed into the dead-letter queue of " + q.Name,
				metric: metric{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.DeadLetterName)}}},
			alarm{subject: "queue-" + q.Name, kind: QueueAge, description: "Messages of " + q.Name + " wait too long",
				metric: metric{"AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.Name)}}})
	}
	for _, name := range slices.Sorted(maps.Keys(t.Distributions)) {
		list = append(list, alarm{subject: name + "-cdn", kind: CDN5xxRate, description: name + ": CloudFront 5xx rate", edge: true,
			metric: metric{"AWS/CloudFront", "5xxErrorRate", "Average", pulumi.StringMap{"DistributionId": t.Distributions[name], "Region": pulumi.String("Global")}}})
	}
	for _, a := range list {
		if err := b.create(a); err != nil {
			return err
		}
	}
	return nil
}

// widget is one dashboard widget; the dashboard's JSON is marshalled from these.
type widget struct {
	Type       string           `json:"type"`
	X          int              `json:"x"`
	Y          int              `json:"y"`
	Width      int              `json:"width"`
	Height     int              `json:"height"`
	Properties widgetProperties `json:"properties"`
}

type widgetProperties struct {
	Title   string  `json:"title"`
	Region  string  `json:"region"`
	View    string  `json:"view"`
	Stat    string  `json:"stat"`
	Period  int     `json:"period"`
	Metrics [][]any `json:"metrics"`
}

// panel is a widget's title and metrics, dimension values not yet known.
type panel struct {
	title   string
	stat    string
	metrics []metric
}

// dashboard shows the golden signals: the ALB, every service and worker, the
// database, the cache and the queues.
func (b *builder) dashboard() error {
	t := b.args.Targets
	lb := pulumi.StringMap{"LoadBalancer": t.ALBArnSuffix}
	panels := []panel{
		{"Load balancer: requests and errors", "Sum", []metric{
			{"AWS/ApplicationELB", "RequestCount", "Sum", lb}, {"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", lb}, {"AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", lb}}},
		{"Load balancer: latency p95", "p95", []metric{{"AWS/ApplicationELB", "TargetResponseTime", "p95", lb}}},
	}
	var workloads []string
	for _, s := range t.Services {
		workloads = append(workloads, s.Name)
	}
	workloads = append(workloads, t.Workers...)
	for _, name := range workloads {
		dims := pulumi.StringMap{"ClusterName": t.ClusterName, "ServiceName": pulumi.String(name)}
		panels = append(panels, panel{"Service " + name + ": CPU and memory", "Average", []metric{
			{"AWS/ECS", "CPUUtilization", "Average", dims}, {"AWS/ECS", "MemoryUtilization", "Average", dims}}})
	}
	if db := t.Database; db != nil {
		key := "DBInstanceIdentifier"
		if db.Cluster {
			key = "DBClusterIdentifier"
		}
		dims := pulumi.StringMap{key: pulumi.String(db.Identifier)}
		panels = append(panels, panel{"Database: CPU and connections", "Average", []metric{
			{"AWS/RDS", "CPUUtilization", "Average", dims}, {"AWS/RDS", "DatabaseConnections", "Average", dims}}})
	}
	if c := t.Cache; c != nil && !c.Serverless {
		dims := pulumi.StringMap{"CacheClusterId": pulumi.String(c.ID + "-001")}
		panels = append(panels, panel{"Cache: CPU and memory", "Average", []metric{
			{"AWS/ElastiCache", "EngineCPUUtilization", "Average", dims}, {"AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", dims}}})
	}
	var queueMetrics []metric
	for _, q := range t.Queues {
		queueMetrics = append(queueMetrics, metric{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.Name)}})
	}
	if len(queueMetrics) > 0 {
		panels = append(panels, panel{"Queues: messages waiting", "Maximum", queueMetrics})
	}
	// Dimension values may be known only at deploy: resolve them all at once.
	var dims pulumi.StringArray
	for _, p := range panels {
		for _, m := range p.metrics {
			for _, k := range slices.Sorted(maps.Keys(m.dims)) {
				dims = append(dims, m.dims[k])
			}
		}
	}
	body := dims.ToStringArrayOutput().ApplyT(func(values []string) (string, error) {
		var widgets []widget
		i := 0
		for n, p := range panels {
			w := widget{Type: "metric", X: (n % 2) * 12, Y: (n / 2) * 6, Width: 12, Height: 6,
				Properties: widgetProperties{Title: p.title, Region: b.region, View: "timeSeries", Stat: p.stat, Period: alarmPeriod}}
			for _, m := range p.metrics {
				row := []any{m.namespace, m.name}
				for _, k := range slices.Sorted(maps.Keys(m.dims)) {
					row = append(row, k, values[i])
					i++
				}
				w.Properties.Metrics = append(w.Properties.Metrics, row)
			}
			widgets = append(widgets, w)
		}
		out, err := json.Marshal(map[string]any{"widgets": widgets})
		return string(out), err
	}).(pulumi.StringOutput)
	dashboard, err := cloudwatch.NewDashboard(b.ctx, b.name+"-dashboard", &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(b.names.Name(naming.Label, "golden-signals")),
		DashboardBody: body,
	}, b.opts()...)
	if err != nil {
		return err
	}
	b.o.DashboardName = dashboard.DashboardName
	return nil
}

// backups protect the database and buckets with AWS Backup: an encrypted
// vault, a daily plan with the retention asked for, optionally copied to a
// vault in another region.
func (b *builder) backups() error {
	if !b.args.Backups || len(b.args.Targets.BackupARNs) == 0 {
		return nil
	}
	vault, err := b.vault("backup", nil)
	if err != nil {
		return err
	}
	rule := backup.PlanRuleArgs{
		RuleName:        pulumi.String("daily"),
		TargetVaultName: vault.Name,
		Schedule:        pulumi.String("cron(0 3 * * ? *)"),
		Lifecycle:       backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(b.args.BackupRetentionDays)},
	}
	if b.args.CopyProvider != nil {
		copyVault, err := b.vault("backup-copy", pulumi.Provider(b.args.CopyProvider))
		if err != nil {
			return err
		}
		rule.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: copyVault.Arn,
			Lifecycle:           backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(b.args.BackupRetentionDays)},
		}}
	}
	plan, err := backup.NewPlan(b.ctx, b.name+"-backup-plan", &backup.PlanArgs{
		Name:  pulumi.String(b.names.Name(naming.Label, "backup")),
		Rules: backup.PlanRuleArray{rule},
	}, b.opts()...)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-backup-role", &iam.RoleArgs{
		Name:              pulumi.String(b.names.Name(naming.Role, "backup")),
		AssumeRolePolicy:  iamdoc.AssumeRole("backup.amazonaws.com"),
		ManagedPolicyArns: pulumi.ToStringArray(backupRoles),
	}, b.opts()...)
	if err != nil {
		return err
	}
	if _, err := backup.NewSelection(b.ctx, b.name+"-backup-selection", &backup.SelectionArgs{
		Name:       pulumi.String(b.names.Name(naming.Label, "data")),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources:  pulumi.StringArray(b.args.Targets.BackupARNs),
	}, b.opts()...); err != nil {
		return err
	}
	b.o.BackupPlanID = plan.ID().ToStringOutput()
	return nil
}

func (b *builder) vault(role string, provider pulumi.ResourceOption) (*backup.Vault, error) {
	var extra []pulumi.ResourceOption
	if provider != nil {
		extra = append(extra, provider)
	}
	key, err := kms.NewKey(b.ctx, b.name+"-"+role+"-key", &kms.KeyArgs{
		Description:       pulumi.String("Encrypts the backup vault"),
		EnableKeyRotation: pulumi.Bool(true),
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	return backup.NewVault(b.ctx, b.name+"-"+role+"-vault", &backup.VaultArgs{
		Name:         pulumi.String(b.names.Name(naming.Label, role)),
		KmsKeyArn:    key.Arn,
		ForceDestroy: pulumi.Bool(!b.args.Protect),
	}, b.opts(append(extra, pulumi.Protect(b.args.Protect))...)...)
}
