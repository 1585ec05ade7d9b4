package observability

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// functionAlarms watch every function's failed and throttled invocations;
// a queue-triggered function's backlog is its queue's age alarm.
func (b *builder) functionAlarms() []alarm {
	var list []alarm
	fns := b.args.Targets.Functions
	for _, name := range slices.Sorted(maps.Keys(fns)) {
		dims := pulumi.StringMap{"FunctionName": fns[name]}
		list = append(list,
			alarm{subject: "function-" + name, kind: FunctionErrors, description: "Invocations of function " + name + " fail",
				metric: metric{"AWS/Lambda", "Errors", "Sum", dims}},
			alarm{subject: "function-" + name, kind: FunctionThrottles, description: "Invocations of function " + name + " are throttled",
				metric: metric{"AWS/Lambda", "Throttles", "Sum", dims}})
	}
	return list
}
