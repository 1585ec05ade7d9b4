package preflight

import "platform/internal/graph"

// spotRun is a schedule running td on the given ECS parameters.
func spotRun(ecs M, td *graph.Resource) func() []*graph.Resource {
	return one(td, res(schedule, "s", M{"scheduleExpression": "rate(1 minute)", "target": M{"ecsParameters": ecs}}, on(td)))
}

func taskOn(arch string) *graph.Resource {
	return res(taskDefinition, "td", M{"runtimePlatform": M{"operatingSystemFamily": "LINUX", "cpuArchitecture": arch}})
}

var spotOnly = M{"capacityProviderStrategies": L{M{"capacityProvider": "FARGATE_SPOT", "weight": 1}}}

var scheduleSpotCases = []ruleCase{
	{rule: "PF.SCHED.2", badName: "s", good: spotRun(spotOnly, taskOn("X86_64")),
		bad: spotRun(M{"launchType": "FARGATE", "capacityProviderStrategies": L{M{"capacityProvider": "FARGATE_SPOT", "weight": 1}}}, taskOn("X86_64"))},
	{rule: "PF.SCHED.3", badName: "s", good: spotRun(spotOnly, taskOn("X86_64")), bad: spotRun(spotOnly, taskOn("ARM64"))},
	{rule: "PF.SCHED.3", badName: "s", good: spotRun(M{"launchType": "FARGATE"}, taskOn("ARM64")), bad: spotRun(spotOnly, taskOn("ARM64"))},
}
