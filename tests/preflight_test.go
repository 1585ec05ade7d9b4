package tests

import (
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/preflight"
)

// checkedStacks are the stacks preflight runs over: the persistent ones and a preview.
var checkedStacks = append(append([]string{}, persistentStacks...), "pr-42")

type defect struct{ stack, rule, name string }

// knownAccountWide are today's findings across the stacks of one account.
// Same rule as knownDefects: each disappears with its fix.
var knownAccountWide = []defect{
	{"production", "PF.IAM.4", "access-github-oidc"},
}

// Every stack of the fixture passes preflight: the issue-14 defects the rules
// found (Spot with ARM64, global names, order, rotation, WAF behind
// CloudFront, ...) are fixed in the platform.
func TestEveryStackPassesPreflight(t *testing.T) {
	var got []defect
	for _, stack := range checkedStacks {
		report := preflight.Run(Evaluate(t, stack))
		for _, f := range report.Findings {
			got = append(got, defect{stack, f.Rule, f.Name})
		}
		assert.Equal(t, len(report.Findings), report.Failed, stack)
		assert.Greater(t, report.Checked, 100, "%s: the rules looked at the stack's resources", stack)
	}
	assert.Empty(t, got)
}

func TestAccountWideNamesAcrossTheStacks(t *testing.T) {
	var got []defect
	graphs := make([]*graph.Graph, 0, len(checkedStacks))
	for _, stack := range checkedStacks {
		graphs = append(graphs, Evaluate(t, stack))
	}
	for _, f := range preflight.AccountWide(graphs...) {
		got = append(got, defect{stackOf(f.URN), f.Rule, f.Name})
	}
	assert.ElementsMatch(t, knownAccountWide, got)
}

// stackOf is the stack of a URN ("urn:pulumi:<stack>::...").
func stackOf(urn string) string {
	return strings.SplitN(strings.TrimPrefix(urn, "urn:pulumi:"), "::", 2)[0]
}

// BenchmarkPreflight runs every rule over the staging graph (`go test ./tests
// -run '^$' -bench Preflight`).
func BenchmarkPreflight(b *testing.B) {
	g := Evaluate(b, "staging")
	for b.Loop() {
		preflight.Run(g)
	}
}

func TestEveryTypeTheStacksCreateHasPreflightRules(t *testing.T) {
	checked := map[string]bool{}
	for _, r := range preflight.Rules {
		for _, typ := range r.Types {
			checked[typ] = true
		}
	}
	for _, stack := range checkedStacks {
		for _, r := range Evaluate(t, stack).Resources {
			component := strings.HasPrefix(r.Type, "platform:") || strings.HasPrefix(r.Type, "pulumi:")
			if r.Read || component || checked[r.Type] {
				continue
			}
			_, excused := preflight.Unchecked[r.Type]
			assert.True(t, excused, "%s (%s in %s) has no preflight rule and no reason in preflight.Unchecked", r.Type, r.Name, stack)
		}
	}
}

func TestPreflightCatchesOptionsThatBreakWhenSwitchedOn(t *testing.T) {
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:data": `{"database":{"engine":"mysql"},"cache":{},"broker":{},` +
		`"queues":[{"name":"default"},{"name":"priority","visibilityTimeoutSeconds":60}],"buckets":[{"name":"uploads"}]}`})
	require.NoError(t, err)
	var got []defect
	for _, f := range preflight.Run(g).Findings {
		if strings.HasPrefix(f.Rule, "PF.RDS.") && f.Type == "aws:rds/instance:Instance" {
			got = append(got, defect{"dev", f.Rule, f.Name})
		}
	}
	// Performance Insights is off on the micro class, MySQL defaults to 8.4.
	assert.Empty(t, got)
}

func TestPreflightCatchesECSExecOnAReadOnlyRoot(t *testing.T) {
	g, err := EvaluateWith(t, "dev", map[string]string{
		"platform:workloads": `{"services":{"web":{"repository":"web","subdomain":"www","port":8080,"priority":100,"healthCheck":{"path":"/health"},"exec":true}}}`,
		"platform:images":    `{"web":"main-1"}`,
	})
	require.NoError(t, err)
	var got []defect
	for _, f := range preflight.Run(g).Findings {
		if f.Rule == "PF.ECS.5" {
			got = append(got, defect{"dev", f.Rule, f.Name})
		}
	}
	// The SSM agent's writable paths are mounted under the read-only root.
	assert.Empty(t, got)
}
