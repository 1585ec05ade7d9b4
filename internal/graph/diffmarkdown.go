package graph

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the diff as a pull-request comment section: the cost
// before -> after and the replacements first, then the other changes, then
// the cost per resource and the posture findings that moved.
func (d PlanDiff) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "### Stack `%s`: %s\n\n", d.Stack, d.summary())
	if d.Cost != nil {
		fmt.Fprintf(w, "- %s\n", d.Cost.summary())
	}
	if d.Posture != nil {
		fmt.Fprintf(w, "- %s\n", d.Posture.summary())
	}
	if d.Cost != nil || d.Posture != nil {
		fmt.Fprintln(w)
	}
	if d.Empty() {
		fmt.Fprintln(w, "No change to what this stack deploys.")
	}
	if n := d.Replaced(); n > 0 {
		fmt.Fprintf(w, "**%d to replace** (destroyed and created again):\n\n", n)
		fmt.Fprintln(w, "| | type | name | replaced by | what it means |\n|---|---|---|---|---|")
		for _, c := range d.Changed {
			if c.Replace {
				fmt.Fprintf(w, "| +- | `%s` | `%s` | %s | %s |\n", c.Type, c.Name, cell(c.replacingValues()), c.Note)
			}
		}
		fmt.Fprintln(w)
	}
	if len(d.Added)+len(d.Removed)+len(d.Changed)-d.Replaced() > 0 {
		fmt.Fprintln(w, "| | type | name | changed inputs |\n|---|---|---|---|")
		for _, c := range d.Added {
			fmt.Fprintf(w, "| + | `%s` | `%s` | |\n", c.Type, c.Name)
		}
		for _, c := range d.Changed {
			if !c.Replace {
				fmt.Fprintf(w, "| ~ | `%s` | `%s` | %s |\n", c.Type, c.Name, c.changedCell())
			}
		}
		for _, c := range d.Removed {
			fmt.Fprintf(w, "| - | `%s` | `%s` | |\n", c.Type, c.Name)
		}
	}
	if d.Cost != nil && len(d.Cost.Resources) > 0 {
		fmt.Fprintf(w, "\n<details><summary>Cost per resource (%d moved)</summary>\n\n| USD/month | before | after | resource |\n|---:|---:|---:|---|\n", len(d.Cost.Resources))
		for _, r := range d.Cost.Resources {
			fmt.Fprintf(w, "| %+.2f | %.2f | %.2f | `%s` `%s` |\n", r.After-r.Before, r.Before, r.After, r.Type, r.Name)
		}
		fmt.Fprintln(w, "\n</details>")
	}
	if d.Posture != nil && len(d.Posture.Appeared)+len(d.Posture.Disappeared) > 0 {
		fmt.Fprintln(w, "\nPosture findings that moved:")
		for _, f := range d.Posture.Appeared {
			fmt.Fprintf(w, "- appeared: `%s` %s `%s`: %s%s\n", f.Control, f.Severity, f.Name, f.Message, excepted(f))
		}
		for _, f := range d.Posture.Disappeared {
			fmt.Fprintf(w, "- disappeared: `%s` %s `%s`: %s%s\n", f.Control, f.Severity, f.Name, f.Message, excepted(f))
		}
	}
}

// replacingValues are the changes that force the replacement, old -> new.
func (c Change) replacingValues() []string {
	var out []string
	for _, input := range c.ReplacedBy {
		shown := false
		for _, v := range c.Values {
			if topInput(v.Path) == input && !strings.Contains(v.Path, "."+JSONDocumentKey) {
				out = append(out, fmt.Sprintf("%s: %s -> %s", v.Path, shortValue(v.Old), shortValue(v.New)))
				shown = true
			}
		}
		if !shown {
			out = append(out, input)
		}
	}
	return out
}

// changedCell names a change's paths outside JSON documents, then each
// changed document with its keys.
func (c Change) changedCell() string {
	var scalars []string
	for _, p := range c.Paths {
		if !strings.Contains(p, "."+JSONDocumentKey) {
			scalars = append(scalars, p)
		}
	}
	parts := []string{}
	if len(scalars) > 0 {
		parts = append(parts, cell(scalars))
	}
	for _, doc := range c.Documents {
		parts = append(parts, "`"+doc.Input+"` (JSON): "+cell(doc.Keys))
	}
	return strings.Join(parts, "; ")
}

// cell renders items as code spans in one table cell; a pipe would end the cell.
func cell(items []string) string {
	var out []string
	for _, s := range shortList(items, 8) {
		out = append(out, "`"+strings.ReplaceAll(s, "|", `\|`)+"`")
	}
	return strings.Join(out, ", ")
}
