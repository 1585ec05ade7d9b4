package preflight

import (
	"platform/internal/graph"
	"testing"
)

// alb builds a load balancer with its security group, an HTTPS listener and
// one rule per priority; cognito makes the rules authenticate.
type albShape struct {
	protocol   string
	priorities []any
	cognito    bool
	egress443  bool
}

func alb(s albShape) []*graph.Resource {
	sg := res(securityGroup, "alb-sg", M{"vpcId": "vpc-1"}, id("sg-alb"))
	out := []*graph.Resource{sg}
	if s.egress443 {
		out = append(out, res(egressRule, "alb-idp-out", M{"securityGroupId": "sg-alb", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}, on(sg)))
	}
	lb := res(loadBalancer, "alb", M{"loadBalancerType": "application", "securityGroups": L{"sg-alb"}, "subnets": L{"subnet-a", "subnet-b"}}, on(sg))
	protocol := s.protocol
	if protocol == "" {
		protocol = "HTTPS"
	}
	l := res(listener, "https", M{"protocol": protocol, "port": 443, "certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/x",
		"defaultActions": L{M{"type": "fixed-response"}}}, on(lb))
	out = append(out, lb, l)
	for i, p := range s.priorities {
		actions := L{M{"type": "forward", "targetGroupArn": "arn:tg"}}
		if s.cognito {
			actions = L{M{"type": "authenticate-cognito", "authenticateCognito": M{"userPoolClientId": "client-1"}}, actions[0]}
		}
		out = append(out, res(listenerRule, "rule-"+string(rune('a'+i)), M{"priority": p, "actions": actions,
			"conditions": L{M{"hostHeader": M{"values": L{"app.example.com"}}}}}, on(l)))
	}
	return out
}

func albWith(s albShape, edit func(rs []*graph.Resource)) func() []*graph.Resource {
	return func() []*graph.Resource {
		rs := alb(s)
		if edit != nil {
			edit(rs)
		}
		return rs
	}
}

func named(rs []*graph.Resource, name string) *graph.Resource {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	panic("no resource " + name)
}

// logBucket is a load balancer's access-log bucket with its encryption and policy.
func logBucket(sse string, allowPut bool) []*graph.Resource {
	b := res(bucket, "logs", M{"bucket": "logs-111122223333"})
	enc := res(bucketEncryption, "logs-encryption", M{"bucket": "logs-111122223333", "rules": L{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": sse}}}}, on(b))
	action := "s3:GetObject"
	if allowPut {
		action = "s3:PutObject"
	}
	policy := res(bucketPolicy, "logs-policy", M{"bucket": "logs-111122223333", "policy": jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": L{action},
		"Principal": M{"AWS": "arn:aws:iam::127311923021:root"}}}})}, on(b))
	return []*graph.Resource{b, enc, policy}
}

func loggingALB(sse string, allowPut bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		logs := logBucket(sse, allowPut)
		rs := alb(albShape{})
		lb := named(rs, "alb")
		lb.Inputs["accessLogs"] = M{"bucket": "logs-111122223333", "enabled": true, "prefix": "alb"}
		on(logs[0], logs[2])(lb)
		return append(rs, logs...)
	}
}

var elbCases = []ruleCase{
	{rule: "PF.ELB.1", badName: "rule-b", good: albWith(albShape{priorities: L{1, 50000}}, nil), bad: albWith(albShape{priorities: L{1, 50001}}, nil)},
	{rule: "PF.ELB.1", badName: "rule-b", good: albWith(albShape{priorities: L{10, 20}}, nil),
		bad: albWith(albShape{priorities: L{10, 20}}, func(rs []*graph.Resource) { named(rs, "rule-b").Inputs["priority"] = 10 })},
	{rule: "PF.ELB.2", badName: "rule-a", good: albWith(albShape{priorities: L{1}, cognito: true, egress443: true}, nil),
		bad: albWith(albShape{protocol: "HTTP", priorities: L{1}, cognito: true, egress443: true}, nil)},
	{rule: "PF.ELB.3", badName: "alb", good: albWith(albShape{priorities: L{1}, cognito: true, egress443: true}, nil),
		bad: albWith(albShape{priorities: L{1}, cognito: true}, nil)},
	{rule: "PF.ELB.4", badName: "tg",
		good: one(res(targetGroup, "tg", M{"healthCheck": M{"interval": 30, "timeout": 5, "healthyThreshold": 2, "unhealthyThreshold": 3}, "deregistrationDelay": 30})),
		bad:  one(res(targetGroup, "tg", M{"healthCheck": M{"interval": 5, "timeout": 5}}))},
	{rule: "PF.ELB.5", badName: "alb", good: albWith(albShape{}, nil),
		bad: albWith(albShape{}, func(rs []*graph.Resource) { named(rs, "alb").Inputs["subnets"] = L{"subnet-a"} })},
	{rule: "PF.ELB.6", badName: "https", good: albWith(albShape{}, nil),
		bad: albWith(albShape{}, func(rs []*graph.Resource) { delete(named(rs, "https").Inputs, "certificateArn") })},
	{rule: "PF.ELB.7", badName: "alb", good: loggingALB("AES256", true), bad: loggingALB("aws:kms", true)},
	{rule: "PF.ELB.8", badName: "alb", good: loggingALB("AES256", true), bad: loggingALB("AES256", false)},
}

func TestELBRules(t *testing.T) { runCases(t, elbCases) }
