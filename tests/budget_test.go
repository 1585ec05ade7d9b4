package tests

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/preflight"
)

const budgetType = "aws:budgets/budget:Budget"

func budgetStack(t *testing.T, budget string) *graph.Graph {
	t.Helper()
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:observability": `{"budget":` + budget + `}`})
	require.NoError(t, err)
	return g
}

// sids lists a policy's statement ids.
func sids(p iamPolicy) []string {
	var out []string
	for _, s := range p.Statement {
		out = append(out, s.Sid)
	}
	return out
}

func TestTheBudgetIsTheRecordedEstimatePlusTheMarginAndNotifiesTheAlertsTopic(t *testing.T) {
	g := budgetStack(t, `{"estimate": 162}`)
	b := only(t, g, budgetType, "observability-budget")
	assert.Equal(t, "194.40", b.Input("limitAmount"), "162 USD plus the default 20%")
	assert.Equal(t, "USD", b.Input("limitUnit"))
	assert.Equal(t, "MONTHLY", b.Input("timeUnit"))
	assert.Equal(t, "COST", b.Input("budgetType"))
	assert.Equal(t, []any{map[string]any{"name": "TagKeyValue", "values": []any{"user:stack$dev"}}}, b.Input("costFilters"))
	alerts := only(t, g, "aws:sns/topic:Topic", "observability-alerts")
	notifications := b.Input("notifications").([]any)
	require.Len(t, notifications, 2)
	for i, want := range []struct {
		kind      string
		threshold float64
	}{{"FORECASTED", 80}, {"ACTUAL", 100}} {
		n := notifications[i].(map[string]any)
		assert.Equal(t, want.kind, n["notificationType"])
		assert.Equal(t, want.threshold, n["threshold"])
		assert.Equal(t, "PERCENTAGE", n["thresholdType"])
		assert.Equal(t, "GREATER_THAN", n["comparisonOperator"])
		assert.Equal(t, []any{alerts.Output("arn")}, n["subscriberSnsTopicArns"])
	}

	policy := policyAt(t, only(t, g, "aws:sns/topicPolicy:TopicPolicy", "observability-alerts-policy"), "policy")
	require.Equal(t, []string{"CloudWatchAlarmsPublish", "BudgetsPublish"}, sids(policy))
	budgets := policy.Statement[1]
	assert.Equal(t, map[string]string{"Service": "budgets.amazonaws.com"}, budgets.Principal)
	assert.Equal(t, []string{"SNS:Publish"}, budgets.Action)
	assert.Equal(t, []string{alerts.Output("arn").(string)}, budgets.Resource)
	assert.Equal(t, map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {"123456789012"}},
		"ArnLike": {"aws:SourceArn": {"arn:aws:budgets::123456789012:*"}}}, budgets.Condition)
	key := policyAt(t, only(t, g, "aws:kms/key:Key", "observability-alerts-key"), "policy")
	assert.Equal(t, []string{"AccountAdministers", "CloudWatchPublishes", "BudgetsPublish"}, sids(key))

	assert.Empty(t, g.ByType("aws:costexplorer/costAllocationTag:CostAllocationTag"), "tags are activated only where asked")
	for _, f := range preflight.Run(g).Findings {
		assert.NotContains(t, f.Rule, "BUDGET", f.Message)
	}
}

func TestNoBudgetUntilAnEstimateOrAmountIsRecorded(t *testing.T) {
	g := Evaluate(t, "dev")
	assert.Empty(t, g.ByType(budgetType))
	policy := policyAt(t, only(t, g, "aws:sns/topicPolicy:TopicPolicy", "observability-alerts-policy"), "policy")
	assert.Equal(t, []string{"CloudWatchAlarmsPublish"}, sids(policy), "Budgets may not publish where there is no budget")
}

func TestAnExplicitAmountAndTheCostAllocationTags(t *testing.T) {
	g := budgetStack(t, `{"estimate": 162, "amount": 500, "costAllocationTags": true}`)
	assert.Equal(t, "500.00", only(t, g, budgetType, "observability-budget").Input("limitAmount"))
	var keys []any
	for _, tag := range g.ByType("aws:costexplorer/costAllocationTag:CostAllocationTag") {
		assert.Equal(t, "Active", tag.Input("status"))
		keys = append(keys, tag.Input("tagKey"))
	}
	assert.ElementsMatch(t, []any{"environment", "managed-by", "owner", "project", "stack"}, keys)

	g = budgetStack(t, `{"estimate": 100, "marginPercent": 0}`)
	assert.Equal(t, "100.00", only(t, g, budgetType, "observability-budget").Input("limitAmount"))
}

func TestBadBudgetsAreRefusedWithTheirKeyPath(t *testing.T) {
	for _, c := range []struct{ budget, want string }{
		{`{"estimate": 100, "marginPercent": 2000}`, `platform:observability.budget.marginPercent`},
		{`{"amount": 0}`, `platform:observability.budget.amount`},
		{`{"estimate": -5}`, `platform:observability.budget.estimate`},
		{`{"estimate": 0}`, `makes a limit of 0 USD`},
		{`{"limit": 10}`, `platform:observability.budget.limit`},
	} {
		t.Run(c.budget, func(t *testing.T) {
			_, err := EvaluateWith(t, "dev", map[string]string{"platform:observability": `{"budget":` + c.budget + `}`})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestPlatformBudgetRecordsTheEstimateTheDeployReads(t *testing.T) {
	dir := copyFixture(t, nil)
	code, stdout, _ := runCLI("plan", "--stack", "dev", "--cost", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "budget: none; `platform budget --stack dev` records this estimate")

	code, stdout, stderr := runCLI("budget", "--stack", "dev", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	estimate := cost.Of(Evaluate(t, "dev")).MonthlyTotal
	assert.Equal(t, fmt.Sprintf("dev: platform:observability.budget.estimate = %.2f (USD a month, us-east-1)\n", estimate), stdout)
	text, err := os.ReadFile(filepath.Join(dir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(text), fmt.Sprintf("  platform:observability:\n    budget:\n      estimate: %.2f\n", estimate))
	assert.Contains(t, string(text), "# The domain is delegated", "comments are kept")

	g, err := evaluate.Stack(dir, "dev")
	require.NoError(t, err)
	limit := fmt.Sprintf("%.2f", math.Round(estimate*1.2*100)/100)
	assert.Equal(t, limit, only(t, g, budgetType, "observability-budget").Input("limitAmount"))
	code, stdout, _ = runCLI("plan", "--stack", "dev", "--cost", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "budget: "+limit+" USD a month; this estimate is 83% of it\n")

	code, _, _ = runCLI("budget", "--stack", "dev", "--dir", dir)
	require.Equal(t, 0, code, "recording again replaces the estimate")
	again, err := os.ReadFile(filepath.Join(dir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	assert.Equal(t, string(text), string(again))
}
