// Package preflight checks a resolved stack graph for what AWS refuses at
// deploy time, or what breaks once deployed, that the offline mocks accept:
// name lengths and character sets, AWS-wide names, Fargate sizes and
// platforms, engine classes, quotas, and resources AWS needs to exist first.
// Every rule names the AWS document it was read from and the fix.
//
// The package is pure (graph and awsfacts only) so its rules have fast tests.
package preflight

import (
	"fmt"
	"platform/internal/graph"
	"sort"
)

// Rule is one deploy-time constraint.
type Rule struct {
	// ID is the rule id, e.g. "PF.ECS.1".
	ID    string
	Title string
	// Types are the resource types the rule looks at.
	Types []string
	// Rejects says what AWS refuses or what breaks when the rule is broken.
	Rejects string
	// Source is the AWS document (title and address) the constraint comes from.
	Source string
	// Fix says how to comply.
	Fix string
	// Check returns "" when r complies, else what is wrong with its values.
	Check func(r *graph.Resource, g *graph.Graph) string
}

// Finding is one resource that breaks one rule.
type Finding struct {
	Rule    string `json:"rule"`
	Title   string `json:"title"`
	URN     string `json:"urn"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Message string `json:"message"`
	Rejects string `json:"rejects"`
	Fix     string `json:"fix"`
	Source  string `json:"source"`
}

// Report is the preflight of one graph.
type Report struct {
	// Checked counts (rule, resource) pairs looked at.
	Checked  int       `json:"checked"`
	Failed   int       `json:"failed"`
	Findings []Finding `json:"findings"`
}

// Run checks every rule against every managed resource of its types.
func Run(g *graph.Graph) Report {
	return RunRules(g, Rules)
}

// RunRules checks the given rules.
func RunRules(g *graph.Graph, rules []Rule) Report {
	report := Report{Findings: []Finding{}}
	for _, rule := range rules {
		for _, typ := range rule.Types {
			for _, r := range g.ByType(typ) {
				if r.Read {
					continue
				}
				report.Checked++
				problem := rule.Check(r, g)
				if problem == "" {
					continue
				}
				report.Failed++
				report.Findings = append(report.Findings, Finding{Rule: rule.ID, Title: rule.Title, URN: r.URN, Type: r.Type, Name: r.Name,
					Message: problem, Rejects: rule.Rejects, Fix: rule.Fix, Source: rule.Source})
			}
		}
	}
	sort.SliceStable(report.Findings, func(i, j int) bool {
		a, b := report.Findings[i], report.Findings[j]
		if a.Rule != b.Rule {
			return ruleLess(a.Rule, b.Rule)
		}
		return a.URN < b.URN
	})
	return report
}

// ruleLess orders rule ids by area, then by number ("PF.ECS.2" before "PF.ECS.10").
func ruleLess(a, b string) bool {
	var areaA, areaB string
	var numA, numB int
	fmt.Sscanf(splitNumber(a, &areaA), "%d", &numA)
	fmt.Sscanf(splitNumber(b, &areaB), "%d", &numB)
	if areaA != areaB {
		return areaA < areaB
	}
	return numA < numB
}

func splitNumber(id string, area *string) string {
	for i := len(id) - 1; i >= 0; i-- {
		if id[i] == '.' {
			*area = id[:i]
			return id[i+1:]
		}
	}
	*area = id
	return "0"
}

// Rules are every preflight rule, by service.
var Rules = concat(ecsRules, elbRules, s3Rules, rdsRules, rdsSnapshotRules, elasticacheRules, mqRules, cognitoRules,
	wafRules, iamRules, messagingRules, dnsRules, certRules, observabilityRules, grafanaRules, networkRules, platformRules, nameRules, quotaRules, scaleQuotaRules, orderRules, lambdaRules,
	budgetRules, containerRules, canaryRules, logClassRules, scheduleSpotRules, regionRules, lambdaHTTPRules, apigwRules, ecrLifecycleRules)

func concat(groups ...[]Rule) []Rule {
	var out []Rule
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
