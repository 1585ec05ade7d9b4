package compute

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Metric ids of the backlog expression. Application Auto Scaling wants ids
// that start with a lower-case letter, of letters, digits and underscores,
// and exactly one query returning data (TargetTrackingMetricDataQuery, API
// reference); preflight rule ecs-backlog-metric-math checks both.
const (
	backlogTasksID  = "tasks"
	backlogResultID = "backlog_per_task"
)

// backlogQueueID is the metric id of the i-th queue.
func backlogQueueID(i int) string { return fmt.Sprintf("queue%d", i) }

// BacklogExpression is the metric math a worker tracks: the visible messages
// of all its queues, summed, per running task. With no task running it is the
// whole backlog, so that a worker scaled to zero still scales out
// ("Example: Amazon SQS queue backlog per task", Application Auto Scaling
// User Guide, target tracking with metric math).
func BacklogExpression(queues int) string {
	ids := make([]string, queues)
	for i := range ids {
		ids[i] = backlogQueueID(i)
	}
	sum := strings.Join(ids, " + ")
	return fmt.Sprintf("IF(%s > 0, (%s) / %s, %s)", backlogTasksID, sum, backlogTasksID, sum)
}

// backlogMetric is the customized metric of a worker's backlog target
// tracking: each queue's ApproximateNumberOfMessagesVisible, the service's
// running tasks (Container Insights, on for every cluster) and the expression.
func backlogMetric(queues []pulumi.StringInput, cluster *Cluster, service *ecs.Service) appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationArgs {
	type dims = appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArray
	type dim = appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs
	stat := func(id, namespace, metric, statistic string, d dims) appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs {
		return appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs{
			Id:         pulumi.String(id),
			ReturnData: pulumi.Bool(false),
			MetricStat: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatArgs{
				Stat: pulumi.String(statistic),
				Metric: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricArgs{
					Namespace: pulumi.String(namespace), MetricName: pulumi.String(metric), Dimensions: d,
				},
			},
		}
	}
	metrics := appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArray{}
	for i, q := range queues {
		metrics = append(metrics, stat(backlogQueueID(i), "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum", dims{dim{Name: pulumi.String("QueueName"), Value: q}}))
	}
	metrics = append(metrics,
		stat(backlogTasksID, "ECS/ContainerInsights", "RunningTaskCount", "Average", dims{
			dim{Name: pulumi.String("ClusterName"), Value: cluster.Name},
			dim{Name: pulumi.String("ServiceName"), Value: service.Name},
		}),
		appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs{
			Id:         pulumi.String(backlogResultID),
			Label:      pulumi.String("Visible messages of every queue per running task"),
			Expression: pulumi.String(BacklogExpression(len(queues))),
			ReturnData: pulumi.Bool(true),
		})
	return appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationArgs{Metrics: metrics}
}
