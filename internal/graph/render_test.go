package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"platform/internal/graph"
)

// smallStack is a service behind a load balancer that reads a database and
// sends to a queue, with the resources around them the drawing leaves out.
func smallStack() *graph.Graph {
	svc := "urn::platform:compute:FargateService::api"
	return graph.New("p", "s", []*graph.Resource{
		{URN: "urn::aws:lb/loadBalancer:LoadBalancer::alb", Type: "aws:lb/loadBalancer:LoadBalancer", Name: "alb", Custom: true,
			Inputs: map[string]any{"securityGroups": []any{"sg-alb"}}},
		{URN: "urn::aws:ec2/securityGroup:SecurityGroup::alb-sg", Type: "aws:ec2/securityGroup:SecurityGroup", Name: "alb-sg", ID: "sg-alb", Custom: true},
		{URN: svc, Type: "platform:compute:FargateService", Name: "api"},
		{URN: "urn::aws:ec2/securityGroup:SecurityGroup::api-sg", Type: "aws:ec2/securityGroup:SecurityGroup", Name: "api-sg", ID: "sg-api", Parent: svc, Custom: true},
		{URN: "urn::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-from-alb", Type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Name: "api-from-alb", Parent: svc, Custom: true,
			Inputs: map[string]any{"securityGroupId": "sg-api", "referencedSecurityGroupId": "sg-alb", "fromPort": 8080.0, "toPort": 8080.0}},
		{URN: "urn::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::alb-443", Type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Name: "alb-443", Custom: true,
			Inputs: map[string]any{"securityGroupId": "sg-alb", "cidrIpv4": "0.0.0.0/0", "fromPort": 443.0, "toPort": 443.0}},
		{URN: "urn::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-to-db", Type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Name: "api-to-db", Parent: svc, Custom: true,
			Inputs: map[string]any{"securityGroupId": "sg-db", "referencedSecurityGroupId": "sg-api", "fromPort": 5432.0, "toPort": 5432.0}},
		{URN: "urn::aws:rds/instance:Instance::db", Type: "aws:rds/instance:Instance", Name: "db", Custom: true,
			Inputs: map[string]any{"vpcSecurityGroupIds": []any{"sg-db"}}},
		{URN: "urn::aws:sqs/queue:Queue::jobs", Type: "aws:sqs/queue:Queue", Name: "jobs", Custom: true,
			State: map[string]any{"arn": "arn:aws:sqs:r:1:jobs"}},
		{URN: "urn::aws:iam/rolePolicy:RolePolicy::api-policy", Type: "aws:iam/rolePolicy:RolePolicy", Name: "api-policy", Parent: svc, Custom: true,
			Inputs: map[string]any{"policy": `{"Statement":[{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["arn:aws:sqs:r:1:jobs"]},{"Effect":"Deny","Action":["sqs:ReceiveMessage"],"Resource":"arn:aws:sqs:r:1:jobs"}]}`}},
		{URN: "urn::aws:cloudwatch/metricAlarm:MetricAlarm::a1", Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "a1", Custom: true},
		{URN: "urn::aws:cloudwatch/metricAlarm:MetricAlarm::a2", Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Name: "a2", Custom: true},
		{URN: "urn::aws:iam/role:Role::api-role", Type: "aws:iam/role:Role", Name: "api-role", Parent: svc, Custom: true},
	})
}

func TestArchitectureDrawsLayersSecurityGroupHopsAndGrants(t *testing.T) {
	var out strings.Builder
	smallStack().Architecture().WriteMermaid(&out)
	assert.Equal(t, `flowchart LR
  subgraph layer_edge [Edge]
    alb["load balancer alb"]
    internet["internet"]
  end
  subgraph layer_compute [Compute]
    api["service api"]
  end
  subgraph layer_data [Data]
    db["database db"]
    jobs["queue jobs"]
  end
  subgraph layer_observability [Observability]
    alarms["alarms (2)"]
  end
  alb -->|8080| api
  api -->|5432| db
  api -.->|send| jobs
  internet -->|443| alb
`, out.String(), "a denied action grants nothing; roles, groups and rules are not drawn")
}

func TestArchitectureAsDot(t *testing.T) {
	var out strings.Builder
	smallStack().Architecture().WriteDot(&out)
	text := out.String()
	assert.True(t, strings.HasPrefix(text, "digraph \"s\" {\n  rankdir=LR;\n  node [shape=box];\n  subgraph cluster_edge {\n    label=\"Edge\";\n    alb [label=\"load balancer alb\"];\n"), text)
	assert.Contains(t, text, "  alb -> api [label=\"8080\"];\n")
	assert.Contains(t, text, "  api -> jobs [label=\"send\", style=dashed];\n")
	assert.True(t, strings.HasSuffix(text, "}\n"))
}
