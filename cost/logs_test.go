package cost

import (
	"math"
	"strings"
	"testing"

	"platform/internal/graph"
)

// resource is a custom resource of the test stack on the default provider.
func resource(typ, name string, inputs map[string]any) *graph.Resource {
	return &graph.Resource{URN: stackURN + typ + "::" + name, Type: typ, Name: name, Custom: true, Inputs: inputs}
}

func group(name, class string) *graph.Resource {
	inputs := map[string]any{"name": name, "retentionInDays": 7.0}
	if class != "" {
		inputs["logGroupClass"] = class
	}
	return resource(logGroupType, name, inputs)
}

func task(name, group string) *graph.Resource {
	return resource("aws:ecs/taskDefinition:TaskDefinition", name, map[string]any{"containerDefinitions": `[{"name":"app","logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"` + group + `","awslogs-region":"us-east-1"}}}]`})
}

func flowLog(group string) *graph.Resource {
	return resource("aws:ec2/flowLog:FlowLog", "flow-log", map[string]any{"logDestination": "arn:aws:logs:us-east-1:123456789012:log-group:" + group, "logDestinationType": "cloud-watch-logs"})
}

func function(name string) *graph.Resource {
	fn := resource("aws:lambda/function:Function", name, map[string]any{"name": name, "loggingConfig": map[string]any{"logGroup": "/aws/lambda/" + name}})
	fn.State = map[string]any{"arn": "arn:aws:lambda:us-east-1:123456789012:function:" + name}
	return fn
}

func mapping(function string, enabled bool) *graph.Resource {
	return resource("aws:lambda/eventSourceMapping:EventSourceMapping", function+"-trigger", map[string]any{"functionName": "arn:aws:lambda:us-east-1:123456789012:function:" + function, "enabled": enabled})
}

func TestLogIngestionIsChargedOnlyWhereSomethingWrites(t *testing.T) {
	standard, infrequent := assumedLogsGB*logsPerGB, assumedLogsGB*logsIAPerGB
	flows := assumedFlowLogsGB * logsPerGB
	for _, c := range []struct {
		name      string
		resources []*graph.Resource
		want      float64
		says      string
	}{
		{"a task definition names the group", []*graph.Resource{group("/ecs/web", ""), task("web-task", "/ecs/web")}, standard, "written by web-task"},
		{"an Infrequent Access group at half the price", []*graph.Resource{group("/ecs/web", infrequentAccess), task("web-task", "/ecs/web")}, infrequent, "at the Infrequent Access price"},
		{"a task definition naming another group", []*graph.Resource{group("/ecs/web", ""), task("jobs-task", "/ecs/jobs")}, 0, "nothing in the stack writes to it"},
		{"a paused workload: the group alone", []*graph.Resource{group("/ecs/web", "")}, 0, "nothing in the stack writes to it"},
		{"a flow log while a service runs", []*graph.Resource{group("/vpc/flow", ""), flowLog("/vpc/flow"), resource("aws:ecs/service:Service", "web-service", nil)}, flows, "written by flow-log"},
		{"a flow log while a NAT gateway runs", []*graph.Resource{group("/vpc/flow", ""), flowLog("/vpc/flow"), resource("awsx:ec2:Vpc", "vpc", map[string]any{"natGateways": map[string]any{"strategy": "Single"}})}, flows + assumedNATGB*(natPerGB+dataOutPerGB) + (natHour+publicIPv4)*HoursPerMonth, "written by flow-log"},
		{"a flow log to an Infrequent Access group", []*graph.Resource{group("/vpc/flow", infrequentAccess), flowLog("/vpc/flow"), resource("aws:ecs/service:Service", "web-service", nil)}, assumedFlowLogsGB * 0.25, "of vended logs to the Infrequent Access class, at its vended rate"},
		{"a flow log to a Standard group", []*graph.Resource{group("/vpc/flow", ""), flowLog("/vpc/flow"), resource("aws:ecs/service:Service", "web-service", nil)}, assumedFlowLogsGB * 0.50, "of vended logs to the Standard class"},
		{"a flow log of a network where nothing runs", []*graph.Resource{group("/vpc/flow", ""), flowLog("/vpc/flow"), resource("awsx:ec2:Vpc", "vpc", map[string]any{"natGateways": map[string]any{"strategy": "None"}})}, 0, "nothing in the stack writes to it"},
		{"a function without a trigger the graph shows", []*graph.Resource{group("/aws/lambda/fn", ""), function("fn")}, standard, "written by fn"},
		{"a function with its trigger on", []*graph.Resource{group("/aws/lambda/fn", ""), function("fn"), mapping("fn", true)}, standard, "written by fn"},
		{"a function whose triggers are off", []*graph.Resource{group("/aws/lambda/fn", ""), function("fn"), mapping("fn", false)}, 0, "nothing in the stack writes to it"},
		{"an API stage's access logs", []*graph.Resource{group("/aws/apigateway/api", ""), resource("aws:apigatewayv2/stage:Stage", "api-stage", map[string]any{"accessLogSettings": map[string]any{"destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/api:*"}})}, standard, "written by api-stage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resources := append([]*graph.Resource{provider("aws", "us-east-1")}, c.resources...)
			e := Of(graph.New("platform", "test", resources))
			var total float64
			for _, i := range e.Items {
				if i.Type == "aws:lambda/function:Function" || i.Type == "aws:lambda/eventSourceMapping:EventSourceMapping" {
					continue // the function's own price is not this test's
				}
				total += i.Monthly
			}
			if math.Abs(total-c.want) > 0.01 {
				t.Fatalf("monthly %.2f, want %.2f: %+v", total, c.want, e.Items)
			}
			got := item(t, e, c.resources[0].Name).Assumption
			if !strings.Contains(got, c.says) {
				t.Fatalf("assumption %q does not say %q", got, c.says)
			}
		})
	}
}

func TestGroupOfARN(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:logs:us-east-1:1:log-group:/vpc/flow":   "/vpc/flow",
		"arn:aws:logs:us-east-1:1:log-group:/vpc/flow:*": "/vpc/flow",
		"arn:aws:s3:::bucket":                            "",
	} {
		if got := groupOfARN(arn); got != want {
			t.Errorf("groupOfARN(%q) = %q, want %q", arn, got, want)
		}
	}
}
