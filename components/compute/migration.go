package compute

import (
	"errors"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-command/sdk/go/command/local"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// MigrationTaskArgs configure a MigrationTask.
type MigrationTaskArgs struct {
	// Task is the container (usually the service's image) and its
	// permissions; Command runs the migrations and is required.
	Task TaskArgs
	// Placement is the cluster and subnets shared by the stack. Required.
	Placement Placement
	// After are resources that must succeed before the task runs (a
	// preview's database is created before it is migrated). Default: none.
	After []pulumi.Resource
	// TimeoutMinutes stops the task and fails the run when it has not
	// stopped after this many minutes, 1 to MaxMigrationTimeoutMinutes; a
	// pointer, so that 0 is refused rather than taken for unset.
	// Default: DefaultMigrationTimeoutMinutes.
	TimeoutMinutes *int
}

func (a MigrationTaskArgs) withDefaults() MigrationTaskArgs {
	a.Task = a.Task.withDefaults()
	if a.TimeoutMinutes == nil {
		a.TimeoutMinutes = pulumi.IntRef(DefaultMigrationTimeoutMinutes)
	}
	return a
}

func (a MigrationTaskArgs) validate(name string) error {
	errs := []error{validName(name), a.Task.validate(name), validate.Range("timeoutMinutes", *a.TimeoutMinutes, 1, MaxMigrationTimeoutMinutes)}
	if len(a.Task.Command) == 0 {
		errs = append(errs, validate.Missing("command", "the command that migrates as a list, e.g. [php, artisan, migrate, --force]"))
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a MigrationTaskArgs) Validate(name string) error {
	return a.withDefaults().validate(name)
}

// MigrationTask is a one-off task that runs during `pulumi up`, again
// whenever its task definition changes (a new image), before the services
// that depend on it roll.
type MigrationTask struct {
	pulumi.ResourceState

	// Run is the resource the dependent services wait for; it fails the
	// deployment when the migration fails.
	Run *local.Command
}

// NewMigrationTask creates the task definition and the run.
func NewMigrationTask(ctx *pulumi.Context, name string, args *MigrationTaskArgs, opts ...pulumi.ResourceOption) (*MigrationTask, error) {
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	m := &MigrationTask{}
	if err := ctx.RegisterComponentResource("platform:compute:MigrationTask", name, m, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(m)
	t, err := newTask(ctx, name, a.Task, 0, a.Placement, m)
	if err != nil {
		return nil, err
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	subnets := a.Placement.SubnetIDs.ToStringArrayOutput().ApplyT(func(ids []string) string {
		return strings.Join(ids, ",")
	}).(pulumi.StringOutput)
	env := pulumi.StringMap{
		"REGION":          pulumi.String(region.Name),
		"CLUSTER":         a.Placement.Cluster.Arn,
		"TASK_DEFINITION": t.definition.Arn,
		"SUBNETS":         subnets,
		"SECURITY_GROUP": t.groups.ToStringArrayOutput().ApplyT(func(ids []string) string {
			return strings.Join(ids, ",")
		}).(pulumi.StringOutput),
	}
	for k, v := range migrationWait(*a.TimeoutMinutes) {
		env[k] = pulumi.String(v)
	}
	run, err := local.NewCommand(ctx, name+"-run", &local.CommandArgs{
		Create:      pulumi.String(runMigration),
		Interpreter: pulumi.StringArray{pulumi.String("/bin/bash"), pulumi.String("-c")},
		Environment: env,
		// A new task definition revision (a new image) runs the migration again.
		Triggers: pulumi.Array{t.definition.Arn},
	}, parent,
		// The task starts right away: its network path and its secrets must
		// already be there, or it cannot start or reach the database.
		pulumi.DependsOn(slices.Concat(t.hops, a.Placement.ExecutionRoleReady, a.After)))
	if err != nil {
		return nil, err
	}
	m.Run = run
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{"taskDefinitionArn": t.definition.Arn})
}
