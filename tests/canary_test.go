package tests

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/compute"
	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
	"platform/preflight"
)

const (
	canaryTGType = "aws:lb/targetGroup:TargetGroup"
	canaryDigest = "sha256:9999999999999999999999999999999999999999999999999999999999999999"
)

// canaryConfig releases the fixture's frontend by canary with steps, and
// puts a canary at step in flight when step is 0 (its warm-up) or more.
func canaryConfig(steps string, step int) map[string]string {
	c := map[string]string{"platform:overrides": `{"frontend":{"release":{"strategy":"canary","steps":` + steps + `}}}`}
	if step >= 0 {
		c["platform:canary"] = `{"frontend":{"image":"` + canaryDigest + `","step":` + strconv.Itoa(step) + `}}`
	}
	return c
}

// mainImage is the image of the main container (named after the workload) of a task definition.
func mainImage(t *testing.T, g *graph.Graph, task, container string) string {
	t.Helper()
	var defs []struct{ Name, Image string }
	require.NoError(t, json.Unmarshal([]byte(only(t, g, taskDefType, task).Input("containerDefinitions").(string)), &defs))
	for _, d := range defs {
		if d.Name == container {
			return d.Image
		}
	}
	t.Fatalf("%s has no container %s", task, container)
	return ""
}

func TestACanaryRunsBesideTheServiceAndTakesItsStepsShare(t *testing.T) {
	base := Evaluate(t, "production")
	g, err := EvaluateWith(t, "production", canaryConfig("[10, 100]", 1))
	require.NoError(t, err)

	canary := only(t, g, ecsServiceType, "frontend-canary-service")
	image := mainImage(t, g, "frontend-canary-task", "frontend")
	assert.Equal(t, compute.CanaryServiceName("frontend", image, ""), canary.Input("name"))
	assert.Regexp(t, `^frontend-canary-[0-9a-f]{8}$`, canary.Input("name"))
	assert.Equal(t, map[string]any{"alarmNames": []any{"platform-production-frontend-canary-target5xx", "platform-production-frontend-canary-latencyP95"},
		"enable": true, "rollback": true}, canary.Input("alarms"))
	assert.Equal(t, only(t, g, ecsServiceType, "frontend-service").Input("networkConfiguration"), canary.Input("networkConfiguration"), "the canary runs in the service's security groups")
	assert.True(t, strings.HasSuffix(image, "@"+canaryDigest), "the canary runs the new image")
	assert.Equal(t, mainImage(t, base, "frontend-task", "frontend"), mainImage(t, g, "frontend-task", "frontend"), "the service keeps its image")

	primary, canaryTG := only(t, g, canaryTGType, "frontend-tg"), only(t, g, canaryTGType, "frontend-canary-tg")
	assert.Equal(t, primary.Input("healthCheck"), canaryTG.Input("healthCheck"))
	assert.Len(t, g.ByType(ruleType), len(base.ByType(ruleType)), "the same listener rule splits the traffic")
	assert.Equal(t, []any{map[string]any{"type": "forward", "forward": map[string]any{
		"targetGroups": []any{map[string]any{"arn": primary.Output("arn"), "weight": 90.0}, map[string]any{"arn": canaryTG.Output("arn"), "weight": 10.0}},
		"stickiness":   map[string]any{"enabled": true, "duration": 600.0},
	}}}, only(t, g, ruleType, "frontend-rule").Input("actions"))

	added := graph.Diff(base.Plan(), g.Plan()).Added
	var names []string
	for _, c := range added {
		names = append(names, c.Name)
	}
	assert.ElementsMatch(t, []string{"frontend-canary-tg", "frontend-canary-task", "frontend-canary-service", "frontend-canary-scaling",
		"frontend-canary-scale-cpu", "frontend-canary-scale-memory",
		"observability-frontend-canary-serviceCpu", "observability-frontend-canary-serviceMemory", "observability-frontend-canary-runningTasks",
		"observability-frontend-canary-unhealthyHosts", "observability-frontend-canary-healthyHosts", "observability-frontend-canary-target5xx",
		"observability-frontend-canary-latencyP95"}, names)
	assert.Empty(t, preflight.Run(g).Findings)
	assert.Zero(t, policy.Evaluate(g, "production").Failed, "the canary meets the services' posture")

	// The canary runs as many tasks as the service and is priced like it.
	var serviceCost, canaryCost float64
	for _, item := range cost.Of(g).Items {
		switch item.Name {
		case "frontend-service":
			serviceCost = item.Monthly
		case "frontend-canary-service":
			canaryCost = item.Monthly
		}
	}
	assert.Positive(t, canaryCost)
	assert.Equal(t, serviceCost, canaryCost)
}

// forwardWeights are the weights of the service's forward action's target
// groups, the service's first.
func forwardWeights(t *testing.T, g *graph.Graph, rule string, action int) []any {
	t.Helper()
	var weights []any
	for _, tg := range only(t, g, ruleType, rule).Input(fmt.Sprintf("actions.%d.forward.targetGroups", action)).([]any) {
		weights = append(weights, tg.(map[string]any)["weight"])
	}
	return weights
}

// At step 0 the canary runs with none of the traffic: its target group is on
// the listener at weight 0 (ECS registers the tasks and the ALB checks them),
// and the deploy waits for its tasks to be healthy before it finishes.
func TestACanaryWarmsUpWithNoneOfTheTraffic(t *testing.T) {
	g, err := EvaluateWith(t, "production", canaryConfig("[10, 100]", 0))
	require.NoError(t, err)
	assert.Equal(t, []any{100.0, 0.0}, forwardWeights(t, g, "frontend-rule", 0))
	canary := only(t, g, ecsServiceType, "frontend-canary-service")
	assert.Equal(t, true, canary.Input("waitForSteadyState"), "the up that starts the canary ends once its tasks are healthy")
	assert.True(t, g.DependsOn(canary.URN, only(t, g, ruleType, "frontend-rule").URN), "ECS attaches tasks only to a target group on a listener")
	assert.Equal(t, only(t, g, ecsServiceType, "frontend-service").Input("desiredCount"), canary.Input("desiredCount"))
	assert.Empty(t, preflight.Run(g).Findings, "weight 0 beside a non-zero weight is a forward AWS accepts (PF.CANARY.1)")

	unset, err := EvaluateWith(t, "production", map[string]string{
		"platform:overrides": canaryConfig("[10, 100]", -1)["platform:overrides"],
		"platform:canary":    `{"frontend":{"image":"` + canaryDigest + `"}}`,
	})
	require.NoError(t, err)
	assert.Equal(t, []any{100.0, 0.0}, forwardWeights(t, unset, "frontend-rule", 0), "an entry without a step warms up")
}

// ECS keeps a deleted service DRAINING and refuses a new one of its name
// (hashicorp/terraform-provider-aws#2283): a canary of another image, started
// after an abort, is another ECS service under the same logical name, and
// the canary's task alarms and dashboard watch the name it has.
func TestACanaryOfAnotherImageIsAnotherECSService(t *testing.T) {
	g, err := EvaluateWith(t, "production", canaryConfig("[10, 100]", 1))
	require.NoError(t, err)
	other := canaryConfig("[10, 100]", 1)
	other["platform:canary"] = strings.ReplaceAll(other["platform:canary"], canaryDigest, "sha256:"+strings.Repeat("8", 64))
	next, err := EvaluateWith(t, "production", other)
	require.NoError(t, err)

	name := only(t, g, ecsServiceType, "frontend-canary-service").Input("name").(string)
	nextName := only(t, next, ecsServiceType, "frontend-canary-service").Input("name").(string)
	assert.NotEqual(t, name, nextName)
	var replaced []string
	for _, c := range graph.Diff(g.Plan(), next.Plan()).Changed {
		if c.Replace {
			replaced = append(replaced, c.Name)
		}
	}
	assert.Contains(t, replaced, "frontend-canary-service", "the new name replaces the service")

	for _, kind := range []string{"serviceCpu", "serviceMemory"} {
		assert.Equal(t, name, alarmOf(t, g, "frontend-canary", kind).Input("dimensions.ServiceName"), kind)
	}
	assert.Contains(t, fmt.Sprint(alarmOf(t, g, "frontend-canary", "runningTasks").Input("metricQueries")), "ServiceName:"+name)
	assert.Equal(t, "frontend", alarmOf(t, g, "frontend", "serviceCpu").Input("dimensions.ServiceName"), "the service's own alarms keep its name")
	assert.Contains(t, only(t, g, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard").Input("dashboardBody"), `"ServiceName","`+name+`"`)
}

func TestAGatedCanaryAuthenticatesFirst(t *testing.T) {
	g, err := EvaluateWith(t, "staging", canaryConfig("[10, 50, 100]", 2))
	require.NoError(t, err)
	actions := only(t, g, ruleType, "frontend-rule").Input("actions").([]any)
	require.Len(t, actions, 2)
	assert.Equal(t, "authenticate-cognito", actions[0].(map[string]any)["type"])
	assert.Equal(t, 1.0, actions[0].(map[string]any)["order"])
	assert.Equal(t, 2.0, actions[1].(map[string]any)["order"])
	assert.Equal(t, []any{50.0, 50.0}, forwardWeights(t, g, "frontend-rule", 1))
}

func TestWithoutACanaryInFlightTheGraphIsTheRollingOne(t *testing.T) {
	g, err := EvaluateWith(t, "production", canaryConfig("[10, 100]", -1))
	require.NoError(t, err)
	d := graph.Diff(Evaluate(t, "production").Plan(), g.Plan())
	assert.True(t, d.Empty(), "added %v, changed %v, removed %v", d.Added, d.Changed, d.Removed)
}

func TestEveryServiceRollsBackOnItsOwnAlarms(t *testing.T) {
	g := Evaluate(t, "production")
	alarms := map[string]bool{}
	for _, a := range g.ByType(alarmType) {
		alarms[a.Input("name").(string)] = true
	}
	for _, name := range []string{"admin", "catalog", "frontend", "orders", "webhooks"} {
		s := only(t, g, ecsServiceType, name+"-service")
		want := []any{"platform-production-" + name + "-target5xx", "platform-production-" + name + "-latencyP95"}
		assert.Equal(t, map[string]any{"alarmNames": want, "enable": true, "rollback": true}, s.Input("alarms"), name)
		assert.Equal(t, map[string]any{"enable": true, "rollback": true}, s.Input("deploymentCircuitBreaker"), name)
		assert.Nil(t, s.Input("deploymentController"), "%s: deployment alarms need the ECS controller", name)
		for _, a := range want {
			assert.True(t, alarms[a.(string)], "%s names alarm %s, which the stack creates", name, a)
		}
	}
	for _, worker := range []string{"jobs-service", "recon-service"} {
		assert.Nil(t, only(t, g, ecsServiceType, worker).Input("alarms"), "a worker has no target to alarm on")
	}
}

func TestCanaryConfigIsRefusedWithItsKeyPath(t *testing.T) {
	canaryOf := func(entry string) string { return `{"frontend":` + entry + `}` }
	release := `{"frontend":{"release":{"strategy":"canary"}}}`
	for _, c := range []struct {
		name      string
		overrides map[string]string
		want      string
	}{
		{"a canary of a rolling service", map[string]string{"platform:canary": canaryOf(`{"image":"main-1"}`)},
			`"platform:canary.frontend": "frontend" releases rolling`},
		{"a canary of no service", map[string]string{"platform:overrides": release, "platform:canary": `{"scheduler":{"image":"main-1"}}`},
			`"platform:canary.scheduler": "scheduler" is not a service`},
		{"a step past the last", map[string]string{"platform:overrides": release, "platform:canary": canaryOf(`{"image":"main-1","step":3}`)},
			`"platform:canary.frontend.step": 3 is not a step of the service's release, want 0 (warm-up) to 2 (steps [10 100])`},
		{"a step before the warm-up", map[string]string{"platform:overrides": release, "platform:canary": canaryOf(`{"image":"main-1","step":-1}`)},
			`"platform:canary.frontend.step": -1 is not a step of the service's release`},
		{"no image", map[string]string{"platform:overrides": release, "platform:canary": canaryOf(`{"step":0}`)},
			`"platform:canary.frontend.image": is required`},
		{"a start that is not a UTC second", map[string]string{"platform:overrides": release, "platform:canary": canaryOf(`{"image":"main-1","started":"2026-12-02 01:55"}`)},
			`"platform:canary.frontend.started": "2026-12-02 01:55" is not a canary's start, want a UTC time to the second such as 2026-12-02T01:55:00Z`},
		{"a paused stack", map[string]string{"platform:overrides": release, "platform:canary": canaryOf(`{"image":"main-1"}`), "platform:paused": "true", "platform:pauses": "1"},
			`"platform:canary.frontend": "frontend" is a canary in a paused stack`},
		{"a worker's release", map[string]string{"platform:overrides": `{"jobs":{"release":{"strategy":"canary"}}}`},
			`"platform:overrides.jobs.release": "jobs" is not a service`},
		{"steps not ending at 100", map[string]string{"platform:overrides": `{"frontend":{"release":{"strategy":"canary","steps":[10,50]}}}`},
			`"platform:overrides.frontend.release.steps[1]": 50 is not the whole traffic`},
		{"an unknown strategy", map[string]string{"platform:overrides": `{"frontend":{"release":{"strategy":"blue-green"}}}`},
			`"platform:overrides.frontend.release.strategy": "blue-green" is not a release strategy`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := EvaluateWith(t, "dev", c.overrides)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// The commands edit the stack file only; each deploy applies its step.
func TestCanaryCommandsMoveTheReleaseThroughTheStackFile(t *testing.T) {
	stackFile := mustRead(t, projectDir+"/Pulumi.production.yaml") + "  platform:overrides:\n    frontend:\n      release: {strategy: canary, steps: [10, 100]}\n"
	dir := copyFixture(t, map[string]string{"Pulumi.production.yaml": stackFile})
	path := filepath.Join(dir, "Pulumi.production.yaml")
	startAt(t, time.Date(2026, 12, 2, 1, 55, 0, 0, time.UTC))
	canary := func(args ...string) (int, string, string) {
		return runCLI(append([]string{"canary"}, append(args, "--stack", "production", "--dir", dir)...)...)
	}

	code, _, stderr := canary("start", "frontend", "--image", "main-1")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "a production stack deploys digests only")
	code, _, stderr = canary("start", "catalog", "--image", canaryDigest)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "catalog releases rolling")

	weights := func() []any {
		t.Helper()
		g, err := evaluate.Stack(dir, "production")
		require.NoError(t, err)
		assert.Empty(t, preflight.Run(g).Findings)
		return forwardWeights(t, g, "frontend-rule", 0)
	}
	code, stdout, stderr := canary("start", "frontend", "--image", canaryDigest)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "the canary warms up with none of frontend's traffic; promote it to 10% once the deploy has finished")
	assert.Contains(t, mustRead(t, path), "  platform:canary:\n    frontend: {image: '"+canaryDigest+"', step: 0, started: \"2026-12-02T01:55:00Z\"}\n")
	assert.Equal(t, []any{100.0, 0.0}, weights(), "the canary starts with none of the traffic")
	code, _, stderr = canary("start", "frontend", "--image", canaryDigest)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "already at step 0")

	code, stdout, stderr = canary("promote", "frontend")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "platform:canary.frontend.step = 1: the canary takes 10% of frontend's traffic")
	assert.Contains(t, mustRead(t, path), "step: 1, started: \"2026-12-02T01:55:00Z\"}")
	assert.Equal(t, []any{90.0, 10.0}, weights())

	code, stdout, stderr = canary("promote", "frontend")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "platform:canary.frontend.step = 2: the canary takes 100% of frontend's traffic")
	assert.Contains(t, mustRead(t, path), "step: 2, started: \"2026-12-02T01:55:00Z\"}")
	assert.Equal(t, []any{0.0, 100.0}, weights(), "at the last step the canary takes all of the traffic, the service stays for an abort")

	code, stdout, stderr = canary("promote", "frontend")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "platform:images.frontend = "+canaryDigest)
	promoted := mustRead(t, path)
	assert.NotContains(t, promoted, "platform:canary")
	assert.Contains(t, promoted, "    frontend: "+canaryDigest+"\n")
	g, err := evaluate.Stack(dir, "production")
	require.NoError(t, err)
	assert.Nil(t, g.One(ecsServiceType, "frontend-canary-service"), "the canary is gone")
	assert.True(t, strings.HasSuffix(mainImage(t, g, "frontend-task", "frontend"), "@"+canaryDigest), "the service runs the canary's image")

	code, _, stderr = canary("abort", "frontend")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no canary in flight")
	code, _, stderr = canary("start", "frontend", "--image", "sha256:"+strings.Repeat("8", 64))
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = canary("abort", "frontend")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "platform:canary.frontend removed")
	assert.Equal(t, promoted, mustRead(t, path), "abort leaves the file as it was before the start")
}

func TestAPreviewRefusesACanary(t *testing.T) {
	_, err := EvaluateWith(t, "pr-9", map[string]string{"platform:canary": `{"frontend":{"image":"pr-9"}}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"platform:canary": is ignored in a preview: a preview runs each service once`)
}
