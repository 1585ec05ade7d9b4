package preflight

import (
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph"
	"strings"
	"unicode"
)

// quotaRule checks a count against a service quota's default value.
func quotaRule(id string, q awsfacts.Quota, types []string, fix string, count func(r *graph.Resource, g *graph.Graph) (int, string)) Rule {
	return Rule{ID: id, Title: q.Name + " stays within the default quota", Types: types,
		Rejects: fmt.Sprintf("the create call fails with a limit error past the quota %q of %s (default %d, %s)", q.Name, q.Service, q.Default, q.Adjustability()),
		Source:  q.Document + " (table internal/awsfacts/quotas.go)", Fix: fix,
		Check: func(r *graph.Resource, g *graph.Graph) string {
			n, what := count(r, g)
			return check(n <= q.Default, "%d %s, quota %q is %d (%s)", n, what, q.Name, q.Default, q.Adjustability())
		}}
}

// sgRules counts the rules of one direction of a security group: inline
// entries count once per CIDR, as AWS counts them.
func sgRules(sg *graph.Resource, g *graph.Graph, inline, standalone string) int {
	n := len(withInput(g, standalone, "securityGroupId", sg.ID))
	for i := range list(sg, inline) {
		p := fmt.Sprintf("%s.%d.", inline, i)
		cidrs := len(list(sg, p+"cidrBlocks")) + len(list(sg, p+"ipv6CidrBlocks")) + len(list(sg, p+"securityGroups")) + len(list(sg, p+"prefixListIds"))
		n += max(cidrs, 1)
	}
	return n
}

// securityGroupsOf lists the security groups a resource's network interfaces get.
func securityGroupsOf(r *graph.Resource) []any {
	for _, path := range []string{"networkConfiguration.securityGroups", "securityGroups", "vpcSecurityGroupIds", "securityGroupIds", "target.ecsParameters.networkConfiguration.securityGroups"} {
		if l := list(r, path); len(l) > 0 {
			return l
		}
	}
	return nil
}

// actionTargetGroups lists the target groups of a list of actions.
func actionTargetGroups(r *graph.Resource, path string) []string {
	var out []string
	for i := range list(r, path) {
		p := fmt.Sprintf("%s.%d.", path, i)
		if arn := str(r, p+"targetGroupArn"); arn != "" {
			out = append(out, arn)
		}
		for j := range list(r, p+"forward.targetGroups") {
			out = append(out, str(r, fmt.Sprintf("%sforward.targetGroups.%d.arn", p, j)))
		}
	}
	return out
}

// rolePolicies returns the resources of typ that attach to a role by name.
func rolePolicies(r *graph.Resource, g *graph.Graph, typ string) []*graph.Resource {
	name := str(r, "name")
	if name == "" {
		return nil
	}
	return withInput(g, typ, "role", name)
}

func nonSpace(s string) int {
	n := 0
	for _, c := range s {
		if !unicode.IsSpace(c) {
			n++
		}
	}
	return n
}

var quotaRules = []Rule{
	quotaRule("PF.QUOTA.1", awsfacts.QuotaInboundRulesPerSG, []string{securityGroup}, "merge sources into prefix lists or security-group references, or raise the quota",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return sgRules(r, g, "ingress", ingressRule), "inbound rules"
		}),
	quotaRule("PF.QUOTA.2", awsfacts.QuotaOutboundRulesPerSG, []string{securityGroup}, "merge destinations into prefix lists, or raise the quota",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return sgRules(r, g, "egress", egressRule), "outbound rules"
		}),
	quotaRule("PF.QUOTA.3", awsfacts.QuotaSGsPerInterface, []string{ecsService, loadBalancer, dbInstance, replicationGroup, broker, schedule, dbProxy},
		"combine security groups, or raise the quota (up to 16)",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return len(securityGroupsOf(r)), "security groups on one interface"
		}),
	quotaRule("PF.QUOTA.4", awsfacts.QuotaTargetGroupsPerALB, []string{loadBalancer}, "split services across load balancers: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			tgs := map[string]bool{}
			for _, l := range dependents(r, g, listener) {
				for _, t := range actionTargetGroups(l, "defaultActions") {
					tgs[t] = true
				}
				for _, rule := range dependents(l, g, listenerRule) {
					for _, t := range actionTargetGroups(rule, "actions") {
						tgs[t] = true
					}
				}
			}
			return len(tgs), "target groups"
		}),
	quotaRule("PF.QUOTA.5", awsfacts.QuotaRulesPerALB, []string{loadBalancer}, "merge host conditions into fewer rules, split across load balancers, or raise the quota",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for _, l := range dependents(r, g, listener) {
				n += len(dependents(l, g, listenerRule))
			}
			return n, "listener rules"
		}),
	quotaRule("PF.QUOTA.6", awsfacts.QuotaListenersPerALB, []string{loadBalancer}, "use fewer listeners",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return len(dependents(r, g, listener)), "listeners"
		}),
	quotaRule("PF.QUOTA.7", awsfacts.QuotaTargetGroupsPerAct, []string{listenerRule, listener}, "forward to at most 5 weighted target groups",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			most := 0
			for _, path := range []string{"actions", "defaultActions"} {
				for i := range list(r, path) {
					most = max(most, len(list(r, fmt.Sprintf("%s.%d.forward.targetGroups", path, i))))
				}
			}
			return most, "target groups in one forward action"
		}),
	quotaRule("PF.QUOTA.8", awsfacts.QuotaConditionValues, []string{listenerRule}, "split the rule: at most 5 condition values each",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for i := range list(r, "conditions") {
				for _, kind := range []string{"hostHeader", "pathPattern", "httpRequestMethod", "sourceIp"} {
					n += len(list(r, fmt.Sprintf("conditions.%d.%s.values", i, kind)))
				}
				n += len(list(r, fmt.Sprintf("conditions.%d.httpHeader.values", i))) + len(list(r, fmt.Sprintf("conditions.%d.queryStrings", i)))
			}
			return n, "condition values"
		}),
	quotaRule("PF.QUOTA.9", awsfacts.QuotaConditionWildcards, []string{listenerRule}, "split the rule: at most 5 wildcards each",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for i := range list(r, "conditions") {
				for _, kind := range []string{"hostHeader", "pathPattern"} {
					for _, v := range stringsOf(list(r, fmt.Sprintf("conditions.%d.%s.values", i, kind))) {
						n += strings.Count(v, "*") + strings.Count(v, "?")
					}
				}
			}
			return n, "wildcards"
		}),
	quotaRule("PF.QUOTA.10", awsfacts.QuotaCallbackURLs, []string{userPoolClient}, "split gated hosts across app clients: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return len(list(r, "callbackUrls")), "callback URLs"
		}),
	quotaRule("PF.QUOTA.11", awsfacts.QuotaManagedPoliciesRole, []string{role}, "merge managed policies, or raise the quota (up to 20)",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return len(rolePolicies(r, g, rolePolicyAttach)) + len(list(r, "managedPolicyArns")), "managed policies"
		}),
	quotaRule("PF.QUOTA.12", awsfacts.QuotaRoleTrustPolicySize, []string{role}, "shorten the trust policy, or raise the quota (up to 4096)",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return nonSpace(str(r, "assumeRolePolicy")), "characters of trust policy"
		}),
	quotaRule("PF.QUOTA.13", awsfacts.QuotaRoleInlineSize, []string{role}, "move statements into managed policies: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for _, p := range rolePolicies(r, g, rolePolicy) {
				n += nonSpace(str(p, "policy"))
			}
			return n, "characters of inline policy"
		}),
	quotaRule("PF.QUOTA.14", awsfacts.QuotaManagedPolicySize, []string{iamPolicy}, "split the policy: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return nonSpace(str(r, "policy")), "characters of policy"
		}),
	quotaRule("PF.QUOTA.15", awsfacts.QuotaWebACLCapacity, []string{webACL}, "drop rule groups or raise the quota (beyond 1500 WCU requests cost more)",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			wcu := 0
			for _, rule := range aclRules(r) {
				name, _ := lookupIn(rule, "statement.managedRuleGroupStatement.name").(string)
				switch {
				case name != "":
					wcu += awsfacts.ManagedRuleGroupWCU[name]
				case lookupIn(rule, "statement.rateBasedStatement") != nil:
					wcu += 2
				default:
					wcu++
				}
			}
			return wcu, "web ACL capacity units"
		}),
	quotaRule("PF.QUOTA.16", awsfacts.QuotaRateRulesPerACL, []string{webACL}, "merge rate-based rules: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for _, rule := range aclRules(r) {
				if lookupIn(rule, "statement.rateBasedStatement") != nil {
					n++
				}
			}
			return n, "rate-based rules"
		}),
}
