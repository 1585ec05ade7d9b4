package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/observability"
	"platform/internal/naming"
	"platform/internal/schema"
	"platform/internal/validate"
)

// A service releases rolling or by canary (schema/release.go). Rolling, ECS
// replaces its tasks and rolls a deployment back when the circuit breaker
// trips or one of its deployment alarms fires. By canary, the image in
// <project>:canary runs as a second ECS service taking the current step's
// share of the traffic; `platform canary` moves the entry, and with none the
// service's graph is the rolling one.

// resolveRelease is the release with its defaults: rolling, and a canary's
// steps DefaultCanarySteps.
func resolveRelease(r schema.Release) schema.Release {
	if r.Strategy == "" {
		r.Strategy = schema.RollingRelease
	}
	if r.Canary() && r.Steps == nil {
		r.Steps = slices.Clone(schema.DefaultCanarySteps)
	}
	return r
}

// validateCanary checks every service's release and every canary in flight:
// of a service that releases by canary, from one of its stack's
// repositories, at one of its steps, in a stack that is not paused.
func (c *Config) validateCanary() error {
	var errs []error
	services := slices.Sorted(maps.Keys(c.Workloads.Services))
	for _, name := range services {
		errs = append(errs, validate.Nest(c.workloadPath(name)+".release", c.Workloads.Services[name].Release.Validate()))
	}
	for _, name := range slices.Sorted(maps.Keys(c.Canary)) {
		entry, path := c.Canary[name], c.canaryPath(name)
		s, ok := c.Workloads.Services[name]
		switch {
		case !ok:
			errs = append(errs, validate.Field(path, name, "is not a service", "one of: "+strings.Join(services, ", ")))
			continue
		case !s.Release.Canary():
			errs = append(errs, validate.Field(path, name, "releases "+s.Release.Strategy, "a service with release.strategy canary (in its workload file or "+c.key("overrides")+")"))
			continue
		case c.Paused:
			errs = append(errs, validate.Field(path, name, "is a canary in a paused stack, where nothing runs", "no canary while paused: abort it first"))
		case s.External():
			errs = append(errs, validate.Field(path, name, "runs the external image "+s.Repository, "a service of one of the stack's repositories"))
		}
		if entry.Image == nil {
			errs = append(errs, validate.Missing(path+".image", "the tag or sha256 digest the canary runs"))
		}
		if step := *entry.Step; step < 0 || step > len(s.Release.Steps) {
			errs = append(errs, validate.Field(path+".step", step, "is not a step of the service's release", fmt.Sprintf("0 (warm-up) to %d (steps %v)", len(s.Release.Steps), s.Release.Steps)))
		}
	}
	return errors.Join(errs...)
}

// resolveCanary fills each canary's step: 0, the warm-up, when unset.
func resolveCanary(in map[string]schema.Canary) map[string]schema.Canary {
	out := maps.Clone(in)
	for name, entry := range out {
		entry.Step = or(entry.Step, 0)
		out[name] = entry
	}
	return out
}

// CanaryWeight is the canary's share of the traffic in percent at step: 0
// at step 0, the warm-up, where the weighted forward keeps its target group
// on the listener at weight 0 so its tasks can pass their health checks
// before a request reaches them; steps[step-1] after.
func CanaryWeight(steps []int, step int) int {
	if step == 0 {
		return 0
	}
	return steps[step-1]
}

// release sets a service's deployment alarms (its own 5xx and latency,
// which the observability layer creates under these names) and its canary
// in flight, if any.
func (r *resolver) release(name string, s schema.Service, args *compute.FargateServiceArgs) {
	names := naming.Namer{Project: r.cfg.Project, Stack: r.cfg.Stack}
	alarms := func(subject string) []string {
		return []string{observability.AlarmName(names, subject, observability.Target5xx), observability.AlarmName(names, subject, observability.LatencyP95)}
	}
	args.DeploymentAlarms = alarms(name)
	entry, ok := r.cfg.Canary[name] // validated: a canary service's, with its image
	if !ok {
		return
	}
	var start string // "" for an entry written before starts were recorded: its name stays
	if entry.Started != nil {
		start = string(*entry.Started)
	}
	args.Canary = &compute.Canary{
		Image:            pulumi.Sprintf("%s%s", r.data.repositories[s.Repository], entry.Image.Suffix()),
		Start:            start,
		Weight:           CanaryWeight(s.Release.Steps, *entry.Step),
		DeploymentAlarms: alarms(name + compute.CanarySuffix),
	}
}
