package preflight

import (
	"testing"

	"platform/internal/graph"
)

func classGroup(class string) *graph.Resource {
	inputs := M{"name": "/ecs/platform-dev-web", "retentionInDays": 7.0}
	if class != "" {
		inputs["logGroupClass"] = class
	}
	return res(logGroup, "web-logs", inputs)
}

var logClassCases = []ruleCase{
	{rule: "PF.CW.3", badName: "errors", good: one(classGroup("STANDARD"), res("aws:cloudwatch/logMetricFilter:LogMetricFilter", "errors", M{"logGroupName": "/ecs/platform-dev-web"})),
		bad: one(classGroup("INFREQUENT_ACCESS"), res("aws:cloudwatch/logMetricFilter:LogMetricFilter", "errors", M{"logGroupName": "/ecs/platform-dev-web"}))},
	{rule: "PF.CW.3", badName: "ship", good: one(classGroup(""), res("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "ship", M{"logGroupName": "/ecs/platform-dev-web"})),
		bad: one(classGroup("INFREQUENT_ACCESS"), res("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "ship", M{"logGroupName": "/ecs/platform-dev-web"}))},
	{rule: "PF.CW.3", badName: "anomalies", good: one(classGroup("INFREQUENT_ACCESS"), res("aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector", "anomalies", M{"logGroupArnLists": L{"arn:aws:logs:us-east-1:1:log-group:/ecs/other:*"}})),
		bad: one(classGroup("INFREQUENT_ACCESS"), res("aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector", "anomalies", M{"logGroupArnLists": L{"arn:aws:logs:us-east-1:1:log-group:/ecs/platform-dev-web:*"}}))},
}

func TestLogClassRules(t *testing.T) { runCases(t, logClassCases) }

func TestScheduleSpotRules(t *testing.T) { runCases(t, scheduleSpotCases) }
