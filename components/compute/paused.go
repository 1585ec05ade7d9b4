package compute

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"platform/components/internal/loggroup"
	"platform/internal/naming"
)

// taskLogGroup is a workload's log group; it outlives pauses.
func taskLogGroup(ctx *pulumi.Context, name string, place Placement, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	return loggroup.New(ctx, name+"-logs", naming.TaskLogGroupRoot+naming.FromContext(ctx).Name(naming.LogGroup, name), place.LogRetentionDays, place.LogClass, opts...)
}

// PausedKind is the component a paused workload stands in for; its log
// group keeps the same parent, so a pause neither deletes nor moves it.
type PausedKind string

// The kinds a pause keeps the logs of.
const (
	PausedService   PausedKind = "platform:compute:FargateService"
	PausedWorker    PausedKind = "platform:compute:WorkerService"
	PausedMigration PausedKind = "platform:compute:MigrationTask"
	PausedSchedule  PausedKind = "platform:compute:ScheduledTask"
)

// PausedWorkload is a workload of a paused stack: its log group and nothing
// that runs (no service, task definition, role, target group or rule).
type PausedWorkload struct {
	pulumi.ResourceState
	LogGroupName pulumi.StringOutput
}

// NewPausedWorkload keeps workload name's log group under a component of
// the kind the workload runs as when resumed.
func NewPausedWorkload(ctx *pulumi.Context, name string, kind PausedKind, place Placement, opts ...pulumi.ResourceOption) (*PausedWorkload, error) {
	w := &PausedWorkload{}
	if err := ctx.RegisterComponentResource(string(kind), name, w, opts...); err != nil {
		return nil, err
	}
	logs, err := taskLogGroup(ctx, name, place, pulumi.Parent(w))
	if err != nil {
		return nil, err
	}
	w.LogGroupName = logs.Name
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"logGroupName": logs.Name})
}
