package preflight

import (
	"fmt"

	"platform/internal/graph"
)

const (
	elbTupleDoc       = "Elastic Load Balancing API Reference, TargetGroupTuple and ForwardActionConfig https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ForwardActionConfig.html"
	elbStickinessDoc  = "Elastic Load Balancing API Reference, TargetGroupStickinessConfig https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupStickinessConfig.html"
	ecsAlarmsDoc      = "Amazon ECS API Reference, DeploymentAlarms https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentAlarms.html"
	ecsAlarmFailedDoc = "Amazon ECS Developer Guide, How CloudWatch alarms detect Amazon ECS deployment failures https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html"
)

// Limits of a weighted forward action (TargetGroupTuple, TargetGroupStickinessConfig).
const (
	maxForwardWeight     = 999
	maxStickinessSeconds = 604800
)

// A canary release splits a rule's traffic by weight between two target
// groups and rolls its ECS services back on alarms. How many target groups
// one action and one load balancer take are quotas (PF.QUOTA.7, PF.QUOTA.4,
// which count weighted groups too; placement counts a canary's group on its
// service's load balancer before); these are the shapes AWS refuses.
var canaryRules = []Rule{
	{ID: "PF.CANARY.1", Title: "A weighted forward action has weights 0 to 999, not all 0, and no target group beside them", Types: []string{listenerRule},
		Rejects: "CreateRule/ModifyRule: ValidationError (weight out of range, every weight 0, or TargetGroupArn with several weighted groups)",
		Source:  elbTupleDoc, Fix: "give each weighted target group a weight of 0 to 999 with at least one above 0, and no targetGroupArn beside them",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "actions") {
				p := fmt.Sprintf("actions.%d.", i)
				groups := list(r, p+"forward.targetGroups")
				if len(groups) == 0 {
					continue
				}
				if len(groups) > 1 && str(r, p+"targetGroupArn") != "" {
					return fmt.Sprintf("action %d names a target group beside %d weighted ones", i, len(groups))
				}
				sum := 0.0
				for j := range groups {
					w, ok := num(r, fmt.Sprintf("%sforward.targetGroups.%d.weight", p, j))
					if !ok {
						w = 1 // ELB's default weight
					}
					if w < 0 || w > maxForwardWeight {
						return fmt.Sprintf("action %d weighs target group %d %v, outside 0 to %d", i, j, w, maxForwardWeight)
					}
					sum += w
				}
				if sum == 0 {
					return fmt.Sprintf("action %d weighs every target group 0: no request has a target", i)
				}
			}
			return ""
		}},
	{ID: "PF.CANARY.2", Title: "Target group stickiness of a forward action lasts 1 to 604800 seconds", Types: []string{listenerRule},
		Rejects: "CreateRule/ModifyRule: ValidationError (stickiness duration is required when enabled, 1 to 604800 seconds)",
		Source:  elbStickinessDoc, Fix: "set forward.stickiness.duration between 1 and 604800 seconds when stickiness is enabled",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "actions") {
				p := fmt.Sprintf("actions.%d.forward.stickiness.", i)
				if !truthy(r, p+"enabled") {
					continue
				}
				if d, ok := num(r, p+"duration"); !ok || d < 1 || d > maxStickinessSeconds {
					return fmt.Sprintf("action %d keeps clients on a target group for %v seconds, outside 1 to %d", i, r.Input(p+"duration"), maxStickinessSeconds)
				}
			}
			return ""
		}},
	{ID: "PF.CANARY.3", Title: "Deployment alarms need the ECS (rolling update) deployment controller and at least one alarm", Types: []string{ecsService},
		Rejects: "CreateService/UpdateService: InvalidParameterException (deployment alarms are only for the ECS deployment controller)",
		Source:  ecsAlarmsDoc, Fix: "leave deploymentController unset (ECS) on a service with alarms enabled, and name its alarms",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "alarms.enable") {
				return ""
			}
			if controller := str(r, "deploymentController.type"); controller != "" && controller != "ECS" {
				return fmt.Sprintf("deployment alarms are enabled with the %s deployment controller", controller)
			}
			if len(list(r, "alarms.alarmNames")) == 0 {
				return "deployment alarms are enabled without an alarm"
			}
			return ""
		}},
	{ID: "PF.CANARY.4", Title: "Every deployment alarm a service names is an alarm of the stack", Types: []string{ecsService},
		Rejects: "an alarm that does not exist never goes into ALARM: the deployment it should fail completes and nothing rolls back",
		Source:  ecsAlarmFailedDoc, Fix: "name the alarms the stack creates (observability.AlarmName), or create the alarm",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "alarms.enable") {
				return ""
			}
			for _, name := range stringsOf(list(r, "alarms.alarmNames")) {
				if len(withInput(g, metricAlarm, "name", name)) == 0 {
					return fmt.Sprintf("deployment alarm %s is not an alarm of the stack", name)
				}
			}
			return ""
		}},
}
