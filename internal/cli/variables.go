package cli

import (
	"fmt"
	"io"
	"sort"

	"platform/internal/graph"
	"platform/stacks"
)

// writeVariables lists, per workload, every variable its task is given and
// where it comes from (the stack output "variables"; never a value), then
// the stack's own secrets created empty.
func writeVariables(w io.Writer, g *graph.Graph) {
	byWorkload, _ := g.Outputs[stacks.VariablesKey].(map[string]any)
	if len(byWorkload) > 0 {
		fmt.Fprintln(w, "\nVariables per workload:")
	}
	for _, name := range sortedKeys(byWorkload) {
		fmt.Fprintf(w, "  %s\n", name)
		vars, _ := byWorkload[name].(map[string]any)
		for _, v := range sortedKeys(vars) {
			fmt.Fprintf(w, "    %-32s %v\n", v, vars[v])
		}
	}
	empty, _ := g.Outputs[stacks.EmptySecretsKey].([]any)
	for _, name := range empty {
		fmt.Fprintf(w, "empty secret: %v (put its value with aws secretsmanager put-secret-value before a task that reads it starts)\n", name)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
