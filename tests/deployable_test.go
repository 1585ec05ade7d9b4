package tests

import (
	"platform/internal/graph"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 14: what real AWS refuses or breaks on that the mock accepts. Each
// test runs a small fixture product (not the sample's workloads) on a real
// stack file's tiers.

// fixtureWorkloads is a small product: a gated web service with ECS Exec
// after a migration, a public webhook host, and a queue worker.
const fixtureWorkloads = `{
  "services": {
    "web": {"repository": "web", "subdomain": "app", "priority": 10, "after": ["migrate"], "exec": true,
            "secrets": {"DATABASE_PASSWORD": "database#password"}},
    "hooks": {"repository": "web", "subdomain": "hooks", "priority": 20, "cognito": false, "paths": ["/webhooks/*"]}
  },
  "workers": {"worker": {"repository": "worker", "queues": ["default"]}},
  "migrations": {"migrate": {"repository": "web", "command": ["./migrate"],
                 "secrets": {"DATABASE_PASSWORD": "database#password"}}}
}`

const fixtureImages = `{"web": "1.0.0", "worker": "1.0.0"}`

// fixture evaluates stack with the fixture product and extra overrides.
func fixture(t *testing.T, stack string, overrides map[string]string) *graph.Graph {
	t.Helper()
	all := map[string]string{"platform:workloads": fixtureWorkloads, "platform:images": fixtureImages, "platform:sizes": "{}"}
	for k, v := range overrides {
		all[k] = v
	}
	g, err := EvaluateWith(t, stack, all)
	require.NoError(t, err)
	return g
}

func TestDeployOrderWaitsForWhatAWSChecks(t *testing.T) {
	g := fixture(t, "dev", nil)
	alb := only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb")
	assert.True(t, g.DependsOn(alb.URN, only(t, g, "aws:s3/bucketPolicy:BucketPolicy", "cluster-access-logs-policy").URN),
		"ELB checks its write access when logging is turned on")
	logging := only(t, g, "aws:s3/bucketLoggingV2:BucketLoggingV2", "data-bucket-uploads-access-logging")
	assert.True(t, g.DependsOn(logging.URN, only(t, g, "aws:s3/bucketPolicy:BucketPolicy", "data-access-logs-policy").URN))

	capacity := only(t, g, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cluster-capacity")
	for _, name := range []string{"web", "hooks", "worker"} {
		assert.True(t, g.DependsOn(only(t, g, ecsServiceType, name+"-service").URN, capacity.URN), name)
	}

	run := only(t, g, "command:local:Command", "migrate-run")
	for _, hop := range []string{"migrate-https-out", "migrate-to-database-out"} {
		assert.True(t, g.DependsOn(run.URN, only(t, g, egressRuleType, hop).URN), hop)
	}
	assert.True(t, g.DependsOn(run.URN, only(t, g, ingressRuleType, "migrate-to-database-in").URN))
	assert.True(t, g.DependsOn(run.URN, only(t, g, rolePolicyType, "access-execution-policy").URN),
		"the task reads its secret through the execution role at start")
}

func TestGatedLoadBalancerReachesTheIdPOn443(t *testing.T) {
	for stack, gated := range map[string]bool{"dev": true, "production": false} {
		g := fixture(t, stack, nil)
		out := g.One(egressRuleType, "cluster-alb-idp-out")
		if !gated {
			assert.Nil(t, out, "%s: nothing authenticates, nothing goes out", stack)
			continue
		}
		require.NotNil(t, out, stack)
		assert.Equal(t, only(t, g, sgType, "cluster-alb-sg").ID, out.Input("securityGroupId"))
		assert.Equal(t, "0.0.0.0/0", out.Input("cidrIpv4"))
		assert.Equal(t, 443.0, out.Input("fromPort"))
		assert.Equal(t, 443.0, out.Input("toPort"))
	}
}

func TestECSExecUnderAReadOnlyRootHasTheAgentsPaths(t *testing.T) {
	g := fixture(t, "dev", nil)
	web := only(t, g, taskDefType, "web-task")
	c := containers(t, web)[0]
	assert.True(t, c.ReadonlyRootFilesystem)
	var paths []string
	for _, m := range c.MountPoints {
		paths = append(paths, m.ContainerPath)
	}
	assert.Equal(t, []string{"/tmp", "/var/lib/amazon", "/var/log/amazon"}, paths)
	assert.Equal(t, []any{map[string]any{"name": "tmp"}, map[string]any{"name": "ssm-lib"}, map[string]any{"name": "ssm-log"}}, web.Input("volumes"))
	hooks := containers(t, only(t, g, taskDefType, "hooks-task"))[0]
	assert.Len(t, hooks.MountPoints, 1, "without exec only /tmp")
}
