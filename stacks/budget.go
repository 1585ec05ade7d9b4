package stacks

import (
	"maps"
	"slices"

	"platform/components/observability"
	"platform/internal/schema"
)

// The budget's limit comes from an estimate recorded in the stack file, not
// from the graph: under a real `pulumi up` there is no recorded graph to
// price, so `platform budget --stack NAME` prices the offline plan with the
// same table as `plan --cost` and writes the figure to
// platform:observability.budget.estimate, and the deploy reads it back. A
// deploy never depends on a price computed at deploy time, and a changed
// estimate is a reviewed change to the stack file.

// resolveBudget fills the budget's defaults on a copy, so that resolving
// never writes into what was decoded; nil stays nil.
func resolveBudget(b *schema.Budget) *schema.Budget {
	if b == nil {
		return nil
	}
	r := *b
	r.MarginPercent = or(r.MarginPercent, observability.DefaultBudgetMarginPercent)
	r.CostAllocationTags = or(r.CostAllocationTags, false)
	return &r
}

// budgetArgs are the budget's arguments: none until the stack file records
// an estimate or an amount.
func (c *Config) budgetArgs() *observability.BudgetArgs {
	b := c.Observability.Budget
	if b == nil || (b.Estimate == nil && b.Amount == nil) {
		return nil
	}
	args := &observability.BudgetArgs{
		EstimateUSD: deref(b.Estimate), MarginPercent: deref(b.MarginPercent), AmountUSD: b.Amount,
		TagKey: "stack", TagValue: c.Stack,
	}
	if *b.CostAllocationTags {
		args.ActivateTagKeys = slices.Sorted(maps.Keys(c.DefaultTags()))
	}
	return args
}
