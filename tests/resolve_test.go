package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/stacks"
)

// spotWeight is the FARGATE_SPOT weight of an ECS service; 0 without Spot.
func spotWeight(t *testing.T, service map[string]any) float64 {
	t.Helper()
	weight := 0.0
	for _, p := range service["capacityProviderStrategies"].([]any) {
		if p.(map[string]any)["capacityProvider"] == "FARGATE_SPOT" {
			weight = p.(map[string]any)["weight"].(float64)
		}
	}
	return weight
}

func TestAnExplicitZeroIsAValueNotUnset(t *testing.T) {
	// dev runs everything on Spot by default; a service that says spotShare 0
	// (in its scaling or in the stack's sizes) runs none.
	for name, override := range map[string]map[string]string{
		"scaling": {"platform:workloads": string(mustJSON(t, map[string]any{"services": map[string]any{
			"web": map[string]any{"repository": "web", "subdomain": "www", "priority": 10, "scaling": map[string]any{"spotShare": 0}},
		}}))},
		"sizes": {
			"platform:workloads": string(mustJSON(t, map[string]any{"services": map[string]any{
				"web": map[string]any{"repository": "web", "subdomain": "www", "priority": 10},
			}})),
			"platform:sizes": `{"web":{"spotShare":0}}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			override["platform:images"] = `{"web":"1.0.0"}`
			g, err := EvaluateWith(t, "dev", override)
			require.NoError(t, err)
			service := only(t, g, ecsServiceType, "web-service")
			assert.Equal(t, 0.0, spotWeight(t, service.Inputs))
		})
	}
}

func TestAPreviewReadsBackWhatItsBaseExports(t *testing.T) {
	dev := Evaluate(t, "dev")
	for _, key := range stacks.BaseOutputKeys() {
		assert.Contains(t, dev.Outputs, key, "dev must export what a preview reads")
	}
	// The preview, evaluated against those outputs, sits on dev's cluster and listener.
	pr := Evaluate(t, "pr-42")
	var rules int
	for _, r := range pr.ByType("aws:lb/listenerRule:ListenerRule") {
		assert.Equal(t, dev.Outputs["loadBalancers"].([]any)[0].(map[string]any)["httpsListenerArn"], r.Input("listenerArn"))
		rules++
	}
	assert.NotZero(t, rules)
	for _, s := range pr.ByType(ecsServiceType) {
		assert.Equal(t, dev.Outputs["clusterArn"], s.Input("cluster"))
	}
	assert.True(t, slices.ContainsFunc(pr.Resources, func(r *graph.Resource) bool { return r.Read && r.Type == "pulumi:pulumi:StackReference" }))
}

func TestAPreviewOnABaseHeldAtItsZoneSaysSo(t *testing.T) {
	dev := strings.Replace(mustRead(t, projectDir+"/Pulumi.dev.yaml"), "    delegated: true\n", "    delegated: false\n", 1)
	require.Contains(t, dev, "delegated: false")
	dir := copyFixture(t, map[string]string{"Pulumi.dev.yaml": dev})
	_, err := evaluate.StackWith(dir, "pr-42", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "preview pr-42: its base stack dev exports no ")
	assert.Contains(t, err.Error(), "deploy the base in full, with its gate on, first")
}
