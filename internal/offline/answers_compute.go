package offline

// computeAnswers answer the container, log, schedule and scaling types and
// the local commands migrations run.
var computeAnswers = map[string]answer{
	"aws:cloudwatch/logGroup:LogGroup": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"name": f.name, "arn": f.arn("logs", "log-group:"+f.name)}
	},
	"aws:ecr/repository:Repository": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{
			"arn":           f.arn("ecr", "repository/"+f.name),
			"repositoryUrl": f.account + ".dkr.ecr." + f.region + ".amazonaws.com/" + f.name,
			"registryId":    f.account,
		}
	},
	"aws:ecs/cluster:Cluster": func(f facts) (string, map[string]any) {
		arn := f.arn("ecs", "cluster/"+f.name)
		return arn, map[string]any{"arn": arn, "name": f.name}
	},
	"aws:ecs/taskDefinition:TaskDefinition": func(f facts) (string, map[string]any) {
		family := f.str("family")
		return family, map[string]any{"arn": f.arn("ecs", "task-definition/"+family+":1"), "revision": 1, "arnWithoutRevision": f.arn("ecs", "task-definition/"+family)}
	},
	"aws:ecs/service:Service": func(f facts) (string, map[string]any) {
		return f.arn("ecs", "service/"+f.name), map[string]any{"name": f.name}
	},
	"aws:scheduler/schedule:Schedule": func(f facts) (string, map[string]any) {
		return "default/" + f.name, map[string]any{"arn": f.arn("scheduler", "schedule/default/"+f.name)}
	},
	"aws:appautoscaling/target:Target": func(f facts) (string, map[string]any) {
		return f.str("resourceId"), map[string]any{"arn": f.arn("application-autoscaling", "scalable-target/"+f.hex(24))}
	},
	"command:local:Command": func(f facts) (string, map[string]any) {
		return f.hex(16), map[string]any{"stdout": "migration task finished with exit code 0", "stderr": ""}
	},
}
