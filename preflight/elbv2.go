package preflight

import (
	"fmt"
	"platform/internal/graph"
)

const (
	elbRuleDoc   = "Elastic Load Balancing API Reference, CreateRule https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html"
	elbAuthDoc   = "Application Load Balancers Guide, Authenticate users using an Application Load Balancer https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html"
	elbTGDoc     = "Elastic Load Balancing API Reference, CreateTargetGroup https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"
	elbLBDoc     = "Elastic Load Balancing API Reference, CreateLoadBalancer https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"
	elbLogsDoc   = "Application Load Balancers Guide, Enable access logs for your Application Load Balancer https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"
	listenerType = "authenticate-cognito"
)

// ruleListener returns the listener a listener rule belongs to.
func ruleListener(r *graph.Resource, g *graph.Graph) *graph.Resource {
	if l := deps(r, g, listener); len(l) == 1 {
		return l[0]
	}
	return nil
}

// usesCognito reports whether a rule or listener authenticates with Cognito.
func usesCognito(r *graph.Resource, actionsPath string) bool {
	for i := range list(r, actionsPath) {
		if str(r, fmt.Sprintf("%s.%d.type", actionsPath, i)) == listenerType {
			return true
		}
	}
	return false
}

// reachesInternet443 reports whether a security group lets HTTPS out to the internet.
func reachesInternet443(sg *graph.Resource, g *graph.Graph) bool {
	out := func(proto string, from, to float64, cidr any) bool {
		return (cidr == "0.0.0.0/0" || cidr == "::/0") && (proto == "-1" || proto == "all" || (proto == "tcp" && from <= 443 && to >= 443))
	}
	for i := range list(sg, "egress") {
		p := fmt.Sprintf("egress.%d.", i)
		from, _ := num(sg, p+"fromPort")
		to, _ := num(sg, p+"toPort")
		for _, c := range append(list(sg, p+"cidrBlocks"), list(sg, p+"ipv6CidrBlocks")...) {
			if out(str(sg, p+"protocol"), from, to, c) {
				return true
			}
		}
	}
	for _, e := range withInput(g, egressRule, "securityGroupId", sg.ID) {
		from, _ := num(e, "fromPort")
		to, _ := num(e, "toPort")
		for _, c := range []any{e.Input("cidrIpv4"), e.Input("cidrIpv6")} {
			if out(str(e, "ipProtocol"), from, to, c) {
				return true
			}
		}
	}
	return false
}

var elbRules = []Rule{
	{ID: "PF.ELB.1", Title: "Listener rule priorities are 1 to 50000 and unique per listener", Types: []string{listenerRule},
		Rejects: "CreateRule: ValidationError (priority out of range) or PriorityInUse",
		Source:  elbRuleDoc, Fix: "give each rule of a listener its own priority between 1 and 50000",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			p, ok := num(r, "priority")
			if !ok {
				return ""
			}
			if p < 1 || p > 50000 {
				return fmt.Sprintf("priority %v is outside 1 to 50000", p)
			}
			if l := ruleListener(r, g); l != nil {
				for _, other := range dependents(l, g, listenerRule) {
					if q, _ := num(other, "priority"); other.URN < r.URN && q == p {
						return fmt.Sprintf("priority %v is also used by rule %s", p, other.Name)
					}
				}
			}
			return ""
		}},
	{ID: "PF.ELB.2", Title: "Cognito authentication runs on HTTPS listeners only", Types: []string{listenerRule, listener},
		Rejects: "CreateRule/CreateListener: InvalidLoadBalancerAction: authenticate-cognito is only supported on HTTPS listeners",
		Source:  elbAuthDoc, Fix: "attach the authenticating rule to the HTTPS listener",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			l, path := r, "defaultActions"
			if r.Type == listenerRule {
				l, path = ruleListener(r, g), "actions"
			}
			if l == nil || !usesCognito(r, path) {
				return ""
			}
			return check(str(l, "protocol") == "HTTPS", "authenticate-cognito on a %s listener", str(l, "protocol"))
		}},
	{ID: "PF.ELB.3", Title: "A Cognito-authenticating load balancer may call the IdP over HTTPS", Types: []string{loadBalancer},
		Rejects: "the load balancer calls the Cognito token and user-info endpoints itself: without egress on 443 every login answers HTTP 500",
		Source:  elbAuthDoc + " (Prepare to use an Amazon Cognito user pool: allow outbound 443 to the IdP)",
		Fix:     "add an egress rule to the load balancer's security group: tcp 443 to 0.0.0.0/0 (the IdP endpoints are public)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			auth := false
			for _, l := range dependents(r, g, listener) {
				auth = auth || usesCognito(l, "defaultActions")
				for _, rule := range dependents(l, g, listenerRule) {
					auth = auth || usesCognito(rule, "actions")
				}
			}
			if !auth {
				return ""
			}
			for _, id := range stringsOf(list(r, "securityGroups")) {
				if sg := byID(g, securityGroup, id); sg != nil && reachesInternet443(sg, g) {
					return ""
				}
			}
			return "authenticates with Cognito but no security group of it allows tcp 443 out to the internet"
		}},
	{ID: "PF.ELB.4", Title: "Target group health checks are in range", Types: []string{targetGroup},
		Rejects: "CreateTargetGroup: ValidationError: interval 5-300 s, timeout 2-120 s and below the interval, thresholds 2-10, deregistration delay 0-3600 s",
		Source:  elbTGDoc, Fix: "keep health check values in the API's ranges with timeout < interval",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			in := func(path string, lo, hi float64) string {
				v, ok := num(r, path)
				return check(!ok || (v >= lo && v <= hi), "%s %v is outside %v to %v", path, v, lo, hi)
			}
			interval, okI := num(r, "healthCheck.interval")
			timeout, okT := num(r, "healthCheck.timeout")
			return first(in("healthCheck.interval", 5, 300), in("healthCheck.timeout", 2, 120),
				in("healthCheck.healthyThreshold", 2, 10), in("healthCheck.unhealthyThreshold", 2, 10),
				in("deregistrationDelay", 0, 3600),
				check(!okI || !okT || timeout < interval, "healthCheck.timeout %v is not below the interval %v", timeout, interval))
		}},
	{ID: "PF.ELB.5", Title: "An application load balancer spans at least two subnets", Types: []string{loadBalancer},
		Rejects: "CreateLoadBalancer: ValidationError: At least two subnets in two different Availability Zones must be specified",
		Source:  elbLBDoc, Fix: "give the load balancer subnets in two or more Availability Zones",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if t := str(r, "loadBalancerType"); t != "" && t != "application" {
				return ""
			}
			n := len(list(r, "subnets")) + len(list(r, "subnetMappings"))
			return check(n >= 2, "%d subnet(s)", n)
		}},
	{ID: "PF.ELB.6", Title: "An HTTPS listener has a certificate", Types: []string{listener},
		Rejects: "CreateListener: ValidationError: A certificate must be specified for HTTPS listeners",
		Source:  "Elastic Load Balancing API Reference, CreateListener https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html",
		Fix:     "set certificateArn on the HTTPS listener",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(str(r, "protocol") != "HTTPS" || r.Input("certificateArn") != nil, "HTTPS listener without certificateArn")
		}},
	{ID: "PF.ELB.7", Title: "The access-log bucket of a load balancer uses SSE-S3", Types: []string{loadBalancer},
		Rejects: "ModifyLoadBalancerAttributes: Access Denied for bucket: the only server-side encryption access logs support is SSE-S3 (AES256)",
		Source:  elbLogsDoc, Fix: "encrypt the log bucket with AES256, not aws:kms",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "accessLogs.enabled") {
				return ""
			}
			for _, enc := range withInput(g, bucketEncryption, "bucket", r.Input("accessLogs.bucket")) {
				if a := str(enc, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"); a != "" && a != "AES256" {
					return fmt.Sprintf("log bucket %s encrypts with %s", str(r, "accessLogs.bucket"), a)
				}
			}
			return ""
		}},
	{ID: "PF.ELB.8", Title: "The access-log bucket policy lets Elastic Load Balancing write", Types: []string{loadBalancer},
		Rejects: "ModifyLoadBalancerAttributes: Access Denied for bucket: Please check S3bucket permission",
		Source:  elbLogsDoc, Fix: "give the log bucket a policy that allows s3:PutObject on <bucket>/<prefix>/* to the region's ELB account or logdelivery.elasticloadbalancing.amazonaws.com",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "accessLogs.enabled") {
				return ""
			}
			name := str(r, "accessLogs.bucket")
			for _, p := range withInput(g, bucketPolicy, "bucket", name) {
				for _, s := range statements(p, "policy") {
					if s["Effect"] == "Allow" && containsAction(s, "s3:PutObject") {
						return ""
					}
				}
			}
			return fmt.Sprintf("no policy of bucket %s allows s3:PutObject", name)
		}},
}

func containsAction(statement map[string]any, action string) bool {
	for _, a := range stringsOf(asList(statement["Action"])) {
		if a == action || a == "s3:*" || a == "*" {
			return true
		}
	}
	return false
}
