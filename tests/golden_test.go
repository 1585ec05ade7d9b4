package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/graph"
)

// TestGoldenGraphs fails on any change to what a stack deploys until the
// golden file is refreshed with `go test ./tests -run Golden -update` and
// reviewed. The golden file is the stack's plan in its reviewable view
// (graph.Plan.ExpandJSON): policies, container definitions and dashboard
// bodies appear as indented, key-sorted JSON under "(json)".
func TestGoldenGraphs(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			got := goldenJSON(t, Evaluate(t, stack))
			path := filepath.Join(projectDir, stack+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden graph yet: run go test ./tests -run Golden -update")
			if mismatch := goldenMismatch(want, got); mismatch != "" {
				t.Fatalf("the %s graph changed; review it and refresh with `go test ./tests -run Golden -update`.\n%s", stack, mismatch)
			}
		})
	}
}

// goldenJSON is a graph as its golden file holds it.
func goldenJSON(t *testing.T, g *graph.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, g.Plan().ExpandJSON().WriteIndented(&buf))
	return buf.Bytes()
}

// goldenMismatch is empty when a golden file holds got, and otherwise says
// what changed: resources added and removed, and each changed input with its
// old and new value.
func goldenMismatch(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	base, err := graph.ReadPlan(bytes.NewReader(want))
	if err != nil {
		return "the golden file is not a plan (" + err.Error() + "): refresh it"
	}
	head, err := graph.ReadPlan(bytes.NewReader(got))
	if err != nil {
		return "the new graph is not a plan: " + err.Error()
	}
	d := graph.Diff(base, head)
	if d.Empty() && len(d.Outputs) == 0 {
		return "no resource, input or output changed: the file differs in dependencies, parents or layout"
	}
	var text strings.Builder
	d.WriteValues(&text)
	return text.String()
}

func TestGoldenMismatchShowsTheStructuredDiff(t *testing.T) {
	role := func(action string) *graph.Resource {
		return &graph.Resource{URN: "urn:role", Type: "aws:iam/role:Role", Name: "app-role", Inputs: map[string]any{
			"assumeRolePolicy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["` + action + `"]}]}`,
			"name":             "app-role",
		}}
	}
	bucket := func(name string) *graph.Resource {
		return &graph.Resource{URN: "urn:" + name, Type: "aws:s3/bucketV2:BucketV2", Name: name, Inputs: map[string]any{}}
	}
	want := goldenJSON(t, graph.New("demo", "a", []*graph.Resource{role("sts:AssumeRole"), bucket("logs")}))
	got := goldenJSON(t, graph.New("demo", "a", []*graph.Resource{role("sts:TagSession"), bucket("uploads")}))

	assert.Contains(t, string(want), "\"Action\": [\n", "the policy is written as an indented document")
	assert.Equal(t, `Stack a: 1 added, 1 changed, 1 removed, 0 outputs changed
  + aws:s3/bucketV2:BucketV2 uploads
  - aws:s3/bucketV2:BucketV2 logs
  ~ aws:iam/role:Role app-role
      assumeRolePolicy.(json).Statement[0].Action[0]: "sts:AssumeRole" -> "sts:TagSession"
`, goldenMismatch(want, got))
	assert.Empty(t, goldenMismatch(want, want))
	assert.Equal(t, "no resource, input or output changed: the file differs in dependencies, parents or layout",
		goldenMismatch(want, bytes.ReplaceAll(want, []byte("  "), []byte("   "))))
}

// The golden files hold no JSON document as an escaped string.
func TestGoldenFilesShowJSONDocumentsExpanded(t *testing.T) {
	for _, stack := range persistentStacks {
		golden := mustRead(t, filepath.Join(projectDir, stack+".golden.json"))
		// strings.Contains: an assert on the text would print the whole file.
		assert.False(t, strings.Contains(golden, `"{\"`), "%s.golden.json holds an escaped JSON object", stack)
		assert.False(t, strings.Contains(golden, `"[{\"`), "%s.golden.json holds an escaped JSON array", stack)
		assert.True(t, strings.Contains(golden, `"(json)": {`), "%s.golden.json shows no expanded document", stack)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
