package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPauseScalesToZeroStopsSchedulesAndDropsNAT(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			g, err := EvaluateWith(t, stack, map[string]string{"platform:paused": "true"})
			require.NoError(t, err)
			assert.Equal(t, "None", only(t, g, vpcType, "network-vpc").Input("natGateways.strategy"))
			assert.Empty(t, g.ByType("aws:ec2/instance:Instance"), "no NAT instance either")
			for _, service := range g.ByType(ecsServiceType) {
				assert.Equal(t, 0.0, service.Input("desiredCount"), service.Name)
			}
			for _, target := range g.ByType(scalingType) {
				assert.Equal(t, 0.0, target.Input("minCapacity"), target.Name)
				assert.Equal(t, 0.0, target.Input("maxCapacity"), target.Name)
			}
			for _, schedule := range g.ByType("aws:scheduler/schedule:Schedule") {
				assert.Equal(t, "DISABLED", schedule.Input("state"), schedule.Name)
			}
			// State is untouched: the same stateful resources, with the same protection.
			running := Evaluate(t, stack)
			for _, typ := range statefulTypes {
				assert.Equal(t, len(running.ByType(typ)), len(g.ByType(typ)), typ)
			}
			assert.Equal(t, only(t, running, dbInstanceType, "data-db").Inputs, only(t, g, dbInstanceType, "data-db").Inputs)
		})
	}
	aurora, err := EvaluateAlone(t, "dev", map[string]string{"platform:paused": "true", "platform:data": `{"database":{"engine":"aurora-postgresql","maxAcu":8}}`})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"minCapacity": 0.0, "maxCapacity": 1.0}, only(t, aurora, dbClusterType, "data-db").Input("serverlessv2ScalingConfiguration"))
}

func TestRegionIsOnlyAnInput(t *testing.T) {
	g, err := EvaluateWith(t, "production", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, only(t, g, vpcType, "network-vpc").Input("availabilityZoneNames"))
	regional := 0
	for _, r := range g.Resources {
		arn, _ := r.Output("arn").(string)
		if arn == "" || strings.HasPrefix(arn, "arn:aws:iam::") || strings.HasPrefix(arn, "arn:aws:route53:::") ||
			strings.HasPrefix(arn, "arn:aws:cloudfront::") || strings.HasPrefix(arn, "arn:aws:s3:::") {
			continue // global services
		}
		regional++
		if r.Provider == only(t, g, "pulumi:providers:aws", "aws-us-east-1").URN {
			assert.Contains(t, arn, ":us-east-1:", r.URN)
			continue
		}
		assert.Contains(t, arn, ":eu-west-1:", r.URN)
	}
	assert.Greater(t, regional, 100)
	for _, key := range []string{"databaseHost", "brokerEndpoint", "albDnsName"} {
		assert.Contains(t, g.Outputs[key], "eu-west-1", key)
	}
	assert.Contains(t, g.Outputs["cacheHost"], ".euw1.cache.amazonaws.com")
	for _, endpoint := range g.ByType(endpointType) {
		assert.True(t, strings.HasPrefix(endpoint.Input("serviceName").(string), "com.amazonaws.eu-west-1."), endpoint.Name)
	}
	edge := only(t, g, certType, "access-cdn-certificate")
	assert.True(t, strings.HasPrefix(edge.Output("arn").(string), "arn:aws:acm:us-east-1:"), "CloudFront's certificate stays in us-east-1")
	assert.Equal(t, "eu-west-1", only(t, g, "pulumi:providers:aws", "aws").Input("region"))
	assert.Equal(t, only(t, g, "pulumi:providers:aws", "aws").Input("defaultTags"), only(t, g, "pulumi:providers:aws", "aws-us-east-1").Input("defaultTags"))
}
