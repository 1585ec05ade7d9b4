package preflight

import (
	"fmt"
	"platform/internal/graph"
	"strings"
	"testing"
)

func taskDef(name string, cpu, memory any, arch string, containers ...M) *graph.Resource {
	if len(containers) == 0 {
		containers = []M{{"name": "app", "portMappings": L{M{"containerPort": 8080}}}}
	}
	cs := L{}
	for _, c := range containers {
		cs = append(cs, c)
	}
	return res(taskDefinition, name, M{"cpu": cpu, "memory": memory, "networkMode": "awsvpc", "requiresCompatibilities": L{"FARGATE"},
		"runtimePlatform": M{"cpuArchitecture": arch, "operatingSystemFamily": "LINUX"}, "containerDefinitions": jsonText(cs)})
}

// serviceOn builds a cluster with its capacity association and a service on
// the given providers running td; extra sets service inputs.
func serviceOn(td *graph.Resource, associated L, strategy []string, extra M) []*graph.Resource {
	cluster := res(ecsCluster, "cluster", M{"name": "c"})
	capacity := res(capacityProviders, "capacity", M{"capacityProviders": associated, "clusterName": "c"}, on(cluster))
	inputs := M{"name": "svc", "desiredCount": 1}
	strategies := L{}
	for _, p := range strategy {
		strategies = append(strategies, M{"capacityProvider": p, "weight": 1})
	}
	if len(strategies) > 0 {
		inputs["capacityProviderStrategies"] = strategies
	}
	for k, v := range extra {
		inputs[k] = v
	}
	svc := res(ecsService, "svc", inputs, on(cluster, capacity, td))
	return []*graph.Resource{cluster, capacity, td, svc}
}

var both = L{"FARGATE", "FARGATE_SPOT"}

var ecsCases = []ruleCase{
	{rule: "PF.ECS.1", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64"), taskDef("td2", "2048", "5120", "X86_64")),
		bad:  one(taskDef("td", "256", "4096", "ARM64"))},
	{rule: "PF.ECS.1", badName: "td8",
		good: one(taskDef("td8", "8192", "20480", "X86_64")),
		bad:  one(taskDef("td8", "8192", "18432", "X86_64"))},
	{rule: "PF.ECS.2", badName: "td",
		good: one(taskDef("td", "256", "512", "ARM64")),
		bad:  one(taskDef("td", "256", "512", "ARM32"))},
	{rule: "PF.ECS.3", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, []string{"FARGATE_SPOT"}, nil)
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "ARM64"), both, []string{"FARGATE_SPOT"}, nil)
		}},
	{rule: "PF.ECS.4", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, []string{"FARGATE_SPOT"}, nil)
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), L{"FARGATE"}, []string{"FARGATE_SPOT"}, nil)
		}},
	{rule: "PF.ECS.5", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64", M{"name": "app", "readonlyRootFilesystem": false}), both, nil, M{"enableExecuteCommand": true})
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64", M{"name": "app", "readonlyRootFilesystem": true}), both, nil, M{"enableExecuteCommand": true})
		}},
	{rule: "PF.ECS.5", badName: "svc",
		good: func() []*graph.Resource {
			mounts := L{M{"containerPath": "/managed-agents"}, M{"containerPath": "/var/lib/amazon/ssm"}, M{"containerPath": "/var/log/amazon/ssm"}}
			return serviceOn(taskDef("td", "256", "512", "X86_64", M{"name": "app", "readonlyRootFilesystem": true, "mountPoints": mounts}), both, nil, M{"enableExecuteCommand": true})
		},
		bad: func() []*graph.Resource {
			mounts := L{M{"containerPath": "/managed-agents"}, M{"containerPath": "/var/lib/amazon/ssm", "readOnly": true}, M{"containerPath": "/var/log/amazon/ssm"}}
			return serviceOn(taskDef("td", "256", "512", "X86_64", M{"name": "app", "readonlyRootFilesystem": true, "mountPoints": mounts}), both, nil, M{"enableExecuteCommand": true})
		}},
	{rule: "PF.ECS.6", badName: "td",
		good: one(taskDef("td", "512", "1024", "X86_64", M{"name": "a", "memory": 512}, M{"name": "b", "memoryReservation": 256, "cpu": 256})),
		bad:  one(taskDef("td", "512", "1024", "X86_64", M{"name": "a", "memory": 768}, M{"name": "b", "memory": 512}))},
	{rule: "PF.ECS.7", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"loadBalancers": L{M{"containerName": "app", "containerPort": 8080}}})
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"loadBalancers": L{M{"containerName": "app", "containerPort": 9090}}})
		}},
	{rule: "PF.ECS.8", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"healthCheckGracePeriodSeconds": 60, "loadBalancers": L{M{"containerName": "app", "containerPort": 8080}}})
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"healthCheckGracePeriodSeconds": 60})
		}},
	{rule: "PF.ECS.9", badName: "td",
		good: one(taskDef("td", "256", "512", "X86_64")),
		bad: func() []*graph.Resource {
			td := taskDef("td", "256", "512", "X86_64")
			td.Inputs["networkMode"] = "bridge"
			return []*graph.Resource{td}
		}},
	{rule: "PF.ECS.10", badName: "svc",
		good: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"deploymentMaximumPercent": 200, "deploymentMinimumHealthyPercent": 100})
		},
		bad: func() []*graph.Resource {
			return serviceOn(taskDef("td", "256", "512", "X86_64"), both, nil, M{"deploymentMaximumPercent": 100, "deploymentMinimumHealthyPercent": 100})
		}},
	{rule: "PF.ECS.13", badName: "td",
		good: one(withImages("111122223333.dkr.ecr.us-east-1.amazonaws.com/shop-dev-admin@sha256:"+strings.Repeat("a", 64), "public.ecr.aws/nginx/nginx:1.27")),
		bad:  one(withImages("111122223333.dkr.ecr.us-east-1.amazonaws.com/shop-dev-admin:main-1", "%!s(<nil>):pr-42"))},
	{rule: "PF.ECS.13", badName: "td",
		good: one(withImages("public.ecr.aws/nginx/nginx:1.27")),
		bad:  one(withImages("public.ecr.aws/nginx/nginx:" + strings.Repeat("x", 240)))},
}

// withImages is a task definition whose containers run these images.
func withImages(images ...string) *graph.Resource {
	var cs L
	for i, image := range images {
		cs = append(cs, M{"name": fmt.Sprintf("c%d", i), "image": image})
	}
	return res(taskDefinition, "td", M{"containerDefinitions": jsonText(cs)})
}

func TestECSRules(t *testing.T) { runCases(t, ecsCases) }

func TestAPreviewServiceOnItsBaseClusterIsNotCheckedForAssociation(t *testing.T) {
	td := taskDef("td", "256", "512", "X86_64")
	svc := res(ecsService, "svc", M{"capacityProviderStrategies": L{M{"capacityProvider": "FARGATE"}}}, on(td))
	if got := findingsOf(Run(graph.New("p", "test", []*graph.Resource{td, svc})), "PF.ECS.4"); len(got) != 0 {
		t.Errorf("a service whose cluster is in another stack: %v", got)
	}
}
