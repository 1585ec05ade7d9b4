package preflight

import (
	"fmt"
	"platform/internal/graph"
	"strings"
	"testing"
)

// sgWithRules is a security group with n standalone rules of a kind.
func sgWithRules(kind string, n int) func() []*graph.Resource {
	return func() []*graph.Resource {
		sg := res(securityGroup, "sg", M{}, id("sg-1"))
		out := []*graph.Resource{sg}
		for i := 0; i < n; i++ {
			out = append(out, res(kind, fmt.Sprintf("rule-%d", i), M{"securityGroupId": "sg-1", "cidrIpv4": "10.0.0.0/16"}))
		}
		return out
	}
}

// albRules is an ALB with n listener rules, each forwarding to its own target group.
func albRules(n int) func() []*graph.Resource {
	return func() []*graph.Resource {
		lb := res(loadBalancer, "alb", M{"subnets": L{"a", "b"}})
		l := res(listener, "https", M{"protocol": "HTTPS", "certificateArn": "arn:c"}, on(lb))
		out := []*graph.Resource{lb, l}
		for i := 0; i < n; i++ {
			out = append(out, res(listenerRule, fmt.Sprintf("rule-%03d", i), M{"priority": i + 1, "actions": L{M{"type": "forward", "targetGroupArn": fmt.Sprintf("arn:tg/%d", i)}}}, on(l)))
		}
		return out
	}
}

func hosts(n int, wildcard bool) L {
	out := L{}
	for i := 0; i < n; i++ {
		h := fmt.Sprintf("h%d.example.com", i)
		if wildcard {
			h = "*." + h
		}
		out = append(out, h)
	}
	return out
}

func ruleWith(conditions L) *graph.Resource {
	return res(listenerRule, "rule", M{"priority": 1, "conditions": conditions})
}

func clientWith(n int) *graph.Resource {
	urls := L{}
	for i := 0; i < n; i++ {
		urls = append(urls, fmt.Sprintf("https://h%d.example.com/oauth2/idpresponse", i))
	}
	return res(userPoolClient, "client", M{"callbackUrls": urls})
}

func roleWith(attachments int, inline int) func() []*graph.Resource {
	return func() []*graph.Resource {
		r := res(role, "role", M{"name": "app", "assumeRolePolicy": trust("sts:AssumeRole")})
		out := []*graph.Resource{r}
		for i := 0; i < attachments; i++ {
			out = append(out, res(rolePolicyAttach, fmt.Sprintf("attach-%d", i), M{"role": "app", "policyArn": "arn:p"}))
		}
		if inline > 0 {
			out = append(out, res(rolePolicy, "inline", M{"role": "app", "policy": strings.Repeat("x", inline)}))
		}
		return out
	}
}

func groups(names ...string) *graph.Resource {
	rules := []M{}
	for i, n := range names {
		if n == "rate" {
			rules = append(rules, rate("IP", 2000, i))
		} else {
			rules = append(rules, managed(n, i))
		}
	}
	return acl("web", "REGIONAL", rules...)
}

var quotaCases = []ruleCase{
	{rule: "PF.QUOTA.1", badName: "sg", good: sgWithRules(ingressRule, 60), bad: sgWithRules(ingressRule, 61)},
	{rule: "PF.QUOTA.2", badName: "sg", good: sgWithRules(egressRule, 60), bad: sgWithRules(egressRule, 61)},
	{rule: "PF.QUOTA.2", badName: "sg", good: one(res(securityGroup, "sg", M{"egress": L{M{"cidrBlocks": hosts(60, false)}}})),
		bad: one(res(securityGroup, "sg", M{"egress": L{M{"cidrBlocks": hosts(60, false)}, M{"protocol": "-1"}}}))},
	{rule: "PF.QUOTA.3", badName: "svc", good: one(res(ecsService, "svc", M{"networkConfiguration": M{"securityGroups": L{"1", "2", "3", "4", "5"}}})),
		bad: one(res(ecsService, "svc", M{"networkConfiguration": M{"securityGroups": L{"1", "2", "3", "4", "5", "6"}}}))},
	{rule: "PF.QUOTA.4", badName: "alb", good: albRules(100), bad: albRules(101)},
	{rule: "PF.QUOTA.5", badName: "alb", good: albRules(100), bad: albRules(101)},
	{rule: "PF.QUOTA.6", badName: "alb",
		good: func() []*graph.Resource { return listeners(50) }, bad: func() []*graph.Resource { return listeners(51) }},
	{rule: "PF.QUOTA.7", badName: "rule",
		good: one(res(listenerRule, "rule", M{"actions": L{M{"type": "forward", "forward": M{"targetGroups": L{M{"arn": "1"}, M{"arn": "2"}, M{"arn": "3"}, M{"arn": "4"}, M{"arn": "5"}}}}}})),
		bad:  one(res(listenerRule, "rule", M{"actions": L{M{"type": "forward", "forward": M{"targetGroups": L{M{"arn": "1"}, M{"arn": "2"}, M{"arn": "3"}, M{"arn": "4"}, M{"arn": "5"}, M{"arn": "6"}}}}}}))},
	{rule: "PF.QUOTA.8", badName: "rule", good: one(ruleWith(L{M{"hostHeader": M{"values": hosts(3, false)}}, M{"pathPattern": M{"values": L{"/a", "/b"}}}})),
		bad: one(ruleWith(L{M{"hostHeader": M{"values": hosts(3, false)}}, M{"pathPattern": M{"values": L{"/a", "/b", "/c"}}}}))},
	{rule: "PF.QUOTA.9", badName: "rule", good: one(ruleWith(L{M{"hostHeader": M{"values": hosts(5, true)}}})),
		bad: one(ruleWith(L{M{"hostHeader": M{"values": hosts(4, true)}}, M{"pathPattern": M{"values": L{"/a/*", "/b/*"}}}}))},
	{rule: "PF.QUOTA.10", badName: "client", good: one(clientWith(100)), bad: one(clientWith(101))},
	{rule: "PF.QUOTA.11", badName: "role", good: roleWith(10, 0), bad: roleWith(11, 0)},
	{rule: "PF.QUOTA.12", badName: "role", good: one(res(role, "role", M{"assumeRolePolicy": trust("sts:AssumeRole")})),
		bad: one(res(role, "role", M{"assumeRolePolicy": trust("sts:AssumeRole") + strings.Repeat(" x", 2048)}))},
	{rule: "PF.QUOTA.13", badName: "role", good: roleWith(0, 10240), bad: roleWith(0, 10241)},
	{rule: "PF.QUOTA.14", badName: "p", good: one(res(iamPolicy, "p", M{"policy": strings.Repeat("x ", 6144)})), bad: one(res(iamPolicy, "p", M{"policy": strings.Repeat("x", 6145)}))},
	{rule: "PF.QUOTA.15", badName: "web",
		good: one(groups("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate")),
		bad: one(groups("AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet",
			"AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet"))},
	{rule: "PF.QUOTA.16", badName: "web", good: one(groups("rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate")),
		bad: one(groups("rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate", "rate"))},
}

func listeners(n int) []*graph.Resource {
	lb := res(loadBalancer, "alb", M{"subnets": L{"a", "b"}})
	out := []*graph.Resource{lb}
	for i := 0; i < n; i++ {
		out = append(out, res(listener, fmt.Sprintf("l-%d", i), M{"protocol": "HTTP", "port": 8000 + i}, on(lb)))
	}
	return out
}

func TestQuotaRules(t *testing.T) { runCases(t, quotaCases) }
