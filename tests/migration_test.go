package tests

import (
	"strings"
	"testing"

	"platform/internal/graph"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A migration waits with its own bounded describe-tasks loop, not the CLI's
// waiter (100 checks 6 s apart, then exit 255 with the task still running),
// and stops the task past its timeout.
func TestMigrationRunsAreBoundedAndStopTheTaskPastTheirTimeout(t *testing.T) {
	g := Evaluate(t, "staging")
	preview, err := EvaluateWith(t, "pr-42", nil)
	require.NoError(t, err)
	runs := map[string]*graph.Resource{
		"migrate-run":        only(t, g, commandType, "migrate-run"),
		"pr-42-createdb-run": only(t, preview, commandType, "pr-42-createdb-run"),
		"pr-42-migrate-run":  only(t, preview, commandType, "pr-42-migrate-run"),
	}
	for name, run := range runs {
		script, _ := run.Input("create").(string)
		assert.NotContains(t, script, "aws ecs wait", name)
		for _, part := range []string{
			`deadline=$((SECONDS + TIMEOUT_SECONDS))`,
			`aws ecs describe-tasks --region "$REGION" --cluster "$CLUSTER" --tasks "$task"`,
			`--query 'tasks[0].lastStatus'`,
			`if [ "$SECONDS" -ge "$deadline" ]; then`,
			`aws ecs stop-task --region "$REGION" --cluster "$CLUSTER" --task "$task"`,
			`--reason "migration ran past its timeout of $TIMEOUT_SECONDS s"`,
			`migration task $task was still $status after $TIMEOUT_SECONDS s: stopped it`,
			`--propagate-tags TASK_DEFINITION`,
			`if [ "$code" != "0" ]; then`,
		} {
			assert.Contains(t, script, part, name)
		}
		assert.True(t, strings.HasPrefix(script, "set -euo pipefail\n"), name)
		assert.Equal(t, "1200", run.Input("environment.TIMEOUT_SECONDS"), "%s: the default 20 minutes", name)
		assert.Equal(t, "15", run.Input("environment.POLL_SECONDS"), name)
	}
}

func TestAMigrationTakesItsTimeoutFromTheWorkload(t *testing.T) {
	long := strings.Replace(fixtureWorkloads, `"command": ["./migrate"],`, `"command": ["./migrate"], "timeoutMinutes": 45,`, 1)
	require.NotEqual(t, fixtureWorkloads, long)
	g := fixture(t, "dev", map[string]string{"platform:workloads": long})
	assert.Equal(t, "2700", only(t, g, commandType, "migrate-run").Input("environment.TIMEOUT_SECONDS"))

	for _, minutes := range []string{"0", "46"} {
		bad := strings.Replace(fixtureWorkloads, `"command": ["./migrate"],`, `"command": ["./migrate"], "timeoutMinutes": `+minutes+`,`, 1)
		_, err := EvaluateWith(t, "dev", map[string]string{"platform:workloads": bad, "platform:images": fixtureImages, "platform:sizes": "{}"})
		require.Error(t, err, minutes)
		assert.Contains(t, err.Error(), `"platform:workloads.migrations.migrate.timeoutMinutes": `+minutes+` is`, minutes)
		assert.Contains(t, err.Error(), "want 1 to 45", minutes)
	}
}
