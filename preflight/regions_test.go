package preflight

import (
	"testing"

	"platform/internal/graph"
)

// inRegion is r on an explicit provider of the region.
func inRegion(region string, r *graph.Resource) func() []*graph.Resource {
	p := res(awsProvider, "aws-"+region, M{"region": region})
	provider(p)(r)
	return one(p, r)
}

var regionCases = []ruleCase{
	// Managed Grafana is in 10 Regions: eu-west-1 has it, eu-north-1 not.
	{rule: "PF.GRAFANA.4", badName: "grafana", good: inRegion("eu-west-1", workspace(nil)), bad: inRegion("eu-north-1", workspace(nil))},
	// SES sending is in most Regions but not eu-south-2 (Spain).
	{rule: "PF.REGION.1", badName: "mail", good: inRegion("eu-west-1", res("aws:ses/domainIdentity:DomainIdentity", "mail", M{"domain": "example.com"})),
		bad: inRegion("eu-south-2", res("aws:ses/domainIdentity:DomainIdentity", "mail", M{"domain": "example.com"}))},
}

func TestRegionRules(t *testing.T) { runCases(t, regionCases) }

// A Region the tables do not know, or a resource without a provider, is not
// refused: only a document that leaves the Region out fails the plan.
func TestRegionRulesPassWhatNoDocumentRefuses(t *testing.T) {
	for name, rs := range map[string][]*graph.Resource{
		"no provider":    {workspace(nil)},
		"unknown region": inRegion("xx-nowhere-1", workspace(nil))(),
	} {
		if got := findingsOf(Run(graph.New("p", "test", rs)), "PF.GRAFANA.4"); len(got) != 0 {
			t.Errorf("%s: %v", name, got)
		}
	}
}
