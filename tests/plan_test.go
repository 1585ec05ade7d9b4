package tests

import (
	"bytes"
	"encoding/json"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
	"platform/internal/offline"
	"platform/preflight"
)

// runCLI runs the platform command in-process against the real project.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = cli.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPlanJSONFollowsTheSchemaForEveryStack(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			code, stdout, stderr := runCLI("plan", "--stack", stack, "--format", "json", "--dir", projectDir)
			require.Equal(t, 0, code, stderr)
			if code == 0 {
				assert.Empty(t, stderr)
			} else {
				assert.Regexp(t, `^platform plan: \d+ preflight finding\(s\): AWS would refuse or break them at deploy time\n$`, stderr)
			}

			var plan map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(stdout), &plan))
			assert.ElementsMatch(t, []string{"project", "stack", "resources", "outputs", "preflight"}, keys(plan))
			assertPreflightShape(t, plan["preflight"])
			_, err := graph.ReadPlan(strings.NewReader(stdout))
			require.NoError(t, err, "platform diff reads the plan back, preflight included")
			assert.JSONEq(t, `"platform"`, string(plan["project"]))
			assert.JSONEq(t, `"`+stack+`"`, string(plan["stack"]))

			var resources []map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(plan["resources"], &resources))
			require.NotEmpty(t, resources)
			ignoring := 0
			for _, r := range resources {
				want := []string{"urn", "type", "name", "parent", "provider", "dependencies", "protect", "retainOnDelete", "inputs"}
				if ignored, ok := r["ignoreChanges"]; ok {
					ignoring++
					var paths []string
					require.NoError(t, json.Unmarshal(ignored, &paths))
					assert.NotEmpty(t, paths, "ignoreChanges is there only when a resource has some")
					want = append(want, "ignoreChanges")
				}
				assert.ElementsMatch(t, want, keys(r))
				var typed struct {
					URN, Type, Name, Parent, Provider string
					Dependencies                      []string
					Protect, RetainOnDelete           bool
					Inputs                            map[string]any
				}
				require.NoError(t, json.Unmarshal(mustJSON(t, r), &typed))
				assert.True(t, strings.HasPrefix(typed.URN, "urn:pulumi:"+stack+"::platform::"), typed.URN)
				assert.NotNil(t, typed.Dependencies, "dependencies is a list, never null")
				assert.NotNil(t, typed.Inputs, "inputs is an object, never null")
			}
			assert.NotZero(t, ignoring, "services ignore their desiredCount")
			var outputs map[string]any
			require.NoError(t, json.Unmarshal(plan["outputs"], &outputs))
			assert.Equal(t, stack, outputs["environment"])
		})
	}
}

func TestPlanTreeNestsResourcesAndCountsTypes(t *testing.T) {
	code, stdout, stderr := runCLI("plan", "--stack", "staging", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `\nPreflight \(deploy-time constraints the offline mocks accept\): \d+ checked, \d+ failed\n`, stdout)
	assert.Contains(t, stdout, " +  pulumi:pulumi:Stack")
	assert.Contains(t, stdout, "platform-staging")
	assert.Contains(t, stdout, "└─ pulumi:providers:aws")
	assert.Regexp(t, `Resources: \d+ to create`, stdout)
	assert.Regexp(t, `\n\s+1  pulumi:providers:aws\n`, stdout)
	assert.Contains(t, stdout, `environment: "staging"`)
}

func TestPlanFailsClearlyOnBadInput(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"unknown stack", []string{"plan", "--stack", "nope", "--dir", projectDir}, 1,
			`unknown stack "nope": no Pulumi.nope.yaml, want one of dev, perf, production, staging, or pr-<n> for the preview of pull request <n> (from Pulumi.pr.yaml.template)`},
		{"missing stack flag", []string{"plan", "--dir", projectDir}, 2, "--stack is required"},
		{"unknown format", []string{"plan", "--stack", "dev", "--format", "yaml", "--dir", projectDir}, 2,
			`--format "yaml" is not allowed, want tree, json, mermaid or dot`},
		{"unknown command", []string{"apply"}, 2, `unknown command "apply"`},
		{"no project", []string{"plan", "--stack", "dev", "--dir", t.TempDir()}, 1, "no Pulumi project here"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.inStderr)
		})
	}
}

func TestPlanPrintsOnlyTheValidationErrorForInvalidConfig(t *testing.T) {
	dir := copyFixture(t, map[string]string{
		"Pulumi.bad.yaml": "config:\n  aws:region: us-east-1\n  platform:environment: prod\n  platform:domain: example.com\n",
	})
	code, stdout, stderr := runCLI("plan", "--stack", "bad", "--dir", dir)
	assert.Equal(t, 2, code, "invalid config is a usage error")
	assert.Empty(t, stdout)
	assert.Equal(t, `validate "platform:environment": "prod" is not allowed, want one of dev, staging, production`+"\n", stderr)
}

// assertPreflightShape checks the plan JSON's preflight section against the
// README's schema.
func assertPreflightShape(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var report map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &report))
	assert.ElementsMatch(t, []string{"checked", "failed", "findings"}, keys(report))
	var findings []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(report["findings"], &findings))
	assert.NotNil(t, findings, "findings is a list, never null")
	for _, f := range findings {
		assert.ElementsMatch(t, []string{"rule", "title", "urn", "type", "name", "message", "rejects", "fix", "source"}, keys(f))
	}
}

func TestPlanExitCodeFollowsTheFirstFailingCheck(t *testing.T) {
	frontend := mustRead(t, projectDir+"/workloads/frontend.yaml")
	production := mustRead(t, projectDir+"/Pulumi.production.yaml")
	// A health check every 5 s passes the platform's validation (5 to 300) but
	// the target group's fixed 5 s timeout must be below the interval.
	fastChecks := strings.Replace(frontend, "  path: /api/health\n", "  path: /api/health\n  intervalSeconds: 5\n", 1)
	require.NotEqual(t, frontend, fastChecks, "the fixture edits a health check")
	cases := []struct {
		name    string
		files   map[string]string
		args    []string
		code    int
		finding string
	}{
		{name: "usage", args: []string{"plan"}, code: 2},
		{name: "invalid config", files: map[string]string{
			"Pulumi.production.yaml": strings.Replace(production, "platform:environment: production", "platform:environment: prod", 1)}, code: 2},
		{name: "posture", files: map[string]string{
			"Pulumi.production.yaml": strings.Replace(production, "      proxy: true\n", "      proxy: true\n      multiAz: false\n", 1)}, code: 3},
		{name: "preflight", files: map[string]string{"workloads/frontend.yaml": fastChecks, "Pulumi.production.yaml": production}, code: 4, finding: "PF.ELB.4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.files != nil {
				args = []string{"plan", "--stack", "production", "--format", "json", "--dir", copyFixture(t, tc.files)}
			}
			code, stdout, stderr := runCLI(args...)
			assert.Equal(t, tc.code, code, stderr)
			if tc.finding == "" {
				return
			}
			var plan struct{ Preflight preflight.Report }
			require.NoError(t, json.Unmarshal([]byte(stdout), &plan))
			var rules []string
			for _, f := range plan.Preflight.Findings {
				rules = append(rules, f.Rule)
			}
			assert.Contains(t, rules, tc.finding)
		})
	}
	for _, f := range preflight.Run(Evaluate(t, "production")).Findings {
		assert.NotEqual(t, "PF.ELB.4", f.Rule, "the project's own health checks pass: the fixture makes the failure")
	}
}

// secretProgram registers a resource whose input is a secret config value and
// exports a secret, to prove neither plan format prints secrets.
func secretProgram(ctx *pulumi.Context) (pulumi.Map, error) {
	token := config.RequireSecret(ctx, "demo:token")
	var param pulumi.CustomResourceState
	if err := ctx.RegisterResource("aws:ssm/parameter:Parameter", "token", pulumi.Map{"value": token, "type": pulumi.String("SecureString")}, &param); err != nil {
		return nil, err
	}
	return pulumi.Map{"token": token, "plain": pulumi.String("visible")}, nil
}

func TestNoSecretValueAppearsInEitherPlanFormat(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Pulumi.yaml":   "name: demo\nruntime: go\nconfig:\n  demo:token:\n    type: string\n    secret: true\n",
		"Pulumi.a.yaml": "config:\n  aws:region: us-east-1\n  demo:token:\n    secure: v1:c2VjcmV0\n",
	})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	g, err := offline.Run{Project: project, Stack: "a", Program: secretProgram}.Evaluate()
	require.NoError(t, err)

	var tree bytes.Buffer
	require.NoError(t, g.WriteTree(&tree))
	for name, text := range map[string]string{"json": string(planJSON(t, g)), "tree": tree.String()} {
		assert.NotContains(t, text, offline.SecretValuePrefix, name)
		assert.NotContains(t, text, "v1:c2VjcmV0", name)
		assert.Contains(t, text, graph.SecretMarker, name)
		assert.Contains(t, text, "visible", name)
	}
	assert.Equal(t, graph.SecretMarker, g.One("aws:ssm/parameter:Parameter", "token").Input("value"))
	assert.Equal(t, graph.SecretMarker, g.Outputs["token"])
}

func TestNoSecretValueAppearsInAnyStackPlan(t *testing.T) {
	for _, stack := range persistentStacks {
		var tree bytes.Buffer
		g := Evaluate(t, stack)
		require.NoError(t, g.WriteTree(&tree))
		assert.NotContains(t, string(planJSON(t, g)), offline.SecretValuePrefix, stack)
		assert.NotContains(t, tree.String(), offline.SecretValuePrefix, stack)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return data
}
