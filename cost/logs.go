package cost

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"platform/internal/graph"
)

// logGroupType is CloudWatch Logs' log group.
const logGroupType = "aws:cloudwatch/logGroup:LogGroup"

// infrequentAccess is the log group class that halves the ingestion price.
const infrequentAccess = "INFREQUENT_ACCESS"

// logGroup prices a log group by what writes to it: the ingestion
// assumption is charged only when something in the graph sends it logs. A
// group nothing writes to (a paused stack's) keeps what it holds until its
// retention ends; that storage is not counted.
func logGroup(p *pricing, r *graph.Resource) (float64, string) {
	name := fmt.Sprint(r.Input("name"))
	by := writersOf(p.g)[name]
	if len(by) == 0 {
		return 0, "nothing in the stack writes to it: no ingestion; what it keeps until retention ends is not counted"
	}
	flows := strings.HasPrefix(name, "/vpc/")
	var gb float64
	if flows {
		gb = p.use(p.opts.Usage.Logs.FlowLogsGB, assumedFlowLogsGB)
	} else {
		gb = p.use(p.opts.Usage.Logs.GBPerGroup, assumedLogsGB)
	}
	ia := r.Input("logGroupClass") == infrequentAccess
	price, class := logsPerGB, ""
	switch {
	case flows && ia:
		price, class = vendedLogsIAPerGB, " of vended logs to the Infrequent Access class, at its vended rate"
	case flows:
		price, class = vendedLogsPerGB, " of vended logs to the Standard class, at its vended rate"
	case ia:
		price, class = logsIAPerGB, " at the Infrequent Access price"
	}
	return gb * price, fmt.Sprintf("%.3g GB ingested a month%s, written by %s; storage within retention not counted", gb, class, strings.Join(by, ", "))
}

// writersOf maps each log group name to what writes to it: task
// definitions (their containers' awslogs groups), Lambda functions with a
// trigger that can fire, API stages' access logs, and the VPC flow log
// while something in the network runs. Names are sorted.
func writersOf(g *graph.Graph) map[string][]string {
	out := map[string][]string{}
	add := func(group string, r *graph.Resource) {
		if group != "" && !slices.Contains(out[group], r.Name) {
			out[group] = append(out[group], r.Name)
		}
	}
	running := runsInNetwork(g)
	for _, r := range g.Resources {
		switch r.Type {
		case "aws:ecs/taskDefinition:TaskDefinition":
			for _, group := range awslogsGroups(fmt.Sprint(r.Input("containerDefinitions"))) {
				add(group, r)
			}
		case "aws:lambda/function:Function":
			if functionCanRun(g, r) {
				add(fmt.Sprint(r.Input("loggingConfig.logGroup")), r)
			}
		case "aws:apigatewayv2/stage:Stage", "aws:apigateway/stage:Stage":
			add(groupOfARN(fmt.Sprint(r.Input("accessLogSettings.destinationArn"))), r)
		case "aws:ec2/flowLog:FlowLog":
			if running && r.Input("logDestinationType") != "s3" {
				add(groupOfARN(fmt.Sprint(r.Input("logDestination"))), r)
			}
		}
	}
	for _, names := range out {
		sort.Strings(names)
	}
	return out
}

// awslogsGroups reads the awslogs-group option of every container in a task
// definition's container definitions (a JSON document).
func awslogsGroups(definitions string) []string {
	var containers []struct {
		LogConfiguration struct {
			LogDriver string            `json:"logDriver"`
			Options   map[string]string `json:"options"`
		} `json:"logConfiguration"`
	}
	if json.Unmarshal([]byte(definitions), &containers) != nil {
		return nil
	}
	var groups []string
	for _, c := range containers {
		if c.LogConfiguration.LogDriver == "awslogs" {
			groups = append(groups, c.LogConfiguration.Options["awslogs-group"])
		}
	}
	return groups
}

// groupOfARN is the log group name in a log group ARN
// ("arn:aws:logs:region:account:log-group:NAME" with an optional ":*").
func groupOfARN(arn string) string {
	_, name, ok := strings.Cut(arn, ":log-group:")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(name, ":*")
}

// networkProducers are the types whose network interfaces send traffic the
// flow log records. Interface endpoints are not among them: they carry only
// what the others send.
var networkProducers = []string{
	"aws:ecs/service:Service", "aws:ec2/instance:Instance",
	"aws:lb/loadBalancer:LoadBalancer", "aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance",
	"aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache",
	"aws:mq/broker:Broker",
}

// runsInNetwork reports whether anything in the graph sends traffic through
// the VPC: a producer, a schedule that starts tasks, a NAT gateway, or a
// function attached to subnets.
func runsInNetwork(g *graph.Graph) bool {
	for _, typ := range networkProducers {
		if len(g.ByType(typ)) > 0 {
			return true
		}
	}
	for _, s := range g.ByType("aws:scheduler/schedule:Schedule") {
		if s.Input("target.ecsParameters") != nil && s.Input("state") != "DISABLED" {
			return true
		}
	}
	for _, vpc := range g.ByType("awsx:ec2:Vpc") {
		if s := vpc.Input("natGateways.strategy"); s != nil && s != "None" {
			return true
		}
	}
	for _, fn := range g.ByType("aws:lambda/function:Function") {
		if len(asList(fn.Input("vpcConfig.subnetIds"))) > 0 && functionCanRun(g, fn) {
			return true
		}
	}
	return false
}

// functionCanRun is false for a function whose every trigger in the graph
// is switched off (a paused stack's); a function with no trigger the graph
// shows (invoked by a route or by hand) is taken to run.
func functionCanRun(g *graph.Graph, fn *graph.Resource) bool {
	ids := []string{fmt.Sprint(fn.Input("name")), fmt.Sprint(fn.State["arn"])}
	triggers, enabled := 0, 0
	for _, m := range g.ByType("aws:lambda/eventSourceMapping:EventSourceMapping") {
		if slices.Contains(ids, fmt.Sprint(m.Input("functionName"))) {
			triggers++
			if m.Input("enabled") != false {
				enabled++
			}
		}
	}
	for _, s := range g.ByType("aws:scheduler/schedule:Schedule") {
		if slices.Contains(ids, fmt.Sprint(s.Input("target.arn"))) {
			triggers++
			if s.Input("state") != "DISABLED" {
				enabled++
			}
		}
	}
	return triggers == 0 || enabled > 0
}
