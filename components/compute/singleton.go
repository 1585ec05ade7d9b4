package compute

import (
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// A singleton is a WorkerService that runs exactly one task: a scheduler
// (Laravel's schedule:work) or a consumer that must never run twice.
//
// Tradeoff: with minimumHealthyPercent 0 and maximumPercent 100 a deployment
// stops the old task before it starts the new one, so two copies never
// overlap, at the price of a gap of one task start (tens of seconds) on
// every deployment. It runs on regular Fargate only: a Spot interruption
// would leave zero tasks until ECS places another.

// Deployment percents of a singleton: stop the old task, then start the new.
const (
	singletonMinimumHealthyPercent = 0
	singletonMaximumPercent        = 100
)

// singletonFits refuses scaling a singleton cannot have.
func singletonFits(s Scaling, queues []pulumi.StringInput) error {
	var errs []error
	if s.Max > 1 {
		errs = append(errs, validate.Field("scaling.max", s.Max, "is more than one task for a singleton", "1 (0 when paused)"))
	}
	if s.SpotShare > 0 {
		errs = append(errs, validate.Field("scaling.spotShare", s.SpotShare, "puts a singleton on Fargate Spot, where an interruption leaves no task", "0"))
	}
	if len(queues) > 0 {
		errs = append(errs, validate.Field("backlogQueues", len(queues), "would scale a singleton on its queues' backlog", "none: a singleton never scales"))
	}
	return errors.Join(errs...)
}

// singletonService turns a worker's ECS service into a singleton's: its
// desired count is its own (no autoscaling owns it), on regular Fargate,
// replaced without overlap.
func singletonService(args *ecs.ServiceArgs, s Scaling) {
	args.DesiredCount = pulumi.Int(min(*s.Min, 1))
	args.CapacityProviderStrategies = capacityStrategy(0)
	args.DeploymentMinimumHealthyPercent = pulumi.Int(singletonMinimumHealthyPercent)
	args.DeploymentMaximumPercent = pulumi.Int(singletonMaximumPercent)
}
