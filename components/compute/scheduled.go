package compute

import (
	"errors"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/schedule"
	"platform/internal/validate"
)

// ScheduledTaskArgs configure a ScheduledTask.
type ScheduledTaskArgs struct {
	// Task is the container, its size and permissions.
	Task TaskArgs
	// Placement is the cluster and subnets shared by the stack. Required.
	Placement Placement
	// Schedule is an EventBridge Scheduler expression: "rate(1 minute)",
	// "rate(5 minutes)", "cron(0 3 * * ? *)" or "at(2030-01-01T00:00:00"). Required.
	Schedule string
	// Spot runs each run on Fargate Spot (about 70% off) instead of
	// regular Fargate; the task must be X86_64, the only architecture
	// Fargate Spot runs. A run AWS interrupts is not retried. Default: false.
	Spot bool
}

func (a ScheduledTaskArgs) validate(name string) error {
	errs := []error{validName(name), a.Task.validate(name)}
	if a.Spot && !awsfacts.SpotRuns(string(a.Task.Architecture)) {
		errs = append(errs, validate.Field("architecture", a.Task.Architecture, "cannot run on Fargate Spot (spot: true): the platform runs only X86_64 Linux tasks on Fargate Spot, as the ECS Developer Guide says",
			"architecture X86_64, or spot: false for ARM64"))
	}
	// The EventBridge Scheduler grammar in full (internal/schedule): field
	// ranges, the ? rule, L, W and #.
	if a.Schedule == "" {
		errs = append(errs, validate.Missing("schedule", "an EventBridge Scheduler expression such as rate(1 minute) or cron(0 3 * * ? *)"))
	} else if _, err := schedule.Parse(a.Schedule); err != nil {
		var e *schedule.Error
		switch {
		case errors.As(err, &e) && e.Part == "expression":
			errs = append(errs, validate.Field("schedule", a.Schedule, e.Problem, e.Allowed))
		case errors.As(err, &e):
			errs = append(errs, validate.Field("schedule", a.Schedule, "has "+e.Part+" "+strconv.Quote(e.Value)+" that "+e.Problem, e.Allowed))
		default:
			errs = append(errs, validate.Field("schedule", a.Schedule, "is not a schedule expression", "rate(1 minute), cron(0 3 * * ? *) or at(2030-01-01T00:00:00)"))
		}
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a ScheduledTaskArgs) Validate(name string) error {
	a.Task = a.Task.withDefaults()
	return a.validate(name)
}

// ScheduledTask runs a task on a schedule through EventBridge Scheduler.
type ScheduledTask struct {
	pulumi.ResourceState

	ScheduleArn pulumi.StringOutput
}

// NewScheduledTask creates the task definition, the schedule and a role that
// may only run that task on the cluster and pass its two roles.
func NewScheduledTask(ctx *pulumi.Context, name string, args *ScheduledTaskArgs, opts ...pulumi.ResourceOption) (*ScheduledTask, error) {
	a := *args
	a.Task = a.Task.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	st := &ScheduledTask{}
	if err := ctx.RegisterComponentResource("platform:compute:ScheduledTask", name, st, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(st)
	names := naming.FromContext(ctx)
	cluster := a.Placement.Cluster
	t, err := newTask(ctx, name, a.Task, 0, a.Placement, st)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-scheduler-role", &iam.RoleArgs{
		Name:             pulumi.String(names.Name(naming.Role, name+"-scheduler")),
		AssumeRolePolicy: iamdoc.AssumeRole("scheduler.amazonaws.com"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-scheduler-run", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iamdoc.Document(
			iamdoc.Statement{Sid: "RunThisTask", Actions: []string{"ecs:RunTask"},
				Resources: []pulumi.StringInput{pulumi.Sprintf("%s:*", t.definition.ArnWithoutRevision)}},
			iamdoc.Statement{Sid: "PassItsRoles", Actions: []string{"iam:PassRole"},
				Resources: []pulumi.StringInput{a.Placement.ExecutionRoleArn, t.role.Arn}},
		),
	}, parent); err != nil {
		return nil, err
	}
	schedule, err := scheduler.NewSchedule(ctx, name+"-schedule", &scheduler.ScheduleArgs{
		Name:               pulumi.String(names.Name(naming.Label, name)),
		ScheduleExpression: pulumi.String(a.Schedule),
		State:              pulumi.String("ENABLED"),
		FlexibleTimeWindow: scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		Target: scheduler.ScheduleTargetArgs{
			Arn:           cluster.Arn,
			RoleArn:       role.Arn,
			EcsParameters: a.ecsParameters(t),
			// A missed run is not retried: the next one comes soon.
			RetryPolicy: scheduler.ScheduleTargetRetryPolicyArgs{MaximumRetryAttempts: pulumi.Int(0)},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	st.ScheduleArn = schedule.Arn
	return st, ctx.RegisterResourceOutputs(st, pulumi.Map{"scheduleArn": st.ScheduleArn})
}

// ecsParameters run one task of t per run: on regular Fargate by launch
// type, or on Fargate Spot by capacity provider (RunTask takes one or the
// other, never both).
func (a ScheduledTaskArgs) ecsParameters(t *task) scheduler.ScheduleTargetEcsParametersArgs {
	p := scheduler.ScheduleTargetEcsParametersArgs{
		TaskDefinitionArn: t.definition.Arn,
		TaskCount:         pulumi.Int(1),
		NetworkConfiguration: scheduler.ScheduleTargetEcsParametersNetworkConfigurationArgs{
			Subnets:        a.Placement.SubnetIDs,
			SecurityGroups: t.groups,
			AssignPublicIp: pulumi.Bool(false),
		},
	}
	if a.Spot {
		p.CapacityProviderStrategies = scheduler.ScheduleTargetEcsParametersCapacityProviderStrategyArray{
			scheduler.ScheduleTargetEcsParametersCapacityProviderStrategyArgs{CapacityProvider: pulumi.String("FARGATE_SPOT"), Weight: pulumi.Int(1)},
		}
	} else {
		p.LaunchType = pulumi.String("FARGATE")
	}
	return p
}
