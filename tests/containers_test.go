package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/compute"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
	"platform/preflight"
)

// The Laravel fixture shows the multi-container, singleton and writable-path
// shapes of issue 16: its scheduler is a singleton (schedule:work) and its
// panel is nginx in front of php-fpm.

// evaluateLaravel evaluates a stack of the Laravel fixture with overrides.
func evaluateLaravel(t *testing.T, stack string, overrides map[string]string) *graph.Graph {
	t.Helper()
	g, err := evaluate.StackWith(secondFixture, stack, overrides)
	require.NoError(t, err)
	return g
}

// laravelWith copies the Laravel fixture and writes files over it.
func laravelWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(secondFixture)))
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

func TestASingletonRunsExactlyOneTaskAndIsReplacedWithoutOverlap(t *testing.T) {
	for _, stack := range []string{"dev", "production"} {
		g := evaluateLaravel(t, stack, nil)
		svc := only(t, g, ecsServiceType, "scheduler-service")
		assert.Equal(t, 1.0, svc.Input("desiredCount"), stack)
		assert.Equal(t, 0.0, svc.Input("deploymentMinimumHealthyPercent"), stack+": the old task stops first")
		assert.Equal(t, 100.0, svc.Input("deploymentMaximumPercent"), stack+": never two at once")
		assert.Equal(t, []any{map[string]any{"base": 1.0, "capacityProvider": "FARGATE", "weight": 1.0}}, svc.Input("capacityProviderStrategies"), stack+": never Spot")
		assert.Nil(t, g.One("aws:appautoscaling/target:Target", "scheduler-scaling"), stack+": nothing scales it")
		for _, role := range []string{"cpu", "memory", "backlog"} {
			assert.Nil(t, g.One(policyType, "scheduler-scale-"+role), stack)
		}
		assert.Equal(t, []string{"php", "artisan", "schedule:work"}, containers(t, only(t, g, taskDefType, "scheduler-task"))[0].Command)
		assert.Equal(t, "ARM64", only(t, g, taskDefType, "scheduler-task").Input("runtimePlatform.cpuArchitecture"), stack+": on demand, so Graviton")
	}
	// The queue worker beside it still scales.
	assert.NotNil(t, evaluateLaravel(t, "dev", nil).One("aws:appautoscaling/target:Target", "queue-scaling"))
}

func TestASingletonRefusesScaling(t *testing.T) {
	dir := laravelWith(t, map[string]string{"workloads/scheduler.yaml": "kind: singleton\nrepository: app\nscaling: {max: 3}\n"})
	_, err := evaluate.StackWith(dir, "dev", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workloads/scheduler.yaml: scaling")
	assert.Contains(t, err.Error(), "does not apply to a singleton")

	_, err = evaluate.StackWith(secondFixture, "dev", map[string]string{"globex:sizes": `{"scheduler": {"max": 2}}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "globex:sizes.scheduler")
	assert.Contains(t, err.Error(), "is a singleton")
}

func TestASidecarTakesTheLoadBalancersTrafficAndSharesAVolume(t *testing.T) {
	g := evaluateLaravel(t, "staging", nil)
	def := only(t, g, taskDefType, "panel-task")
	cs := containers(t, def)
	require.Len(t, cs, 2)
	main, nginx := cs[0], cs[1]
	assert.Equal(t, "panel", main.Name)
	assert.Equal(t, "nginx", nginx.Name)
	assert.Equal(t, "public.ecr.aws/nginx/nginx:1.27", nginx.Image, "an external image, as the main container may use")
	assert.True(t, main.Essential)
	assert.True(t, nginx.Essential)
	assert.Empty(t, main.PortMappings, "php-fpm is reached on localhost only")
	assert.Equal(t, []compute.PortMapping{{ContainerPort: 80, Protocol: "tcp", Name: "http"}}, nginx.PortMappings)
	assert.Equal(t, []compute.ContainerDependency{{ContainerName: "panel", Condition: "START"}}, nginx.DependsOn)
	assert.Equal(t, 128, nginx.Memory)
	assert.True(t, nginx.ReadonlyRootFilesystem)
	assert.Equal(t, []compute.MountPoint{
		{SourceVolume: "tmp", ContainerPath: "/tmp"},
		{SourceVolume: "public", ContainerPath: "/var/www/html/public", ReadOnly: true},
		{SourceVolume: "nginx-cache", ContainerPath: "/var/cache/nginx"},
		{SourceVolume: "nginx-run", ContainerPath: "/var/run"},
	}, nginx.MountPoints)
	assert.Contains(t, main.MountPoints, compute.MountPoint{SourceVolume: "public", ContainerPath: "/var/www/html/public"})
	var volumes []any
	for _, v := range def.Input("volumes").([]any) {
		volumes = append(volumes, v.(map[string]any)["name"])
	}
	assert.Equal(t, []any{"tmp", "writable-1", "writable-2", "public", "nginx-cache", "nginx-run"}, volumes, "each shared volume once")

	svc := only(t, g, ecsServiceType, "panel-service")
	assert.Equal(t, []any{map[string]any{"containerName": "nginx", "containerPort": 80.0, "targetGroupArn": only(t, g, "aws:lb/targetGroup:TargetGroup", "panel-tg").Output("arn")}},
		svc.Input("loadBalancers"), "the load balancer targets the entry container")
	assert.Equal(t, 80.0, only(t, g, "aws:lb/targetGroup:TargetGroup", "panel-tg").Input("port"))
	// Other services keep their one container as the entry.
	assert.Equal(t, "web", only(t, g, ecsServiceType, "web-service").Input("loadBalancers.0.containerName"))
}

func TestWritablePathsAreScratchVolumesUnderTheReadOnlyRoot(t *testing.T) {
	g := evaluateLaravel(t, "production", nil)
	main := containers(t, only(t, g, taskDefType, "panel-task"))[0]
	assert.True(t, main.ReadonlyRootFilesystem, "the root stays read-only")
	assert.Equal(t, []compute.MountPoint{
		{SourceVolume: "tmp", ContainerPath: "/tmp"},
		{SourceVolume: "writable-1", ContainerPath: "/var/www/html/storage"},
		{SourceVolume: "writable-2", ContainerPath: "/var/www/html/bootstrap/cache"},
		{SourceVolume: "public", ContainerPath: "/var/www/html/public"},
	}, main.MountPoints)
	// Without writable paths a task has /tmp only.
	assert.Equal(t, []compute.MountPoint{{SourceVolume: "tmp", ContainerPath: "/tmp"}}, containers(t, only(t, g, taskDefType, "web-task"))[0].MountPoints)
}

// legacy is a workload that writes its root file system, with or without a waiver.
const legacy = "kind: worker\nrepository: app\nreadonlyRootFilesystem: false\n"

func TestAPostureWaiverInConfigShowsInPlanPolicyAndDoesNotFail(t *testing.T) {
	// Without a waiver the writable root fails the plan.
	dir := laravelWith(t, map[string]string{"workloads/legacy.yaml": legacy})
	code, stdout, stderr := runCLI("plan", "--stack", "dev", "--dir", dir, "--policy")
	assert.Equal(t, 3, code, stderr)
	assert.Regexp(t, `ECS\.5 +HIGH +aws:ecs/taskDefinition:TaskDefinition legacy-task: .* \[FAIL\]`, stdout)

	dir = laravelWith(t, map[string]string{"workloads/legacy.yaml": legacy +
		"waivers:\n  - {rule: ECS.5, reason: the vendor agent writes under /opt and cannot be moved}\n"})
	code, stdout, stderr = runCLI("plan", "--stack", "dev", "--dir", dir, "--policy")
	assert.NotEqual(t, 3, code, "no posture failure (the fixture's dev has known preflight findings of its zone)")
	assert.NotContains(t, stderr, "posture finding")
	assert.Contains(t, stdout, "legacy-task: container legacy writes its root file system")
	assert.Contains(t, stdout, "[excepted: waived for workload legacy: the vendor agent writes under /opt and cannot be moved]")
	g, err := evaluate.StackWith(dir, "dev", nil)
	require.NoError(t, err)
	report := policy.Evaluate(g, evaluate.TierOf(g))
	var waived []string
	for _, f := range report.Findings {
		if f.Waived {
			waived = append(waived, f.Control+" "+f.Name)
		}
	}
	assert.Equal(t, []string{"ECS.5 legacy-task"}, waived, "the waiver covers its rule on its workload only")
}

func TestAWaiverNeedsAKnownRuleAndAReason(t *testing.T) {
	for _, c := range []struct{ waiver, refused string }{
		{"{rule: ECS.99, reason: because}", `"workloads/legacy.yaml: waivers[0].rule": "ECS.99" is not a posture rule`},
		{"{rule: ECS.5, reason: ' '}", `"workloads/legacy.yaml: waivers[0].reason": is required`},
	} {
		dir := laravelWith(t, map[string]string{"workloads/legacy.yaml": legacy + "waivers:\n  - " + c.waiver + "\n"})
		_, err := evaluate.StackWith(dir, "dev", nil)
		require.Error(t, err, c.waiver)
		assert.Contains(t, err.Error(), c.refused)
	}
}

func TestEveryQueueOfAWorkerHasItsOwnAlarms(t *testing.T) {
	g := Evaluate(t, "staging")
	for _, q := range []string{"priority", "default"} { // the jobs worker's queues
		name := only(t, g, queueType, "data-queue-"+q).Output("name")
		age := only(t, g, "aws:cloudwatch/metricAlarm:MetricAlarm", fmt.Sprintf("observability-queue-%v-queueAgeSeconds", name))
		assert.Equal(t, "ApproximateAgeOfOldestMessage", age.Input("metricName"), q)
		assert.Equal(t, map[string]any{"QueueName": name}, age.Input("dimensions"), q)
		assert.NotNil(t, g.One("aws:cloudwatch/metricAlarm:MetricAlarm", fmt.Sprintf("observability-queue-%v-dlq-dlqVisible", name)), q)
	}
}

func TestECSExecGivesEverySidecarTheAgentsScratchToo(t *testing.T) {
	panel := mustRead(t, filepath.Join(secondFixture, "workloads", "panel.yaml"))
	dir := laravelWith(t, map[string]string{"workloads/panel.yaml": panel + "exec: true\n"})
	g, err := evaluate.StackWith(dir, "staging", nil)
	require.NoError(t, err)
	cs := containers(t, only(t, g, taskDefType, "panel-task"))
	assert.Contains(t, cs[1].MountPoints, compute.MountPoint{SourceVolume: "nginx-ssm-lib", ContainerPath: "/var/lib/amazon"})
	assert.Contains(t, cs[1].MountPoints, compute.MountPoint{SourceVolume: "nginx-ssm-log", ContainerPath: "/var/log/amazon"})
	assert.Empty(t, preflightFindings(g, "PF.ECS.5"), "ECS Exec works in every container under the read-only root")
	assert.Empty(t, preflightFindings(g, "PF.CTR.7"), "every mount has its volume")
}

// preflightFindings are the resources failing one preflight rule.
func preflightFindings(g *graph.Graph, rule string) []string {
	var out []string
	for _, f := range preflight.Run(g).Findings {
		if f.Rule == rule {
			out = append(out, f.Name+": "+f.Message)
		}
	}
	return out
}

// The load balancer's group sends to the port each target group takes:
// an entry sidecar's (panel's nginx on 80), not its main container's
// (php-fpm on 9000). The provider drops AWS's allow-all egress, so a port
// without a rule leaves the targets unhealthy.
func TestTheLoadBalancerMaySendToEveryTargetGroupsPort(t *testing.T) {
	graphs := map[string]*graph.Graph{"laravel dev": evaluateLaravel(t, "dev", nil), "laravel production": evaluateLaravel(t, "production", nil), "shop staging": Evaluate(t, "staging")}
	for name, g := range graphs {
		open := map[float64]bool{}
		for _, rule := range g.ByType(egressRuleType) {
			if strings.Contains(rule.Name, "-to-tasks-") {
				port, _ := rule.Input("fromPort").(float64)
				open[port] = true
			}
		}
		groups := 0
		for _, tg := range g.ByType("aws:lb/targetGroup:TargetGroup") {
			if port, ok := tg.Input("port").(float64); ok {
				groups++
				assert.True(t, open[port], "%s: %s takes port %v, which the load balancer may not send to", name, tg.Name, port)
			}
		}
		require.NotZero(t, groups, name)
	}
	tg := only(t, evaluateLaravel(t, "dev", nil), "aws:lb/targetGroup:TargetGroup", "panel-tg")
	assert.Equal(t, 80.0, tg.Input("port"), "panel's load balancer sends to nginx")
}

// A preview's sidecar from the base's registry pulls from that repository,
// as its main container does.
func TestAPreviewsSidecarPullsFromTheBasesRepository(t *testing.T) {
	read := func(name string) string { return mustRead(t, filepath.Join(projectDir, name)) }
	dir := copyFixture(t, map[string]string{
		"workloads/admin.yaml":    read("workloads/admin.yaml") + "sidecars:\n  - {name: proxy, repository: admin-proxy, port: 8081}\n",
		"Pulumi.dev.yaml":         strings.Replace(read("Pulumi.dev.yaml"), "    admin: main-3f9c2e1\n", "    admin: main-3f9c2e1\n    admin-proxy: main-3f9c2e1\n", 1),
		"Pulumi.pr.yaml.template": strings.Replace(read("Pulumi.pr.yaml.template"), "    admin: ${IMAGE_TAG}\n", "    admin: ${IMAGE_TAG}\n    admin-proxy: ${IMAGE_TAG}\n", 1),
	})
	g, err := evaluate.StackWith(dir, "pr-42", nil)
	require.NoError(t, err)
	images := map[string]string{}
	for _, c := range containers(t, only(t, g, taskDefType, "pr-42-admin-task")) {
		images[c.Name] = c.Image
	}
	require.Contains(t, images, "proxy")
	assert.Regexp(t, `^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com/platform-dev-admin-proxy:pr-42$`, images["proxy"])
	assert.Empty(t, preflight.Run(g).Findings)
}
