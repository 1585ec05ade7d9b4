package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Plan is the machine-readable plan (`platform plan --format json`); its
// shape is a public contract.
type Plan struct {
	Project   string         `json:"project"`
	Stack     string         `json:"stack"`
	Resources []PlanResource `json:"resources"`
	Outputs   map[string]any `json:"outputs"`
	// Policy and Cost are present when the plan was made with --policy and
	// --cost; their shapes belong to the policy and cost packages.
	Policy json.RawMessage `json:"policy,omitempty"`
	Cost   json.RawMessage `json:"cost,omitempty"`
	// Preflight is the preflight report `platform plan` adds; its shape
	// belongs to the preflight package.
	Preflight json.RawMessage `json:"preflight,omitempty"`
}

type PlanResource struct {
	URN            string   `json:"urn"`
	Type           string   `json:"type"`
	Name           string   `json:"name"`
	Parent         string   `json:"parent"`
	Provider       string   `json:"provider"`
	Dependencies   []string `json:"dependencies"`
	Protect        bool     `json:"protect"`
	RetainOnDelete bool     `json:"retainOnDelete"`
	// IgnoreChanges are the input paths `pulumi up` leaves as deployed.
	IgnoreChanges []string       `json:"ignoreChanges,omitempty"`
	Inputs        map[string]any `json:"inputs"`
}

// Plan returns the graph as a Plan.
func (g *Graph) Plan() Plan {
	out := Plan{Project: g.Project, Stack: g.Stack, Resources: []PlanResource{}, Outputs: g.Outputs}
	for _, r := range g.Resources {
		deps := append([]string{}, r.Dependencies...)
		sort.Strings(deps)
		out.Resources = append(out.Resources, PlanResource{
			URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Provider: r.Provider,
			Dependencies: deps, Protect: r.Protect, RetainOnDelete: r.RetainOnDelete, IgnoreChanges: r.IgnoreChanges, Inputs: r.Inputs,
		})
	}
	return out
}

// WriteJSON writes the plan as JSON; secrets are already SecretMarker.
func (g *Graph) WriteJSON(w io.Writer) error { return g.WriteJSONWith(w, nil) }

// WriteJSONWith writes the plan as JSON with extra top-level sections
// (`policy`, `cost`) after the plan's own.
func (g *Graph) WriteJSONWith(w io.Writer, extra map[string]any) error {
	plan, err := json.Marshal(g.Plan())
	if err != nil {
		return err
	}
	doc := map[string]json.RawMessage{}
	if err := json.Unmarshal(plan, &doc); err != nil {
		return err
	}
	for k, v := range extra {
		if doc[k], err = json.Marshal(v); err != nil {
			return err
		}
	}
	// Keep the plan's key order readable: the contract's keys first.
	order := []string{"project", "stack", "resources", "outputs"}
	var extras []string
	for k := range extra {
		extras = append(extras, k)
	}
	sort.Strings(extras)
	order = append(order, extras...)
	var buf strings.Builder
	buf.WriteString("{")
	for i, k := range order {
		if i > 0 {
			buf.WriteString(",")
		}
		key, _ := json.Marshal(k)
		buf.Write(key)
		buf.WriteString(":")
		buf.Write(doc[k])
	}
	buf.WriteString("}")
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(buf.String()), "", "  "); err != nil {
		return err
	}
	out.WriteString("\n")
	_, err = w.Write(out.Bytes())
	return err
}

// WriteTree writes the plan the way `pulumi preview` reads: the resource tree
// with components nested, then a count per type and the stack outputs.
func (g *Graph) WriteTree(w io.Writer) error {
	type row struct{ prefix, typ, name, note string }
	var rows []row
	rootName := g.Project + "-" + g.Stack
	rows = append(rows, row{typ: "pulumi:pulumi:Stack", name: rootName})
	var walk func(parent, indent string)
	walk = func(parent, indent string) {
		children := g.ChildrenOf(parent)
		sort.SliceStable(children, func(i, j int) bool {
			if children[i].Type != children[j].Type {
				return children[i].Type < children[j].Type
			}
			return children[i].Name < children[j].Name
		})
		for i, c := range children {
			branch, next := "├─ ", "│  "
			if i == len(children)-1 {
				branch, next = "└─ ", "   "
			}
			var notes []string
			if c.Read {
				notes = append(notes, "read")
			}
			if c.Protect {
				notes = append(notes, "protected")
			}
			if c.RetainOnDelete {
				notes = append(notes, "retained")
			}
			rows = append(rows, row{prefix: indent + branch, typ: c.Type, name: c.Name, note: strings.Join(notes, ", ")})
			walk(c.URN, indent+next)
		}
	}
	walk("", "")

	width := 0
	for _, r := range rows {
		width = max(width, len([]rune(r.prefix+r.typ)))
	}
	fmt.Fprintf(w, "Offline plan of stack %s (project %s): no cloud was contacted.\n\n", g.Stack, g.Project)
	fmt.Fprintf(w, "    %-*s  %s\n", width, "Type", "Name")
	for _, r := range rows {
		line := fmt.Sprintf(" +  %s%-*s  %s", r.prefix, width-len([]rune(r.prefix)), r.typ, r.name)
		if r.note != "" {
			line += "  [" + r.note + "]"
		}
		fmt.Fprintln(w, line)
	}

	counts := g.CountByType()
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	fmt.Fprintf(w, "\nResources: %d to create\n", len(g.Resources))
	for _, t := range types {
		fmt.Fprintf(w, "    %4d  %s\n", counts[t], t)
	}
	if len(g.Outputs) > 0 {
		fmt.Fprintln(w, "\nOutputs:")
		names := make([]string, 0, len(g.Outputs))
		for n := range g.Outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			value, err := json.Marshal(g.Outputs[n])
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "    %s: %s\n", n, value)
		}
	}
	return nil
}

// JSONDocumentKey marks, in a plan's reviewable view, an input string that
// held a JSON document: the string is replaced by {"(json)": <document>}. The
// parentheses keep it apart from any real input name, which never has them.
const JSONDocumentKey = "(json)"

// ExpandJSON returns the plan's reviewable view, the shape of the golden
// graphs: every input string that holds a JSON object or array (IAM
// policies, containerDefinitions, dashboard bodies) becomes
// {JSONDocumentKey: <document>}, so that writing the plan indented shows the
// document pretty-printed with its keys sorted, and a diff reaches into it.
// Numbers keep their exact text. The plan itself is not changed.
func (p Plan) ExpandJSON() Plan {
	out := p
	out.Resources = make([]PlanResource, len(p.Resources))
	for i, r := range p.Resources {
		r.Inputs = expandJSON(map[string]any(r.Inputs)).(map[string]any)
		out.Resources[i] = r
	}
	return out
}

func expandJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = expandJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = expandJSON(e)
		}
		return out
	case string:
		if doc, ok := jsonDocument(t); ok {
			return map[string]any{JSONDocumentKey: doc}
		}
	}
	return v
}

// jsonDocument decodes s when it is exactly one JSON object or array.
func jsonDocument(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || !(s[0] == '{' && s[len(s)-1] == '}' || s[0] == '[' && s[len(s)-1] == ']') {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var doc, rest any
	if dec.Decode(&doc) != nil || dec.Decode(&rest) != io.EOF {
		return nil, false
	}
	return doc, true
}

// WriteIndented writes the plan as indented JSON, keys sorted.
func (p Plan) WriteIndented(w io.Writer) error {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
