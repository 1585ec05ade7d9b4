package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pauseProject is a copy of the fixture with the scripts pause.sh needs and
// the platform command built, so the script's plan runs for real.
func pauseProject(t *testing.T) (dir, platform string) {
	t.Helper()
	dir = copyFixture(t, nil)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "scripts"), 0o755))
	for _, script := range []string{"pause.sh", "project-name.sh"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "scripts", script), []byte(mustRead(t, filepath.Join(repoRoot, "scripts", script))), 0o755))
	}
	platform = filepath.Join(t.TempDir(), "platform")
	build := exec.Command("go", "build", "-o", platform, "./cmd/platform")
	build.Dir = repoRoot
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return dir, platform
}

func pauseScript(t *testing.T, dir, platform string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join(dir, "scripts", "pause.sh")}, args...)...)
	cmd.Env = append(os.Environ(), "PLATFORM="+platform)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestPauseScriptCountsEachPauseOnceAndResumeKeepsTheCount(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the platform command")
	}
	dir, platform := pauseProject(t)
	file := filepath.Join(dir, "Pulumi.dev.yaml")
	original := mustRead(t, file)
	steps := []struct {
		action, says, paused, pauses string
	}{
		{"pause", "dev: pause 1", "true", "1"},
		{"pause", "dev is paused already (pause 1)", "true", "1"},
		{"resume", "dev: resumed from pause 1", "false", "1"},
		{"resume", "dev is running already", "false", "1"},
		{"pause", "dev: pause 2", "true", "2"},
	}
	for _, s := range steps {
		out, err := pauseScript(t, dir, platform, "dev", s.action)
		require.NoError(t, err, out)
		assert.Contains(t, out, s.says)
		text := mustRead(t, file)
		assert.Contains(t, text, "\n  platform:paused: "+s.paused+"\n", s.says)
		assert.Contains(t, text, "\n  platform:pauses: "+s.pauses+"\n", s.says)
		assert.Contains(t, text, "# The domain is delegated", "comments stay")
	}
	assert.Equal(t, original+"  platform:paused: true\n  platform:pauses: 2\n", mustRead(t, file), "nothing else changes")

	_, err := pauseScript(t, dir, platform, "production", "pause")
	require.Error(t, err, "production's plan refuses a pause")

	out, err := pauseScript(t, dir, platform, "dev", "destroyed")
	require.Error(t, err, "a paused dev has no database to have left a snapshot")
	assert.Contains(t, out, "dev is paused")
	for _, action := range []string{"resume", "destroyed"} {
		out, err := pauseScript(t, dir, platform, "dev", action)
		require.NoError(t, err, out)
	}
	assert.Equal(t, original+"  platform:paused: false\n  platform:pauses: 3\n", mustRead(t, file), "a destroy counts as the pause that left its snapshot")
}

func TestPauseWorkflowRecordsThePauseAndDeploysLikeEveryChange(t *testing.T) {
	w := readWorkflows(t)["pause.yml"]
	record, ok := w.Jobs["record"]
	require.True(t, ok)
	assert.False(t, record.uses("aws-actions/configure-aws-credentials"), "the schedule only commits; deploy.yml deploys")
	assert.Contains(t, record.Steps[len(record.Steps)-1].Run, `scripts/commit.sh "Scheduled $ACTION of dev" scripts/pause.sh dev "$ACTION"`)
	text := mustRead(t, filepath.Join(repoRoot, ".github", "workflows", "pause.yml"))
	for _, cron := range []string{`cron: "0 20 * * 1-5"`, `cron: "0 7 * * 1-5"`} {
		assert.Contains(t, text, cron)
	}
	assert.Contains(t, text, `github.event.schedule == '0 20 * * 1-5' && 'pause' || 'resume'`, "the evening schedule pauses, the morning one resumes")
	// The bot's push to main is what deploy.yml deploys.
	assert.Contains(t, mustRead(t, filepath.Join(repoRoot, ".github", "workflows", "deploy.yml")), "  push:\n    branches: [main]")
}
