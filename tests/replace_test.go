package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
	"platform/internal/awsfacts"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
)

// TestEveryCreatedTypeHasAReplaceRule fails when a fixture stack creates a
// type the replace-on-change table does not know: without a rule, `platform
// diff` would show its replacement as an update. Components (platform:*)
// have no cloud object and pass by rule; read resources are never replaced.
func TestEveryCreatedTypeHasAReplaceRule(t *testing.T) {
	missing := map[string][]string{}
	for _, s := range fixtureStacks(t) {
		for _, r := range s.evaluate(t).Resources {
			if _, ok := awsfacts.ReplaceRuleOf(r.Type); !ok && !r.Read {
				missing[r.Type] = append(missing[r.Type], s.dir+"/"+s.stack)
			}
		}
	}
	assert.Empty(t, missing, "add these types to internal/awsfacts/replace.go from their ForceNew attributes")
}

// engineAndRange is staging with the database engine and the VPC range changed.
func engineAndRange(t *testing.T) *graph.Graph {
	t.Helper()
	data := strings.Replace(stagingValue(t, "platform:data"), `"engine":"postgres"`, `"engine":"mysql"`, 1)
	require.Contains(t, data, `"engine":"mysql"`)
	g, err := EvaluateWith(t, "staging", map[string]string{"platform:network": `{"cidr":"10.2.0.0/16"}`, "platform:data": data})
	require.NoError(t, err)
	return g
}

func TestChangingTheEngineAndTheRangeShowsReplacements(t *testing.T) {
	d := graph.Diff(Evaluate(t, "staging").Plan(), engineAndRange(t).Plan())
	replaced := map[string][]string{}
	for _, c := range d.Changed {
		if c.Replace {
			replaced[c.Type+" "+c.Name] = c.ReplacedBy
		}
	}
	assert.Equal(t, []string{"engine"}, replaced["aws:rds/instance:Instance data-db"])
	assert.Equal(t, []string{"cidrBlock"}, replaced["awsx:ec2:Vpc network-vpc"])
	assert.Contains(t, replaced, "aws:rds/parameterGroup:ParameterGroup data-db-params", "a new engine needs a parameter group of its family")
	for _, c := range d.Changed[:d.Replaced()] {
		assert.True(t, c.Replace, "replacements come first")
	}

	var text strings.Builder
	d.WriteText(&text)
	assert.Contains(t, text.String(), "  +- aws:rds/instance:Instance data-db: ")
	assert.Contains(t, text.String(), "      engine: \"postgres\" -> \"mysql\"\n")
	assert.Contains(t, text.String(), "  +- awsx:ec2:Vpc network-vpc: cidrBlock (replaced by a change of cidrBlock: the VPC or its subnets, and everything placed in them)\n")
}

// basePlanWithCostAndPolicy is what graph-diff.sh writes for the base branch:
// `platform plan --format json --policy --cost`.
func basePlanWithCostAndPolicy(t *testing.T, g *graph.Graph) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, g.WriteJSONWith(&buf, map[string]any{"cost": cost.Of(g), "policy": policy.Evaluate(g, evaluate.TierOf(g))}))
	path := filepath.Join(t.TempDir(), "base.json")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

func TestDiffCommandWritesJSONAndTheComment(t *testing.T) {
	base := basePlanWithCostAndPolicy(t, engineAndRange(t))
	code, stdout, stderr := runCLI("diff", "--stack", "staging", "--base", base, "--dir", projectDir, "--format", "json")
	require.Equal(t, 0, code, stderr)
	var doc struct {
		Summary map[string]int `json:"summary"`
		Changed []graph.Change `json:"changed"`
		Cost    graph.CostChange
		Posture graph.PostureChange
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Positive(t, doc.Summary["replace"])
	assert.True(t, doc.Changed[0].Replace)
	assert.Equal(t, cost.Of(Evaluate(t, "staging")).MonthlyTotal, doc.Cost.After)
	assert.Equal(t, cost.Of(engineAndRange(t)).MonthlyTotal, doc.Cost.Before)

	diffPath := filepath.Join(t.TempDir(), "staging.diff.json")
	require.NoError(t, os.WriteFile(diffPath, []byte(stdout), 0o644))
	code, comment, stderr := runCLI("comment", diffPath)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, "\n\\| `staging` \\| [0-9.]+ -> [0-9.]+ USD \\([-+][0-9.]+\\) \\| \\*\\*\\d+\\*\\* \\|", comment)

	code, stdout, stderr = runCLI("diff", "--stack", "staging", "--base", base, "--dir", projectDir, "--format", "markdown")
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, "^### Stack `staging`: \\d+ to add, \\d+ to change, \\d+ to replace, \\d+ to remove\n\n- Cost: [0-9.]+ -> [0-9.]+ USD a month \\([-+][0-9.]+\\)\n- Posture: failed \\d+ -> \\d+, excepted \\d+ -> \\d+, passed \\d+ -> \\d+\n\n\\*\\*\\d+ to replace\\*\\*", stdout)
	assert.Contains(t, stdout, "| +- | `aws:rds/instance:Instance` | `data-db` | `engine: \"mysql\" -> \"postgres\"` |  |\n")
	assert.NotContains(t, stdout, "Posture findings that moved", "the engine and the range change no posture control")
	assert.Contains(t, comment, stdout, "the comment holds the stack's section")
}
