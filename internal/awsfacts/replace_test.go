package awsfacts

import "testing"

func TestReplaceRules(t *testing.T) {
	for _, tc := range []struct {
		typ, path string
		want      bool
	}{
		{"aws:rds/instance:Instance", "engine", true},
		{"aws:rds/instance:Instance", "engineVersion", false},
		{"aws:rds/instance:Instance", "instanceClass", false},
		{"aws:rds/instance:Instance", "identifier", false},
		{"aws:rds/cluster:Cluster", "dbSubnetGroupName", true},
		{"aws:rds/cluster:Cluster", "engineVersion", false},
		{"aws:cloudwatch/logGroup:LogGroup", "logGroupClass", true},
		{"aws:cloudwatch/logGroup:LogGroup", "kmsKeyId", false},
		{"aws:ecs/service:Service", "deploymentController.type", true},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "networkType", true},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "nodeType", false},
		{"aws:mq/broker:Broker", "storageType", false},
		{"aws:lb/targetGroup:TargetGroup", "protocolVersion", true},
		{"aws:lb/targetGroup:TargetGroup", "healthCheck.path", false},
		{"aws:mq/broker:Broker", "encryptionOptions.kmsKeyId", true},
		{"aws:ecs/service:Service", "networkConfiguration.subnets[0]", false},
		{"awsx:ec2:Vpc", "cidrBlock", true},
		{"awsx:ec2:Vpc", "subnetSpecs[0].cidrMask", true},
		{"awsx:ec2:Vpc", "natGateways.strategy", false},
		{"aws:servicediscovery/service:Service", "dnsConfig.namespaceId", true},
		{"aws:servicediscovery/service:Service", "dnsConfig.dnsRecords[0].ttl", false},
		{"aws:ecs/taskDefinition:TaskDefinition", "containerDefinitions", true},
		{"aws:ecs/taskDefinition:TaskDefinition", "tags", false},
		{"random:index/randomPassword:RandomPassword", "length", true},
		{"aws:cloudfront/distribution:Distribution", "origins[0].domainName", false},
		{"platform:compute:FargateService", "anything", false},
		// Corrected 2026-12-02 from the provider's schemas.
		{"aws:apigatewayv2/api:Api", "protocolType", true},
		{"aws:apigatewayv2/api:Api", "target", true},
		{"aws:apigatewayv2/api:Api", "corsConfiguration.allowOrigins[0]", false},
		{"aws:apigatewayv2/apiMapping:ApiMapping", "apiId", true},
		{"aws:apigatewayv2/apiMapping:ApiMapping", "stage", false},
		{"aws:apigatewayv2/authorizer:Authorizer", "jwtConfiguration.audiences[0]", false},
		{"aws:apigatewayv2/domainName:DomainName", "domainNameConfiguration.certificateArn", false},
		{"aws:apigatewayv2/integration:Integration", "integrationSubtype", true},
		{"aws:apigatewayv2/integration:Integration", "integrationUri", false},
		{"aws:apigatewayv2/route:Route", "routeKey", false},
		{"aws:apigatewayv2/stage:Stage", "name", true},
		{"aws:apigatewayv2/stage:Stage", "accessLogSettings.format", false},
		{"aws:apigatewayv2/vpcLink:VpcLink", "subnetIds[1]", true},
		{"aws:apigatewayv2/vpcLink:VpcLink", "name", false},
		{"aws:servicediscovery/service:Service", "type", true},
		{"aws:servicediscovery/service:Service", "dnsConfig.dnsRecords[1].type", true},
		{"aws:servicediscovery/service:Service", "dnsConfig.dnsRecords", true}, // a record added: its type is new
		{"aws:servicediscovery/service:Service", "dnsConfig", true},
		{"aws:servicediscovery/service:Service", "healthCheckConfig.type", true},
		{"aws:servicediscovery/service:Service", "healthCheckConfig.resourcePath", false},
		{"aws:servicediscovery/service:Service", "description", false},
		{"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "vpc", true},
		{"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "description", false},
		{"aws:lambda/permission:Permission", "sourceArn", true},
		{"aws:lb/targetGroupAttachment:TargetGroupAttachment", "port", true},
		{"aws:ecs/service:Service", "serviceRegistries.registryArn", false},
	} {
		rule, ok := ReplaceRuleOf(tc.typ)
		if !ok {
			t.Fatalf("%s has no rule", tc.typ)
		}
		if got := rule.Replaces(tc.path); got != tc.want {
			t.Errorf("%s %s: replaces = %v, want %v", tc.typ, tc.path, got, tc.want)
		}
	}
	if _, ok := ReplaceRuleOf("aws:made/up:Thing"); ok {
		t.Error("an unknown type has a rule")
	}
}
