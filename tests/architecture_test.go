package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	architectureStart = "<!-- architecture:start (generated from tests/testdata/shop staging; go test ./tests -run TestReadmeArchitecture -update) -->\n"
	architectureEnd   = "<!-- architecture:end -->"
)

// TestReadmeArchitectureIsTheShopsStaging keeps the README's diagram the
// drawing of the shop fixture's staging stack; -update rewrites it.
func TestReadmeArchitectureIsTheShopsStaging(t *testing.T) {
	var drawing strings.Builder
	Evaluate(t, "staging").Architecture().WriteMermaid(&drawing)
	path := filepath.Join(repoRoot, "README.md")
	readme := mustRead(t, path)
	start, end := strings.Index(readme, architectureStart), strings.Index(readme, architectureEnd)
	require.True(t, start >= 0 && end > start, "README.md has the architecture markers")
	want := readme[:start+len(architectureStart)] + "```mermaid\n" + drawing.String() + "```\n" + readme[end:]
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		return
	}
	assert.Equal(t, want, readme, "README.md's architecture differs from the shop's staging graph: run go test ./tests -run TestReadmeArchitecture -update")
}

func TestArchitectureOfStagingShowsHopsAndGrants(t *testing.T) {
	a := Evaluate(t, "staging").Architecture()
	var edges []string
	for _, e := range a.Edges {
		arrow := " -> "
		if e.Grant {
			arrow = " grants "
		}
		edges = append(edges, e.From+arrow+e.To+": "+e.Label)
	}
	for _, want := range []string{
		"internet -> cluster_alb: 443, 80",
		"cluster_alb -> frontend: 3000",
		"orders -> data_db: 5432",
		"orders -> data_broker: 5671",
		"catalog -> data_cache: 6379",
		"orders grants data_queue_default: send",
		"jobs grants data_queue_priority: consume",
		"admin grants data_bucket_uploads: read, write",
		"access_web_acl -> cluster_alb: filters",
		"access_user_pool -> cluster_alb: signs in",
		"data_queue_default -> data_queue_default_dlq: dead letters",
	} {
		assert.Contains(t, edges, want)
	}
	assert.NotContains(t, edges, "frontend -> data_db: 5432", "frontend declared no database")
	var layers []string
	for _, l := range a.Layers {
		layers = append(layers, l.Name)
	}
	assert.Equal(t, []string{"edge", "network", "compute", "data", "observability"}, layers)
}

func TestPlanDrawsMermaidAndDot(t *testing.T) {
	code, stdout, stderr := runCLI("plan", "--stack", "staging", "--dir", projectDir, "--format", "mermaid")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "flowchart LR\n  subgraph layer_edge [Edge]\n"), stdout)
	code, stdout, stderr = runCLI("plan", "--stack", "staging", "--dir", projectDir, "--format", "dot")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "digraph \"staging\" {\n"), stdout)
	assert.Contains(t, stdout, "  orders -> data_queue_default [label=\"send\", style=dashed];\n")
	code, _, stderr = runCLI("plan", "--stack", "staging", "--dir", projectDir, "--format", "svg")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `--format "svg" is not allowed, want tree, json, mermaid or dot`)
}
