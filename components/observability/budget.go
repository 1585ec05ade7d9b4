package observability

import (
	"errors"
	"math"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/costexplorer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// DefaultBudgetMarginPercent is added to the recorded estimate when the
// stack names no margin.
const DefaultBudgetMarginPercent = 20.0

// BudgetArgs configure the stack's monthly AWS Budget. The limit is
// AmountUSD when set, else EstimateUSD plus MarginPercent.
type BudgetArgs struct {
	// EstimateUSD is the stack's monthly estimate in USD, 0 or more, as
	// `platform budget` recorded it. Default: 0.
	EstimateUSD float64
	// MarginPercent is added to the estimate, 0 to 1000. Default: none (the
	// stack passes DefaultBudgetMarginPercent when the config names none).
	MarginPercent float64
	// AmountUSD, when set, is the limit itself, more than 0. Default: nil
	// (estimate plus margin).
	AmountUSD *float64
	// TagKey and TagValue select the stack's costs: a cost allocation tag
	// every resource of the stack carries (the provider's default tag
	// "stack"). Required.
	TagKey, TagValue string
	// ActivateTagKeys are activated as cost allocation tags; only the payer
	// account can, once the tags have appeared in billing. Default: none.
	ActivateTagKeys []string
}

// Limit is the budget's monthly limit in USD, rounded to the cent.
func (a BudgetArgs) Limit() float64 {
	limit := a.EstimateUSD * (1 + a.MarginPercent/100)
	if a.AmountUSD != nil {
		limit = *a.AmountUSD
	}
	return math.Round(limit*100) / 100
}

// validate checks the budget's numbers; paths are those of
// platform:observability.budget.
func (a *BudgetArgs) validate() error {
	if a == nil {
		return nil
	}
	var errs []error
	if a.MarginPercent < 0 || a.MarginPercent > 1000 {
		errs = append(errs, validate.Field("budget.marginPercent", a.MarginPercent, "is out of range", "0 to 1000"))
	}
	if a.EstimateUSD < 0 {
		errs = append(errs, validate.Field("budget.estimate", a.EstimateUSD, "is negative", "the estimate `platform budget` records, 0 or more"))
	}
	if a.AmountUSD != nil && *a.AmountUSD <= 0 {
		errs = append(errs, validate.Field("budget.amount", *a.AmountUSD, "is not more than 0", "a monthly limit in USD, more than 0"))
	}
	if len(errs) == 0 && a.Limit() <= 0 {
		errs = append(errs, validate.Field("budget", a.Limit(), "makes a limit of 0 USD, which every notification passes", "an amount more than 0, or an estimate recorded by `platform budget`"))
	}
	if a.TagKey == "" || a.TagValue == "" {
		errs = append(errs, validate.Missing("budget", "the stack's tag to select its costs by"))
	}
	return errors.Join(errs...)
}

// budgetNotifications are when the alerts topic hears from the budget: the
// month's forecast passing 80% of the limit, and actual spend passing 100%.
var budgetNotifications = []struct {
	kind      string
	threshold float64
}{{"FORECASTED", 80}, {"ACTUAL", 100}}

// budgetsPublish lets AWS Budgets publish to the alerts topic, from this
// account's budgets only ("Creating an Amazon SNS topic for budget
// notifications"); nil without a budget and for the edge topic, which the
// budget does not notify.
func (b *builder) budgetsPublish(role string, topic pulumi.StringInput) []iamdoc.Statement {
	if b.args.Budget == nil || role != "alerts" {
		return nil
	}
	return []iamdoc.Statement{{
		Sid: "BudgetsPublish", Actions: []string{"SNS:Publish"}, Resources: []pulumi.StringInput{topic},
		Principal: map[string]pulumi.StringInput{"Service": pulumi.String("budgets.amazonaws.com")},
		Condition: map[string]map[string][]string{
			"StringEquals": {"aws:SourceAccount": {b.account}},
			"ArnLike":      {"aws:SourceArn": {"arn:aws:budgets::" + b.account + ":*"}},
		},
	}}
}

// budgetsEncrypt lets AWS Budgets use the topic's key: an encrypted topic
// refuses a publisher that cannot generate its data key.
func (b *builder) budgetsEncrypt(role string) []iamdoc.Statement {
	if b.args.Budget == nil || role != "alerts" {
		return nil
	}
	return []iamdoc.Statement{{Sid: "BudgetsPublish", Actions: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resources: iamdoc.Any,
		Principal: map[string]pulumi.StringInput{"Service": pulumi.String("budgets.amazonaws.com")}}}
}

// budget creates the monthly cost budget on the stack's tag and, when
// asked, activates the platform's tags as cost allocation tags.
func (b *builder) budget() error {
	a := b.args.Budget
	if a == nil {
		return nil
	}
	var notifications budgets.BudgetNotificationArray
	for _, n := range budgetNotifications {
		notifications = append(notifications, budgets.BudgetNotificationArgs{
			NotificationType: pulumi.String(n.kind), ComparisonOperator: pulumi.String("GREATER_THAN"),
			Threshold: pulumi.Float64(n.threshold), ThresholdType: pulumi.String("PERCENTAGE"),
			SubscriberSnsTopicArns: pulumi.StringArray{b.topic.Arn},
		})
	}
	// The filter needs the tag active as a cost allocation tag: until then
	// the budget sees no costs (README: Security posture and cost).
	if _, err := budgets.NewBudget(b.ctx, b.name+"-budget", &budgets.BudgetArgs{
		Name:          pulumi.String(b.names.Name(naming.Label, "monthly")),
		BudgetType:    pulumi.String("COST"),
		TimeUnit:      pulumi.String("MONTHLY"),
		LimitAmount:   pulumi.String(strconv.FormatFloat(a.Limit(), 'f', 2, 64)),
		LimitUnit:     pulumi.String("USD"),
		CostFilters:   budgets.BudgetCostFilterArray{budgets.BudgetCostFilterArgs{Name: pulumi.String("TagKeyValue"), Values: pulumi.StringArray{pulumi.String("user:" + a.TagKey + "$" + a.TagValue)}}},
		Notifications: notifications,
	}, b.opts()...); err != nil {
		return err
	}
	for _, key := range a.ActivateTagKeys {
		if _, err := costexplorer.NewCostAllocationTag(b.ctx, b.name+"-tag-"+key, &costexplorer.CostAllocationTagArgs{
			TagKey: pulumi.String(key), Status: pulumi.String("Active"),
		}, b.opts()...); err != nil {
			return err
		}
	}
	return nil
}
