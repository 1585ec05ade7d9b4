package preflight

import (
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph"
	"regexp"
	"slices"
	"strings"
)

const (
	ecsTaskDefDoc = "Amazon ECS task definition parameters for Fargate https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html"
	ecsSpotDoc    = "Amazon ECS clusters for Fargate, Fargate capacity providers https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html"
	ecsServiceDoc = "Amazon ECS API Reference, CreateService https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"
	ecsExecDoc    = "Monitor Amazon ECS containers with ECS Exec https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html; ECS Exec with readonlyRootFilesystem https://github.com/aws/containers-roadmap/issues/1359"
)

func fargate(td *graph.Resource) bool {
	for _, c := range stringsOf(list(td, "requiresCompatibilities")) {
		if c == "FARGATE" {
			return true
		}
	}
	return false
}

// platformOf returns a task definition's Fargate platform and whether Fargate runs it.
func platformOf(td *graph.Resource) (awsfacts.FargatePlatform, bool) {
	return awsfacts.FargatePlatformOf(str(td, "runtimePlatform.operatingSystemFamily"), str(td, "runtimePlatform.cpuArchitecture"))
}

// providersOf lists the capacity providers a service's strategy names.
func providersOf(svc *graph.Resource) []string {
	var out []string
	for i := range list(svc, "capacityProviderStrategies") {
		out = append(out, str(svc, fmt.Sprintf("capacityProviderStrategies.%d.capacityProvider", i)))
	}
	return out
}

// clusterCapacity returns the capacity-provider associations of the cluster a
// resource depends on.
func clusterCapacity(r *graph.Resource, g *graph.Graph) []*graph.Resource {
	var out []*graph.Resource
	for _, c := range deps(r, g, ecsCluster) {
		out = append(out, dependents(c, g, capacityProviders)...)
	}
	return out
}

var ecsRules = []Rule{
	{ID: "PF.ECS.1", Title: "Fargate task cpu and memory are a supported combination", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException: No Fargate configuration exists for given values",
		Source:  awsfactsDoc("Fargate"), Fix: "pick a cpu/memory pair from the Fargate table (e.g. 256/512, 512/1024, 1024/2048)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !fargate(r) {
				return ""
			}
			cpu, okC := num(r, "cpu")
			mem, okM := num(r, "memory")
			if !okC || !okM {
				return "a Fargate task definition needs task-level cpu and memory"
			}
			p, _ := platformOf(r)
			ok, want := awsfacts.FargateMemoryAllowed(int(cpu), int(mem), p.OS != "LINUX")
			return check(ok, "cpu %v memory %v is not a Fargate size, want %s", cpu, mem, want)
		}},
	{ID: "PF.ECS.2", Title: "Fargate runs the task's operating system and architecture", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition refuses a runtimePlatform Fargate has no capacity for",
		Source:  awsfactsDoc("Fargate"), Fix: "use LINUX with X86_64 or ARM64, or a WINDOWS_SERVER_* family with X86_64",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !fargate(r) {
				return ""
			}
			p, ok := platformOf(r)
			return check(ok, "runtimePlatform %s/%s is not a Fargate platform", p.OS, p.Arch)
		}},
	{ID: "PF.ECS.3", Title: "Fargate Spot only runs the platforms it supports", Types: []string{ecsService},
		Rejects: "\"Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider\": Spot tasks never start",
		Source:  ecsSpotDoc, Fix: "run ARM64 (and Windows) tasks on FARGATE only, or build the image for X86_64 where Spot is wanted",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return spotPlatformOf(providersOf(r), r, g)
		}},
	{ID: "PF.ECS.4", Title: "A service's capacity providers are associated with its cluster", Types: []string{ecsService},
		Rejects: "CreateService: InvalidParameterException: The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster",
		Source:  ecsServiceDoc, Fix: "add the provider to the cluster's aws.ecs.ClusterCapacityProviders",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if len(deps(r, g, ecsCluster)) == 0 {
				return "" // the cluster belongs to another stack (a preview's base)
			}
			assoc := map[string]bool{}
			for _, c := range clusterCapacity(r, g) {
				for _, p := range stringsOf(list(c, "capacityProviders")) {
					assoc[p] = true
				}
			}
			for _, p := range providersOf(r) {
				if !assoc[p] {
					return fmt.Sprintf("capacity provider %s is not associated with the service's cluster", p)
				}
			}
			return ""
		}},
	{ID: "PF.ECS.5", Title: "ECS Exec is not enabled on a task with a read-only root file system", Types: []string{ecsService},
		Rejects: "the SSM agent ECS Exec injects cannot write its state: it crashes and `aws ecs execute-command` fails",
		Source:  ecsExecDoc, Fix: "keep enableExecuteCommand off where readonlyRootFilesystem is on, or mount writable volumes at /var/lib/amazon/ssm and /var/log/amazon/ssm (or their parents)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "enableExecuteCommand") {
				return ""
			}
			for _, td := range deps(r, g, taskDefinition) {
				for _, c := range containers(td) {
					if c["readonlyRootFilesystem"] == true && !writable(c, ssmAgentPaths...) {
						return fmt.Sprintf("enableExecuteCommand with container %v readonlyRootFilesystem", c["name"])
					}
				}
			}
			return ""
		}},
	{ID: "PF.ECS.6", Title: "Containers fit in the task's cpu and memory", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: the containers' memory or cpu exceed the task's",
		Source:  ecsTaskDefDoc, Fix: "lower container memory/cpu or raise the task size",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			taskCPU, okC := num(r, "cpu")
			taskMem, okM := num(r, "memory")
			var cpu, mem float64
			for _, c := range containers(r) {
				v, _ := number(c["cpu"])
				cpu += v
				if m, ok := number(c["memory"]); ok {
					mem += m
				} else if m, ok := number(c["memoryReservation"]); ok {
					mem += m
				}
			}
			return first(check(!okC || cpu <= taskCPU, "containers ask for cpu %v, the task has %v", cpu, taskCPU),
				check(!okM || mem <= taskMem, "containers ask for memory %v MiB, the task has %v", mem, taskMem))
		}},
	{ID: "PF.ECS.7", Title: "A load-balanced container port is mapped in the task definition", Types: []string{ecsService},
		Rejects: "CreateService: InvalidParameterException: The container does not have a container port defined",
		Source:  ecsServiceDoc, Fix: "add the port to the container's portMappings or correct loadBalancers.containerName/containerPort",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "loadBalancers") {
				name := str(r, fmt.Sprintf("loadBalancers.%d.containerName", i))
				port, _ := num(r, fmt.Sprintf("loadBalancers.%d.containerPort", i))
				for _, td := range deps(r, g, taskDefinition) {
					if !mapsPort(td, name, port) {
						return fmt.Sprintf("container %s port %v is not in task definition %s", name, port, td.Name)
					}
				}
			}
			return ""
		}},
	{ID: "PF.ECS.8", Title: "A health check grace period needs a load balancer", Types: []string{ecsService},
		Rejects: "CreateService: InvalidParameterException: Health check grace period is only valid for services configured to use load balancers",
		Source:  ecsServiceDoc, Fix: "drop healthCheckGracePeriodSeconds from services without loadBalancers",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			_, grace := num(r, "healthCheckGracePeriodSeconds")
			return check(!grace || len(list(r, "loadBalancers")) > 0, "healthCheckGracePeriodSeconds without loadBalancers")
		}},
	{ID: "PF.ECS.9", Title: "Fargate tasks use the awsvpc network mode", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: Fargate only supports network mode awsvpc",
		Source:  ecsTaskDefDoc, Fix: "set networkMode awsvpc",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(!fargate(r) || str(r, "networkMode") == "awsvpc", "networkMode %q on Fargate", str(r, "networkMode"))
		}},
	{ID: "PF.ECS.10", Title: "Deployment percents let a rolling deployment start a task", Types: []string{ecsService},
		Rejects: "with maximumPercent at or below minimumHealthyPercent a rolling deployment can neither start nor stop a task: it never completes",
		Source:  "Amazon ECS Developer Guide, Deploy Amazon ECS services by replacing tasks https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html",
		Fix:     "keep deploymentMaximumPercent above deploymentMinimumHealthyPercent (e.g. 200 and 100)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			maxP, okMax := num(r, "deploymentMaximumPercent")
			minP, okMin := num(r, "deploymentMinimumHealthyPercent")
			return check(!okMax || !okMin || maxP > minP, "deploymentMaximumPercent %v, deploymentMinimumHealthyPercent %v", maxP, minP)
		}},
	{ID: "PF.ECS.13", Title: "Every container's image is a reference ECS accepts", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException: invalid image (up to 255 letters, numbers, hyphens, underscores, colons, periods, forward slashes and number signs; a digest after @)",
		Source:  "Amazon ECS Developer Guide, Task definition parameters, image https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html",
		Fix:     "give each container a repository URL with a tag or digest (a sidecar's repository must be one the stack or its base has)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, c := range containers(r) {
				image, _ := c["image"].(string)
				if len(image) > 255 || !imageReference.MatchString(image) {
					return fmt.Sprintf("container %v has image %q", c["name"], image)
				}
			}
			return ""
		}},
}

// imageReference is what ECS takes as a container's image.
var imageReference = regexp.MustCompile(`^[A-Za-z0-9_./:#-]+(@sha256:[0-9a-f]{64})?$`)

func mapsPort(td *graph.Resource, name string, port float64) bool {
	for _, c := range containers(td) {
		if c["name"] != name {
			continue
		}
		for _, m := range asList(c["portMappings"]) {
			if pm, ok := m.(map[string]any); ok && pm["containerPort"] == port {
				return true
			}
		}
	}
	return false
}

// awsfactsDoc names the awsfacts table a rule reads, with that table's source.
func awsfactsDoc(table string) string {
	for _, s := range awsfacts.Sources() {
		if len(s.Table) >= len(table) && s.Table[:len(table)] == table {
			return s.Document + " (table internal/awsfacts, checked " + s.Checked.Format("2006-01-02") + ")"
		}
	}
	return "internal/awsfacts " + table
}

// ssmAgentPaths are where the ECS Exec agent writes.
// ssmAgentPaths are where the SSM agent writes; /managed-agents, where its
// binaries are, is bind-mounted by ECS itself.
var ssmAgentPaths = []string{"/var/lib/amazon/ssm", "/var/log/amazon/ssm"}

// writable reports whether a container mounts a writable volume at every
// path, or at a folder above it.
func writable(c map[string]any, paths ...string) bool {
	var mounted []string
	for _, m := range asList(c["mountPoints"]) {
		if mp, ok := m.(map[string]any); ok && mp["readOnly"] != true {
			mounted = append(mounted, fmt.Sprint(mp["containerPath"]))
		}
	}
	for _, p := range paths {
		if !slices.ContainsFunc(mounted, func(m string) bool { return p == m || strings.HasPrefix(p, strings.TrimSuffix(m, "/")+"/") }) {
			return false
		}
	}
	return true
}

// spotPlatformOf is what a resource that starts tasks on the given capacity
// providers runs on Fargate Spot that Spot cannot run: "" when it uses no
// Spot, or every task definition it runs is a Spot platform.
func spotPlatformOf(providers []string, r *graph.Resource, g *graph.Graph) string {
	if !slices.Contains(providers, "FARGATE_SPOT") {
		return ""
	}
	for _, td := range deps(r, g, taskDefinition) {
		if p, _ := platformOf(td); !p.Spot {
			return fmt.Sprintf("capacity provider FARGATE_SPOT runs task definition %s of %s/%s", td.Name, p.OS, p.Arch)
		}
	}
	return ""
}
