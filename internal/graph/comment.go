package graph

import (
	"encoding/json"
	"fmt"
	"io"
)

// ReadDiff reads a diff written by `platform diff --format json`.
func ReadDiff(r io.Reader) (PlanDiff, error) {
	var d PlanDiff
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return PlanDiff{}, fmt.Errorf("not a platform diff: %w", err)
	}
	if d.Stack == "" {
		return PlanDiff{}, fmt.Errorf("not a platform diff: no stack")
	}
	return d, nil
}

// WriteComment writes the pull-request comment of several stacks' diffs: a
// table with each stack's cost before -> after and its replacements, then
// each stack's section (WriteMarkdown), the stacks with replacements first.
func WriteComment(w io.Writer, diffs []PlanDiff) {
	fmt.Fprintln(w, "## What this pull request changes in each stack (offline plan)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| stack | cost a month | to replace | to add | to change | to remove |\n|---|---:|---:|---:|---:|---:|")
	ordered := make([]PlanDiff, 0, len(diffs))
	for _, first := range []bool{true, false} {
		for _, d := range diffs {
			if (d.Replaced() > 0) == first {
				ordered = append(ordered, d)
			}
		}
	}
	for _, d := range ordered {
		costs := "not compared"
		if d.Cost != nil {
			costs = fmt.Sprintf("%.2f -> %.2f %s (%+.2f)", d.Cost.Before, d.Cost.After, d.Cost.Currency, d.Cost.After-d.Cost.Before)
		}
		replaced := fmt.Sprint(d.Replaced())
		if d.Replaced() > 0 {
			replaced = "**" + replaced + "**"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s | %d | %d | %d |\n", d.Stack, costs, replaced, len(d.Added), len(d.Changed)-d.Replaced(), len(d.Removed))
	}
	for _, d := range ordered {
		fmt.Fprintln(w)
		d.WriteMarkdown(w)
	}
}
