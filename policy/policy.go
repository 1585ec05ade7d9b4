// Package policy checks what the platform deploys against the AWS Foundational
// Security Best Practices controls that apply to it. Each rule is one control;
// tier exceptions are data with a reason. Rules that look at one resource run
// both offline on the plan graph and as a CrossGuard pack (policy/pack) in
// `pulumi preview`; rules that need other resources run offline only.
package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"platform/internal/graph"
	"platform/internal/tier"
)

// Severity is a control's severity as Security Hub rates it.
type Severity string

// The severities, most severe first.
const (
	Critical Severity = "CRITICAL"
	High     Severity = "HIGH"
	Medium   Severity = "MEDIUM"
	Low      Severity = "LOW"
)

// Severities lists the severities in order.
var Severities = []Severity{Critical, High, Medium, Low}

// Resource is what a rule sees of one resource.
type Resource struct {
	URN, Type, Name string
	// Inputs use Pulumi's property names; secrets are graph.SecretMarker.
	Inputs map[string]any
}

// Get returns the input at a dotted path ("networkConfiguration.assignPublicIp").
func (r Resource) Get(path string) any {
	return (&graph.Resource{Inputs: r.Inputs}).Input(path)
}

// True reports whether the input at path is the boolean true.
func (r Resource) True(path string) bool { v, _ := r.Get(path).(bool); return v }

// String returns the input at path as a string, or "".
func (r Resource) String(path string) string { v, _ := r.Get(path).(string); return v }

// Rule is one control.
type Rule struct {
	// Control is the Security Hub control id, e.g. "RDS.2".
	Control  string
	Title    string
	Severity Severity
	// Types are the resource types the control applies to.
	Types []string
	// Check returns "" when r complies, else what is wrong and how to fix it.
	// Set for rules that need only the resource itself.
	Check func(r Resource) string
	// GraphCheck is Check for rules that need other resources (offline only).
	GraphCheck func(r *graph.Resource, g *graph.Graph) string
}

// Portable reports whether the rule can run in a CrossGuard pack.
func (r Rule) Portable() bool { return r.Check != nil }

// Exception excuses a control in some tiers, or for some resources, for a reason.
type Exception struct {
	Control string
	// Tiers the exception holds in; empty for every tier.
	Tiers []tier.Tier
	// NameSuffix limits it to resources whose logical name ends so; empty for all.
	NameSuffix string
	Reason     string
}

func (e Exception) covers(control string, t tier.Tier, name string) bool {
	if e.Control != control {
		return false
	}
	if len(e.Tiers) > 0 && !slices.Contains(e.Tiers, t) {
		return false
	}
	return e.NameSuffix == "" || strings.HasSuffix(name, e.NameSuffix)
}

// Excepted returns the reason control is excepted for a resource in tier t,
// or "". No tier-bound exception holds for an unknown (empty) tier.
func Excepted(control string, t tier.Tier, name string) string {
	for _, e := range Exceptions {
		if e.covers(control, t, name) {
			return e.Reason
		}
	}
	return ""
}

// Finding is one control that a resource does not meet.
type Finding struct {
	Control  string   `json:"control"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	URN      string   `json:"urn"`
	Name     string   `json:"name"`
	Message  string   `json:"message"`
	// Excepted holds the exception's reason; empty for a failure.
	Excepted string `json:"excepted,omitempty"`
	// Waived reports that the exception is a workload's waiver in config.
	Waived bool `json:"waived,omitempty"`
}

// Report is the posture of one graph.
type Report struct {
	Passed   int       `json:"passed"`
	Excepted int       `json:"excepted"`
	Failed   int       `json:"failed"`
	Findings []Finding `json:"findings"`
}

// FailedBy counts failures per severity.
func (r Report) FailedBy() map[Severity]int {
	out := map[Severity]int{}
	for _, f := range r.Findings {
		if f.Excepted == "" {
			out[f.Severity]++
		}
	}
	return out
}

// Evaluate runs every rule over the graph of a stack of tier t.
func Evaluate(g *graph.Graph, t tier.Tier) Report {
	report := Report{Findings: []Finding{}}
	waivers := WaiversOf(g)
	for _, rule := range Rules {
		for _, typ := range rule.Types {
			for _, r := range g.ByType(typ) {
				if r.Read {
					continue
				}
				var problem string
				if rule.Check != nil {
					problem = rule.Check(Resource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: r.Inputs})
				} else {
					problem = rule.GraphCheck(r, g)
				}
				if problem == "" {
					report.Passed++
					continue
				}
				f := Finding{Control: rule.Control, Title: rule.Title, Severity: rule.Severity, URN: r.URN, Name: r.Name,
					Message: fmt.Sprintf("%s %s: %s%s", r.Type, r.Name, problem, origin(g, r)), Excepted: Excepted(rule.Control, t, r.Name)}
				if f.Excepted == "" {
					f.Excepted = waived(waivers, rule.Control, g, r)
					f.Waived = f.Excepted != ""
				}
				if f.Excepted != "" {
					report.Excepted++
				} else {
					report.Failed++
				}
				report.Findings = append(report.Findings, f)
			}
		}
	}
	sort.SliceStable(report.Findings, func(i, j int) bool {
		a, b := report.Findings[i], report.Findings[j]
		if a.Excepted == "" != (b.Excepted == "") {
			return a.Excepted == ""
		}
		return severityRank(a.Severity) < severityRank(b.Severity)
	})
	return report
}

func severityRank(s Severity) int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return len(Severities)
}

func contains(list []string, v string) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}
