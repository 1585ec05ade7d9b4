package access

import (
	"slices"
	"strings"

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

// The core rule set blocks every body over 8 KB (its SizeRestrictions_BODY
// rule: AWS Knowledge Center "waf-http-request-body-inspection", stored copy
// read 2026-12-01) and labels the request with bodySizeLabel (the label
// name follows the AWS WAF Developer Guide's CRS table, not re-read here).
// Where large bodies are
// allowed, the rule only counts and BodySizeLimit blocks outside those paths.
const (
	bodySizeRule  = "SizeRestrictions_BODY"
	bodySizeLabel = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"
)

// waf creates the regional web ACL the load balancer associates with (unless
// NoWAF, or there is no load balancer) and, when a CDN fronts some host, the
// CloudFront-scope one (in us-east-1); none while paused.
func (b *builder) waf() error {
	if b.args.Paused || b.args.NoLoadBalancer {
		return nil
	}
	if !b.args.NoWAF {
		acl, err := b.webACL("web-acl", "web", "REGIONAL", b.args.CDNHosts)
		if err != nil {
			return err
		}
		b.layer.WebACLArn = acl.Arn
	}
	if !b.args.CDN {
		return nil
	}
	var edge []pulumi.ResourceOption
	if b.args.CDNProvider != nil {
		edge = append(edge, pulumi.Provider(b.args.CDNProvider))
	}
	// At the edge the source IP is the viewer's: the rate limit counts them there.
	cdnACL, err := b.webACL("cdn-web-acl", "cdn", "CLOUDFRONT", nil, edge...)
	if err != nil {
		return err
	}
	b.layer.CDNWebACLArn = cdnACL.Arn
	return nil
}

func visibility(metric string) wafv2.WebAclRuleVisibilityConfigArgs {
	return wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		SampledRequestsEnabled:   pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
	}
}

// webACL is a web ACL of scope with the managed rule groups, the body-size
// limit and the per-IP rate limit, which skips the hosts in edgeHosts.
func (b *builder) webACL(role, label, scope string, edgeHosts []string, extra ...pulumi.ResourceOption) (*wafv2.WebAcl, error) {
	name := naming.FromContext(b.ctx).Name(naming.Label, label)
	var rules wafv2.WebAclRuleArray
	for _, group := range ManagedRuleGroups {
		statement := wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{VendorName: pulumi.String("AWS"), Name: pulumi.String(group)}
		// The core rule set's 8 KB body rule only counts; BodySizeLimit below
		// blocks on its label, outside the paths that take large bodies (none
		// declared: everywhere), so the limit is the platform's, stated once.
		if group == "AWSManagedRulesCommonRuleSet" {
			statement.RuleActionOverrides = wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray{
				wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
					Name:        pulumi.String(bodySizeRule),
					ActionToUse: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{Count: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{}},
				},
			}
		}
		rules = append(rules, wafv2.WebAclRuleArgs{
			Name:     pulumi.String(group),
			Priority: pulumi.Int(len(rules) + 1),
			// Managed groups keep their own block actions.
			OverrideAction:   wafv2.WebAclRuleOverrideActionArgs{None: wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement:        wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: statement},
			VisibilityConfig: visibility(group),
		})
	}
	labelled := wafv2.WebAclRuleStatementArgs{
		LabelMatchStatement: wafv2.WebAclRuleStatementLabelMatchStatementArgs{Scope: pulumi.String("LABEL"), Key: pulumi.String(bodySizeLabel)},
	}
	statement := labelled
	if len(b.args.LargeBodyPaths) > 0 {
		outside := wafv2.WebAclRuleStatementArray{labelled}
		for _, p := range b.args.LargeBodyPaths {
			outside = append(outside, wafv2.WebAclRuleStatementArgs{NotStatement: wafv2.WebAclRuleStatementNotStatementArgs{
				Statements: wafv2.WebAclRuleStatementArray{pathStartsWith(pathPrefix(p))},
			}})
		}
		statement = wafv2.WebAclRuleStatementArgs{AndStatement: wafv2.WebAclRuleStatementAndStatementArgs{Statements: outside}}
	}
	rules = append(rules, wafv2.WebAclRuleArgs{
		Name:             pulumi.String("BodySizeLimit"),
		Priority:         pulumi.Int(len(rules) + 1),
		Action:           wafv2.WebAclRuleActionArgs{Block: wafv2.WebAclRuleActionBlockArgs{}},
		Statement:        statement,
		VisibilityConfig: visibility("BodySizeLimit"),
	})
	rate := wafv2.WebAclRuleStatementRateBasedStatementArgs{
		Limit: pulumi.Int(b.args.WAFRateLimit), AggregateKeyType: pulumi.String("IP"), EvaluationWindowSec: pulumi.Int(300),
	}
	if len(edgeHosts) > 0 {
		rate.ScopeDownStatement = wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
			NotStatement: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementNotStatementArgs{
				Statements: wafv2.WebAclRuleStatementArray{hostIsOneOf(edgeHosts)},
			},
		}
	}
	rules = append(rules, wafv2.WebAclRuleArgs{
		Name:             pulumi.String("RateLimitPerIP"),
		Priority:         pulumi.Int(len(rules) + 1),
		Action:           wafv2.WebAclRuleActionArgs{Block: wafv2.WebAclRuleActionBlockArgs{}},
		Statement:        wafv2.WebAclRuleStatementArgs{RateBasedStatement: rate},
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

// pathPrefix is the literal start of a path pattern: "/webhooks/*" is "/webhooks/".
func pathPrefix(pattern string) string {
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		return pattern[:i]
	}
	return pattern
}

// pathStartsWith matches requests whose URI path starts with prefix.
func pathStartsWith(prefix string) wafv2.WebAclRuleStatementArgs {
	return wafv2.WebAclRuleStatementArgs{ByteMatchStatement: wafv2.WebAclRuleStatementByteMatchStatementArgs{
		FieldToMatch:         wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
		PositionalConstraint: pulumi.String("STARTS_WITH"),
		SearchString:         pulumi.String(prefix),
		TextTransformations: wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
			wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
		},
	}}
}

// hostIsOneOf matches requests for any of hosts (an OR needs two or more).
func hostIsOneOf(hosts []string) wafv2.WebAclRuleStatementInput {
	var matches wafv2.WebAclRuleStatementArray
	for _, h := range slices.Sorted(slices.Values(hosts)) {
		matches = append(matches, wafv2.WebAclRuleStatementArgs{ByteMatchStatement: wafv2.WebAclRuleStatementByteMatchStatementArgs{
			FieldToMatch: wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{
				SingleHeader: wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchSingleHeaderArgs{Name: pulumi.String("host")},
			},
			PositionalConstraint: pulumi.String("EXACTLY"),
			SearchString:         pulumi.String(h),
			TextTransformations: wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
				wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("LOWERCASE")},
			},
		}})
	}
	if len(matches) == 1 {
		return matches[0]
	}
	return wafv2.WebAclRuleStatementArgs{OrStatement: wafv2.WebAclRuleStatementOrStatementArgs{Statements: matches}}
}
