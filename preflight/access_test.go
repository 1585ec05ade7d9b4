package preflight

import (
	"platform/internal/graph"
	"testing"
)

// gate is an app client that a listener rule for host authenticates with.
func gate(client M, host string) func() []*graph.Resource {
	return func() []*graph.Resource {
		inputs := M{"generateSecret": true, "allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": L{"code"}, "allowedOauthScopes": L{"openid", "email"},
			"callbackUrls": L{"https://app.example.com/oauth2/idpresponse"}}
		for k, v := range client {
			inputs[k] = v
		}
		c := res(userPoolClient, "client", inputs, id("client-1"))
		rule := res(listenerRule, "rule", M{"priority": 1, "actions": L{M{"type": "authenticate-cognito", "authenticateCognito": M{"userPoolClientId": "client-1"}}},
			"conditions": L{M{"hostHeader": M{"values": L{host}}}}})
		return []*graph.Resource{c, rule}
	}
}

// acl is a web ACL of the given rules and scope.
func acl(name, scope string, rules ...M) *graph.Resource {
	rs := L{}
	for _, r := range rules {
		rs = append(rs, r)
	}
	return res(webACL, name, M{"name": name, "scope": scope, "rules": rs})
}

func managed(group string, priority int, overrides ...string) M {
	stmt := M{"name": group, "vendorName": "AWS"}
	if len(overrides) > 0 {
		o := L{}
		for _, name := range overrides {
			o = append(o, M{"name": name, "actionToUse": M{"count": M{}}})
		}
		stmt["ruleActionOverrides"] = o
	}
	return M{"name": group, "priority": priority, "statement": M{"managedRuleGroupStatement": stmt}, "visibilityConfig": M{"metricName": group}}
}

func rate(key string, limit, priority int) M {
	return M{"name": "rate", "priority": priority, "statement": M{"rateBasedStatement": M{"aggregateKeyType": key, "limit": limit, "evaluationWindowSec": 300}},
		"visibilityConfig": M{"metricName": "rate"}}
}

// frontedACL is a regional ACL on a load balancer that CloudFront fronts.
func frontedACL(rule M) func() []*graph.Resource {
	return func() []*graph.Resource {
		a := acl("web", "REGIONAL", rule)
		lb := res(loadBalancer, "alb", M{"subnets": L{"a", "b"}})
		assoc := res(webACLAssociation, "waf", M{}, on(a, lb))
		cdn := res(distribution, "cdn", M{}, on(lb))
		return []*graph.Resource{a, lb, assoc, cdn}
	}
}

var accessCases = []ruleCase{
	{rule: "PF.COGNITO.1", badName: "domain", good: one(res(userPoolDomain, "domain", M{"domain": "shop-login-1a2b"})),
		bad: one(res(userPoolDomain, "domain", M{"domain": "shop-cognito-1a2b"}))},
	{rule: "PF.COGNITO.2", badName: "client", good: gate(nil, "app.example.com"),
		bad: gate(M{"callbackUrls": L{"https://app.example.com/oauth2/idpresponse", "http://app.example.com/cb"}}, "app.example.com")},
	{rule: "PF.COGNITO.3", badName: "client", good: gate(nil, "app.example.com"), bad: gate(M{"generateSecret": false}, "app.example.com")},
	{rule: "PF.COGNITO.4", badName: "client", good: gate(nil, "app.example.com"), bad: gate(nil, "admin.example.com")},
	{rule: "PF.COGNITO.5", badName: "pool", good: one(res(userPool, "pool", M{"passwordPolicy": M{"minimumLength": 14, "temporaryPasswordValidityDays": 3}})),
		bad: one(res(userPool, "pool", M{"passwordPolicy": M{"minimumLength": 4}}))},
	{rule: "PF.WAF.1", badName: "web", good: one(acl("web", "REGIONAL", managed("AWSManagedRulesCommonRuleSet", 1, "SizeRestrictions_BODY"), rate("IP", 2000, 2))),
		bad: one(acl("web", "REGIONAL", managed("AWSManagedRulesCommonRuleSet", 1, "SizeRestrictions_BODY"), rate("IP", 2000, 1)))},
	{rule: "PF.WAF.2", badName: "web", good: one(acl("web", "REGIONAL", rate("IP", 10, 1))), bad: one(acl("web", "REGIONAL", rate("IP", 5, 1)))},
	{rule: "PF.WAF.3", badName: "web", good: frontedACL(rate("FORWARDED_IP", 2000, 1)), bad: frontedACL(rate("IP", 2000, 1))},
	{rule: "PF.WAF.4", badName: "web", good: one(acl("web", "REGIONAL", managed("AWSManagedRulesCommonRuleSet", 1, "SizeRestrictions_BODY"))),
		bad: one(acl("web", "REGIONAL", managed("AWSManagedRulesCommonRuleSet", 1)))},
	{rule: "PF.WAF.5", badName: "cdn-acl",
		good: func() []*graph.Resource {
			p := res(awsProvider, "us-east-1", M{"region": "us-east-1"})
			a := acl("cdn-acl", "CLOUDFRONT")
			provider(p)(a)
			return []*graph.Resource{p, a, res(distribution, "cdn", M{}, on(a))}
		},
		bad: func() []*graph.Resource {
			p := res(awsProvider, "eu-west-1", M{"region": "eu-west-1"})
			a := acl("cdn-acl", "CLOUDFRONT")
			provider(p)(a)
			return []*graph.Resource{p, a}
		}},
	{rule: "PF.WAF.5", badName: "cdn",
		good: func() []*graph.Resource {
			a := acl("a", "CLOUDFRONT")
			return []*graph.Resource{a, res(distribution, "cdn", M{}, on(a))}
		},
		bad: func() []*graph.Resource {
			a := acl("a", "REGIONAL")
			return []*graph.Resource{a, res(distribution, "cdn", M{}, on(a))}
		}},
	{rule: "PF.WAF.6", badName: "waf",
		good: func() []*graph.Resource {
			a := acl("a", "REGIONAL")
			return []*graph.Resource{a, res(webACLAssociation, "waf", M{}, on(a))}
		},
		bad: func() []*graph.Resource {
			a := acl("a", "CLOUDFRONT")
			return []*graph.Resource{a, res(webACLAssociation, "waf", M{}, on(a))}
		}},
}

func TestAccessRules(t *testing.T) { runCases(t, accessCases) }
