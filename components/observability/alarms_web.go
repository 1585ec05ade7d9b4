package observability

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Targets are what the alarms and the dashboard watch; the stack fills them
// from the other components as plain values. A part that is absent is nil.
type Targets struct {
	ClusterName pulumi.StringInput
	// ALBArnSuffix is nil while the stack serves nothing (paused): no load
	// balancer alarms, and no dashboard, which would show nothing.
	ALBArnSuffix pulumi.StringInput
	// MoreALBArnSuffixes are the second and further load balancers of a
	// sharded cluster; each gets the load balancer's alarms. Default: none.
	MoreALBArnSuffixes []pulumi.StringInput
	// Services are web services and Workers queue consumers, by name.
	Services []Service
	Workers  []string
	Database *Database
	Cache    *Cache
	Broker   *Broker
	Queues   []Queue
	// Functions are the Lambda functions by name, with their physical names.
	Functions map[string]pulumi.StringInput
	// Distributions are CloudFront distribution ids by service name.
	Distributions map[string]pulumi.StringInput
	// HTTPAPIs are the API Gateway HTTP APIs (ingress api-gateway) by
	// subject, their API ids; each gets a 5xx and a p95 latency alarm.
	// Default: none.
	HTTPAPIs map[string]pulumi.StringInput
	// BackupARNs are the database and buckets AWS Backup protects.
	BackupARNs []pulumi.StringInput
}

// Service is a web service's name and target group.
type Service struct {
	Name string
	// ECSName is the ECS service's name in its metrics' dimensions, when it
	// is not Name (a canary's carries its image's hash). Default: Name.
	ECSName pulumi.StringInput
	// TargetGroupArnSuffix is nil for a service without a load balancer:
	// it gets its tasks' alarms only.
	TargetGroupArnSuffix pulumi.StringInput
	// ALBArnSuffix is the load balancer its target group is on: target-group
	// metrics carry both dimensions. Default: Targets.ALBArnSuffix.
	ALBArnSuffix pulumi.StringInput
}

// ecsName is the service's name in ECS metrics: ECSName, or Name.
func (s Service) ecsName() pulumi.StringInput {
	if s.ECSName == nil {
		return pulumi.String(s.Name)
	}
	return s.ECSName
}

// alarms creates the alarm set every watched thing gets.
func (b *builder) alarms() error {
	limits, err := b.args.Targets.limits()
	if err != nil {
		return err
	}
	derived := map[Kind]float64{}
	for _, l := range limits {
		derived[l.kind] = b.args.Targets.derived(l)
	}
	list := slices.Concat(b.webAlarms(), b.databaseAlarms(derived), b.cacheAlarms(), b.brokerAlarms(derived), b.queueAlarms(), b.functionAlarms())
	for _, a := range list {
		if err := b.create(a); err != nil {
			return err
		}
	}
	return nil
}

// webAlarms watch the load balancer, every service and worker, and every distribution.
func (b *builder) webAlarms() []alarm {
	t := b.args.Targets
	var list []alarm
	var balancers []pulumi.StringInput
	if t.ALBArnSuffix != nil {
		// A paused stack, or one served by API Gateway, has no load balancer.
		balancers = append([]pulumi.StringInput{t.ALBArnSuffix}, t.MoreALBArnSuffixes...)
	}
	for i, suffix := range balancers {
		lb, subject := pulumi.StringMap{"LoadBalancer": suffix}, "alb"
		if i > 0 {
			subject = fmt.Sprintf("alb-%d", i)
		}
		list = append(list,
			alarm{subject: subject, kind: ALB5xx, description: "The load balancer itself answers 5xx", metric: metric{"AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", lb}},
			alarm{subject: subject, kind: Target5xx, description: "Targets answer 5xx", metric: metric{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", lb}},
			alarm{subject: subject, kind: LatencyP95, description: "Targets answer slowly (p95)", metric: metric{"AWS/ApplicationELB", "TargetResponseTime", "p95", lb}})
	}
	for _, s := range t.Services {
		balancer := s.ALBArnSuffix
		if balancer == nil {
			balancer = t.ALBArnSuffix
		}
		list = append(list, b.taskAlarms(s.Name, s.ecsName())...)
		if s.TargetGroupArnSuffix == nil {
			continue
		}
		group := pulumi.StringMap{"LoadBalancer": balancer, "TargetGroup": s.TargetGroupArnSuffix}
		list = append(list,
			alarm{subject: s.Name, kind: UnhealthyHosts, description: s.Name + ": unhealthy targets",
				metric: metric{"AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", group}},
			alarm{subject: s.Name, kind: HealthyHosts, description: s.Name + ": no healthy target while requests arrive",
				metric: metric{"AWS/ApplicationELB", "HealthyHostCount", "Minimum", group}},
			alarm{subject: s.Name, kind: Target5xx, description: s.Name + ": 5xx answers",
				metric: metric{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", group}},
			// A deployment of the service rolls back on its 5xx and latency alarms.
			alarm{subject: s.Name, kind: LatencyP95, description: s.Name + ": slow answers (p95)",
				metric: metric{"AWS/ApplicationELB", "TargetResponseTime", "p95", group}})
	}
	for _, w := range t.Workers {
		list = append(list, b.taskAlarms(w, pulumi.String(w))...)
	}
	for _, name := range slices.Sorted(maps.Keys(t.HTTPAPIs)) {
		api := pulumi.StringMap{"ApiId": t.HTTPAPIs[name]}
		list = append(list,
			alarm{subject: name, kind: Target5xx, description: name + ": the HTTP API answers 5xx", metric: metric{"AWS/ApiGateway", "5xx", "Sum", api}},
			// The HTTP API reports latency in milliseconds; the kind's threshold is seconds.
			alarm{subject: name, kind: LatencyP95, description: name + ": the HTTP API answers slowly (p95)", scale: 1000, metric: metric{"AWS/ApiGateway", "Latency", "p95", api}})
	}
	for _, name := range slices.Sorted(maps.Keys(t.Distributions)) {
		list = append(list, alarm{subject: name + "-cdn", kind: CDN5xxRate, description: name + ": CloudFront 5xx rate", edge: true,
			metric: metric{"AWS/CloudFront", "5xxErrorRate", "Average", pulumi.StringMap{"DistributionId": t.Distributions[name], "Region": pulumi.String("Global")}}})
	}
	return list
}

// taskAlarms watch one ECS service's tasks. RunningTaskCount publishes
// nothing while no task runs, exactly when the alarm must fire: FILL makes
// that silence 0.
func (b *builder) taskAlarms(name string, ecsName pulumi.StringInput) []alarm {
	dims := pulumi.StringMap{"ClusterName": b.args.Targets.ClusterName, "ServiceName": ecsName}
	return []alarm{
		{subject: name, kind: ServiceCPU, description: name + ": CPU high", metric: metric{"AWS/ECS", "CPUUtilization", "Average", dims}},
		{subject: name, kind: ServiceMemory, description: name + ": memory high", metric: metric{"AWS/ECS", "MemoryUtilization", "Average", dims}},
		{subject: name, kind: RunningTasks, description: name + ": fewer tasks running than desired",
			expression: "desired - FILL(running, 0)", queries: map[string]metric{
				"desired": {"ECS/ContainerInsights", "DesiredTaskCount", "Average", dims},
				"running": {"ECS/ContainerInsights", "RunningTaskCount", "Average", dims},
			}},
	}
}
