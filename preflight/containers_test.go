package preflight

import (
	"testing"

	"platform/internal/graph"
)

// withVolumes adds task volumes to a task definition.
func withVolumes(td *graph.Resource, names ...string) *graph.Resource {
	vs := L{}
	for _, n := range names {
		vs = append(vs, M{"name": n})
	}
	td.Inputs["volumes"] = vs
	return td
}

// backlogPolicy is a target-tracking policy on metric-math queries.
func backlogPolicy(queries ...M) *graph.Resource {
	qs := L{}
	for _, q := range queries {
		qs = append(qs, q)
	}
	return res(scalingPolicy, "jobs-scale-backlog", M{"policyType": "TargetTrackingScaling",
		"targetTrackingScalingPolicyConfiguration": M{"targetValue": 10, "customizedMetricSpecification": M{"metrics": qs}}})
}

var (
	app   = M{"name": "app", "essential": true, "portMappings": L{M{"containerPort": 9000, "protocol": "tcp"}}}
	nginx = func(extra M) M {
		c := M{"name": "nginx", "essential": true, "portMappings": L{M{"containerPort": 80, "protocol": "tcp"}}}
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	setup = M{"name": "setup", "essential": false}
)

var containerCases = []ruleCase{
	{rule: "PF.CTR.1", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, nginx(nil))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, M{"name": "app", "essential": true}))},
	{rule: "PF.CTR.2", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "START"}}}))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "php", "condition": "START"}}})))},
	{rule: "PF.CTR.2", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "HEALTHY"}}}))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "READY"}}})))},
	{rule: "PF.CTR.3", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", setup, nginx(M{"dependsOn": L{M{"containerName": "setup", "condition": "SUCCESS"}}}))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "COMPLETE"}}})))},
	{rule: "PF.CTR.3", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", M{"name": "app", "healthCheck": M{"command": L{"CMD", "true"}}}, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "HEALTHY"}}}))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, nginx(M{"dependsOn": L{M{"containerName": "app", "condition": "HEALTHY"}}})))},
	{rule: "PF.CTR.4", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, nginx(nil))),
		bad: one(taskDef("td", "256", "512", "ARM64", M{"name": "c1"}, M{"name": "c2"}, M{"name": "c3"}, M{"name": "c4"}, M{"name": "c5"}, M{"name": "c6"},
			M{"name": "c7"}, M{"name": "c8"}, M{"name": "c9"}, M{"name": "c10"}, M{"name": "c11"}))},
	{rule: "PF.CTR.5", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, setup)),
		bad:  one(taskDef("td", "256", "512", "ARM64", setup))},
	{rule: "PF.CTR.6", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64", app, nginx(nil))),
		bad:  one(taskDef("td", "256", "512", "ARM64", app, M{"name": "fpm2", "portMappings": L{M{"containerPort": 9000, "protocol": "tcp"}}}))},
	{rule: "PF.CTR.7", badName: "td",
		good: one(withVolumes(taskDef("td", "256", "512", "ARM64", M{"name": "app", "mountPoints": L{M{"sourceVolume": "public", "containerPath": "/srv"}}}), "public")),
		bad:  one(withVolumes(taskDef("td", "256", "512", "ARM64", M{"name": "app", "mountPoints": L{M{"sourceVolume": "public", "containerPath": "/srv"}}}), "tmp"))},
	{rule: "PF.CTR.8", badName: "jobs-scale-backlog",
		good: one(backlogPolicy(M{"id": "queue0", "returnData": false}, M{"id": "tasks", "returnData": false}, M{"id": "per_task", "expression": "queue0 / tasks", "returnData": true})),
		bad:  one(backlogPolicy(M{"id": "queue0"}, M{"id": "per_task", "expression": "queue0", "returnData": true}))},
	{rule: "PF.CTR.8", badName: "jobs-scale-backlog",
		good: one(backlogPolicy(M{"id": "q", "returnData": false}, M{"id": "e", "expression": "q", "returnData": true})),
		bad:  one(backlogPolicy(M{"id": "Queue0", "returnData": false}, M{"id": "e", "expression": "Queue0", "returnData": true}))},
}

func TestContainerRules(t *testing.T) { runCases(t, containerCases) }
