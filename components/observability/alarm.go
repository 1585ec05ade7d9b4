package observability

import (
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// alarmPeriod is every alarm's period, in seconds.
const alarmPeriod = 60

// How an alarm treats a period with no data (CloudWatch's treatMissingData).
const (
	// absentMeansZero: the metric is published only when there is something
	// to count (5xx, requests, messages), so silence is the healthy state.
	absentMeansZero = "notBreaching"
	// watchedByHeartbeat: the metric is published every minute while the
	// resource runs; silence means the resource stopped publishing, which
	// its heartbeat alarm reports, so this alarm keeps its state.
	watchedByHeartbeat = "missing"
	// silenceIsOutage: the alarm exists to notice silence.
	silenceIsOutage = "breaching"
)

// rule is how a kind compares and treats missing data.
type rule struct {
	// below fires when the value drops under the threshold.
	below bool
	// missing is the treatMissingData of the kind's alarms.
	missing string
}

// kindRules are every kind's comparison and missing-data rule. ALB and
// CloudFront metrics are reported only while requests flow; SQS stops
// publishing for a queue idle six hours; ECS, RDS, ElastiCache and Amazon MQ
// publish every minute while running.
var kindRules = map[Kind]rule{
	ALB5xx: {missing: absentMeansZero}, Target5xx: {missing: absentMeansZero}, LatencyP95: {missing: absentMeansZero},
	UnhealthyHosts: {missing: absentMeansZero}, HealthyHosts: {below: true, missing: absentMeansZero},
	ServiceCPU: {missing: watchedByHeartbeat}, ServiceMemory: {missing: watchedByHeartbeat},
	// Running tasks fill a silent RunningTaskCount with 0; silence of the
	// whole expression means Container Insights stopped reporting the service.
	RunningTasks: {missing: silenceIsOutage},
	DBCPU:        {missing: watchedByHeartbeat}, DBFreeStorage: {below: true, missing: watchedByHeartbeat},
	DBConnections: {missing: watchedByHeartbeat}, DBReplicaLag: {missing: watchedByHeartbeat},
	// RDS Proxy publishes some metrics only after its first connection.
	ProxyClientConnections: {missing: absentMeansZero}, ProxyAvailability: {below: true, missing: watchedByHeartbeat},
	CacheCPU: {missing: watchedByHeartbeat}, CacheMemory: {missing: watchedByHeartbeat}, CacheEvictions: {missing: watchedByHeartbeat},
	CacheThrottled: {missing: absentMeansZero},
	BrokerMemory:   {missing: watchedByHeartbeat}, BrokerDisk: {below: true, missing: watchedByHeartbeat}, BrokerConnections: {missing: watchedByHeartbeat},
	DLQVisible: {missing: absentMeansZero}, QueueAge: {missing: absentMeansZero}, CDN5xxRate: {missing: absentMeansZero},
	Heartbeat: {below: true, missing: silenceIsOutage},
	// Lambda publishes Errors and Throttles only while it is invoked.
	FunctionErrors: {missing: absentMeansZero}, FunctionThrottles: {missing: absentMeansZero},
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
	// derived is the default threshold of a kind without a platform default
	// (see DefaultThresholds), from the size of what is watched.
	derived float64
	// scale turns the threshold into the metric's unit (GiB to bytes).
	scale float64
	// expression computes the value from queries (metrics) and insights
	// (Metrics Insights SQL, for a value across nodes), by id; or is itself
	// a Metrics Insights query.
	expression string
	queries    map[string]metric
	insights   map[string]string
	// edge alarms live in us-east-1 with CloudFront's metrics.
	edge bool
}

// threshold is the threshold of an alarm: the platform's or derived, then
// config, then the service's override.
func (b *builder) threshold(a alarm) Threshold {
	value, ok := DefaultThresholds[a.kind]
	if !ok {
		value = a.derived
	}
	t := Threshold{Value: value, Periods: b.args.Periods}
	for _, o := range []map[Kind]Threshold{b.args.Thresholds, b.args.ServiceThresholds[a.subject]} {
		if o, ok := o[a.kind]; ok {
			t.Value = o.Value
			if o.Periods != 0 {
				t.Periods = o.Periods
			}
		}
	}
	return t
}

func (b *builder) create(a alarm) error {
	t := b.threshold(a)
	scale := a.scale
	if scale == 0 {
		scale = 1
	}
	r := kindRules[a.kind]
	comparison := "GreaterThanThreshold"
	if r.below {
		comparison = "LessThanThreshold"
	}
	topic, extra := b.topic, []pulumi.ResourceOption{}
	if a.edge && b.args.EdgeProvider != nil {
		topic, extra = b.edge, []pulumi.ResourceOption{pulumi.Provider(b.args.EdgeProvider)}
	}
	args := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(AlarmName(b.names, a.subject, a.kind)),
		AlarmDescription:   pulumi.String(a.description),
		ComparisonOperator: pulumi.String(comparison),
		Threshold:          pulumi.Float64(t.Value * scale),
		EvaluationPeriods:  pulumi.Int(t.Periods),
		TreatMissingData:   pulumi.String(r.missing),
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
		args.MetricQueries = a.metricQueries()
	}
	_, err := cloudwatch.NewMetricAlarm(b.ctx, b.name+"-"+a.subject+"-"+string(a.kind), args, b.opts(extra...)...)
	return err
}

// metricQueries are the expression ("value", the one returned) and its inputs, sorted by id.
func (a alarm) metricQueries() cloudwatch.MetricAlarmMetricQueryArray {
	value := cloudwatch.MetricAlarmMetricQueryArgs{Id: pulumi.String("value"), Expression: pulumi.String(a.expression), ReturnData: pulumi.Bool(true)}
	if strings.HasPrefix(a.expression, "SELECT ") {
		value.Period = pulumi.Int(alarmPeriod) // a Metrics Insights query needs its period
	}
	queries := cloudwatch.MetricAlarmMetricQueryArray{value}
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
	for _, id := range slices.Sorted(maps.Keys(a.insights)) {
		queries = append(queries, cloudwatch.MetricAlarmMetricQueryArgs{
			Id: pulumi.String(id), ReturnData: pulumi.Bool(false),
			Expression: pulumi.String(a.insights[id]), Period: pulumi.Int(alarmPeriod),
		})
	}
	return queries
}
