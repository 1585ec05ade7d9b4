package preflight

import (
	"fmt"
	"testing"

	"platform/internal/graph"
)

func state(m M) func(*graph.Resource) { return func(r *graph.Resource) { r.State = m } }

// albWithCertificates is an ALB whose HTTPS listener has n extra certificates.
func albWithCertificates(n int) func() []*graph.Resource {
	return func() []*graph.Resource {
		lb := res(loadBalancer, "alb", M{"subnets": L{"a", "b"}})
		l := res(listener, "https", M{"protocol": "HTTPS", "certificateArn": "arn:c"}, on(lb))
		out := []*graph.Resource{lb, l}
		for i := range n {
			out = append(out, res(listenerCertificate, fmt.Sprintf("cert-%d", i), M{"certificateArn": fmt.Sprintf("arn:c/%d", i)}, on(l)))
		}
		return out
	}
}

func albs(n int) func() []*graph.Resource {
	return func() []*graph.Resource {
		var out []*graph.Resource
		for i := range n {
			out = append(out, res(loadBalancer, fmt.Sprintf("alb-%02d", i), M{"loadBalancerType": "application", "subnets": L{"a", "b"}}))
		}
		out = append(out, res(loadBalancer, "nlb", M{"loadBalancerType": "network", "subnets": L{"a", "b"}}))
		return out
	}
}

func clusterWith(services int) func() []*graph.Resource {
	return func() []*graph.Resource {
		out := []*graph.Resource{res(ecsCluster, "cluster", M{}, state(M{"arn": "arn:cluster"}))}
		for i := range services {
			out = append(out, res(ecsService, fmt.Sprintf("svc-%d", i), M{"cluster": "arn:cluster"}))
		}
		return out
	}
}

func poolWith(clients int) func() []*graph.Resource {
	return func() []*graph.Resource {
		out := []*graph.Resource{res(userPool, "pool", M{}, id("pool-1"))}
		for i := range clients {
			out = append(out, res(userPoolClient, fmt.Sprintf("client-%d", i), M{"userPoolId": "pool-1"}))
		}
		return out
	}
}

var scaleQuotaCases = []ruleCase{
	{rule: "PF.QUOTA.17", badName: "alb", good: albWithCertificates(25), bad: albWithCertificates(26)},
	{rule: "PF.QUOTA.18", badName: "alb-50", good: albs(50), bad: albs(51)},
	{rule: "PF.QUOTA.19", badName: "cluster", good: clusterWith(5000), bad: clusterWith(5001)},
	{rule: "PF.QUOTA.20", badName: "pool", good: poolWith(1000), bad: poolWith(1001)},
}

func TestScaleQuotaRules(t *testing.T) { runCases(t, scaleQuotaCases) }
