package tests

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoldenGraphs fails on any change to what a stack deploys until the
// golden file is refreshed with `go test ./tests -update` and reviewed.
func TestGoldenGraphs(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			got := planJSON(t, Evaluate(t, stack))
			path := filepath.Join(projectDir, stack+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden graph yet: run go test ./tests -update")
			if string(want) != string(got) {
				t.Fatalf("the %s graph changed; review it and refresh with `go test ./tests -update`.\n%s", stack, firstDifference(string(want), string(got)))
			}
		})
	}
}

// firstDifference shows the first differing line with some context.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			start := max(0, i-3)
			return "line " + strconv.Itoa(i+1) + ":\n  golden: " + wl + "\n  now:    " + gl + "\ncontext now:\n" + strings.Join(g[start:min(len(g), i+3)], "\n")
		}
	}
	return ""
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
