package tests

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
)

const scheduleType = "aws:scheduler/schedule:Schedule"

// Dev's schedules run on Fargate Spot, X86_64, by capacity provider alone;
// staging's and production's on regular Fargate by launch type.
func TestDevSchedulesRunOnSpot(t *testing.T) {
	for stack, spot := range map[string]bool{"dev": true, "staging": false, "production": false} {
		g := Evaluate(t, stack)
		s := only(t, g, scheduleType, "scheduler-schedule")
		task := only(t, g, taskDefType, "scheduler-task")
		if spot {
			assert.Nil(t, s.Input("target.ecsParameters.launchType"), stack)
			assert.Equal(t, []any{map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 1.0}}, s.Input("target.ecsParameters.capacityProviderStrategies"), stack)
			assert.Equal(t, "X86_64", task.Input("runtimePlatform.cpuArchitecture"), stack)
		} else {
			assert.Equal(t, "FARGATE", s.Input("target.ecsParameters.launchType"), stack)
			assert.Nil(t, s.Input("target.ecsParameters.capacityProviderStrategies"), stack)
			assert.Equal(t, "ARM64", task.Input("runtimePlatform.cpuArchitecture"), stack)
		}
	}
}

// A schedule that asks for ARM64 stays on demand on dev; asking for Spot
// with ARM64 is refused before anything registers.
func TestAnARM64ScheduleStaysOnDemand(t *testing.T) {
	file := mustRead(t, filepath.Join(projectDir, "workloads", "scheduler.yaml"))
	g, err := evaluate.StackWith(copyFixture(t, map[string]string{filepath.Join("workloads", "scheduler.yaml"): file + "architecture: ARM64\n"}), "dev", nil)
	require.NoError(t, err)
	assert.Equal(t, "FARGATE", only(t, g, scheduleType, "scheduler-schedule").Input("target.ecsParameters.launchType"))
	assert.Equal(t, "ARM64", only(t, g, taskDefType, "scheduler-task").Input("runtimePlatform.cpuArchitecture"))

	_, err = evaluate.StackWith(copyFixture(t, map[string]string{filepath.Join("workloads", "scheduler.yaml"): file + "architecture: ARM64\nspot: true\n"}), "dev", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "architecture")
	assert.Contains(t, err.Error(), "cannot run on Fargate Spot (spot: true): the platform runs only X86_64 Linux tasks on Fargate Spot, as the ECS Developer Guide says")
}
