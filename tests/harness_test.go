// Package tests holds the platform's tests. Graph tests share one package so
// the Pulumi SDK is linked into one test binary.
package tests

import (
	"bytes"
	"flag"
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

// EvaluateWith evaluates a stack with config overrides (full keys, objects as JSON).
func EvaluateWith(t testing.TB, stack string, overrides map[string]string) (*graph.Graph, error) {
	t.Helper()
	return evaluate.StackWith(projectDir, stack, overrides)
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
