// Package tests holds the platform's tests. Graph tests share one package so
// the Pulumi SDK is linked into one test binary.
package tests

import (
	"encoding/json"
	"strings"

	"bytes"
	"flag"
	"gopkg.in/yaml.v3"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
)

var update = flag.Bool("update", false, "rewrite the golden graphs in testdata/")

// projectDir is the fixture project the graph tests evaluate: the sample shop.
// Tests never read the root product, which belongs to whoever adopts the platform.
const projectDir = "testdata/shop"

// repoRoot holds the platform's own files: workflows, scripts, README.
const repoRoot = ".."

// persistentStacks are the stacks with a checked-in stack file.
var persistentStacks = []string{"dev", "staging", "production"}

var (
	graphsMu sync.Mutex
	graphs   = map[string]*graph.Graph{}
)

// Evaluate returns the offline graph of a stack of the real project. Graphs are
// shared between tests: treat them as read-only.
func Evaluate(t testing.TB, stack string) *graph.Graph {
	t.Helper()
	graphsMu.Lock()
	defer graphsMu.Unlock()
	if g, ok := graphs[stack]; ok {
		return g
	}
	g, err := EvaluateWith(t, stack, nil)
	require.NoError(t, err)
	graphs[stack] = g
	return g
}

// EvaluateWith evaluates a stack with config overrides (full keys, objects as
// JSON). Overriding platform:workloads replaces the fixture's product files:
// the stack is evaluated in a copy of the fixture without them.
func EvaluateWith(t testing.TB, stack string, overrides map[string]string) (*graph.Graph, error) {
	t.Helper()
	dir := projectDir
	if _, replaced := overrides["platform:workloads"]; replaced {
		dir = fixtureWithoutProduct(t)
	}
	return evaluate.StackWith(dir, stack, overrides)
}

// fixtureWithoutProduct copies the fixture's Pulumi.yaml and stack files,
// without its workloads/ folder, into a temporary directory.
func fixtureWithoutProduct(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(projectDir, "Pulumi.*"))
	require.NoError(t, err)
	for _, f := range append(files, filepath.Join(projectDir, "Pulumi.yaml")) {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), text, 0o644))
	}
	return dir
}

// copyFixture copies the whole fixture project, product files included,
// into a temporary directory and writes files over it.
func copyFixture(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := fixtureWithoutProduct(t)
	require.NoError(t, os.CopyFS(filepath.Join(dir, "workloads"), os.DirFS(filepath.Join(projectDir, "workloads"))))
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// productJSON is the fixture's product as platform:workloads would hold it.
func productJSON(t testing.TB) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(projectDir, "workloads"))
	require.NoError(t, err)
	kinds := map[string]string{"service": "services", "worker": "workers", "schedule": "schedules", "migration": "migrations"}
	product := map[string]map[string]any{}
	for _, e := range entries {
		var spec map[string]any
		text, err := os.ReadFile(filepath.Join(projectDir, "workloads", e.Name()))
		require.NoError(t, err)
		require.NoError(t, yaml.Unmarshal(text, &spec))
		kind := kinds[spec["kind"].(string)]
		delete(spec, "kind")
		if product[kind] == nil {
			product[kind] = map[string]any{}
		}
		product[kind][strings.TrimSuffix(e.Name(), ".yaml")] = spec
	}
	doc, err := json.Marshal(product)
	require.NoError(t, err)
	return string(doc)
}

// EvaluateAlone evaluates a stack without its workloads, so that one layer's
// config can be replaced whole without the workloads' references to it failing.
func EvaluateAlone(t testing.TB, stack string, overrides map[string]string) (*graph.Graph, error) {
	t.Helper()
	all := map[string]string{"platform:workloads": "{}", "platform:images": "{}", "platform:sizes": "{}"}
	for k, v := range overrides {
		all[k] = v
	}
	return EvaluateWith(t, stack, all)
}

// writeProject writes a throwaway project (Pulumi.yaml plus stack files) and returns its directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// planJSON renders a graph the way `platform plan --format json` does.
func planJSON(t testing.TB, g *graph.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, g.WriteJSON(&buf))
	return buf.Bytes()
}
