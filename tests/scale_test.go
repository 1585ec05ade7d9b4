package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/preflight"
)

// generatedProduct writes a product of n web services (svc-000 ...) and the
// extra ones named into a copy of the fixture's stack files: every third
// uses the database, every fifth the cache, every seventh the broker, every
// fourth has a path rule; priorities and load balancers are all automatic.
func generatedProduct(t testing.TB, n int, extra ...string) string {
	t.Helper()
	dir := fixtureWithoutProduct(t)
	withoutFixtureWorkloads(t, dir)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "workloads"), 0o755))
	var names []string
	for i := range n {
		names = append(names, fmt.Sprintf("svc-%03d", i))
	}
	names = append(names, extra...)
	for i, name := range names {
		var b strings.Builder
		fmt.Fprintf(&b, "kind: service\nrepository: public.ecr.aws/acme/%s:1\nsubdomain: %s\n", name, name)
		secrets := map[string]string{}
		if i%3 == 0 {
			secrets["DATABASE_PASSWORD"] = "database#password"
		}
		if i%5 == 0 {
			secrets["CACHE_AUTH_TOKEN"] = "cache"
		}
		if i%7 == 0 {
			secrets["BROKER_PASSWORD"] = "broker#password"
		}
		if len(secrets) > 0 {
			b.WriteString("secrets:\n")
			for k, v := range secrets {
				fmt.Fprintf(&b, "  %s: %s\n", k, v)
			}
		}
		if i%4 == 0 {
			b.WriteString("paths: [/api/*]\n")
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "workloads", name+".yaml"), []byte(b.String()), 0o644))
	}
	return dir
}

// withoutFixtureWorkloads drops the stack files' images and sizes: they name
// the fixture's own workloads, which a generated product does not have.
func withoutFixtureWorkloads(t testing.TB, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*"))
	require.NoError(t, err)
	for _, f := range files {
		if filepath.Base(f) == "Pulumi.yaml" {
			continue
		}
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal(text, &doc))
		if config, ok := doc["config"].(map[string]any); ok {
			delete(config, "platform:images")
			delete(config, "platform:sizes")
		}
		out, err := yaml.Marshal(doc)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(f, out, 0o644))
	}
}

// evaluateGenerated plans a stack of a generated product.
func evaluateGenerated(t testing.TB, dir, stack string) *graph.Graph {
	t.Helper()
	g, err := evaluate.StackWith(dir, stack, nil)
	require.NoError(t, err)
	return g
}

// routeOf is where a service's traffic goes: its rule's listener and
// priority, and the load balancer its DNS record points to.
func routeOf(t *testing.T, g *graph.Graph, name string) [3]any {
	rule := only(t, g, ruleType, name+"-rule")
	return [3]any{rule.Input("listenerArn"), rule.Input("priority"), only(t, g, recordType, name+"-dns").Input("aliases.0.name")}
}

// 200 services plan within every quota preflight knows: load balancers,
// rules, target groups, callback URLs, security-group rules and groups per
// interface, on dev (half of each load balancer kept for previews) and in
// production.
func TestTwoHundredServicesPassPreflight(t *testing.T) {
	dir := generatedProduct(t, 200)
	for stack, balancers := range map[string]int{"dev": 5, "production": 3} {
		g := evaluateGenerated(t, dir, stack)
		assert.Len(t, g.ByType(ecsServiceType), 200, stack)
		assert.Len(t, g.ByType("aws:lb/loadBalancer:LoadBalancer"), balancers, stack)
		assert.NotNil(t, g.One("aws:lb/loadBalancer:LoadBalancer", "cluster-alb"), "the first keeps its name")
		report := preflight.Run(g)
		assert.Empty(t, report.Findings, stack)
		assertAlarmsWatchEachLoadBalancer(t, g)
	}
}

// assertAlarmsWatchEachLoadBalancer: every load balancer has its own 5xx
// alarm, and a service's target-group alarms name the load balancer its
// rule is on (CloudWatch has no data for any other pair).
func assertAlarmsWatchEachLoadBalancer(t *testing.T, g *graph.Graph) {
	suffixOfListener := map[any]any{}
	watched := map[any]bool{}
	for _, a := range g.ByType(alarmType) {
		if a.Input("metricName") == "HTTPCode_ELB_5XX_Count" {
			watched[a.Input("dimensions.LoadBalancer")] = true
		}
	}
	for _, lb := range g.ByType("aws:lb/loadBalancer:LoadBalancer") {
		assert.True(t, watched[lb.Output("arnSuffix")], "%s has its 5xx alarm", lb.Name)
		for _, l := range g.ByType("aws:lb/listener:Listener") {
			if l.Input("loadBalancerArn") == lb.Output("arn") {
				suffixOfListener[l.Output("arn")] = lb.Output("arnSuffix")
			}
		}
	}
	for _, svc := range g.ByType("aws:lb/targetGroup:TargetGroup") {
		name := strings.TrimSuffix(svc.Name, "-tg")
		want := suffixOfListener[only(t, g, ruleType, name+"-rule").Input("listenerArn")]
		found := false
		for _, a := range g.ByType(alarmType) {
			if a.Input("metricName") == "UnHealthyHostCount" && a.Input("dimensions.TargetGroup") == svc.Output("arnSuffix") {
				assert.Equal(t, want, a.Input("dimensions.LoadBalancer"), name)
				found = true
			}
		}
		assert.True(t, found, "%s has its unhealthy-targets alarm", name)
	}
}

// Adding a service in the middle of the alphabet moves no service to
// another load balancer and renumbers no rule.
func TestAddingAServiceMovesNoOther(t *testing.T) {
	before := evaluateGenerated(t, generatedProduct(t, 150), "staging")
	after := evaluateGenerated(t, generatedProduct(t, 150, "svc-075a"), "staging")
	require.Len(t, after.ByType(ecsServiceType), 151)
	require.Len(t, before.ByType("aws:lb/loadBalancer:LoadBalancer"), 2, "150 services need two load balancers")
	for i := range 150 {
		name := fmt.Sprintf("svc-%03d", i)
		assert.Equal(t, routeOf(t, before, name), routeOf(t, after, name), name)
	}
}

// BenchmarkPlanTwoHundredServices plans a generated 200-service product
// (`go test ./tests -run '^$' -bench TwoHundred`); its graph passes preflight.
func BenchmarkPlanTwoHundredServices(b *testing.B) {
	dir := generatedProduct(b, 200)
	var g *graph.Graph
	for b.Loop() {
		g = evaluateGenerated(b, dir, "production")
	}
	if findings := preflight.Run(g).Findings; len(findings) > 0 {
		b.Fatalf("the 200-service plan fails preflight: %v", findings[0])
	}
}

// A preview of a product spread over several load balancers puts each
// service's preview on its base service's load balancer, with one app
// client per load balancer, and priorities in the preview range.
func TestPreviewsFollowTheirBaseServiceLoadBalancer(t *testing.T) {
	dir := generatedProduct(t, 120)
	dev := evaluateGenerated(t, dir, "dev")
	preview := evaluateGenerated(t, dir, "pr-7")
	require.Len(t, dev.ByType("aws:lb/loadBalancer:LoadBalancer"), 3, "120 services on dev take three load balancers")
	rules := preview.ByType(ruleType)
	require.Len(t, rules, 120)
	listeners := map[any]bool{}
	for _, rule := range rules {
		base := strings.TrimPrefix(strings.TrimSuffix(rule.Name, "-rule"), "pr-7-")
		want := only(t, dev, ruleType, base+"-rule").Input("listenerArn")
		assert.Equal(t, want, rule.Input("listenerArn"), base)
		listeners[want] = true
		assert.GreaterOrEqual(t, rule.Input("priority"), 30000.0, base)
	}
	assert.Len(t, preview.ByType(clientType), len(listeners), "one app client per load balancer")
	assert.Empty(t, preflight.Run(preview).Findings)
}

// addService writes one more web service into a generated product.
func addService(t *testing.T, dir, name string) {
	t.Helper()
	text := fmt.Sprintf("kind: service\nrepository: public.ecr.aws/acme/%s:1\nsubdomain: %s\n", name, name)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "workloads", name+".yaml"), []byte(text), 0o644))
}

// place runs `platform place` on a stack of dir and returns what it printed.
func place(t *testing.T, dir, stack string) string {
	t.Helper()
	code, stdout, stderr := runCLI("place", "--stack", stack, "--dir", dir)
	require.Equal(t, 0, code, stderr)
	return stdout
}

// With the placement recorded (platform place), a service added to a full
// load balancer opens the second one and moves none of the 90; without the
// record the jump hash over two would move about half. Recording again adds
// only the new one, and a third run changes nothing.
func TestRecordedPlacementMovesNoServiceWhenALoadBalancerIsAdded(t *testing.T) {
	dir := generatedProduct(t, 90)
	assert.Equal(t, 90, strings.Count(place(t, dir, "staging"), " added: load balancer 0, priority "))
	before := evaluateGenerated(t, dir, "staging")
	require.Len(t, before.ByType("aws:lb/loadBalancer:LoadBalancer"), 1, "90 services fill one load balancer")

	unrecorded := evaluateGenerated(t, generatedProduct(t, 90, "svc-045a"), "staging")
	moved := 0
	for i := range 90 {
		name := fmt.Sprintf("svc-%03d", i)
		if routeOf(t, before, name) != routeOf(t, unrecorded, name) {
			moved++
		}
	}
	assert.Greater(t, moved, 20, "unrecorded, services move onto the new load balancer")

	addService(t, dir, "svc-045a")
	after := evaluateGenerated(t, dir, "staging")
	require.Len(t, after.ByType("aws:lb/loadBalancer:LoadBalancer"), 2)
	for i := range 90 {
		name := fmt.Sprintf("svc-%03d", i)
		assert.Equal(t, routeOf(t, before, name), routeOf(t, after, name), name)
	}
	assert.NotEqual(t, routeOf(t, before, "svc-000")[0], routeOf(t, after, "svc-045a")[0], "the new service is on the second load balancer")
	assert.Equal(t, only(t, after, "aws:lb/loadBalancer:LoadBalancer", "cluster-lb1-alb").Output("dnsName"), routeOf(t, after, "svc-045a")[2])

	file := filepath.Join(dir, "Pulumi.staging.yaml")
	assert.Regexp(t, `^staging: platform:placement\.svc-045a added: load balancer 1, priority \d+\n$`, place(t, dir, "staging"))
	recorded, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "staging: platform:placement records all 91 services; nothing to change\n", place(t, dir, "staging"))
	again, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(recorded), string(again), "idempotent")
}

// A preview follows its base stack's recorded placement: on dev (50 a load
// balancer) with 50 services recorded, the 51st opens the second load
// balancer, and the preview's rule for it is on that one too.
func TestPreviewsFollowTheRecordedPlacementOfTheirBase(t *testing.T) {
	dir := generatedProduct(t, 50)
	place(t, dir, "dev")
	addService(t, dir, "svc-025a")
	dev := evaluateGenerated(t, dir, "dev")
	preview := evaluateGenerated(t, dir, "pr-7")
	require.Len(t, dev.ByType("aws:lb/loadBalancer:LoadBalancer"), 2)
	second := only(t, dev, ruleType, "svc-025a-rule").Input("listenerArn")
	assert.NotEqual(t, only(t, dev, ruleType, "svc-000-rule").Input("listenerArn"), second)
	for _, rule := range preview.ByType(ruleType) {
		base := strings.TrimPrefix(strings.TrimSuffix(rule.Name, "-rule"), "pr-7-")
		assert.Equal(t, only(t, dev, ruleType, base+"-rule").Input("listenerArn"), rule.Input("listenerArn"), base)
	}
	assert.Equal(t, second, only(t, preview, ruleType, "pr-7-svc-025a-rule").Input("listenerArn"))
}
