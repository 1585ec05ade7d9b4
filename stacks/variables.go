package stacks

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/schema"
)

// VariablesKey is the stack output listing, per deployed workload, every
// variable its task is given and where it comes from: "environment",
// "secret <reference>", "endpoint <endpoint>" or "tracing". `platform plan`
// prints it; values are never part of it.
const VariablesKey = "variables"

// EmptySecretsKey is the stack output naming the stack's own secrets that
// are created without a value (none set in platform:secretValues).
const EmptySecretsKey = "emptySecrets"

// variables are the VariablesKey output of the given deployed tasks.
func (r *resolver) variables(deployed map[string]schema.Task) pulumi.Map {
	out := pulumi.Map{}
	for _, name := range slices.Sorted(maps.Keys(deployed)) {
		var sources map[string]string
		if w, ok := r.cfg.Workloads.Workers[name]; ok {
			_, sources = r.compose(w.Task, brokerSecrets(w), workerQueues(w))
		} else {
			_, sources = r.compose(deployed[name], nil, nil)
		}
		if deployed[name].Tracing {
			// The compute component points the app at its X-Ray daemon.
			sources["AWS_XRAY_DAEMON_ADDRESS"] = "tracing"
		}
		list := pulumi.StringMap{}
		for k, v := range sources {
			list[k] = pulumi.String(v)
		}
		out[name] = list
	}
	return out
}
