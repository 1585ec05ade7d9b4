package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
	"platform/internal/evaluate"
	"platform/internal/graph"
)

// startAt makes canary start stamp at, until the test ends.
func startAt(t *testing.T, at time.Time) {
	t.Helper()
	previous := cli.Now
	cli.Now = func() time.Time { return at }
	t.Cleanup(func() { cli.Now = previous })
}

// ECS refuses a service while one of its name is ACTIVE or DRAINING
// (DeleteService), so the same image started again after an abort runs as
// an ECS service of another name; promoting keeps the name, and so the
// service: a promote replaces nothing.
func TestACanaryRestartedWithTheSameImageIsAnotherECSService(t *testing.T) {
	stackFile := mustRead(t, projectDir+"/Pulumi.production.yaml") + "  platform:overrides:\n    frontend:\n      release: {strategy: canary, steps: [10, 100]}\n"
	dir := copyFixture(t, map[string]string{"Pulumi.production.yaml": stackFile})
	canary := func(args ...string) {
		t.Helper()
		code, _, stderr := runCLI(append([]string{"canary"}, append(args, "--stack", "production", "--dir", dir)...)...)
		require.Equal(t, 0, code, stderr)
	}
	plan := func() *graph.Graph {
		t.Helper()
		g, err := evaluate.Stack(dir, "production")
		require.NoError(t, err)
		return g
	}
	name := func(g *graph.Graph) string {
		t.Helper()
		return only(t, g, ecsServiceType, "frontend-canary-service").Input("name").(string)
	}

	startAt(t, time.Date(2026, 12, 2, 1, 55, 0, 0, time.UTC))
	canary("start", "frontend", "--image", canaryDigest)
	warm := plan()
	canary("promote", "frontend")
	promoted := plan()
	assert.Equal(t, name(warm), name(promoted), "a promote keeps the canary's name")
	d := graph.Diff(warm.Plan(), promoted.Plan())
	assert.Empty(t, d.Added)
	assert.Empty(t, d.Removed)
	require.NotEmpty(t, d.Changed, "the promote moves the weights")
	for _, c := range d.Changed {
		assert.False(t, c.Replace, "a promote replaces %s", c.Name)
	}

	canary("abort", "frontend")
	startAt(t, time.Date(2026, 12, 2, 2, 10, 0, 0, time.UTC))
	canary("start", "frontend", "--image", canaryDigest)
	restarted := plan()
	assert.Regexp(t, `^frontend-canary-[0-9a-f]{8}$`, name(restarted))
	assert.NotEqual(t, name(warm), name(restarted), "the same image started again gets a new name")
	assert.Contains(t, mustRead(t, filepath.Join(dir, "Pulumi.production.yaml")), `started: "2026-12-02T02:10:00Z"}`)
}

// An entry written before starts were recorded keeps the name it had, the
// image's hash alone, so upgrading the platform does not replace a canary
// in flight.
func TestACanaryEntryWithoutAStartKeepsItsName(t *testing.T) {
	g, err := EvaluateWith(t, "production", canaryConfig("[10, 100]", 1))
	require.NoError(t, err)
	image := mainImage(t, g, "frontend-canary-task", "frontend")
	sum := sha256.Sum256([]byte(image))
	assert.Equal(t, "frontend-canary-"+hex.EncodeToString(sum[:])[:8], only(t, g, ecsServiceType, "frontend-canary-service").Input("name"))
}
