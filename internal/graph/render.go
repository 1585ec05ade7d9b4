package graph

import (
	"fmt"
	"io"
	"strings"
)

// layerTitles are the layers' headings in a drawing.
var layerTitles = map[string]string{
	"edge": "Edge", "network": "Network", "compute": "Compute", "data": "Data", "observability": "Observability",
}

// WriteMermaid draws the architecture as a mermaid flowchart: one subgraph
// per layer, solid arrows for security-group hops (labelled with the port),
// dotted arrows for IAM grants (labelled with the access).
func (a Architecture) WriteMermaid(w io.Writer) {
	fmt.Fprintln(w, "flowchart LR")
	for _, l := range a.Layers {
		fmt.Fprintf(w, "  subgraph layer_%s [%s]\n", l.Name, layerTitles[l.Name])
		for _, n := range l.Nodes {
			fmt.Fprintf(w, "    %s[%q]\n", n.ID, n.Label)
		}
		fmt.Fprintln(w, "  end")
	}
	for _, e := range a.Edges {
		arrow := "-->"
		if e.Grant {
			arrow = "-.->"
		}
		fmt.Fprintf(w, "  %s %s|%s| %s\n", e.From, arrow, strings.ReplaceAll(e.Label, "|", "/"), e.To)
	}
}

// WriteDot draws the architecture for Graphviz: one cluster per layer, the
// same edges as WriteMermaid, grants dashed.
func (a Architecture) WriteDot(w io.Writer) {
	fmt.Fprintf(w, "digraph %q {\n  rankdir=LR;\n  node [shape=box];\n", a.Stack)
	for _, l := range a.Layers {
		fmt.Fprintf(w, "  subgraph cluster_%s {\n    label=%q;\n", l.Name, layerTitles[l.Name])
		for _, n := range l.Nodes {
			fmt.Fprintf(w, "    %s [label=%q];\n", n.ID, n.Label)
		}
		fmt.Fprintln(w, "  }")
	}
	for _, e := range a.Edges {
		style := ""
		if e.Grant {
			style = ", style=dashed"
		}
		fmt.Fprintf(w, "  %s -> %s [label=%q%s];\n", e.From, e.To, e.Label, style)
	}
	fmt.Fprintln(w, "}")
}
