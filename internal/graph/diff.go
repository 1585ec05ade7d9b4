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
	// Paths are the input paths that differ ("healthCheck.path",
	// "subnetIds[1]", "(protect)"); empty for an added or removed resource.
	Paths []string
	// Values are the same differences with the values before and after.
	Values []ValueChange
}

// ValueChange is one differing value.
type ValueChange struct {
	Path string
	// Old and New are the values before and after; nil when absent.
	Old, New any
}

// PlanDiff is what a change to the program does to a stack's graph.
type PlanDiff struct {
	Stack                   string
	Added, Removed, Changed []Change
	// Outputs are the stack outputs that differ, by output name.
	Outputs []ValueChange
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
		values := diffValues("", map[string]any(old.Inputs), map[string]any(r.Inputs))
		values = append(values, diffValues("(protect)", old.Protect, r.Protect)...)
		values = append(values, diffValues("(retainOnDelete)", old.RetainOnDelete, r.RetainOnDelete)...)
		values = append(values, diffValues("(provider)", old.Provider, r.Provider)...)
		if len(values) > 0 {
			sort.Slice(values, func(i, j int) bool { return values[i].Path < values[j].Path })
			c := Change{URN: r.URN, Type: r.Type, Name: r.Name, Values: values}
			for _, v := range values {
				c.Paths = append(c.Paths, v.Path)
			}
			d.Changed = append(d.Changed, c)
		}
	}
	for _, r := range base.Resources {
		if !seen[r.URN] {
			d.Removed = append(d.Removed, Change{URN: r.URN, Type: r.Type, Name: r.Name})
		}
	}
	d.Outputs = diffValues("", base.Outputs, head.Outputs)
	sort.Slice(d.Outputs, func(i, j int) bool { return d.Outputs[i].Path < d.Outputs[j].Path })
	return d
}

// diffValues lists where a and b differ under path: into maps key by key, and
// into lists of the same length item by item ("[2]"), so that a change inside
// a long list or a JSON document names the one value that moved.
func diffValues(path string, a, b any) []ValueChange {
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
		var out []ValueChange
		for k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			out = append(out, diffValues(sub, am[k], bm[k])...)
		}
		return out
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		var out []ValueChange
		for i := range al {
			out = append(out, diffValues(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i])...)
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []ValueChange{{Path: path, Old: a, New: b}}
}

// Empty reports whether nothing the stack deploys changed; Outputs do not count.
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

// WriteValues writes the diff with every differing value, old -> new, the way
// a reviewer reads a golden graph's change.
func (d PlanDiff) WriteValues(w io.Writer) {
	fmt.Fprintf(w, "Stack %s: %d added, %d changed, %d removed, %d outputs changed\n", d.Stack, len(d.Added), len(d.Changed), len(d.Removed), len(d.Outputs))
	for _, c := range d.Added {
		fmt.Fprintf(w, "  + %s %s\n", c.Type, c.Name)
	}
	for _, c := range d.Removed {
		fmt.Fprintf(w, "  - %s %s\n", c.Type, c.Name)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "  ~ %s %s\n", c.Type, c.Name)
		for _, v := range c.Values {
			fmt.Fprintf(w, "      %s: %s -> %s\n", v.Path, shortValue(v.Old), shortValue(v.New))
		}
	}
	for _, v := range d.Outputs {
		fmt.Fprintf(w, "  ~ output %s: %s -> %s\n", v.Path, shortValue(v.Old), shortValue(v.New))
	}
}

// shortValue renders a value on one line: JSON, cut after 120 characters.
func shortValue(v any) string {
	if v == nil {
		return "(absent)"
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if text := []rune(string(data)); len(text) > 120 {
		return string(text[:117]) + "..."
	}
	return string(data)
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
