package preflight

import (
	"fmt"

	"platform/internal/graph"
)

const runTaskDoc = "Amazon ECS API Reference, RunTask (capacityProviderStrategy, launchType) https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html"

// scheduleProviders lists the capacity providers a schedule's ECS target names.
func scheduleProviders(r *graph.Resource) []string {
	var out []string
	for i := range list(r, "target.ecsParameters.capacityProviderStrategies") {
		out = append(out, str(r, fmt.Sprintf("target.ecsParameters.capacityProviderStrategies.%d.capacityProvider", i)))
	}
	return out
}

var scheduleSpotRules = []Rule{
	{ID: "PF.SCHED.2", Title: "A schedule's task runs by launch type or by capacity providers, not both", Types: []string{schedule},
		Rejects: "RunTask: InvalidParameterException when both launchType and capacityProviderStrategy are given: every run of the schedule fails",
		Source:  runTaskDoc, Fix: "give FARGATE as launchType for regular Fargate, or only a FARGATE_SPOT capacity provider strategy",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(str(r, "target.ecsParameters.launchType") == "" || len(scheduleProviders(r)) == 0,
				"launchType %s with capacity providers %v", str(r, "target.ecsParameters.launchType"), scheduleProviders(r))
		}},
	{ID: "PF.SCHED.3", Title: "A schedule runs on Fargate Spot only a task Fargate Spot can run", Types: []string{schedule},
		Rejects: "\"Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider\": no run ever starts",
		Source:  ecsSpotDoc, Fix: "run the task as X86_64, or set spot: false on the schedule",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return spotPlatformOf(scheduleProviders(r), r, g)
		}},
}
