package preflight

import (
	"testing"

	"platform/internal/graph"
)

// weighted is a listener rule forwarding by the given weights, with
// stickiness for duration seconds (0: off).
func weighted(duration any, weights ...any) func() []*graph.Resource {
	groups := L{}
	for i, w := range weights {
		groups = append(groups, M{"arn": "arn:tg/" + string(rune('a'+i)), "weight": w})
	}
	forward := M{"targetGroups": groups}
	if duration != nil {
		forward["stickiness"] = M{"enabled": true, "duration": duration}
	}
	return one(res(listenerRule, "rule", M{"priority": 1, "actions": L{M{"type": "forward", "forward": forward}}}))
}

// alarmedService is an ECS service whose deployment rolls back on the named
// alarms, with the stack's alarms and an optional deployment controller.
func alarmedService(controller string, named []any, existing ...string) func() []*graph.Resource {
	return func() []*graph.Resource {
		inputs := M{"name": "web", "alarms": M{"alarmNames": L(named), "enable": true, "rollback": true}}
		if controller != "" {
			inputs["deploymentController"] = M{"type": controller}
		}
		out := []*graph.Resource{res(ecsService, "svc", inputs)}
		for _, name := range existing {
			out = append(out, res(metricAlarm, name, M{"name": name}))
		}
		return out
	}
}

var canaryCases = []ruleCase{
	{rule: "PF.CANARY.1", badName: "rule", good: weighted(nil, 90, 10), bad: weighted(nil, 0, 0)},
	{rule: "PF.CANARY.1", badName: "rule", good: weighted(nil, 0, 999), bad: weighted(nil, 0, 1000)},
	// A canary warming up: its target group on the listener at weight 0.
	{rule: "PF.CANARY.1", badName: "rule", good: weighted(600, 100, 0), bad: weighted(600, 100, -1)},
	{rule: "PF.CANARY.1", badName: "rule", good: weighted(nil, 90, 10), bad: func() []*graph.Resource {
		rs := weighted(nil, 90, 10)()
		rs[0].Inputs["actions"].([]any)[0].(map[string]any)["targetGroupArn"] = "arn:tg/a"
		return rs
	}},
	{rule: "PF.CANARY.2", badName: "rule", good: weighted(600, 90, 10), bad: weighted(604801, 90, 10)},
	{rule: "PF.CANARY.2", badName: "rule", good: weighted(1, 90, 10), bad: weighted(0, 90, 10)},
	{rule: "PF.CANARY.3", badName: "svc", good: alarmedService("ECS", L{"web-5xx"}, "web-5xx"), bad: alarmedService("CODE_DEPLOY", L{"web-5xx"}, "web-5xx")},
	{rule: "PF.CANARY.3", badName: "svc", good: alarmedService("", L{"web-5xx"}, "web-5xx"), bad: alarmedService("", L{})},
	{rule: "PF.CANARY.4", badName: "svc", good: alarmedService("", L{"web-5xx", "web-latency"}, "web-5xx", "web-latency"),
		bad: alarmedService("", L{"web-5xx", "web-latency"}, "web-5xx")},
}

func TestCanaryRules(t *testing.T) { runCases(t, canaryCases) }
