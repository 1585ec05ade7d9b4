package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Empty reports whether nothing the stack deploys changed; Outputs do not count.
func (d PlanDiff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// Replaced counts the changed resources that are destroyed and created again.
func (d PlanDiff) Replaced() int {
	n := 0
	for _, c := range d.Changed {
		if c.Replace {
			n++
		}
	}
	return n
}

// summary is the one-line count every format starts with.
func (d PlanDiff) summary() string {
	return fmt.Sprintf("%d to add, %d to change, %d to replace, %d to remove",
		len(d.Added), len(d.Changed)-d.Replaced(), d.Replaced(), len(d.Removed))
}

// marker is Pulumi's sign of a change: "+-" replace, "~" update.
func (c Change) marker() string {
	if c.Replace {
		return "+-"
	}
	return "~"
}

// inputs are the top-level inputs a change touches, in path order.
func (c Change) inputs() []string {
	var out []string
	for _, p := range c.Paths {
		if in := topInput(p); len(out) == 0 || out[len(out)-1] != in {
			out = append(out, in)
		}
	}
	return out
}

// details are a change's lines for a reader: old -> new for each value
// outside a JSON document, and the changed keys of each document.
func (c Change) details() []string {
	var out []string
	for _, v := range c.Values {
		if !strings.Contains(v.Path, "."+JSONDocumentKey) {
			out = append(out, fmt.Sprintf("%s: %s -> %s", v.Path, shortValue(v.Old), shortValue(v.New)))
		}
	}
	for _, doc := range c.Documents {
		out = append(out, fmt.Sprintf("%s (JSON document): %s changed", doc.Input, strings.Join(shortList(doc.Keys, 6), ", ")))
	}
	return out
}

// shortList keeps the first n items and says how many more there are.
func shortList(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	return append(append([]string{}, items[:n]...), fmt.Sprintf("and %d more", len(items)-n))
}

// WriteText writes the diff for a terminal: replacements first, each change
// with its values old -> new, then cost and posture when compared.
func (d PlanDiff) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Stack %s: %s\n", d.Stack, d.summary())
	for _, c := range d.Changed {
		line := fmt.Sprintf("  %s %s %s: %s", c.marker(), c.Type, c.Name, strings.Join(c.inputs(), ", "))
		if c.Replace {
			line += " (replaced by a change of " + strings.Join(c.ReplacedBy, ", ")
			if c.Note != "" {
				line += ": " + c.Note
			}
			line += ")"
		}
		fmt.Fprintln(w, line)
		for _, detail := range c.details() {
			fmt.Fprintf(w, "      %s\n", detail)
		}
	}
	for _, c := range d.Added {
		fmt.Fprintf(w, "  + %s %s\n", c.Type, c.Name)
	}
	for _, c := range d.Removed {
		fmt.Fprintf(w, "  - %s %s\n", c.Type, c.Name)
	}
	if d.Cost != nil {
		fmt.Fprintf(w, "  %s\n", d.Cost.summary())
		for _, r := range d.Cost.Resources {
			fmt.Fprintf(w, "    %+9.2f  %s %s (%.2f -> %.2f)\n", r.After-r.Before, r.Type, r.Name, r.Before, r.After)
		}
	}
	if d.Posture != nil {
		fmt.Fprintf(w, "  %s\n", d.Posture.summary())
		for _, f := range d.Posture.Appeared {
			fmt.Fprintf(w, "    appeared:    %s %s %s: %s%s\n", f.Control, f.Severity, f.Name, f.Message, excepted(f))
		}
		for _, f := range d.Posture.Disappeared {
			fmt.Fprintf(w, "    disappeared: %s %s %s: %s%s\n", f.Control, f.Severity, f.Name, f.Message, excepted(f))
		}
	}
}

func (c CostChange) summary() string {
	return fmt.Sprintf("Cost: %.2f -> %.2f %s a month (%+.2f)", c.Before, c.After, c.Currency, c.After-c.Before)
}

func (p PostureChange) summary() string {
	return fmt.Sprintf("Posture: failed %d -> %d, excepted %d -> %d, passed %d -> %d",
		p.Before.Failed, p.After.Failed, p.Before.Excepted, p.After.Excepted, p.Before.Passed, p.After.Passed)
}

func excepted(f Finding) string {
	if f.Excepted == "" {
		return ""
	}
	return " [excepted: " + f.Excepted + "]"
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
		fmt.Fprintf(w, "  %s %s %s\n", c.marker(), c.Type, c.Name)
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

// WriteJSON writes the diff as one JSON document (the README's "diff
// --format json" describes its fields).
func (d PlanDiff) WriteJSON(w io.Writer) error {
	doc := struct {
		Summary map[string]int `json:"summary"`
		PlanDiff
	}{map[string]int{"add": len(d.Added), "change": len(d.Changed) - d.Replaced(), "replace": d.Replaced(), "remove": len(d.Removed)}, d}
	if doc.Outputs == nil {
		doc.Outputs = []ValueChange{}
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
