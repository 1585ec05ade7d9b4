package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"

	"platform/internal/awsfacts"
)

// Change is one resource that differs between two plans.
type Change struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Paths are the input paths that differ ("healthCheck.path",
	// "subnetIds[1]", "(protect)"); empty for an added or removed resource.
	Paths []string `json:"paths,omitempty"`
	// Values are the same differences with the values before and after.
	Values []ValueChange `json:"values,omitempty"`
	// Documents are the inputs holding a JSON document (a policy, the
	// containerDefinitions) that changed, with the keys that changed in them.
	Documents []DocumentChange `json:"documents,omitempty"`
	// Replace is true when the change destroys the resource and creates it
	// again (the provider cannot update ReplacedBy in place).
	Replace    bool     `json:"replace,omitempty"`
	ReplacedBy []string `json:"replacedBy,omitempty"`
	// Note says what a replacement means, e.g. "a new, empty queue".
	Note string `json:"note,omitempty"`
}

// ValueChange is one differing value.
type ValueChange struct {
	Path string `json:"path"`
	// Old and New are the values before and after; nil when absent.
	Old any `json:"old"`
	New any `json:"new"`
}

// PlanDiff is what a change to the program does to a stack's graph.
type PlanDiff struct {
	Stack string `json:"stack"`
	// Changed lists replacements first, then in-place updates, in URN order.
	Added   []Change `json:"added"`
	Changed []Change `json:"changed"`
	Removed []Change `json:"removed"`
	// Outputs are the stack outputs that differ, by output name.
	Outputs []ValueChange `json:"outputs"`
	// Cost and Posture compare the estimate and the posture findings with
	// the base plan's; nil when the base plan has none (made without --cost
	// or --policy).
	Cost    *CostChange    `json:"cost,omitempty"`
	Posture *PostureChange `json:"posture,omitempty"`
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

// Diff compares a base plan with the current one. Both are read in their
// reviewable view (ExpandJSON), so a change inside a policy or a task's
// containerDefinitions names the keys that moved.
func Diff(base, head Plan) PlanDiff {
	base, head = base.ExpandJSON(), head.ExpandJSON()
	d := PlanDiff{Stack: head.Stack, Added: []Change{}, Changed: []Change{}, Removed: []Change{}}
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
		values := notIgnored(diffValues("", map[string]any(old.Inputs), map[string]any(r.Inputs)), r.IgnoreChanges)
		values = append(values, diffValues("(protect)", old.Protect, r.Protect)...)
		values = append(values, diffValues("(retainOnDelete)", old.RetainOnDelete, r.RetainOnDelete)...)
		values = append(values, diffValues("(provider)", old.Provider, r.Provider)...)
		if len(values) > 0 {
			sort.Slice(values, func(i, j int) bool { return values[i].Path < values[j].Path })
			c := Change{URN: r.URN, Type: r.Type, Name: r.Name, Values: values}
			for _, v := range values {
				c.Paths = append(c.Paths, v.Path)
			}
			c.Documents = documentChanges(values)
			markReplacement(&c)
			d.Changed = append(d.Changed, c)
		}
	}
	for _, r := range base.Resources {
		if !seen[r.URN] {
			d.Removed = append(d.Removed, Change{URN: r.URN, Type: r.Type, Name: r.Name})
		}
	}
	// Replacements first: they are what a reviewer must not miss.
	sort.SliceStable(d.Changed, func(i, j int) bool { return d.Changed[i].Replace && !d.Changed[j].Replace })
	d.Outputs = diffValues("", base.Outputs, head.Outputs)
	sort.Slice(d.Outputs, func(i, j int) bool { return d.Outputs[i].Path < d.Outputs[j].Path })
	return d
}

// notIgnored drops the changes under the resource's ignoreChanges paths:
// `pulumi up` neither updates nor replaces for them.
func notIgnored(values []ValueChange, ignored []string) []ValueChange {
	kept := values[:0]
	for _, v := range values {
		if !awsfacts.Within(v.Path, ignored) {
			kept = append(kept, v)
		}
	}
	return kept
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
