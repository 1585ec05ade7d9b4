package graph_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/graph"
)

func resource(name string, inputs map[string]any) graph.PlanResource {
	return graph.PlanResource{URN: "urn:" + name, Type: "aws:test:Thing", Name: name, Inputs: inputs}
}

func TestExpandJSONShowsDocumentsPrettyAndKeySorted(t *testing.T) {
	plan := graph.Plan{Project: "p", Stack: "s", Resources: []graph.PlanResource{resource("role", map[string]any{
		"policy":   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`,
		"defs":     []any{` [{"name":"web","cpu":256.50}] `},
		"name":     "role",
		"notJSON":  "{oops}",
		"twoDocs":  "{} {}",
		"trailing": "{}}",
		"number":   3,
	})}}
	var out bytes.Buffer
	require.NoError(t, plan.ExpandJSON().WriteIndented(&out))
	assert.Equal(t, `{
  "project": "p",
  "stack": "s",
  "resources": [
    {
      "urn": "urn:role",
      "type": "aws:test:Thing",
      "name": "role",
      "parent": "",
      "provider": "",
      "dependencies": null,
      "protect": false,
      "retainOnDelete": false,
      "inputs": {
        "defs": [
          {
            "(json)": [
              {
                "cpu": 256.50,
                "name": "web"
              }
            ]
          }
        ],
        "name": "role",
        "notJSON": "{oops}",
        "number": 3,
        "policy": {
          "(json)": {
            "Statement": [
              {
                "Action": "s3:GetObject",
                "Effect": "Allow"
              }
            ],
            "Version": "2012-10-17"
          }
        },
        "trailing": "{}}",
        "twoDocs": "{} {}"
      }
    }
  ],
  "outputs": null
}
`, out.String())
	assert.IsType(t, "", plan.Resources[0].Inputs["policy"], "the plan itself keeps its strings")
}

func TestDiffNamesEachChangedValueWithOldAndNew(t *testing.T) {
	policy := func(action string) string {
		return `{"Statement":[{"Action":["` + action + `"],"Effect":"Allow"}],"Version":"2012-10-17"}`
	}
	base := graph.Plan{Stack: "s", Outputs: map[string]any{"url": "https://a", "gone": 1}, Resources: []graph.PlanResource{
		resource("kept", map[string]any{"policy": policy("s3:GetObject"), "subnets": []any{"a", "b"}, "ports": []any{80.0}, "size": 1.0}),
		resource("old", map[string]any{}),
	}}
	head := graph.Plan{Stack: "s", Outputs: map[string]any{"url": "https://b"}, Resources: []graph.PlanResource{
		resource("kept", map[string]any{"policy": policy("s3:PutObject"), "subnets": []any{"a", "c"}, "ports": []any{80.0, 443.0}, "tags": map[string]any{"team": "shop"}, "size": 1.0}),
		resource("new", map[string]any{}),
	}}
	head.Resources[0].Protect = true

	d := graph.Diff(base.ExpandJSON(), head.ExpandJSON())
	var text strings.Builder
	d.WriteValues(&text)
	assert.Equal(t, `Stack s: 1 added, 1 changed, 1 removed, 2 outputs changed
  + aws:test:Thing new
  - aws:test:Thing old
  ~ aws:test:Thing kept
      (protect): false -> true
      policy.(json).Statement[0].Action[0]: "s3:GetObject" -> "s3:PutObject"
      ports: [80] -> [80,443]
      subnets[1]: "b" -> "c"
      tags: (absent) -> {"team":"shop"}
  ~ output gone: 1 -> (absent)
  ~ output url: "https://a" -> "https://b"
`, text.String())
	assert.Equal(t, []string{"(protect)", "policy.(json).Statement[0].Action[0]", "ports", "subnets[1]", "tags"}, d.Changed[0].Paths)
	assert.False(t, d.Empty())
	assert.True(t, graph.Diff(head, head).Empty())
}

func TestDiffCutsLongValues(t *testing.T) {
	long := strings.Repeat("x", 200)
	d := graph.Diff(graph.Plan{Resources: []graph.PlanResource{resource("r", map[string]any{"body": "a"})}},
		graph.Plan{Resources: []graph.PlanResource{resource("r", map[string]any{"body": long})}})
	var text strings.Builder
	d.WriteValues(&text)
	assert.Contains(t, text.String(), `body: "a" -> "`+strings.Repeat("x", 116)+"...\n")
}

// An input under ignoreChanges is left as deployed by `pulumi up`: a new
// AMI behind a NAT instance that ignores it is no replacement.
func TestDiffLeavesOutWhatIgnoreChangesKeeps(t *testing.T) {
	nat := func(ami string, ignored ...string) graph.Plan {
		r := graph.PlanResource{URN: "urn:nat", Type: "aws:ec2/instance:Instance", Name: "nat", IgnoreChanges: ignored,
			Inputs: map[string]any{"ami": ami, "instanceType": "t4g.nano", "users": []any{map[string]any{"password": ami}}}}
		return graph.Plan{Project: "p", Stack: "s", Resources: []graph.PlanResource{r}}
	}
	d := graph.Diff(nat("ami-1", "ami", "users"), nat("ami-2", "ami", "users"))
	assert.Empty(t, d.Changed, "ami and users[0].password are ignored")

	d = graph.Diff(nat("ami-1"), nat("ami-2"))
	require.Len(t, d.Changed, 1)
	assert.Equal(t, []string{"ami", "users[0].password"}, d.Changed[0].Paths)
	assert.True(t, d.Changed[0].Replace, "a new AMI replaces an instance that does not ignore it")
}
