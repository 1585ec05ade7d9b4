package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/preflight"
)

// canaryProduct is a generated product of 89 services and web, of the
// stack's repository web, released by canary: 90 services, one full load
// balancer on staging.
func canaryProduct(t *testing.T) string {
	t.Helper()
	dir := generatedProduct(t, 89)
	web := "kind: service\nrepository: web\nsubdomain: web\nrelease: {strategy: canary}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "workloads", "web.yaml"), []byte(web), 0o644))
	appendTo(t, filepath.Join(dir, "Pulumi.staging.yaml"), "    platform:images:\n        web: "+canaryDigest+"\n")
	return dir
}

// startWebCanary starts web's canary on staging (platform canary start).
func startWebCanary(t *testing.T, dir string) {
	t.Helper()
	code, _, stderr := runCLI("canary", "start", "web", "--stack", "staging", "--dir", dir, "--image", "sha256:"+strings.Repeat("8", 64))
	require.Equal(t, 0, code, stderr)
}

// A canary's target group counts on its service's load balancer: 90
// services fill one, and a canary in flight needs a second (its target
// groups within the quota), unless the placement is recorded: then the
// canary is refused at its start, naming the load balancer, and no service
// moves.
func TestPlacementCountsACanarysTargetGroup(t *testing.T) {
	dir := canaryProduct(t)
	before := evaluateGenerated(t, dir, "staging")
	require.Len(t, before.ByType("aws:lb/loadBalancer:LoadBalancer"), 1, "90 services fill one load balancer")
	startWebCanary(t, dir)
	g := evaluateGenerated(t, dir, "staging")
	assert.Len(t, g.ByType("aws:lb/loadBalancer:LoadBalancer"), 2, "the canary's target group is the 91st")
	assert.NotNil(t, g.One(ecsServiceType, "web-canary-service"))
	assert.Empty(t, preflight.Run(g).Findings)
	moved, services := 0, 0
	for _, rule := range before.ByType(ruleType) {
		name, ok := strings.CutSuffix(rule.Name, "-rule")
		if !ok {
			continue
		}
		services++
		if routeOf(t, before, name) != routeOf(t, g, name) {
			moved++
		}
	}
	assert.Equal(t, 90, services)
	assert.Equal(t, 1, moved, "only the service the canary's target group pushes out moves")

	recorded := canaryProduct(t)
	place(t, recorded, "staging")
	file := filepath.Join(recorded, "Pulumi.staging.yaml")
	text := mustRead(t, file)
	code, _, stderr := runCLI("canary", "start", "web", "--stack", "staging", "--dir", recorded, "--image", "sha256:"+strings.Repeat("8", 64))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `"platform:canary.web": "web" adds its canary's target group to load balancer 0, where web is pinned or recorded: 91 target groups of services that stay there, `+
		`want at most 90 target groups on each (Target Groups per Application Load Balancer: 100, not adjustable, with room to spare): pin a service of load balancer 0 to another (loadBalancer) before starting the canary`)
	assert.Equal(t, text, mustRead(t, file), "a refused start leaves the stack file as it was")
}

// A canary in flight that the stack comes to refuse (written before this
// platform counted its target group, or before a pin filled its load
// balancer) can still be aborted: abort is the way out of that refusal.
func TestACanaryTheStackRefusesCanStillBeAborted(t *testing.T) {
	dir := canaryProduct(t)
	place(t, dir, "staging")
	file := filepath.Join(dir, "Pulumi.staging.yaml")
	placed := mustRead(t, file)
	appendTo(t, file, "  platform:canary:\n    web: {image: \"sha256:"+strings.Repeat("8", 64)+"\", step: 0}\n")
	_, err := evaluate.StackWith(dir, "staging", nil)
	require.ErrorContains(t, err, `"platform:canary.web": "web" adds its canary's target group to load balancer 0`)
	code, stdout, stderr := runCLI("canary", "abort", "web", "--stack", "staging", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "removed")
	assert.Equal(t, placed, mustRead(t, file), "abort leaves the placed stack file")
	code, _, stderr = runCLI("canary", "promote", "web", "--stack", "staging", "--dir", dir)
	assert.Equal(t, 1, code, "nothing left to promote")
	assert.Contains(t, stderr, "no canary")
}
