package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
)

const (
	webACLType      = "aws:wafv2/webAcl:WebAcl"
	aclAssociation  = "aws:wafv2/webAclAssociation:WebAclAssociation"
	gatedWebhooks   = "cognito: true\n"
	publicWebhooks  = "cognito: false\n"
	accessBlockLine = "  platform:access:\n"
)

// gatedStack is the fixture's stack with every host behind the gate (its
// webhooks service gated too), and extra lines at the top of its access block.
func gatedStack(t *testing.T, stack, access string) *graph.Graph {
	t.Helper()
	hooks := mustRead(t, filepath.Join(projectDir, "workloads", "webhooks.yaml"))
	require.Contains(t, hooks, publicWebhooks, "the fixture's webhooks host is public")
	file, err := os.ReadFile(filepath.Join(projectDir, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	require.Contains(t, string(file), accessBlockLine)
	dir := copyFixture(t, map[string]string{
		filepath.Join("workloads", "webhooks.yaml"): strings.Replace(hooks, publicWebhooks, gatedWebhooks, 1),
		"Pulumi." + stack + ".yaml":                 strings.Replace(string(file), accessBlockLine, accessBlockLine+access, 1),
	})
	g, err := evaluate.StackWith(dir, stack, nil)
	require.NoError(t, err)
	return g
}

func regionalACLs(g *graph.Graph) int {
	n := 0
	for _, acl := range g.ByType(webACLType) {
		if acl.Input("scope") == "REGIONAL" {
			n++
		}
	}
	return n
}

// Dev keeps its web ACL while a host is public; with every host behind the
// gate it has none, and posture finds nothing more for it.
func TestDevDropsTheWebACLOnlyWhenEveryHostIsGated(t *testing.T) {
	public := Evaluate(t, "dev")
	require.Equal(t, 1, regionalACLs(public), "the public webhooks host keeps the web ACL")
	require.Len(t, public.ByType(aclAssociation), 1)

	gated := gatedStack(t, "dev", "")
	assert.Zero(t, regionalACLs(gated))
	assert.Empty(t, gated.ByType(aclAssociation))
	assert.NotContains(t, gated.Outputs, "webAclArn")
	rules := gated.ByType(ruleType)
	require.NotEmpty(t, rules)
	for _, r := range rules {
		assert.Contains(t, r.Input("actions.0"), "authenticateCognito", "%s is behind the gate", r.Name)
	}
	before, after := policy.Evaluate(public, evaluate.TierOf(public)), policy.Evaluate(gated, evaluate.TierOf(gated))
	assert.LessOrEqual(t, after.Failed, before.Failed, "no posture failure for the missing web ACL")
	for _, f := range after.Findings {
		if f.Excepted == "" {
			assert.NotContains(t, f.Control+" "+f.Title+" "+f.Message, "WAF", "%s fails on %s for the missing web ACL", f.Control, f.Name)
		}
	}

	// The stack turns it back on; staging keeps it behind the gate too.
	on := gatedStack(t, "dev", "    waf: true\n")
	assert.Equal(t, 1, regionalACLs(on))
	assert.Equal(t, on.Outputs["webAclArn"], only(t, on, aclAssociation, "cluster-waf").Input("webAclArn"))
	assert.Equal(t, 1, regionalACLs(gatedStack(t, "staging", "")))
}
