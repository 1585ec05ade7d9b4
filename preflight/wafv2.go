package preflight

import (
	"fmt"
	"platform/internal/graph"
	"regexp"
)

const (
	wafRuleDoc = "AWS WAF API Reference, CreateWebACL and Rule https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html"
	wafCRSDoc  = "AWS WAF Developer Guide, AWS Managed Rules baseline rule groups: Core rule set (SizeRestrictions_BODY inspects the first 8 KB) https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html"
	wafRateDoc = "AWS WAF Developer Guide, Rate-based rule statement: aggregating behind a proxy (forwarded IP) https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html"
)

var metricName = regexp.MustCompile(`^[\w#:.\-/]{1,255}$`)

// wafRules lists a web ACL's rules as maps.
func aclRules(r *graph.Resource) []map[string]any {
	var out []map[string]any
	for _, v := range list(r, "rules") {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func lookupIn(m map[string]any, path string) any { return (&graph.Resource{Inputs: m}).Input(path) }

// behindCloudFront reports whether a regional web ACL protects a load balancer
// that a CloudFront distribution uses as its origin.
func behindCloudFront(acl *graph.Resource, g *graph.Graph) bool {
	for _, a := range dependents(acl, g, webACLAssociation) {
		for _, lb := range deps(a, g, loadBalancer) {
			if len(dependents(lb, g, distribution)) > 0 {
				return true
			}
		}
	}
	return false
}

// providerRegion is the region of the explicit provider a resource runs on, or "".
func providerRegion(r *graph.Resource, g *graph.Graph) string {
	if p := g.Get(r.Provider); p != nil {
		return str(p, "region")
	}
	return ""
}

var wafRules = []Rule{
	{ID: "PF.WAF.1", Title: "Web ACL rules have unique names and priorities and valid metric names", Types: []string{webACL},
		Rejects: "CreateWebACL: WAFInvalidParameterException / WAFDuplicateItemException for a repeated rule name or priority or a metric name outside [\\w#:.-/]{1,255}",
		Source:  wafRuleDoc, Fix: "give each rule its own name and priority and a metric name without spaces",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			names, prios := map[any]bool{}, map[any]bool{}
			for _, rule := range aclRules(r) {
				if names[rule["name"]] || prios[rule["priority"]] {
					return fmt.Sprintf("rule %v (priority %v) repeats a name or priority", rule["name"], rule["priority"])
				}
				names[rule["name"]], prios[rule["priority"]] = true, true
				if m, ok := lookupIn(rule, "visibilityConfig.metricName").(string); ok && !metricName.MatchString(m) {
					return fmt.Sprintf("rule %v metric name %q", rule["name"], m)
				}
			}
			return ""
		}},
	{ID: "PF.WAF.2", Title: "Rate limits are in range", Types: []string{webACL},
		Rejects: "CreateWebACL: WAFInvalidParameterException: rate limit 10 to 2,000,000,000, evaluation window 60, 120, 300 or 600 s",
		Source:  wafRateDoc, Fix: "keep the limit and window in range",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, rule := range aclRules(r) {
				limit, okL := number(lookupIn(rule, "statement.rateBasedStatement.limit"))
				window, okW := number(lookupIn(rule, "statement.rateBasedStatement.evaluationWindowSec"))
				if okL && (limit < 10 || limit > 2e9) {
					return fmt.Sprintf("rule %v limit %v", rule["name"], limit)
				}
				if okW && window != 60 && window != 120 && window != 300 && window != 600 {
					return fmt.Sprintf("rule %v evaluationWindowSec %v", rule["name"], window)
				}
			}
			return ""
		}},
	{ID: "PF.WAF.3", Title: "A per-IP rate limit behind CloudFront counts the client, not the edge", Types: []string{webACL},
		Rejects: "behind CloudFront every request comes from an edge IP: an IP-keyed rate rule blocks whole edge locations, or never the abuser",
		Source:  wafRateDoc, Fix: "aggregate on FORWARDED_IP (X-Forwarded-For, fallback MATCH) in the regional ACL, or rate-limit in the CLOUDFRONT ACL only",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "scope") != "REGIONAL" || !behindCloudFront(r, g) {
				return ""
			}
			for _, rule := range aclRules(r) {
				// A rule scoped down to requests outside the CDN hosts (a
				// NOT statement) counts viewers that reach the ALB directly.
				scoped := lookupIn(rule, "statement.rateBasedStatement.scopeDownStatement.notStatement") != nil
				if lookupIn(rule, "statement.rateBasedStatement.aggregateKeyType") == "IP" && !scoped {
					return fmt.Sprintf("rule %v keys on IP behind CloudFront", rule["name"])
				}
			}
			return ""
		}},
	{ID: "PF.WAF.4", Title: "The core rule set does not block request bodies over 8 KB unawares", Types: []string{webACL},
		Rejects: "AWSManagedRulesCommonRuleSet's SizeRestrictions_BODY blocks every request whose body is over 8 KB: uploads and large forms fail with 403",
		Source:  wafCRSDoc, Fix: "override SizeRestrictions_BODY to count (ruleActionOverrides) and enforce body size in the application, or scope it down",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, rule := range aclRules(r) {
				if lookupIn(rule, "statement.managedRuleGroupStatement.name") != "AWSManagedRulesCommonRuleSet" {
					continue
				}
				for _, o := range asList(lookupIn(rule, "statement.managedRuleGroupStatement.ruleActionOverrides")) {
					if m, ok := o.(map[string]any); ok && m["name"] == "SizeRestrictions_BODY" {
						return ""
					}
				}
				return fmt.Sprintf("rule %v blocks bodies over 8 KB", rule["name"])
			}
			return ""
		}},
	{ID: "PF.WAF.5", Title: "A CloudFront web ACL is created in us-east-1 and used only by CloudFront", Types: []string{webACL, distribution},
		Rejects: "CreateWebACL: WAFInvalidParameterException: CLOUDFRONT scope exists only in us-east-1; a distribution accepts only a CLOUDFRONT-scope ACL",
		Source:  "AWS WAF Developer Guide, Using AWS WAF with Amazon CloudFront https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
		Fix:     "create CLOUDFRONT ACLs with a us-east-1 provider and give distributions only those",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if r.Type == distribution {
				for _, acl := range deps(r, g, webACL) {
					if str(acl, "scope") != "CLOUDFRONT" {
						return fmt.Sprintf("distribution uses %s ACL %s", str(acl, "scope"), acl.Name)
					}
				}
				return ""
			}
			region := providerRegion(r, g)
			return check(str(r, "scope") != "CLOUDFRONT" || region == "" || region == "us-east-1", "CLOUDFRONT ACL in %s", region)
		}},
	{ID: "PF.WAF.6", Title: "Only regional ACLs are associated with load balancers", Types: []string{webACLAssociation},
		Rejects: "AssociateWebACL: WAFInvalidParameterException: a load balancer takes a REGIONAL web ACL; CloudFront is associated through the distribution",
		Source:  "AWS WAF API Reference, AssociateWebACL https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html",
		Fix:     "associate a REGIONAL ACL; set a CLOUDFRONT ACL as the distribution's webAclId",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, acl := range deps(r, g, webACL) {
				if s := str(acl, "scope"); s != "REGIONAL" {
					return fmt.Sprintf("associates %s ACL %s", s, acl.Name)
				}
			}
			return ""
		}},
}
