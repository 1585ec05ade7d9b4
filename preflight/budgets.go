package preflight

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"platform/internal/graph"
)

const (
	budget            = "aws:budgets/budget:Budget"
	costAllocationTag = "aws:costexplorer/costAllocationTag:CostAllocationTag"
	topicPolicy       = "aws:sns/topicPolicy:TopicPolicy"

	budgetDoc       = "AWS Billing and Cost Management API Reference, Budget https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html"
	spendDoc        = "AWS Billing and Cost Management API Reference, Spend https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Spend.html"
	notificationDoc = "AWS Billing and Cost Management API Reference, Notification and CreateNotification https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html"
	budgetsSNSDoc   = "AWS Cost Management User Guide, Creating an Amazon SNS topic for budget notifications https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html"
	activateTagsDoc = "AWS Billing User Guide, Activating user-defined cost allocation tags https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html; Cost Explorer API Reference, UpdateCostAllocationTagsStatus https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_UpdateCostAllocationTagsStatus.html"
)

// spendAmount is the Budgets API's pattern for an amount.
var spendAmount = regexp.MustCompile(`^([0-9]*\.)?[0-9]+$`)

// tagFilter is a TagKeyValue cost filter value: "user:<key>$<value>".
var tagFilter = regexp.MustCompile(`^user:[^$]+\$.*$`)

var budgetRules = []Rule{
	{ID: "PF.BUDGET.1", Title: "Budget names fit the Budgets API", Types: []string{budget},
		Rejects: "CreateBudget: ValidationException: BudgetName is 1 to 100 characters, without ':' or '\\' and without \"/action/\"",
		Source:  budgetDoc, Fix: "shorten the project or stack name, or drop the characters",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			name := str(r, "name")
			return check(name == "" || (len(name) <= 100 && !strings.ContainsAny(name, `:\`) && !strings.Contains(name, "/action/")), "name %q", name)
		}},
	{ID: "PF.BUDGET.2", Title: "The budget's limit is a positive amount in USD", Types: []string{budget},
		Rejects: "CreateBudget: ValidationException: BudgetLimit.Amount must match ([0-9]*\\.)?[0-9]+; a limit of 0 makes every percentage notification fire",
		Source:  spendDoc, Fix: "record an estimate (`platform budget --stack NAME`) or set platform:observability.budget.amount above 0",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			amount, unit := str(r, "limitAmount"), str(r, "limitUnit")
			v, _ := num(r, "limitAmount")
			return first(check(spendAmount.MatchString(amount) && v > 0, "limitAmount %q", amount),
				check(unit == "USD", "limitUnit %q", unit))
		}},
	{ID: "PF.BUDGET.3", Title: "Budget notifications fit their limits", Types: []string{budget},
		Rejects: "CreateBudget: a budget has at most 10 notifications; each has at least one subscriber, at most one SNS topic and 10 email addresses",
		Source:  notificationDoc, Fix: "drop notifications, or move subscribers to the alerts topic",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			notifications := list(r, "notifications")
			if len(notifications) > 10 {
				return fmt.Sprintf("%d notifications", len(notifications))
			}
			for i := range notifications {
				p := fmt.Sprintf("notifications.%d.", i)
				topics, emails := len(list(r, p+"subscriberSnsTopicArns")), len(list(r, p+"subscriberEmailAddresses"))
				if topics > 1 || emails > 10 || topics+emails == 0 {
					return fmt.Sprintf("notification %d has %d SNS topics and %d email addresses", i, topics, emails)
				}
			}
			return ""
		}},
	{ID: "PF.BUDGET.4", Title: "The topic a budget notifies lets AWS Budgets publish, and its key lets Budgets use it", Types: []string{budget},
		Rejects: "AWS Budgets drops a notification to a topic whose policy does not allow budgets.amazonaws.com SNS:Publish, or whose KMS key does not let it generate a data key",
		Source:  budgetsSNSDoc, Fix: "allow SNS:Publish to service budgets.amazonaws.com in the topic policy and kms:GenerateDataKey* and kms:Decrypt in its key's policy",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "notifications") {
				for _, arn := range stringsOf(list(r, fmt.Sprintf("notifications.%d.subscriberSnsTopicArns", i))) {
					if problem := budgetsMayPublish(g, arn); problem != "" {
						return problem
					}
				}
			}
			return ""
		}},
	{ID: "PF.BUDGET.5", Title: "Budgets select the stack by a cost allocation tag", Types: []string{budget},
		Rejects: "CreateBudget: TagKeyValue filter values are user:<key>$<value>; a tag not activated as a cost allocation tag selects no costs, so the budget never fires",
		Source:  budgetDoc + "; " + activateTagsDoc, Fix: "filter by the stack tag, and activate it in the payer account (platform:observability.budget.costAllocationTags there)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "costFilters") {
				p := fmt.Sprintf("costFilters.%d.", i)
				if str(r, p+"name") != "TagKeyValue" {
					continue
				}
				for _, v := range stringsOf(list(r, p+"values")) {
					if !tagFilter.MatchString(v) {
						return fmt.Sprintf("tag filter value %q", v)
					}
				}
			}
			return ""
		}},
	{ID: "PF.CE.1", Title: "Cost allocation tags are activated with a valid key and status", Types: []string{costAllocationTag},
		Rejects: "UpdateCostAllocationTagsStatus: ValidationException: TagKey is 1 to 128 characters and Status Active or Inactive; " +
			"it fails outside the payer (management or standalone) account and for a key not yet seen in billing, up to 24 hours after first use",
		Source: activateTagsDoc, Fix: "activate tags only in the payer account's stack, a day after the first deploy tagged resources",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			key, status := str(r, "tagKey"), str(r, "status")
			return first(check(key != "" && len(key) <= 128, "tagKey %q", key), check(status == "Active" || status == "Inactive", "status %q", status))
		}},
}

// budgetsMayPublish checks the topic of arn: its policy allows Budgets to
// publish and its key, when encrypted, lets Budgets use it. A topic the
// graph does not create is not checked.
func budgetsMayPublish(g *graph.Graph, arn string) string {
	i := slices.IndexFunc(g.ByType(topic), func(t *graph.Resource) bool { return t.Output("arn") == arn })
	if i < 0 {
		return ""
	}
	t := g.ByType(topic)[i]
	allows := func(s map[string]any, action string) bool {
		return s["Effect"] == "Allow" && principalService(s) == "budgets.amazonaws.com" &&
			slices.ContainsFunc(stringsOf(asList(s["Action"])), func(a string) bool { return strings.EqualFold(a, action) })
	}
	published := false
	for _, p := range withInput(g, topicPolicy, "arn", arn) {
		published = published || slices.ContainsFunc(statements(p, "policy"), func(s map[string]any) bool { return allows(s, "sns:Publish") })
	}
	if !published {
		return fmt.Sprintf("topic %s: no policy lets budgets.amazonaws.com publish", t.Name)
	}
	for _, k := range deps(t, g, "aws:kms/key:Key") {
		if !slices.ContainsFunc(statements(k, "policy"), func(s map[string]any) bool { return allows(s, "kms:GenerateDataKey*") }) {
			return fmt.Sprintf("topic %s: key %s does not let budgets.amazonaws.com use it", t.Name, k.Name)
		}
	}
	return ""
}
