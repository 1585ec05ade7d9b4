package access

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// ManagedRuleGroups are the AWS managed rule groups every web ACL runs, in
// priority order.
var ManagedRuleGroups = []string{
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesAmazonIpReputationList",
}

// waf creates the regional web ACL the load balancer associates with and,
// when a CDN fronts some host, the CloudFront-scope one (in us-east-1).
func (b *builder) waf() error {
	acl, err := b.webACL("web-acl", "web", "REGIONAL")
	if err != nil {
		return err
	}
	b.layer.WebACLArn = acl.Arn
	if !b.args.CDN {
		return nil
	}
	var edge []pulumi.ResourceOption
	if b.args.CDNProvider != nil {
		edge = append(edge, pulumi.Provider(b.args.CDNProvider))
	}
	cdnACL, err := b.webACL("cdn-web-acl", "cdn", "CLOUDFRONT", edge...)
	if err != nil {
		return err
	}
	b.layer.CDNWebACLArn = cdnACL.Arn
	return nil
}

// webACL is a web ACL of scope with the managed rule groups and the rate limit.
func (b *builder) webACL(role, label, scope string, extra ...pulumi.ResourceOption) (*wafv2.WebAcl, error) {
	name := naming.FromContext(b.ctx).Name(naming.Label, label)
	visibility := func(metric string) wafv2.WebAclRuleVisibilityConfigArgs {
		return wafv2.WebAclRuleVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			SampledRequestsEnabled:   pulumi.Bool(true),
			MetricName:               pulumi.String(metric),
		}
	}
	var rules wafv2.WebAclRuleArray
	for i, group := range ManagedRuleGroups {
		rules = append(rules, wafv2.WebAclRuleArgs{
			Name:     pulumi.String(group),
			Priority: pulumi.Int(i + 1),
			// Managed groups keep their own block actions.
			OverrideAction: wafv2.WebAclRuleOverrideActionArgs{None: wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement: wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
				VendorName: pulumi.String("AWS"), Name: pulumi.String(group),
			}},
			VisibilityConfig: visibility(group),
		})
	}
	rules = append(rules, wafv2.WebAclRuleArgs{
		Name:     pulumi.String("RateLimitPerIP"),
		Priority: pulumi.Int(len(ManagedRuleGroups) + 1),
		Action:   wafv2.WebAclRuleActionArgs{Block: wafv2.WebAclRuleActionBlockArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
			Limit: pulumi.Int(b.args.WAFRateLimit), AggregateKeyType: pulumi.String("IP"), EvaluationWindowSec: pulumi.Int(300),
		}},
		VisibilityConfig: visibility("RateLimitPerIP"),
	})
	return wafv2.NewWebAcl(b.ctx, b.name+"-"+role, &wafv2.WebAclArgs{
		Name:          pulumi.String(name),
		Description:   pulumi.String("Public entry points of " + b.args.Domain),
		Scope:         pulumi.String(scope),
		DefaultAction: wafv2.WebAclDefaultActionArgs{Allow: wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:         rules,
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			SampledRequestsEnabled:   pulumi.Bool(true),
			MetricName:               pulumi.String(name),
		},
	}, b.opts(extra...)...)
}
