package policy

import (
	"fmt"
	"slices"
	"strings"

	"platform/internal/graph"
)

// WaiversKey is the stack output that carries the workloads' posture waivers.
const WaiversKey = "postureWaivers"

// Waiver accepts one rule's findings on one workload's resources, for a
// reason the workload's config states (`waivers` in its product file).
type Waiver struct {
	Workload, Rule, Reason string
}

// RuleIDs are the ids a waiver can name, sorted.
func RuleIDs() []string {
	var ids []string
	for _, r := range Rules {
		if !slices.Contains(ids, r.Control) {
			ids = append(ids, r.Control)
		}
	}
	slices.Sort(ids)
	return ids
}

// WaiversOf reads the waivers a stack exported.
func WaiversOf(g *graph.Graph) []Waiver {
	var out []Waiver
	list, _ := g.Outputs[WaiversKey].([]any)
	for _, item := range list {
		m, _ := item.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		out = append(out, Waiver{Workload: str("workload"), Rule: str("rule"), Reason: str("reason")})
	}
	return out
}

// workloadComponent is the type prefix of the components a workload is.
const workloadComponent = "platform:compute:"

// workloadOf is the workload a resource belongs to: the name of its nearest
// platform:compute component ancestor, or "".
func workloadOf(g *graph.Graph, r *graph.Resource) string {
	for at := g.Get(r.Parent); at != nil; at = g.Get(at.Parent) {
		if strings.HasPrefix(at.Type, workloadComponent) && !strings.HasSuffix(at.Type, ":Cluster") {
			return at.Name
		}
	}
	return ""
}

// waived returns why control is waived on r, or "".
func waived(waivers []Waiver, control string, g *graph.Graph, r *graph.Resource) string {
	if len(waivers) == 0 {
		return ""
	}
	workload := workloadOf(g, r)
	for _, w := range waivers {
		if w.Rule == control && w.Workload == workload && workload != "" {
			return fmt.Sprintf("waived for workload %s: %s", w.Workload, w.Reason)
		}
	}
	return ""
}
