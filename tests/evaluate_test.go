package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/internal/tier"
)

func TestStackFindsTheNearestProjectAboveTheWorkingDirectory(t *testing.T) {
	dir := writeProject(t, map[string]string{"Pulumi.yaml": fixtureProject, "Pulumi.a.yaml": "config: {}\n"})
	deep := filepath.Join(dir, "app", "web")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	t.Chdir(deep)
	// The fixture's stack list in the error shows the walk found its Pulumi.yaml.
	_, err := evaluate.Stack("", "nope")
	require.EqualError(t, err, `unknown stack "nope": no Pulumi.nope.yaml, want one of a`)

	t.Chdir(t.TempDir())
	_, err = evaluate.Stack("", "a")
	require.EqualError(t, err, "no Pulumi.yaml in the working directory or above it; pass --dir")
}

func TestTierOfReadsTheEnvironmentOutput(t *testing.T) {
	for _, tc := range []struct {
		outputs map[string]any
		want    tier.Tier
	}{
		{map[string]any{"environment": "staging"}, tier.Staging},
		{map[string]any{"environment": "production"}, tier.Production},
		{map[string]any{"environment": "prod"}, ""},
		{map[string]any{"environment": 3}, ""},
		{map[string]any{}, ""},
	} {
		assert.Equal(t, tc.want, evaluate.TierOf(&graph.Graph{Outputs: tc.outputs}), "%v", tc.outputs)
	}
}
