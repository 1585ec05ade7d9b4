package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// capacityStrategy runs the first task on Fargate and spreads the rest
// between Fargate and Fargate Spot by spotShare percent.
func capacityStrategy(spotShare int) ecs.ServiceCapacityProviderStrategyArray {
	provider := func(name string, base, weight int) ecs.ServiceCapacityProviderStrategyArgs {
		return ecs.ServiceCapacityProviderStrategyArgs{CapacityProvider: pulumi.String(name), Base: pulumi.Int(base), Weight: pulumi.Int(weight)}
	}
	switch spotShare {
	case 0:
		return ecs.ServiceCapacityProviderStrategyArray{provider("FARGATE", 1, 1)}
	case 100:
		return ecs.ServiceCapacityProviderStrategyArray{provider("FARGATE_SPOT", 0, 1)}
	default:
		return ecs.ServiceCapacityProviderStrategyArray{provider("FARGATE", 1, 100-spotShare), provider("FARGATE_SPOT", 0, spotShare)}
	}
}

// autoscale tracks average CPU and memory between the scaling bounds.
func autoscale(ctx *pulumi.Context, name string, cluster *Cluster, service *ecs.Service, s Scaling, parent pulumi.ResourceOption) error {
	target, err := scalingTarget(ctx, name, cluster, service, *s.Min, s.Max, parent)
	if err != nil {
		return err
	}
	for metric, value := range map[string]int{"ECSServiceAverageCPUUtilization": s.CPUTarget, "ECSServiceAverageMemoryUtilization": s.MemoryTarget} {
		role := "cpu"
		if metric == "ECSServiceAverageMemoryUtilization" {
			role = "memory"
		}
		if _, err := appautoscaling.NewPolicy(ctx, name+"-scale-"+role, &appautoscaling.PolicyArgs{
			PolicyType:        pulumi.String("TargetTrackingScaling"),
			ResourceId:        target.ResourceId,
			ScalableDimension: target.ScalableDimension,
			ServiceNamespace:  target.ServiceNamespace,
			TargetTrackingScalingPolicyConfiguration: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
				TargetValue:      pulumi.Float64(float64(value)),
				ScaleInCooldown:  pulumi.Int(300),
				ScaleOutCooldown: pulumi.Int(60),
				PredefinedMetricSpecification: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
					PredefinedMetricType: pulumi.String(metric),
				},
			},
		}, parent); err != nil {
			return err
		}
	}
	return nil
}

// scalingTarget registers a service's desired count with Application Auto Scaling.
func scalingTarget(ctx *pulumi.Context, name string, cluster *Cluster, service *ecs.Service, minimum, maximum int, parent pulumi.ResourceOption) (*appautoscaling.Target, error) {
	return appautoscaling.NewTarget(ctx, name+"-scaling", &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("ecs"),
		ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
		ResourceId:        pulumi.Sprintf("service/%s/%s", cluster.Name, service.Name),
		MinCapacity:       pulumi.Int(minimum),
		MaxCapacity:       pulumi.Int(maximum),
	}, parent)
}
