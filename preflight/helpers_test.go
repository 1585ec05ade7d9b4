package preflight

import (
	"encoding/json"
	"platform/internal/graph"
	"strings"
	"testing"
)

type (
	M = map[string]any
	L = []any
)

const awsProvider = "pulumi:providers:aws"

// res builds a resource for a hand-made graph; its URN is unique per type and name.
func res(typ, name string, inputs M, opts ...func(*graph.Resource)) *graph.Resource {
	r := &graph.Resource{URN: "urn:pulumi:test::p::" + typ + "::" + name, Type: typ, Name: name, Custom: true, Inputs: inputs}
	for _, o := range opts {
		o(r)
	}
	return r
}

// on makes a resource depend on others.
func on(others ...*graph.Resource) func(*graph.Resource) {
	return func(r *graph.Resource) {
		for _, o := range others {
			r.Dependencies = append(r.Dependencies, o.URN)
		}
	}
}

// id sets the physical id the mock (or AWS) answered.
func id(v string) func(*graph.Resource) { return func(r *graph.Resource) { r.ID = v } }

// provider runs a resource on an explicit provider.
func provider(p *graph.Resource) func(*graph.Resource) {
	return func(r *graph.Resource) { r.Provider = p.URN }
}

// jsonText renders a value as the JSON string input it is in the graph.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// ruleCase is one rule's passing and failing shape: bad must fail on the
// resource named badName, good must not fail the rule at all.
type ruleCase struct {
	rule      string
	good, bad func() []*graph.Resource
	badName   string
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.rule+"/"+c.badName, func(t *testing.T) {
			if got := findingsOf(Run(graph.New("p", "test", c.good())), c.rule); len(got) != 0 {
				t.Errorf("good graph fails %s: %v", c.rule, got)
			}
			got := findingsOf(Run(graph.New("p", "test", c.bad())), c.rule)
			if len(got) != 1 || got[0].Name != c.badName {
				t.Errorf("bad graph: want one %s finding on %s, got %v", c.rule, c.badName, got)
			}
			for _, f := range got {
				if f.Message == "" || f.Fix == "" || f.Rejects == "" || !strings.Contains(f.Source, "https://") {
					t.Errorf("finding lacks message, fix, what AWS rejects or a source address: %+v", f)
				}
			}
		})
	}
}

func findingsOf(r Report, rule string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func one(rs ...*graph.Resource) func() []*graph.Resource {
	return func() []*graph.Resource { return rs }
}
