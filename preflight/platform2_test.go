package preflight

import (
	"platform/internal/graph"
	"strings"
	"testing"
)

func bucketPart(dependsOnBucket bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		b := res(bucket, "b", M{"bucket": "uploads-1"})
		part := res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", M{"bucket": "uploads-1", "blockPublicAcls": true})
		if dependsOnBucket {
			on(b)(part)
		}
		return []*graph.Resource{b, part}
	}
}

func secretValue(dependsOnSecret bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		s := res(secret, "s", M{"name": "x", "recoveryWindowInDays": 0})
		v := res("aws:secretsmanager/secretVersion:SecretVersion", "v", M{"secretString": graph.SecretMarker})
		if dependsOnSecret {
			on(s)(v)
		}
		return []*graph.Resource{s, v}
	}
}

func multiAZCache(subnets L) func() []*graph.Resource {
	return func() []*graph.Resource {
		sg := res("aws:elasticache/subnetGroup:SubnetGroup", "subnets", M{"subnetIds": subnets})
		c := cache(M{"multiAzEnabled": true, "automaticFailoverEnabled": true, "numCacheClusters": 2})
		on(sg)(c)
		return []*graph.Resource{sg, c}
	}
}

func strategy(items ...M) *graph.Resource {
	l := L{}
	for _, i := range items {
		l = append(l, i)
	}
	return res(ecsService, "svc", M{"capacityProviderStrategies": l})
}

func vpc(block string, zones int, masks ...int) *graph.Resource {
	specs := L{}
	for _, m := range masks {
		specs = append(specs, M{"cidrMask": m})
	}
	azs := L{}
	for i := 0; i < zones; i++ {
		azs = append(azs, "az")
	}
	return res("awsx:ec2:Vpc", "vpc", M{"cidrBlock": block, "availabilityZoneNames": azs, "subnetSpecs": specs})
}

var platform2Cases = []ruleCase{
	{rule: "PF.ORDER.8", badName: "pab", good: bucketPart(true), bad: bucketPart(false)},
	{rule: "PF.ORDER.8", badName: "v", good: secretValue(true), bad: secretValue(false)},
	{rule: "PF.S3.3", badName: "own", good: one(res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own", M{"rule": M{"objectOwnership": "BucketOwnerEnforced"}})),
		bad: one(res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own", M{"rule": M{"objectOwnership": "Enforced"}}))},
	{rule: "PF.S3.3", badName: "enc", good: one(res(bucketEncryption, "enc", M{"rules": L{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:k"}}}})),
		bad: one(res(bucketEncryption, "enc", M{"rules": L{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "AES256", "kmsMasterKeyId": "arn:k"}}}}))},
	{rule: "PF.DNS.3", badName: "zone", good: one(res(zone, "zone", M{"name": "dev.example.com"})), bad: one(res(zone, "zone", M{"name": strings.Repeat("a", 64) + ".example.com"}))},
	{rule: "PF.DNS.3", badName: "r", good: one(res(record, "r", M{"name": "_abc.dev.example.com.", "type": "CNAME", "ttl": 60})),
		bad: one(res(record, "r", M{"name": "bad name.example.com", "type": "CNAME", "ttl": 60}))},
	{rule: "PF.RDS.12", badName: "pg", good: one(res(dbParameterGroup, "pg", M{"family": "mysql8.4"})), bad: one(res(dbParameterGroup, "pg", M{"family": "postgres-16"}))},
	{rule: "PF.EC.5", badName: "cache", good: multiAZCache(L{"a", "b"}), bad: multiAZCache(L{"a"})},
	{rule: "PF.EC.6", badName: "subnets", good: one(res("aws:elasticache/subnetGroup:SubnetGroup", "subnets", M{"subnetIds": L{"a"}, "description": "Isolated subnets"})),
		bad: one(res("aws:elasticache/subnetGroup:SubnetGroup", "subnets", M{"subnetIds": L{"a"}, "description": ""}))},
	{rule: "PF.ECS.11", badName: "svc", good: one(strategy(M{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, M{"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1})),
		bad: one(strategy(M{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, M{"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 1}))},
	{rule: "PF.ECS.11", badName: "svc", good: one(strategy(M{"capacityProvider": "FARGATE", "weight": 0}, M{"capacityProvider": "FARGATE_SPOT", "weight": 1000})),
		bad: one(strategy(M{"capacityProvider": "FARGATE", "weight": 0}, M{"capacityProvider": "FARGATE_SPOT", "weight": 0}))},
	{rule: "PF.ECS.12", badName: "svc", good: one(res(ecsService, "svc", M{"capacityProviderStrategies": L{M{"capacityProvider": "FARGATE", "weight": 1}}, "forceNewDeployment": true})),
		bad: one(strategy(M{"capacityProvider": "FARGATE", "weight": 1}))},
	{rule: "PF.VPC.5", badName: "route", good: one(res("aws:ec2/route:Route", "route", M{"destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"})),
		bad: one(res("aws:ec2/route:Route", "route", M{"destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1", "gatewayId": "igw-1"}))},
	{rule: "PF.VPC.6", badName: "vpc", good: one(vpc("10.0.0.0/16", 3, 19, 21, 22)), bad: one(vpc("10.0.0.0/16", 3, 18, 20, 21))},
	{rule: "PF.VPC.6", badName: "vpc", good: one(vpc("10.0.0.0/16", 2, 18, 20, 21)), bad: one(vpc("10.0.0.0/12", 2, 18))},
}

func TestPlatformPartsRules(t *testing.T) { runCases(t, platform2Cases) }
