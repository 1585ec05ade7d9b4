package compute

import (
	"cmp"
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// WorkerServiceArgs configure a WorkerService.
type WorkerServiceArgs struct {
	// Task is the container, its size and permissions (grant it the queues it consumes).
	Task TaskArgs
	// Placement is the cluster and subnets shared by the stack. Required.
	Placement Placement
	// BacklogQueues are the names of the SQS queues whose visible messages,
	// summed and divided by the running tasks, drive scaling; empty scales on
	// CPU (RabbitMQ consumers). Default: none.
	BacklogQueues []pulumi.StringInput
	// BacklogPerTask is how many visible messages one task should face, 1 to
	// 100000. Default: DefaultBacklogPerTask.
	BacklogPerTask int
	// Scaling bounds the task count; CPUTarget applies without BacklogQueues.
	Scaling Scaling
	// After are resources that must succeed before the worker rolls.
	After []pulumi.Resource
	// Singleton runs exactly one task (Scaling.Min 0 pauses it): no
	// autoscaling, regular Fargate only, deployments stop the old task before
	// starting the new one (minimumHealthyPercent 0, maximumPercent 100).
	// Requires Scaling.Max at most 1, SpotShare 0 and no BacklogQueues.
	// Default: false.
	Singleton bool
}

func (a WorkerServiceArgs) withDefaults() WorkerServiceArgs {
	a.Task.Architecture = cmp.Or(a.Task.Architecture, ArchitectureFor(a.Scaling.SpotShare))
	a.Task = a.Task.withDefaults()
	a.Scaling = a.Scaling.withDefaults()
	a.BacklogPerTask = cmp.Or(a.BacklogPerTask, DefaultBacklogPerTask)
	return a
}

func (a WorkerServiceArgs) validate(name string) error {
	var singleton error
	if a.Singleton {
		singleton = singletonFits(a.Scaling, a.BacklogQueues)
	}
	return errors.Join(validName(name), a.Task.validate(name), spotFits(a.Task, a.Scaling), singleton,
		validate.Nest("scaling", a.Scaling.validate()),
		validate.Range("backlogPerTask", a.BacklogPerTask, 1, 100000))
}

// Validate reports every problem of the args, with defaults applied.
func (a WorkerServiceArgs) Validate(name string) error { return a.withDefaults().validate(name) }

// WorkerService runs tasks with no load balancer and no ingress at all.
type WorkerService struct {
	pulumi.ResourceState

	ServiceName  pulumi.StringOutput
	LogGroupName pulumi.StringOutput
}

// NewWorkerService creates a queue consumer.
func NewWorkerService(ctx *pulumi.Context, name string, args *WorkerServiceArgs, opts ...pulumi.ResourceOption) (*WorkerService, error) {
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	w := &WorkerService{}
	if err := ctx.RegisterComponentResource("platform:compute:WorkerService", name, w, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(w)
	cluster := a.Placement.Cluster
	t, err := newTask(ctx, name, a.Task, 0, a.Placement, w)
	if err != nil {
		return nil, err
	}
	ecsArgs := serviceArgs(name, cluster, t, a.Placement, a.Scaling, a.Task.Exec)
	w.LogGroupName = t.logGroup.Name
	if a.Singleton {
		singletonService(ecsArgs, a.Scaling)
		service, err := ecs.NewService(ctx, name+"-service", ecsArgs, parent, pulumi.DependsOn(append(cluster.ready(), a.After...)))
		if err != nil {
			return nil, err
		}
		w.ServiceName = service.Name
		return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"serviceName": w.ServiceName})
	}
	service, err := ecs.NewService(ctx, name+"-service", ecsArgs,
		parent, pulumi.DependsOn(append(cluster.ready(), a.After...)), pulumi.IgnoreChanges([]string{"desiredCount"}))
	if err != nil {
		return nil, err
	}
	target, err := scalingTarget(ctx, name, cluster, service, *a.Scaling.Min, a.Scaling.Max, parent)
	if err != nil {
		return nil, err
	}
	tracking := appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
		TargetValue:      pulumi.Float64(float64(a.Scaling.CPUTarget)),
		ScaleInCooldown:  pulumi.Int(300),
		ScaleOutCooldown: pulumi.Int(60),
		PredefinedMetricSpecification: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
			PredefinedMetricType: pulumi.String("ECSServiceAverageCPUUtilization"),
		},
	}
	role := "cpu"
	if len(a.BacklogQueues) > 0 {
		role = "backlog"
		tracking.TargetValue = pulumi.Float64(float64(a.BacklogPerTask))
		tracking.PredefinedMetricSpecification = nil
		tracking.CustomizedMetricSpecification = backlogMetric(a.BacklogQueues, cluster, service)
	}
	if _, err := appautoscaling.NewPolicy(ctx, name+"-scale-"+role, &appautoscaling.PolicyArgs{
		PolicyType:                               pulumi.String("TargetTrackingScaling"),
		ResourceId:                               target.ResourceId,
		ScalableDimension:                        target.ScalableDimension,
		ServiceNamespace:                         target.ServiceNamespace,
		TargetTrackingScalingPolicyConfiguration: tracking,
	}, parent); err != nil {
		return nil, err
	}
	w.ServiceName = service.Name
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"serviceName": w.ServiceName})
}
