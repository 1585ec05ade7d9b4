package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/awsfacts"
)

// Dev's task log groups and its VPC flow log group are Infrequent Access;
// functions keep Standard, and so do staging and production (their flow log
// group's class left unset, as it always was). Nothing the platform creates
// needs what Infrequent Access lacks.
func TestDevTaskLogsAreInfrequentAccess(t *testing.T) {
	for stack, want := range map[string]any{"dev": awsfacts.LogClassInfrequentAccess, "staging": awsfacts.LogClassStandard, "production": awsfacts.LogClassStandard} {
		g := Evaluate(t, stack)
		groups := g.ByType(logGroupType)
		require.NotEmpty(t, groups)
		tasks := 0
		for _, lg := range groups {
			switch name := lg.Input("name").(string); {
			case strings.HasPrefix(name, "/ecs/"):
				tasks++
				assert.Equal(t, want, lg.Input("logGroupClass"), "%s: %s", stack, lg.Name)
				assert.True(t, lg.DeleteBeforeReplace, "%s: %s has a fixed name, so a new class deletes it first", stack, lg.Name)
			case strings.HasPrefix(name, "/vpc/") && stack == "dev":
				assert.Equal(t, awsfacts.LogClassInfrequentAccess, lg.Input("logGroupClass"), lg.Name)
				assert.True(t, lg.DeleteBeforeReplace, "%s has a fixed name, so a new class deletes it first", lg.Name)
			default:
				assert.Nil(t, lg.Input("logGroupClass"), "%s: %s stays Standard", stack, lg.Name)
			}
		}
		require.NotZero(t, tasks, stack)
		require.Len(t, g.ByType("aws:ec2/flowLog:FlowLog"), 1, stack)
		for _, typ := range awsfacts.InfrequentAccessLacks {
			assert.Empty(t, g.ByType(typ), "%s: the platform creates no %s", stack, typ)
		}
	}
	// A pause keeps the class, so it replaces nothing.
	kept := 0
	for _, lg := range pausedDev(t).ByType(logGroupType) {
		if strings.HasPrefix(lg.Input("name").(string), "/ecs/") {
			kept++
			assert.Equal(t, awsfacts.LogClassInfrequentAccess, lg.Input("logGroupClass"), lg.Name)
		}
	}
	require.NotZero(t, kept, "a paused dev keeps its task log groups")
}

func TestLogClassIsAChoiceOfTheStack(t *testing.T) {
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:observability": `{"logClass":"STANDARD"}`})
	require.NoError(t, err)
	standard := 0
	for _, lg := range g.ByType(logGroupType) {
		if strings.HasPrefix(lg.Input("name").(string), "/ecs/") {
			standard++
			assert.Equal(t, "STANDARD", lg.Input("logGroupClass"), lg.Name)
		}
	}
	require.NotZero(t, standard, "dev has task log groups")
	_, err = EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"logClass":"DELIVERY"}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `validate "platform:observability.logClass": "DELIVERY" is not a log class the platform creates`)
	assert.Contains(t, err.Error(), "STANDARD or INFREQUENT_ACCESS")
}

// The flow log group's class is the stack's choice too (a class the platform
// does not create is refused: TestNetworkRejectsBadConfigBeforeAnyResource).
func TestFlowLogClassIsAChoiceOfTheStack(t *testing.T) {
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:network": `{"nat":"instance","flowLogClass":"STANDARD"}`})
	require.NoError(t, err)
	assert.Nil(t, only(t, g, logGroupType, "network-flow-logs").Input("logGroupClass"), "Standard is left unset")
	g, err = EvaluateWith(t, "staging", map[string]string{"platform:network": `{"flowLogClass":"INFREQUENT_ACCESS"}`})
	require.NoError(t, err)
	assert.Equal(t, awsfacts.LogClassInfrequentAccess, only(t, g, logGroupType, "network-flow-logs").Input("logGroupClass"))
}
