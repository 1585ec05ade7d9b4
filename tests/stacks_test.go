package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryStackHasOneExplicitTaggedProvider(t *testing.T) {
	owners := map[string]string{"dev": "platform-team", "staging": "platform-team", "production": "platform-team"}
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		providers := g.ByType("pulumi:providers:aws")
		require.Len(t, providers, 1, stack)
		p := providers[0]
		assert.Equal(t, map[string]any{
			"tags": mergeTags(map[string]any{
				"environment": stack, "project": "platform", "stack": stack,
				"managed-by": "pulumi", "owner": owners[stack],
			}, stack),
		}, p.Input("defaultTags"), stack)
		// Every AWS resource is created through that provider, never a default one.
		for _, r := range g.Resources {
			if r.Custom && !r.Read && r.Type != "pulumi:providers:aws" && len(r.Type) > 4 && r.Type[:4] == "aws:" {
				assert.Equal(t, p.URN, r.Provider, r.URN)
			}
		}
	}
}

// mergeTags adds the extra tags a stack file sets.
func mergeTags(tags map[string]any, stack string) map[string]any {
	if stack == "production" {
		tags["cost-center"] = "shop"
	}
	return tags
}

func TestStackOutputsNameTheEnvironment(t *testing.T) {
	g := Evaluate(t, "staging")
	assert.Equal(t, "staging", g.Outputs["environment"])
	assert.Equal(t, "us-east-1", g.Outputs["region"])
	assert.Equal(t, "staging.shop.example.com", g.Outputs["domain"])
}

func TestConfigOverridesReachTheProgram(t *testing.T) {
	g, err := EvaluateWith(t, "production", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", g.ByType("pulumi:providers:aws")[0].Input("region"))
}
