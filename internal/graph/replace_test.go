package graph_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/graph"
)

func typed(typ, name string, inputs map[string]any) graph.PlanResource {
	return graph.PlanResource{URN: "urn:" + name, Type: typ, Name: name, Inputs: inputs}
}

// engineAndCIDR is the example: the database engine and the VPC
// range change, and a listener rule moves priority.
func engineAndCIDR() graph.PlanDiff {
	base := graph.Plan{Stack: "s", Resources: []graph.PlanResource{
		typed("aws:rds/instance:Instance", "db", map[string]any{"engine": "postgres", "instanceClass": "db.t4g.micro"}),
		typed("awsx:ec2:Vpc", "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"}),
		typed("aws:lb/listenerRule:ListenerRule", "rule", map[string]any{"priority": 100.0}),
		typed("aws:iam/rolePolicy:RolePolicy", "policy", map[string]any{"role": "r", "policy": `{"Statement":[{"Action":["sqs:SendMessage"],"Resource":"a"}]}`}),
	}}
	head := graph.Plan{Stack: "s", Resources: []graph.PlanResource{
		typed("aws:rds/instance:Instance", "db", map[string]any{"engine": "mysql", "instanceClass": "db.t4g.small"}),
		typed("awsx:ec2:Vpc", "vpc", map[string]any{"cidrBlock": "10.1.0.0/16"}),
		typed("aws:lb/listenerRule:ListenerRule", "rule", map[string]any{"priority": 110.0}),
		typed("aws:iam/rolePolicy:RolePolicy", "policy", map[string]any{"role": "r", "policy": `{"Statement":[{"Action":["sqs:ReceiveMessage"],"Resource":"b"}]}`}),
	}}
	return graph.Diff(base, head)
}

func TestDiffMarksReplacementsFromTheReplaceOnChangeTable(t *testing.T) {
	d := engineAndCIDR()
	require.Len(t, d.Changed, 4)
	byName := map[string]graph.Change{}
	for _, c := range d.Changed {
		byName[c.Name] = c
	}
	assert.True(t, byName["db"].Replace)
	assert.Equal(t, []string{"engine"}, byName["db"].ReplacedBy, "instanceClass updates in place")
	assert.True(t, byName["vpc"].Replace)
	assert.Equal(t, "the VPC or its subnets, and everything placed in them", byName["vpc"].Note)
	assert.False(t, byName["rule"].Replace)
	assert.False(t, byName["policy"].Replace)
	assert.True(t, d.Changed[0].Replace && d.Changed[1].Replace, "replacements come first")
	assert.Equal(t, 2, d.Replaced())

	instanceClassOnly := graph.Diff(
		graph.Plan{Resources: []graph.PlanResource{typed("aws:rds/instance:Instance", "db", map[string]any{"instanceClass": "a"})}},
		graph.Plan{Resources: []graph.PlanResource{typed("aws:rds/instance:Instance", "db", map[string]any{"instanceClass": "b"})}})
	assert.False(t, instanceClassOnly.Changed[0].Replace)

	moved := typed("aws:sqs/queue:Queue", "q", map[string]any{"name": "q"})
	other := moved
	other.Provider = "urn:provider:eu"
	assert.Equal(t, []string{"(provider)"}, graph.Diff(graph.Plan{Resources: []graph.PlanResource{moved}}, graph.Plan{Resources: []graph.PlanResource{other}}).Changed[0].ReplacedBy)
}

func TestDiffTextShowsReplacementsValuesAndDocumentKeys(t *testing.T) {
	var out strings.Builder
	engineAndCIDR().WriteText(&out)
	assert.Equal(t, `Stack s: 0 to add, 2 to change, 2 to replace, 0 to remove
  +- aws:rds/instance:Instance db: engine, instanceClass (replaced by a change of engine)
      engine: "postgres" -> "mysql"
      instanceClass: "db.t4g.micro" -> "db.t4g.small"
  +- awsx:ec2:Vpc vpc: cidrBlock (replaced by a change of cidrBlock: the VPC or its subnets, and everything placed in them)
      cidrBlock: "10.0.0.0/16" -> "10.1.0.0/16"
  ~ aws:lb/listenerRule:ListenerRule rule: priority
      priority: 100 -> 110
  ~ aws:iam/rolePolicy:RolePolicy policy: policy
      policy (JSON document): Statement[0].Action[0], Statement[0].Resource changed
`, out.String())
}

func TestDiffComparesCostAndPosture(t *testing.T) {
	d := engineAndCIDR()
	d.Cost = graph.CompareCost("USD",
		[]graph.ResourceCost{{URN: "urn::db", Type: "aws:rds/instance:Instance", Before: 12.5}, {URN: "urn::gone", Type: "aws:lb/loadBalancer:LoadBalancer", Before: 16.43}, {URN: "urn:same", Before: 3}},
		[]graph.ResourceCost{{URN: "urn::db", Type: "aws:rds/instance:Instance", Name: "db", After: 25}, {URN: "urn:same", After: 3}})
	assert.Equal(t, 31.93, d.Cost.Before)
	assert.Equal(t, 28.0, d.Cost.After)
	assert.Equal(t, []graph.ResourceCost{
		{URN: "urn::gone", Type: "aws:lb/loadBalancer:LoadBalancer", Name: "gone", Before: 16.43},
		{URN: "urn::db", Type: "aws:rds/instance:Instance", Name: "db", Before: 12.5, After: 25},
	}, d.Cost.Resources, "unchanged costs are left out; largest move first; a name from the URN when the base has none")

	d.Posture = graph.ComparePosture(graph.PostureCounts{Passed: 7, Failed: 2}, graph.PostureCounts{Passed: 8, Excepted: 1, Failed: 1},
		[]graph.Finding{{Control: "RDS.3", Severity: "MEDIUM", URN: "urn:db", Name: "db", Message: "old words"}, {Control: "S3.1", URN: "urn:b", Name: "b", Message: "public"}},
		[]graph.Finding{{Control: "RDS.3", Severity: "MEDIUM", URN: "urn:db", Name: "db", Message: "new words"}, {Control: "EC2.2", Severity: "HIGH", URN: "urn:sg", Name: "sg", Message: "open", Excepted: "dev only"}})
	assert.Equal(t, []string{"EC2.2"}, controls(d.Posture.Appeared))
	assert.Equal(t, []string{"S3.1"}, controls(d.Posture.Disappeared))

	var md bytes.Buffer
	d.WriteMarkdown(&md)
	text := md.String()
	assert.True(t, strings.HasPrefix(text, "### Stack `s`: 0 to add, 2 to change, 2 to replace, 0 to remove\n\n"+
		"- Cost: 31.93 -> 28.00 USD a month (-3.93)\n- Posture: failed 2 -> 1, excepted 0 -> 1, passed 7 -> 8\n\n**2 to replace**"), text)
	assert.Contains(t, text, "| +- | `aws:rds/instance:Instance` | `db` | `engine: \"postgres\" -> \"mysql\"` |  |\n")
	assert.Contains(t, text, "| +- | `awsx:ec2:Vpc` | `vpc` | `cidrBlock: \"10.0.0.0/16\" -> \"10.1.0.0/16\"` | the VPC or its subnets, and everything placed in them |\n")
	assert.Less(t, strings.Index(text, "| +- |"), strings.Index(text, "| ~ |"), "replacements before updates")
	assert.Contains(t, text, "| ~ | `aws:lb/listenerRule:ListenerRule` | `rule` | `priority` |\n")
	assert.Contains(t, text, "| ~ | `aws:iam/rolePolicy:RolePolicy` | `policy` | `policy` (JSON): `Statement[0].Action[0]`, `Statement[0].Resource` |\n")
	assert.Contains(t, text, "| -16.43 | 16.43 | 0.00 | `aws:lb/loadBalancer:LoadBalancer` `gone` |\n")
	assert.Contains(t, text, "- appeared: `EC2.2` HIGH `sg`: open [excepted: dev only]\n")
	assert.Contains(t, text, "- disappeared: `S3.1`  `b`: public\n")

	var js bytes.Buffer
	require.NoError(t, d.WriteJSON(&js))
	var doc struct {
		Summary map[string]int `json:"summary"`
		Changed []struct {
			Name       string   `json:"name"`
			Replace    bool     `json:"replace"`
			ReplacedBy []string `json:"replacedBy"`
			Documents  []graph.DocumentChange
		} `json:"changed"`
		Cost    graph.CostChange    `json:"cost"`
		Posture graph.PostureChange `json:"posture"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.Equal(t, map[string]int{"add": 0, "change": 2, "replace": 2, "remove": 0}, doc.Summary)
	assert.Equal(t, "db", doc.Changed[0].Name)
	assert.Equal(t, []string{"engine"}, doc.Changed[0].ReplacedBy)
	assert.Equal(t, "policy", doc.Changed[3].Name)
	assert.Equal(t, []graph.DocumentChange{{Input: "policy", Keys: []string{"Statement[0].Action[0]", "Statement[0].Resource"}}}, doc.Changed[3].Documents)
	assert.Equal(t, 28.0, doc.Cost.After)
	assert.Equal(t, graph.PostureCounts{Passed: 8, Excepted: 1, Failed: 1}, doc.Posture.After)
}

func controls(fs []graph.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Control)
	}
	return out
}

func TestCommentPutsStacksWithReplacementsFirstWithTheirCost(t *testing.T) {
	quiet := graph.Diff(graph.Plan{Stack: "dev"}, graph.Plan{Stack: "dev"})
	quiet.Cost = graph.CompareCost("USD", []graph.ResourceCost{{URN: "u", Before: 10}}, []graph.ResourceCost{{URN: "u", After: 10}})
	loud := engineAndCIDR()
	loud.Stack = "staging"
	var js bytes.Buffer
	require.NoError(t, loud.WriteJSON(&js))
	read, err := graph.ReadDiff(&js)
	require.NoError(t, err)
	assert.Equal(t, 2, read.Replaced(), "a JSON diff reads back")

	var out strings.Builder
	graph.WriteComment(&out, []graph.PlanDiff{quiet, read})
	assert.True(t, strings.HasPrefix(out.String(), "## What this pull request changes in each stack (offline plan)\n\n"+
		"| stack | cost a month | to replace | to add | to change | to remove |\n|---|---:|---:|---:|---:|---:|\n"+
		"| `staging` | not compared | **2** | 0 | 2 | 0 |\n"+
		"| `dev` | 10.00 -> 10.00 USD (+0.00) | 0 | 0 | 0 | 0 |\n\n"+
		"### Stack `staging`: "), out.String())
	assert.Contains(t, out.String(), "\n### Stack `dev`: 0 to add, 0 to change, 0 to replace, 0 to remove\n\n- Cost: 10.00 -> 10.00 USD a month (+0.00)\n\nNo change to what this stack deploys.\n")

	_, err = graph.ReadDiff(strings.NewReader(`{"resources":[]}`))
	assert.EqualError(t, err, "not a platform diff: no stack")
}
