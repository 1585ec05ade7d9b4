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
