package stacks

import (
	"errors"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/data"
	"platform/internal/naming"
	"platform/internal/validate"
)

// A paused stack keeps what holds state and removes what does not: see
// schema.Stack.Paused. Resolve already turned off NAT, the CDN and every
// running task; the data layer and the outputs are trimmed here.

// pauseData removes the data parts that a pause does not keep: the database
// (its data waits in the final snapshot its deletion makes), the broker
// (queued RabbitMQ messages are dropped; SQS queues keep theirs) and a
// cache that keeps no snapshots.
func pauseData(args *data.DataLayerArgs) {
	args.Database, args.Broker = nil, nil
	if args.Cache != nil && deref(args.Cache.SnapshotRetentionDays) == 0 {
		args.Cache = nil
	}
}

// validatePause refuses a pause that cannot be resumed: production is never
// paused (its database is protected and leaves no pause snapshot), and a
// paused stack with a database must count its pause, or no one knows which
// snapshot the resume restores from.
func (c *Config) validatePause() error {
	key := c.key("pauses")
	if *c.Pauses < 0 {
		return validate.Field(key, *c.Pauses, "is negative", "the number of times the stack was paused, 0 or more")
	}
	if !c.Paused {
		return nil
	}
	var errs []error
	if c.Tier == Production {
		errs = append(errs, validate.Field(c.key("paused"), true, "pauses production", "false: production keeps serving and its database is protected"))
	}
	if c.Data.Database != nil && *c.Pauses < 1 {
		errs = append(errs, validate.Field(key, *c.Pauses, "does not count this pause: the database's final snapshot is named from it",
			"1 or more, one more than at the last pause (scripts/pause.sh sets it)"))
	}
	return errors.Join(errs...)
}

// pauseSnapshot is the snapshot the database is in while the stack is
// paused, and the one it was restored from after; "" when there is none.
func (c *Config) pauseSnapshot(ctx *pulumi.Context) string {
	if c.Data.Database == nil || *c.Pauses < 1 || defaultsByTier[c.Tier].Protect {
		return ""
	}
	return data.PauseSnapshot(data.DatabaseIdentifier(naming.FromContext(ctx)), *c.Pauses)
}

// pauseOutputs are a paused stack's outputs: what it keeps, and the snapshot
// its database waits in.
func (c *Config) pauseOutputs(ctx *pulumi.Context, outputs pulumi.Map) {
	outputs["paused"] = pulumi.Bool(c.Paused)
	outputs["pauses"] = pulumi.Int(*c.Pauses)
	if snapshot := c.pauseSnapshot(ctx); snapshot != "" {
		outputs["databaseSnapshot"] = pulumi.String(snapshot)
	}
}

// pausedWorkloads keep every workload's log group and run nothing.
func (r *resolver) pausedWorkloads(ctx *pulumi.Context, at site, opts ...pulumi.ResourceOption) error {
	w := r.cfg.Workloads
	kinds := []struct {
		kind  compute.PausedKind
		names []string
	}{
		{compute.PausedMigration, slices.Sorted(maps.Keys(w.Migrations))},
		{compute.PausedService, slices.Sorted(maps.Keys(w.Services))},
		{compute.PausedWorker, slices.Sorted(maps.Keys(w.Workers))},
		{compute.PausedSchedule, slices.Sorted(maps.Keys(w.Schedules))},
	}
	for _, k := range kinds {
		for _, name := range k.names {
			if _, held := r.cfg.held[name]; held {
				continue
			}
			if _, err := compute.NewPausedWorkload(ctx, name, k.kind, at.place, opts...); err != nil {
				return err
			}
		}
	}
	return nil
}
