package cost

import (
	"math"
	"strings"
	"testing"

	"platform/internal/graph"
)

// service is an ECS service with its task definition under one component.
func service(arch string, count float64, strategies ...map[string]any) (*graph.Resource, *graph.Graph) {
	parent := "urn:pulumi:test::platform::platform:compute:FargateService::web"
	task := &graph.Resource{URN: parent + "$aws:ecs/taskDefinition:TaskDefinition::web-task", Type: "aws:ecs/taskDefinition:TaskDefinition", Parent: parent,
		Inputs: map[string]any{"cpu": "1024", "memory": "2048", "runtimePlatform": map[string]any{"cpuArchitecture": arch}}}
	list := []any{}
	for _, s := range strategies {
		list = append(list, s)
	}
	svc := &graph.Resource{URN: parent + "$aws:ecs/service:Service::web-service", Type: "aws:ecs/service:Service", Parent: parent,
		Inputs: map[string]any{"desiredCount": count, "capacityProviderStrategies": list}}
	return svc, graph.New("platform", "test", []*graph.Resource{task, svc})
}

func TestFargateIsPricedByArchitectureAndSpotEligibility(t *testing.T) {
	spotOnly := map[string]any{"capacityProvider": "FARGATE_SPOT", "base": 0.0, "weight": 1.0}
	onDemand := map[string]any{"capacityProvider": "FARGATE", "base": 1.0, "weight": 1.0}
	perTask := func(vcpu, gb float64) float64 { return (vcpu + 2*gb) * HoursPerMonth }
	for _, c := range []struct {
		name, arch string
		strategy   map[string]any
		want       float64
		note       string
	}{
		{"x86 on demand", "X86_64", onDemand, 2 * perTask(fargateVCPUX86, fargateGBX86), "0.0 on Spot"},
		{"arm on demand", "ARM64", onDemand, 2 * perTask(fargateVCPUArm, fargateGBArm), "0.0 on Spot"},
		{"x86 on Spot", "X86_64", spotOnly, 2 * perTask(fargateVCPUX86, fargateGBX86) * (1 - fargateSpotDiscount), "2.0 on Spot"},
		{"arm cannot be on Spot", "ARM64", spotOnly, 2 * perTask(fargateVCPUArm, fargateGBArm), "Fargate Spot runs no ARM64 task"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, g := service(c.arch, 2, c.strategy)
			got, note := fargate(&pricing{g: g}, r)
			if math.Abs(got-c.want) > 1e-9 || !strings.Contains(note, c.note) {
				t.Fatalf("got %.4f %q, want %.4f and %q", got, note, c.want, c.note)
			}
		})
	}
}

// A component running two task definitions (a service and its canary)
// prices each service by the one it names, not by the first it holds.
func TestAServiceIsPricedByTheTaskDefinitionItRuns(t *testing.T) {
	svc, g := service("X86_64", 1, map[string]any{"capacityProvider": "FARGATE", "base": 1.0, "weight": 1.0})
	bigger := &graph.Resource{URN: svc.Parent + "$aws:ecs/taskDefinition:TaskDefinition::web-canary-task", Type: "aws:ecs/taskDefinition:TaskDefinition", Parent: svc.Parent,
		Inputs: map[string]any{"cpu": "2048", "memory": "4096", "runtimePlatform": map[string]any{"cpuArchitecture": "X86_64"}}}
	canary := &graph.Resource{URN: svc.Parent + "$aws:ecs/service:Service::web-canary-service", Type: "aws:ecs/service:Service", Parent: svc.Parent,
		Inputs: svc.Inputs, Dependencies: []string{bigger.URN}}
	svc.Dependencies = []string{svc.Parent + "$aws:ecs/taskDefinition:TaskDefinition::web-task"}
	g = graph.New("platform", "test", append(g.Resources, bigger, canary))
	base, _ := fargate(&pricing{g: g}, svc)
	got, _ := fargate(&pricing{g: g}, canary)
	if want := 2 * base; math.Abs(got-want) > 1e-9 {
		t.Fatalf("the canary on twice the task costs %.4f, want %.4f", got, want)
	}
}
