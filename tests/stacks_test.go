package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryStackHasOneExplicitTaggedProvider(t *testing.T) {
	// The platform's own tags, plus what each stack file adds in platform:tags.
	extra := map[string]map[string]any{"dev": {}, "staging": {}, "production": {"cost-center": "shop"}, "pr-42": {}}
	for _, stack := range append(persistentStacks, "pr-42") {
		g := Evaluate(t, stack)
		p := only(t, g, "pulumi:providers:aws", "aws")
		tags := map[string]any{"environment": g.Outputs["environment"], "project": "platform", "stack": stack, "managed-by": "pulumi", "owner": "platform-team"}
		for k, v := range extra[stack] {
			tags[k] = v
		}
		assert.Equal(t, map[string]any{"tags": tags}, p.Input("defaultTags"), stack)
		// Every AWS resource is created through an explicit provider, never a
		// default one, and every provider (another region's too) carries the tags.
		providers := map[string]bool{}
		for _, other := range g.ByType("pulumi:providers:aws") {
			providers[other.URN] = true
			assert.Equal(t, p.Input("defaultTags"), other.Input("defaultTags"), other.Name)
		}
		for _, r := range g.Resources {
			if r.Custom && !r.Read && strings.HasPrefix(r.Type, "aws:") {
				assert.True(t, providers[r.Provider], r.URN)
			}
		}
	}
}

func TestStackOutputsNameTheEnvironment(t *testing.T) {
	g := Evaluate(t, "staging")
	assert.Equal(t, "staging", g.Outputs["environment"])
	assert.Equal(t, "us-east-1", g.Outputs["region"])
	assert.Equal(t, "staging.shop.example.com", g.Outputs["domain"])
}

func TestConfigOverridesReachTheProgram(t *testing.T) {
	g, err := EvaluateWith(t, "production", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", g.ByType("pulumi:providers:aws")[0].Input("region"))
}

// stackShape is what a stack deploys, in the terms a platform team reviews.
type stackShape struct {
	gated, cdn           []string
	minTasks             float64
	sized                map[string]float64 // platform:sizes overrides of minTasks
	azs, natInstances    int
	natStrategy          string
	dbMultiAZ, protected bool
	cacheNodes           float64
	brokerMode           string
	workers, schedules   int
	interfaceEndpoints   int
}

func TestEachStackDeploysTheProductForItsTier(t *testing.T) {
	want := map[string]stackShape{
		"dev": {gated: []string{"admin", "catalog", "frontend", "orders"}, cdn: nil, minTasks: 1,
			azs: 2, natInstances: 1, natStrategy: "None", cacheNodes: 1, brokerMode: "SINGLE_INSTANCE", workers: 2, schedules: 1},
		"staging": {gated: []string{"admin", "catalog", "frontend", "orders"}, cdn: []string{"frontend"}, minTasks: 1,
			azs: 2, natStrategy: "Single", cacheNodes: 1, brokerMode: "SINGLE_INSTANCE", workers: 2, schedules: 1},
		"production": {gated: nil, cdn: []string{"frontend"}, minTasks: 2, sized: map[string]float64{"frontend": 3, "orders": 3}, azs: 3, natStrategy: "OnePerAz",
			dbMultiAZ: true, protected: true, cacheNodes: 2, brokerMode: "CLUSTER_MULTI_AZ", workers: 2, schedules: 1, interfaceEndpoints: 5},
	}
	for stack, w := range want {
		t.Run(stack, func(t *testing.T) {
			g := Evaluate(t, stack)
			var gated, cdn []string
			for _, svc := range []string{"admin", "catalog", "frontend", "orders", "webhooks"} {
				rule := only(t, g, "aws:lb/listenerRule:ListenerRule", svc+"-rule")
				if rule.Input("actions.0.type") == "authenticate-cognito" {
					gated = append(gated, svc)
				}
				if g.One("aws:cloudfront/distribution:Distribution", svc+"-cdn") != nil {
					cdn = append(cdn, svc)
				}
				tasks, sized := w.sized[svc]
				if !sized {
					tasks = w.minTasks
				}
				assert.Equal(t, tasks, only(t, g, "aws:ecs/service:Service", svc+"-service").Input("desiredCount"), svc)
			}
			assert.Equal(t, w.gated, gated, "gated hosts; the webhook never")
			assert.Equal(t, w.cdn, cdn)
			vpc := only(t, g, "awsx:ec2:Vpc", "network-vpc")
			assert.Len(t, vpc.Input("availabilityZoneNames"), w.azs)
			assert.Equal(t, w.natStrategy, vpc.Input("natGateways.strategy"))
			assert.Len(t, g.ByType("aws:ec2/instance:Instance"), w.natInstances)
			db := only(t, g, "aws:rds/instance:Instance", "data-db")
			assert.Equal(t, w.dbMultiAZ, db.Input("multiAz"))
			assert.Equal(t, w.protected, db.Protect)
			assert.Equal(t, w.cacheNodes, only(t, g, "aws:elasticache/replicationGroup:ReplicationGroup", "data-cache").Input("numCacheClusters"))
			assert.Equal(t, w.brokerMode, only(t, g, "aws:mq/broker:Broker", "data-broker").Input("deploymentMode"))
			assert.Len(t, g.ByType("platform:compute:WorkerService"), w.workers)
			assert.Len(t, g.ByType("platform:compute:ScheduledTask"), w.schedules)
			assert.Len(t, g.ByType("platform:compute:MigrationTask"), 1)
			assert.Len(t, g.ByType("platform:compute:FargateService"), 5)
			interfaces := 0
			for _, e := range g.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
				if e.Input("vpcEndpointType") == "Interface" {
					interfaces++
				}
			}
			assert.Equal(t, w.interfaceEndpoints, interfaces)
			assert.Len(t, g.ByType("aws:sqs/queue:Queue"), 4)
			assert.Len(t, g.ByType("aws:ecr/repository:Repository"), 7)
		})
	}
}
