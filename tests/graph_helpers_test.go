package tests

import (
	"encoding/json"
	"platform/internal/graph"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
)

// evaluateProgram runs a component-level program offline in a throwaway
// project named like the real one, on a stack "test" in region.
func evaluateProgram(t *testing.T, region string, program offline.Program) (*graph.Graph, error) {
	t.Helper()
	dir := writeProject(t, map[string]string{
		"Pulumi.yaml":      "name: platform\nruntime: go\n",
		"Pulumi.test.yaml": "config:\n  aws:region: " + region + "\n",
	})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	return offline.Run{Project: project, Stack: "test", Program: program}.Evaluate()
}

// withProvider gives a component program the explicit provider stacks give.
func withProvider(region string, body func(ctx *pulumi.Context, onAWS pulumi.ResourceOption) error) offline.Program {
	return func(ctx *pulumi.Context) (pulumi.Map, error) {
		p, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return nil, err
		}
		return pulumi.Map{}, body(ctx, pulumi.Providers(p))
	}
}

// iamPolicy is a policy document as the platform writes it.
type iamPolicy struct {
	Version   string
	Statement []struct {
		Sid       string
		Effect    string
		Action    []string
		Resource  []string
		Principal map[string]string
		Condition map[string]map[string][]string
	}
}

// policyAt parses the JSON policy document in a resource input.
func policyAt(t *testing.T, r *graph.Resource, input string) iamPolicy {
	t.Helper()
	require.NotNil(t, r)
	text, ok := r.Input(input).(string)
	require.True(t, ok, "%s.%s is not a string: %v", r.Name, input, r.Input(input))
	var p iamPolicy
	require.NoError(t, json.Unmarshal([]byte(text), &p), text)
	require.Equal(t, "2012-10-17", p.Version)
	return p
}

// only returns the single resource of typ named name, failing otherwise.
func only(t *testing.T, g *graph.Graph, typ, name string) *graph.Resource {
	t.Helper()
	r := g.One(typ, name)
	require.NotNil(t, r, "want exactly one %s named %s", typ, name)
	return r
}
