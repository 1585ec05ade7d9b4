package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
)

// TestGoldenGraphs fails on any change to what a stack deploys until the
// golden file is refreshed with `go test ./tests -run Golden -update` and
// reviewed. Every fixture project under testdata/ has one golden file per
// stack file, beside its stack files. The golden file is the stack's plan in
// its reviewable view (graph.Plan.ExpandJSON): policies, container
// definitions and dashboard bodies appear as indented, key-sorted JSON under
// "(json)".
func TestGoldenGraphs(t *testing.T) {
	for _, s := range fixtureStacks(t) {
		t.Run(filepath.Base(s.dir)+"/"+s.stack, func(t *testing.T) {
			got := goldenJSON(t, s.evaluate(t))
			path := s.golden()
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden graph yet: run go test ./tests -run Golden -update")
			if mismatch := goldenMismatch(want, got); mismatch != "" {
				t.Fatalf("the %s graph of %s changed; review it and refresh with `go test ./tests -run Golden -update`.\n%s", s.stack, s.dir, mismatch)
			}
		})
	}
}

// fixtureStack is one stack file of one fixture project.
type fixtureStack struct{ dir, stack string }

// fixtureStacks are the stack files (Pulumi.<stack>.yaml) of every fixture
// project (a testdata/ folder with a Pulumi.yaml).
func fixtureStacks(t *testing.T) []fixtureStack {
	t.Helper()
	projects, err := filepath.Glob(filepath.Join("testdata", "*", "Pulumi.yaml"))
	require.NoError(t, err)
	var all []fixtureStack
	for _, project := range projects {
		dir := filepath.Dir(project)
		files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
		require.NoError(t, err)
		for _, f := range files {
			all = append(all, fixtureStack{dir, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")})
		}
	}
	require.GreaterOrEqual(t, len(projects), 2, "the golden graphs cover the shop and a second fixture of another shape")
	return all
}

// evaluate is the stack's graph; the shop's come from the shared cache.
func (s fixtureStack) evaluate(t *testing.T) *graph.Graph {
	t.Helper()
	if filepath.Clean(s.dir) == filepath.Clean(projectDir) {
		return Evaluate(t, s.stack)
	}
	g, err := evaluate.Stack(s.dir, s.stack)
	require.NoError(t, err)
	return g
}

// golden is the path of the stack's golden file, beside its stack file.
func (s fixtureStack) golden() string { return filepath.Join(s.dir, s.stack+".golden.json") }

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
	for _, s := range fixtureStacks(t) {
		golden := mustRead(t, s.golden())
		// strings.Contains: an assert on the text would print the whole file.
		assert.False(t, strings.Contains(golden, `"{\"`), "%s holds an escaped JSON object", s.golden())
		assert.False(t, strings.Contains(golden, `"[{\"`), "%s holds an escaped JSON array", s.golden())
		assert.True(t, strings.Contains(golden, `"(json)": {`), "%s shows no expanded document", s.golden())
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
