package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
)

// The Laravel fixture shows the multi-container, singleton and writable-path
// shapes of issue 16: its scheduler is a singleton (schedule:work) and its
// panel is nginx in front of php-fpm.

// evaluateLaravel evaluates a stack of the Laravel fixture with overrides.
func evaluateLaravel(t *testing.T, stack string, overrides map[string]string) *graph.Graph {
	t.Helper()
	g, err := evaluate.StackWith(secondFixture, stack, overrides)
	require.NoError(t, err)
	return g
}

// laravelWith copies the Laravel fixture and writes files over it.
func laravelWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(secondFixture)))
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

func TestASingletonRunsExactlyOneTaskAndIsReplacedWithoutOverlap(t *testing.T) {
	for _, stack := range []string{"dev", "production"} {
		g := evaluateLaravel(t, stack, nil)
		svc := only(t, g, ecsServiceType, "scheduler-service")
		assert.Equal(t, 1.0, svc.Input("desiredCount"), stack)
		assert.Equal(t, 0.0, svc.Input("deploymentMinimumHealthyPercent"), stack+": the old task stops first")
		assert.Equal(t, 100.0, svc.Input("deploymentMaximumPercent"), stack+": never two at once")
		assert.Equal(t, []any{map[string]any{"base": 1.0, "capacityProvider": "FARGATE", "weight": 1.0}}, svc.Input("capacityProviderStrategies"), stack+": never Spot")
		assert.Nil(t, g.One("aws:appautoscaling/target:Target", "scheduler-scaling"), stack+": nothing scales it")
		for _, role := range []string{"cpu", "memory", "backlog"} {
			assert.Nil(t, g.One(policyType, "scheduler-scale-"+role), stack)
		}
		assert.Equal(t, []string{"php", "artisan", "schedule:work"}, containers(t, only(t, g, taskDefType, "scheduler-task"))[0].Command)
		assert.Equal(t, "ARM64", only(t, g, taskDefType, "scheduler-task").Input("runtimePlatform.cpuArchitecture"), stack+": on demand, so Graviton")
	}
	// The queue worker beside it still scales.
	assert.NotNil(t, evaluateLaravel(t, "dev", nil).One("aws:appautoscaling/target:Target", "queue-scaling"))
}

func TestASingletonRefusesScaling(t *testing.T) {
	dir := laravelWith(t, map[string]string{"workloads/scheduler.yaml": "kind: singleton\nrepository: app\nscaling: {max: 3}\n"})
	_, err := evaluate.StackWith(dir, "dev", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workloads/scheduler.yaml: scaling")
	assert.Contains(t, err.Error(), "does not apply to a singleton")

	_, err = evaluate.StackWith(secondFixture, "dev", map[string]string{"globex:sizes": `{"scheduler": {"max": 2}}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "globex:sizes.scheduler")
	assert.Contains(t, err.Error(), "is a singleton")
}
