package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
)

// Change is one resource that differs between two plans.
type Change struct {
	URN, Type, Name string
	// Paths are the input paths that differ ("healthCheck.path"); empty for
	// an added or removed resource.
	Paths []string
}

// PlanDiff is what a change to the program does to a stack's graph.
type PlanDiff struct {
	Stack                   string
	Added, Removed, Changed []Change
}

// ReadPlan reads a plan written by `platform plan --format json`.
func ReadPlan(r io.Reader) (Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Plan{}, fmt.Errorf("not a platform plan: %w", err)
	}
	return p, nil
}

// Diff compares a base plan with the current one.
func Diff(base, head Plan) PlanDiff {
	d := PlanDiff{Stack: head.Stack}
	before := map[string]PlanResource{}
	for _, r := range base.Resources {
		before[r.URN] = r
	}
	seen := map[string]bool{}
	for _, r := range head.Resources {
		seen[r.URN] = true
		old, ok := before[r.URN]
		if !ok {
			d.Added = append(d.Added, Change{URN: r.URN, Type: r.Type, Name: r.Name})
			continue
		}
		paths := diffPaths("", map[string]any(old.Inputs), map[string]any(r.Inputs))
		if old.Protect != r.Protect {
			paths = append(paths, "(protect)")
		}
		if old.RetainOnDelete != r.RetainOnDelete {
			paths = append(paths, "(retainOnDelete)")
		}
		if len(paths) > 0 {
			sort.Strings(paths)
			d.Changed = append(d.Changed, Change{URN: r.URN, Type: r.Type, Name: r.Name, Paths: paths})
		}
	}
	for _, r := range base.Resources {
		if !seen[r.URN] {
			d.Removed = append(d.Removed, Change{URN: r.URN, Type: r.Type, Name: r.Name})
		}
	}
	return d
}

// diffPaths lists the paths under prefix where a and b differ.
func diffPaths(prefix string, a, b any) []string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var out []string
		for k := range keys {
			path := k
			if prefix != "" {
				path = prefix + "." + k
			}
			out = append(out, diffPaths(path, am[k], bm[k])...)
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []string{prefix}
}

// Empty reports whether nothing changed.
func (d PlanDiff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// WriteText writes the diff for a terminal.
func (d PlanDiff) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Stack %s: %d to add, %d to change, %d to remove\n", d.Stack, len(d.Added), len(d.Changed), len(d.Removed))
	for _, c := range d.Added {
		fmt.Fprintf(w, "  + %s %s\n", c.Type, c.Name)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "  ~ %s %s: %s\n", c.Type, c.Name, strings.Join(c.Paths, ", "))
	}
	for _, c := range d.Removed {
		fmt.Fprintf(w, "  - %s %s\n", c.Type, c.Name)
	}
}

// WriteMarkdown writes the diff as a pull-request comment section.
func (d PlanDiff) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "### Stack `%s`: %d to add, %d to change, %d to remove\n\n", d.Stack, len(d.Added), len(d.Changed), len(d.Removed))
	if d.Empty() {
		fmt.Fprintln(w, "No change to what this stack deploys.")
		return
	}
	fmt.Fprintln(w, "| | type | name | changed inputs |\n|---|---|---|---|")
	for _, c := range d.Added {
		fmt.Fprintf(w, "| + | `%s` | `%s` | |\n", c.Type, c.Name)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "| ~ | `%s` | `%s` | %s |\n", c.Type, c.Name, "`"+strings.Join(c.Paths, "`, `")+"`")
	}
	for _, c := range d.Removed {
		fmt.Fprintf(w, "| - | `%s` | `%s` | |\n", c.Type, c.Name)
	}
}
