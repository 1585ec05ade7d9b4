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

// knownDefects are the preflight findings of today's stacks (issue 14's
// defects). Each entry must disappear when its fix lands: the fix's author
// deletes its lines, and the lead empties the list at merge. While it lists a
// stack, `platform plan` of that stack exits 4 (see planExitCode), so CI's plan
// of every stack stays red until then.
var knownDefects = []defect{
	{"dev", "PF.ECS.3", "admin-service"},
	{"dev", "PF.ECS.3", "catalog-service"},
	{"dev", "PF.ECS.3", "frontend-service"},
	{"dev", "PF.ECS.3", "orders-service"},
	{"dev", "PF.ECS.3", "webhooks-service"},
	{"dev", "PF.ECS.3", "jobs-service"},
	{"dev", "PF.ECS.3", "recon-service"},
	{"dev", "PF.ELB.3", "cluster-alb"},
	{"dev", "PF.NAME.1", "access-user-pool-domain"},
	{"dev", "PF.NAME.1", "cluster-access-logs"},
	{"dev", "PF.NAME.1", "data-access-logs"},
	{"dev", "PF.NAME.1", "data-bucket-uploads"},
	{"dev", "PF.ORDER.1", "admin-service"},
	{"dev", "PF.ORDER.1", "catalog-service"},
	{"dev", "PF.ORDER.1", "frontend-service"},
	{"dev", "PF.ORDER.1", "orders-service"},
	{"dev", "PF.ORDER.1", "webhooks-service"},
	{"dev", "PF.ORDER.1", "migrate-run"},
	{"dev", "PF.ORDER.1", "jobs-service"},
	{"dev", "PF.ORDER.1", "recon-service"},
	{"dev", "PF.ORDER.2", "access-certificate-validation"},
	{"dev", "PF.ORDER.2", "access-mail-verification"},
	{"dev", "PF.ORDER.3", "cluster-alb"},
	{"dev", "PF.ORDER.4", "admin-service"},
	{"dev", "PF.ORDER.4", "catalog-service"},
	{"dev", "PF.ORDER.4", "frontend-service"},
	{"dev", "PF.ORDER.4", "orders-service"},
	{"dev", "PF.ORDER.4", "webhooks-service"},
	{"dev", "PF.ORDER.4", "jobs-service"},
	{"dev", "PF.ORDER.4", "recon-service"},
	{"dev", "PF.ORDER.5", "migrate-run"},
	{"dev", "PF.RDS.8", "admin-task"},
	{"dev", "PF.RDS.8", "catalog-task"},
	{"dev", "PF.RDS.8", "orders-task"},
	{"dev", "PF.RDS.8", "migrate-task"},
	{"dev", "PF.RDS.8", "jobs-task"},
	{"dev", "PF.RDS.8", "recon-task"},
	{"dev", "PF.SECRET.1", "data-broker-secret"},
	{"dev", "PF.SECRET.1", "data-cache-auth-secret"},
	{"dev", "PF.WAF.3", "access-web-acl"},
	{"dev", "PF.WAF.4", "access-cdn-web-acl"},
	{"dev", "PF.WAF.4", "access-web-acl"},
	{"staging", "PF.ECS.3", "admin-service"},
	{"staging", "PF.ECS.3", "catalog-service"},
	{"staging", "PF.ECS.3", "frontend-service"},
	{"staging", "PF.ECS.3", "orders-service"},
	{"staging", "PF.ECS.3", "webhooks-service"},
	{"staging", "PF.ECS.3", "jobs-service"},
	{"staging", "PF.ECS.3", "recon-service"},
	{"staging", "PF.ELB.3", "cluster-alb"},
	{"staging", "PF.NAME.1", "access-user-pool-domain"},
	{"staging", "PF.NAME.1", "cluster-access-logs"},
	{"staging", "PF.NAME.1", "data-access-logs"},
	{"staging", "PF.NAME.1", "data-bucket-uploads"},
	{"staging", "PF.ORDER.1", "admin-service"},
	{"staging", "PF.ORDER.1", "catalog-service"},
	{"staging", "PF.ORDER.1", "frontend-service"},
	{"staging", "PF.ORDER.1", "orders-service"},
	{"staging", "PF.ORDER.1", "webhooks-service"},
	{"staging", "PF.ORDER.1", "migrate-run"},
	{"staging", "PF.ORDER.1", "jobs-service"},
	{"staging", "PF.ORDER.1", "recon-service"},
	{"staging", "PF.ORDER.2", "access-certificate-validation"},
	{"staging", "PF.ORDER.2", "access-mail-verification"},
	{"staging", "PF.ORDER.3", "cluster-alb"},
	{"staging", "PF.ORDER.4", "admin-service"},
	{"staging", "PF.ORDER.4", "catalog-service"},
	{"staging", "PF.ORDER.4", "frontend-service"},
	{"staging", "PF.ORDER.4", "orders-service"},
	{"staging", "PF.ORDER.4", "webhooks-service"},
	{"staging", "PF.ORDER.4", "jobs-service"},
	{"staging", "PF.ORDER.4", "recon-service"},
	{"staging", "PF.ORDER.5", "migrate-run"},
	{"staging", "PF.RDS.8", "admin-task"},
	{"staging", "PF.RDS.8", "catalog-task"},
	{"staging", "PF.RDS.8", "orders-task"},
	{"staging", "PF.RDS.8", "migrate-task"},
	{"staging", "PF.RDS.8", "jobs-task"},
	{"staging", "PF.RDS.8", "recon-task"},
	{"staging", "PF.SECRET.1", "data-broker-secret"},
	{"staging", "PF.SECRET.1", "data-cache-auth-secret"},
	{"staging", "PF.WAF.3", "access-web-acl"},
	{"staging", "PF.WAF.4", "access-cdn-web-acl"},
	{"staging", "PF.WAF.4", "access-web-acl"},
	{"production", "PF.NAME.1", "cluster-access-logs"},
	{"production", "PF.NAME.1", "data-access-logs"},
	{"production", "PF.NAME.1", "data-bucket-uploads"},
	{"production", "PF.ORDER.1", "admin-service"},
	{"production", "PF.ORDER.1", "catalog-service"},
	{"production", "PF.ORDER.1", "frontend-service"},
	{"production", "PF.ORDER.1", "orders-service"},
	{"production", "PF.ORDER.1", "webhooks-service"},
	{"production", "PF.ORDER.1", "migrate-run"},
	{"production", "PF.ORDER.1", "jobs-service"},
	{"production", "PF.ORDER.1", "recon-service"},
	{"production", "PF.ORDER.3", "cluster-alb"},
	{"production", "PF.ORDER.4", "admin-service"},
	{"production", "PF.ORDER.4", "catalog-service"},
	{"production", "PF.ORDER.4", "frontend-service"},
	{"production", "PF.ORDER.4", "orders-service"},
	{"production", "PF.ORDER.4", "webhooks-service"},
	{"production", "PF.ORDER.4", "jobs-service"},
	{"production", "PF.ORDER.4", "recon-service"},
	{"production", "PF.ORDER.5", "migrate-run"},
	{"production", "PF.RDS.8", "admin-task"},
	{"production", "PF.RDS.8", "catalog-task"},
	{"production", "PF.RDS.8", "orders-task"},
	{"production", "PF.RDS.8", "migrate-task"},
	{"production", "PF.RDS.8", "jobs-task"},
	{"production", "PF.RDS.8", "recon-task"},
	{"production", "PF.SECRET.1", "data-broker-secret"},
	{"production", "PF.SECRET.1", "data-cache-auth-secret"},
	{"production", "PF.WAF.3", "access-web-acl"},
	{"production", "PF.WAF.4", "access-cdn-web-acl"},
	{"production", "PF.WAF.4", "access-web-acl"},
	{"pr-42", "PF.ECS.3", "pr-42-admin-service"},
	{"pr-42", "PF.ECS.3", "pr-42-catalog-service"},
	{"pr-42", "PF.ECS.3", "pr-42-frontend-service"},
	{"pr-42", "PF.ECS.3", "pr-42-orders-service"},
	{"pr-42", "PF.RDS.8", "pr-42-admin-task"},
	{"pr-42", "PF.RDS.8", "pr-42-catalog-task"},
	{"pr-42", "PF.RDS.8", "pr-42-orders-task"},
}

// knownAccountWide are today's findings across the stacks of one account.
// Same rule as knownDefects: each disappears with its fix.
var knownAccountWide = []defect{
	{"production", "PF.IAM.4", "access-github-oidc"},
}

// planExitCode is the exit code `platform plan` has today for a stack whose
// posture passes: 4 while knownDefects lists a finding of it, else 0.
func planExitCode(stack string) int {
	for _, d := range knownDefects {
		if d.stack == stack {
			return 4
		}
	}
	return 0
}

func TestPreflightFindsExactlyTheKnownDefects(t *testing.T) {
	var got []defect
	for _, stack := range checkedStacks {
		report := preflight.Run(Evaluate(t, stack))
		for _, f := range report.Findings {
			got = append(got, defect{stack, f.Rule, f.Name})
		}
		assert.Equal(t, len(report.Findings), report.Failed, stack)
		assert.Greater(t, report.Checked, 100, "%s: the rules looked at the stack's resources", stack)
	}
	assert.ElementsMatch(t, knownDefects, got)
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

// knownMySQLDefects are today's findings of dev switched to MySQL (issue 14:
// Performance Insights on micro classes). Same rule as knownDefects: each
// disappears with its fix. (The 8.0 default in extended support, PF.RDS.4, is
// gone: the default comes from awsfacts' engine table, MySQL 8.4.)
var knownMySQLDefects = []defect{
	{"dev", "PF.RDS.2", "data-db"},
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
	assert.ElementsMatch(t, knownMySQLDefects, got)
}

// knownExecDefects are today's findings of a service with ECS Exec on (issue
// 14: the SSM agent needs writable paths the read-only root denies). Same rule
// as knownDefects: each disappears with its fix.
var knownExecDefects = []defect{
	{"dev", "PF.ECS.5", "web-service"},
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
	assert.ElementsMatch(t, knownExecDefects, got)
}
