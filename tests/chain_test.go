package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"platform/internal/graph"
)

// ingressFrom lists what a security group admits: other groups' ids or CIDRs.
func ingressFrom(g *graph.Graph, groupID string) []string {
	var from []string
	for _, rule := range g.ByType(ingressRuleType) {
		if rule.Input("securityGroupId") != groupID {
			continue
		}
		for _, k := range []string{"referencedSecurityGroupId", "cidrIpv4", "cidrIpv6"} {
			if v, ok := rule.Input(k).(string); ok {
				from = append(from, v)
			}
		}
	}
	return from
}

// joiners lists the workloads whose network interfaces join a security group:
// ECS services by name, and migration runs by the groups they start with.
func joiners(g *graph.Graph, groupID string) []string {
	var names []string
	for _, svc := range g.ByType(ecsServiceType) {
		groups, _ := svc.Input("networkConfiguration.securityGroups").([]any)
		if slices.Contains(groups, any(groupID)) {
			names = append(names, strings.TrimSuffix(svc.Name, "-service"))
		}
	}
	for _, run := range g.ByType("command:local:Command") {
		if groups, ok := run.Input("environment.SECURITY_GROUP").(string); ok && slices.Contains(strings.Split(groups, ","), groupID) {
			names = append(names, strings.TrimSuffix(run.Name, "-run"))
		}
	}
	return names
}

// egressTo lists the groups a security group may open connections to.
func egressTo(g *graph.Graph, groupID string) []string {
	var to []string
	for _, rule := range g.ByType(egressRuleType) {
		if rule.Input("securityGroupId") == groupID {
			if v, ok := rule.Input("referencedSecurityGroupId").(string); ok {
				to = append(to, v)
			}
		}
	}
	return to
}

// The chain internet -> ALB -> service -> proxy -> database holds with a
// constant number of rules per data part: each part admits its client group
// once, and only the workloads that declared the part join that group.
func TestSecurityGroupsChainInternetALBServiceProxyDatabase(t *testing.T) {
	g := Evaluate(t, "production")
	sg := func(name string) string { return only(t, g, sgType, name).ID }
	albSG, catalogSG, proxySG, dbSG, tasksSG := sg("cluster-alb-sg"), sg("catalog-sg"), sg("data-db-proxy-sg"), sg("data-db-sg"), sg("cluster-tasks-sg")

	assert.ElementsMatch(t, []string{"0.0.0.0/0", "::/0", "0.0.0.0/0", "::/0"}, ingressFrom(g, albSG), "only the ALB faces the internet")
	for _, rule := range g.ByType(ingressRuleType) {
		if rule.Input("securityGroupId") == albSG {
			assert.Contains(t, []any{80.0, 443.0}, rule.Input("fromPort"))
			assert.Equal(t, rule.Input("fromPort"), rule.Input("toPort"))
		}
	}
	assert.Equal(t, []string{tasksSG, tasksSG}, egressTo(g, albSG), "the ALB sends only to web tasks, one rule per port (8080, 3000)")
	assert.ElementsMatch(t, []string{"admin", "catalog", "frontend", "orders", "webhooks"}, joiners(g, tasksSG), "only web services join the tasks group")
	assert.Equal(t, []string{albSG}, ingressFrom(g, catalogSG), "a service admits only the ALB")
	assert.Equal(t, []string{albSG}, ingressFrom(g, sg("frontend-sg")), "frontend: the ALB only")

	dbClients, cacheClients, brokerClients := sg("data-db-clients-sg"), sg("data-cache-clients-sg"), sg("data-broker-clients-sg")
	assert.Equal(t, []string{dbClients}, ingressFrom(g, proxySG), "the proxy admits only the database's client group")
	assert.Equal(t, []string{proxySG}, egressTo(g, dbClients))
	assert.ElementsMatch(t, []string{"catalog", "orders", "admin", "recon", "jobs", "migrate"}, joiners(g, dbClients),
		"only the workloads that declared the database are its clients")
	assert.Equal(t, []string{proxySG}, ingressFrom(g, dbSG), "the database admits only the proxy")
	assert.Equal(t, []string{cacheClients}, ingressFrom(g, sg("data-cache-sg")))
	assert.ElementsMatch(t, []string{"catalog", "orders"}, joiners(g, cacheClients))
	assert.Equal(t, []string{brokerClients}, ingressFrom(g, sg("data-broker-sg")))
	assert.ElementsMatch(t, []string{"orders", "webhooks", "recon"}, joiners(g, brokerClients))
	assert.Empty(t, ingressFrom(g, sg("jobs-sg")), "workers admit nothing")
	assert.Empty(t, ingressFrom(g, sg("scheduler-sg")), "scheduled tasks admit nothing")
	assert.Empty(t, ingressFrom(g, tasksSG), "the tasks group admits nothing: each service's own group does")
}
