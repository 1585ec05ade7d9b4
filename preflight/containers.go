package preflight

import (
	"fmt"
	"regexp"
	"slices"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const (
	ecsDependencyDoc = "ContainerDependency, Amazon ECS API Reference https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html"
	ecsContainerDoc  = "ContainerDefinition, Amazon ECS API Reference https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"
	ecsBindMountDoc  = "Use bind mounts with Amazon ECS https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html"
	metricQueryDoc   = "TargetTrackingMetricDataQuery, Application Auto Scaling API Reference https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingMetricDataQuery.html"
	scalingPolicy    = "aws:appautoscaling/policy:Policy"
)

// containerFacts are what the container rules need of a task definition.
type containerFacts struct {
	names     []string
	essential map[string]bool
	health    map[string]bool
}

func factsOf(td *graph.Resource) containerFacts {
	f := containerFacts{essential: map[string]bool{}, health: map[string]bool{}}
	for _, c := range containers(td) {
		name := fmt.Sprint(c["name"])
		f.names = append(f.names, name)
		f.essential[name] = c["essential"] != false
		f.health[name] = c["healthCheck"] != nil
	}
	return f
}

// metricID is what Application Auto Scaling accepts as a metric query id.
var metricID = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)

var containerRules = []Rule{
	{ID: "PF.CTR.1", Title: "Container names are unique in a task definition", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException: duplicate container names", Source: ecsContainerDoc,
		Fix: "give each container of the task its own name",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			f := factsOf(r)
			for i, n := range f.names {
				if slices.Index(f.names, n) != i {
					return fmt.Sprintf("container name %s is used twice", n)
				}
			}
			return ""
		}},
	{ID: "PF.CTR.2", Title: "A container waits only for another container of its task, on a condition ECS knows", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException on a dependsOn naming no container of the task or an unknown condition", Source: ecsDependencyDoc,
		Fix: "name another container of the task, with START, COMPLETE, SUCCESS or HEALTHY",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			f := factsOf(r)
			for _, c := range containers(r) {
				for _, d := range asList(c["dependsOn"]) {
					dep, _ := d.(map[string]any)
					target, condition := fmt.Sprint(dep["containerName"]), fmt.Sprint(dep["condition"])
					if target == fmt.Sprint(c["name"]) || !slices.Contains(f.names, target) {
						return fmt.Sprintf("container %v depends on %s, not another container of the task", c["name"], target)
					}
					if !slices.Contains(awsfacts.DependencyConditions, condition) {
						return fmt.Sprintf("container %v waits for %s on condition %s", c["name"], target, condition)
					}
				}
			}
			return ""
		}},
	{ID: "PF.CTR.3", Title: "COMPLETE and SUCCESS wait for non-essential containers, HEALTHY for containers with a health check", Types: []string{taskDefinition},
		Rejects: "COMPLETE and SUCCESS \"can't be set on an essential container\"; HEALTHY on a container without a health check never becomes true, so the task never starts",
		Source:  ecsDependencyDoc, Fix: "set essential false on a container others wait for to exit, and a healthCheck on one they wait for to be healthy",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			f := factsOf(r)
			for _, c := range containers(r) {
				for _, d := range asList(c["dependsOn"]) {
					dep, _ := d.(map[string]any)
					target, condition := fmt.Sprint(dep["containerName"]), fmt.Sprint(dep["condition"])
					if awsfacts.DependencyNeedsNonEssential(condition) && f.essential[target] {
						return fmt.Sprintf("container %v waits for essential container %s on %s", c["name"], target, condition)
					}
					if condition == "HEALTHY" && slices.Contains(f.names, target) && !f.health[target] {
						return fmt.Sprintf("container %v waits for %s to be HEALTHY, which has no health check", c["name"], target)
					}
				}
			}
			return ""
		}},
	quotaRule("PF.CTR.4", awsfacts.QuotaContainersPerTaskDef, []string{taskDefinition}, "move containers to another workload",
		func(r *graph.Resource, g *graph.Graph) (int, string) { return len(containers(r)), "containers" }),
	{ID: "PF.CTR.5", Title: "A task definition has an essential container", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException: a task definition needs at least one essential container", Source: ecsContainerDoc,
		Fix: "keep the main container essential",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, essential := range factsOf(r).essential {
				if essential {
					return ""
				}
			}
			return "no container is essential"
		}},
	{ID: "PF.CTR.6", Title: "Containers of an awsvpc task listen on different ports", Types: []string{taskDefinition},
		Rejects: "the containers of an awsvpc task share one network namespace: the second container to bind a port fails to start (address in use)",
		Source:  "Amazon ECS task networking for Fargate https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
		Fix:     "give each container's portMappings a containerPort of its own",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "networkMode") != "awsvpc" {
				return ""
			}
			owner := map[string]any{}
			for _, c := range containers(r) {
				for _, m := range asList(c["portMappings"]) {
					pm, _ := m.(map[string]any)
					key := fmt.Sprintf("%v/%v", pm["containerPort"], pm["protocol"])
					if other, dup := owner[key]; dup {
						return fmt.Sprintf("containers %v and %v both map port %s", other, c["name"], key)
					}
					owner[key] = c["name"]
				}
			}
			return ""
		}},
	{ID: "PF.CTR.7", Title: "Every mount point names a volume of the task definition", Types: []string{taskDefinition},
		Rejects: "RegisterTaskDefinition: ClientException: a mountPoints sourceVolume that is not among the task's volumes", Source: ecsBindMountDoc,
		Fix: "declare the volume in the task definition's volumes (a bind mount in ephemeral storage on Fargate)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var volumes []string
			for i := range list(r, "volumes") {
				volumes = append(volumes, str(r, fmt.Sprintf("volumes.%d.name", i)))
			}
			for _, c := range containers(r) {
				for _, m := range asList(c["mountPoints"]) {
					mp, _ := m.(map[string]any)
					if v := fmt.Sprint(mp["sourceVolume"]); !slices.Contains(volumes, v) {
						return fmt.Sprintf("container %v mounts volume %s, which the task does not declare", c["name"], v)
					}
				}
			}
			return ""
		}},
	{ID: "PF.CTR.8", Title: "A target-tracking metric-math query has valid ids and returns one series", Types: []string{scalingPolicy},
		Rejects: "PutScalingPolicy: ValidationException: ids start with a lower-case letter (letters, digits, _), and exactly one query returns data",
		Source:  metricQueryDoc, Fix: "name queries like queue0 and tasks, and set returnData true on the final expression only",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			const at = "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics"
			queries := list(r, at)
			if len(queries) == 0 {
				return ""
			}
			returning := 0
			for i := range queries {
				if id := str(r, fmt.Sprintf("%s.%d.id", at, i)); !metricID.MatchString(id) {
					return fmt.Sprintf("metric query id %q", id)
				}
				// returnData defaults to true.
				if r.Input(fmt.Sprintf("%s.%d.returnData", at, i)) != false {
					returning++
				}
			}
			return check(returning == 1, "%d queries return data", returning)
		}},
}
