package policy

import (
	"strings"

	"platform/internal/graph"
)

// origin names the part of the stack a resource belongs to: its outermost
// platform component, which is a workload (named after it) or a layer
// (network, access, data), so a finding points at what the user configured
// rather than only at a generated child resource. "" for a top-level resource.
func origin(g *graph.Graph, r *graph.Resource) string {
	var top *graph.Resource
	for p := g.Get(r.Parent); p != nil; p = g.Get(p.Parent) {
		if strings.HasPrefix(p.Type, "platform:") {
			top = p
		}
	}
	if top == nil {
		return ""
	}
	return " (part of " + top.Type + " " + top.Name + ")"
}
