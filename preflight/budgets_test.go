package preflight

import (
	"strings"
	"testing"

	"platform/internal/graph"
)

const alertsARN = "arn:aws:sns:us-east-1:123456789012:platform-dev-alerts"

// monthly is a budget with the platform's two notifications to the alerts
// topic; change edits its inputs.
func monthly(change func(M)) *graph.Resource {
	notify := func(kind string, threshold float64) M {
		return M{"notificationType": kind, "comparisonOperator": "GREATER_THAN", "threshold": threshold, "thresholdType": "PERCENTAGE",
			"subscriberSnsTopicArns": L{alertsARN}}
	}
	in := M{"name": "platform-dev-monthly", "budgetType": "COST", "timeUnit": "MONTHLY", "limitAmount": "194.40", "limitUnit": "USD",
		"costFilters":   L{M{"name": "TagKeyValue", "values": L{"user:stack$dev"}}},
		"notifications": L{notify("FORECASTED", 80), notify("ACTUAL", 100)}}
	if change != nil {
		change(in)
	}
	return res(budget, "budget", in)
}

// alerts is the encrypted alerts topic with its policy and key; budgets says
// whether the two policies let AWS Budgets in.
func alerts(topicAllows, keyAllows bool) []*graph.Resource {
	service := func(allowed bool) string {
		if allowed {
			return "budgets.amazonaws.com"
		}
		return "cloudwatch.amazonaws.com"
	}
	key := res("aws:kms/key:Key", "alerts-key", M{"policy": jsonText(M{"Statement": L{
		M{"Effect": "Allow", "Principal": M{"Service": service(keyAllows)}, "Action": L{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*"}}})})
	t := res(topic, "alerts", M{"kmsMasterKeyId": "arn:aws:kms:us-east-1:123456789012:key/1"}, on(key))
	t.State = map[string]any{"arn": alertsARN}
	policy := res(topicPolicy, "alerts-policy", M{"arn": alertsARN, "policy": jsonText(M{"Statement": L{
		M{"Effect": "Allow", "Principal": M{"Service": service(topicAllows)}, "Action": L{"SNS:Publish"}, "Resource": alertsARN}}})})
	return []*graph.Resource{key, t, policy}
}

func withBudget(b *graph.Resource, rs ...*graph.Resource) func() []*graph.Resource {
	return func() []*graph.Resource { return append(rs, b) }
}

func TestBudgetRules(t *testing.T) { runCases(t, budgetCases) }

var budgetCases = []ruleCase{
	{rule: "PF.BUDGET.1", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["name"] = "platform:dev" }))},
	{rule: "PF.BUDGET.1", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["name"] = strings.Repeat("platform-dev", 9) }))},
	{rule: "PF.BUDGET.2", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["limitAmount"] = "0.00" }))},
	{rule: "PF.BUDGET.2", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["limitAmount"] = "1e3" }))},
	{rule: "PF.BUDGET.2", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["limitUnit"] = "EUR" }))},
	{rule: "PF.BUDGET.3", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) {
			n := in["notifications"].(L)[0].(M)
			n["subscriberSnsTopicArns"] = L{alertsARN, alertsARN + "-2"}
		}))},
	{rule: "PF.BUDGET.3", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) {
			var many L
			for range 11 {
				many = append(many, in["notifications"].(L)[0])
			}
			in["notifications"] = many
		}))},
	{rule: "PF.BUDGET.4", badName: "budget", good: withBudget(monthly(nil), alerts(true, true)...),
		bad: withBudget(monthly(nil), alerts(false, true)...)},
	{rule: "PF.BUDGET.4", badName: "budget", good: withBudget(monthly(nil), alerts(true, true)...),
		bad: withBudget(monthly(nil), alerts(true, false)...)},
	{rule: "PF.BUDGET.5", badName: "budget", good: one(monthly(nil)),
		bad: one(monthly(func(in M) { in["costFilters"] = L{M{"name": "TagKeyValue", "values": L{"stack=dev"}}} }))},
	{rule: "PF.CE.1", badName: "tag", good: one(res(costAllocationTag, "tag", M{"tagKey": "stack", "status": "Active"})),
		bad: one(res(costAllocationTag, "tag", M{"tagKey": "stack", "status": "On"}))},
}
