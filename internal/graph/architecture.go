package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Architecture is a stack drawn at the level a reader thinks in: the
// workloads, the data parts and what stands in front of them, grouped by
// layer, with an edge wherever a security group admits another (the port) or
// an IAM policy grants a workload a queue or a bucket (the access).
type Architecture struct {
	Stack  string
	Layers []Layer
	Edges  []Edge
}

// Layer is one group of the drawing: edge, network, compute, data, observability.
type Layer struct {
	Name  string
	Nodes []Node
}

// Node is one architecture-level part: a resource, a workload component, or
// several resources of one kind counted as one ("alarms (12)").
type Node struct {
	ID    string
	Label string
}

// Edge is traffic a security group admits (Label is the port) or access a
// policy grants (Grant is true, Label is the access: "send", "read"...).
type Edge struct {
	From, To, Label string
	Grant           bool
}

// layerNames are the layers in drawing order.
var layerNames = []string{"edge", "network", "compute", "data", "observability"}

// kinds are the resource types the drawing shows: their layer and the word
// before the name. Counted kinds are drawn as one node per stack.
var kinds = map[string]struct {
	layer, label string
	counted      bool
}{
	"aws:route53/zone:Zone":                             {"edge", "DNS zone", false},
	"aws:cloudfront/distribution:Distribution":          {"edge", "CloudFront", false},
	"aws:wafv2/webAcl:WebAcl":                           {"edge", "WAF", false},
	"aws:lb/loadBalancer:LoadBalancer":                  {"edge", "load balancer", false},
	"aws:cognito/userPool:UserPool":                     {"edge", "Cognito", false},
	"platform:ingress:HttpApi":                          {"edge", "HTTP API", false},
	"platform:ingress:VpcLink":                          {"edge", "VPC link", false},
	"awsx:ec2:Vpc":                                      {"network", "VPC", false},
	"aws:ec2/instance:Instance":                         {"network", "NAT instance", false},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                   {"network", "VPC endpoints", true},
	"platform:compute:FargateService":                   {"compute", "service", false},
	"platform:compute:WorkerService":                    {"compute", "worker", false},
	"platform:compute:ScheduledTask":                    {"compute", "schedule", false},
	"platform:compute:MigrationTask":                    {"compute", "migration", false},
	"aws:rds/instance:Instance":                         {"data", "database", false},
	"aws:rds/cluster:Cluster":                           {"data", "Aurora", false},
	"aws:rds/proxy:Proxy":                               {"data", "RDS Proxy", false},
	"aws:elasticache/replicationGroup:ReplicationGroup": {"data", "Valkey", false},
	"aws:elasticache/serverlessCache:ServerlessCache":   {"data", "Valkey serverless", false},
	"aws:mq/broker:Broker":                              {"data", "RabbitMQ", false},
	"aws:sqs/queue:Queue":                               {"data", "queue", false},
	"aws:s3/bucketV2:BucketV2":                          {"data", "bucket", false},
	"aws:backup/vault:Vault":                            {"data", "backup vault", false},
	"aws:sns/topic:Topic":                               {"observability", "alerts", false},
	"aws:cloudwatch/dashboard:Dashboard":                {"observability", "dashboard", false},
	"aws:cloudwatch/metricAlarm:MetricAlarm":            {"observability", "alarms", true},
	"aws:cloudwatch/logGroup:LogGroup":                  {"observability", "log groups", true},
}

// internet is the node of traffic admitted from any address.
const internet = "internet"

// Architecture draws the graph's architecture.
func (g *Graph) Architecture() Architecture {
	a := Architecture{Stack: g.Stack}
	nodeOf := map[string]string{} // resource URN -> node ID
	nodes := map[string][]Node{}
	counts := map[string]int{}
	for _, r := range g.Resources {
		k, shown := kinds[r.Type]
		if !shown || r.Read {
			continue
		}
		if k.counted {
			counts[r.Type]++
			nodeOf[r.URN] = nodeID(k.label)
			continue
		}
		id := nodeID(r.Name)
		nodeOf[r.URN] = id
		nodes[k.layer] = append(nodes[k.layer], Node{ID: id, Label: k.label + " " + r.Name})
	}
	for typ, n := range counts {
		k := kinds[typ]
		nodes[k.layer] = append(nodes[k.layer], Node{ID: nodeID(k.label), Label: fmt.Sprintf("%s (%d)", k.label, n)})
	}
	owner := func(r *Resource) string {
		for p := r; p != nil; p = g.Get(p.Parent) {
			if id, ok := nodeOf[p.URN]; ok {
				return id
			}
		}
		return ""
	}
	type edgeKey struct {
		from, to string
		grant    bool
	}
	edges := map[edgeKey]map[string]bool{}
	link := func(from, to, label string, grant bool) {
		if from == "" || to == "" || from == to {
			return
		}
		key := edgeKey{from, to, grant}
		if edges[key] == nil {
			edges[key] = map[string]bool{}
		}
		edges[key][label] = true
	}

	groupOwner := g.securityGroupOwners(nodeOf, owner)
	groupMembers := g.securityGroupMembers(owner)
	arnOwner := map[string]string{}
	for _, r := range g.Resources {
		if id, ok := nodeOf[r.URN]; ok {
			if arn, _ := r.Output("arn").(string); arn != "" {
				arnOwner[arn] = id
			}
		}
	}
	// A listener's ARN leads to its load balancer, for the rules that sign users in.
	listenerLB := map[string]string{}
	for _, l := range g.ByType("aws:lb/listener:Listener") {
		if arn, _ := l.Output("arn").(string); arn != "" {
			listenerLB[arn] = arnOwner[fmt.Sprint(l.Input("loadBalancerArn"))]
		}
	}
	for _, r := range g.Resources {
		switch r.Type {
		case "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule":
			lb := arnOwner[fmt.Sprint(r.Input("loadBalancerArn"))]
			if lb == "" {
				lb = listenerLB[fmt.Sprint(r.Input("listenerArn"))]
			}
			for _, action := range append(asList(r.Input("actions")), asList(r.Input("defaultActions"))...) {
				if cognito, ok := action.(map[string]any)["authenticateCognito"].(map[string]any); ok {
					link(arnOwner[fmt.Sprint(cognito["userPoolArn"])], lb, "signs in", false)
				}
			}
		case "aws:sqs/queue:Queue":
			if doc, ok := jsonDocument(fmt.Sprint(r.Input("redrivePolicy"))); ok {
				link(nodeOf[r.URN], arnOwner[fmt.Sprint(doc.(map[string]any)["deadLetterTargetArn"])], "dead letters", false)
			}
		case "aws:cloudwatch/metricAlarm:MetricAlarm":
			for _, action := range stringsOf(r.Input("alarmActions")) {
				link(nodeOf[r.URN], arnOwner[action], "notify", false)
			}
		case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
			to := groupOwner[fmt.Sprint(r.Input("securityGroupId"))]
			referenced := fmt.Sprint(r.Input("referencedSecurityGroupId"))
			from := []string{groupOwner[referenced]}
			if members := groupMembers[referenced]; len(members) > 1 {
				// A client group the part admits once: every workload in it gets in.
				from = members
			}
			if r.Input("cidrIpv4") == "0.0.0.0/0" || r.Input("cidrIpv6") == "::/0" {
				from = []string{internet}
			}
			for _, f := range from {
				link(f, to, portLabel(r), false)
			}
		case "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy":
			for _, grant := range grantsOf(r) {
				link(owner(r), resourceOwner(arnOwner, grant.resource), grant.access, true)
			}
		case "aws:apigatewayv2/domainName:DomainName":
			link(internet, owner(r), "443", false)
		case "aws:apigatewayv2/integration:Integration":
			for _, l := range g.ByType("aws:apigatewayv2/vpcLink:VpcLink") {
				if l.ID == r.Input("connectionId") {
					link(owner(r), owner(l), "private integration", false)
				}
			}
		case "aws:apigatewayv2/authorizer:Authorizer":
			issuer := fmt.Sprint(r.Input("jwtConfiguration.issuer"))
			for _, pool := range g.ByType("aws:cognito/userPool:UserPool") {
				if pool.ID != "" && strings.HasSuffix(issuer, "/"+pool.ID) {
					link(nodeOf[pool.URN], owner(r), "issues tokens", false)
				}
			}
		case "aws:wafv2/webAclAssociation:WebAclAssociation":
			link(arnOwner[fmt.Sprint(r.Input("webAclArn"))], arnOwner[fmt.Sprint(r.Input("resourceArn"))], "filters", false)
		case "aws:cloudfront/distribution:Distribution":
			link(arnOwner[fmt.Sprint(r.Input("webAclId"))], nodeOf[r.URN], "filters", false)
			for _, origin := range asList(r.Input("origins")) {
				domain, _ := origin.(map[string]any)["domainName"].(string)
				for _, lb := range g.ByType("aws:lb/loadBalancer:LoadBalancer") {
					if lb.Output("dnsName") == domain {
						link(nodeOf[r.URN], nodeOf[lb.URN], "origin", false)
					}
				}
			}
		}
	}
	for key, labels := range edges {
		if key.from == internet {
			nodes["edge"] = appendOnce(nodes["edge"], Node{ID: internet, Label: "internet"})
		}
		a.Edges = append(a.Edges, Edge{From: key.from, To: key.to, Label: strings.Join(sortedKeys(labels), ", "), Grant: key.grant})
	}
	sort.Slice(a.Edges, func(i, j int) bool {
		x, y := a.Edges[i], a.Edges[j]
		if x.From != y.From {
			return x.From < y.From
		}
		if x.To != y.To {
			return x.To < y.To
		}
		return !x.Grant && y.Grant
	})
	for _, name := range layerNames {
		list := nodes[name]
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		if len(list) > 0 {
			a.Layers = append(a.Layers, Layer{Name: name, Nodes: list})
		}
	}
	return a
}

// securityGroupMembers maps each security group's id to the nodes whose
// tasks or functions carry it (a data part's client group, joined by exactly
// the workloads that reach the part), sorted.
func (g *Graph) securityGroupMembers(owner func(*Resource) string) map[string][]string {
	out := map[string][]string{}
	for _, r := range g.Resources {
		id := owner(r)
		if id == "" {
			continue
		}
		for _, key := range []string{"networkConfiguration.securityGroups", "vpcConfig.securityGroupIds"} {
			for _, sg := range asList(r.Input(key)) {
				out[fmt.Sprint(sg)] = appendOnceString(out[fmt.Sprint(sg)], id)
			}
		}
	}
	for _, members := range out {
		sort.Strings(members)
	}
	return out
}

func appendOnceString(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// securityGroupOwners maps each security group's id to the node it guards:
// the node whose inputs name the group (a database, a load balancer), or else
// the node the group belongs to in the component tree (a workload's own group).
func (g *Graph) securityGroupOwners(nodeOf map[string]string, owner func(*Resource) string) map[string]string {
	out := map[string]string{}
	for _, r := range g.Resources {
		id, ok := nodeOf[r.URN]
		if !ok {
			continue
		}
		for _, key := range []string{"securityGroups", "securityGroupIds", "vpcSecurityGroupIds"} {
			for _, sg := range asList(r.Input(key)) {
				out[fmt.Sprint(sg)] = id
			}
		}
	}
	for _, sg := range g.ByType("aws:ec2/securityGroup:SecurityGroup") {
		if _, named := out[sg.ID]; !named && sg.ID != "" {
			if id := owner(sg); id != "" {
				out[sg.ID] = id
			}
		}
	}
	return out
}

func portLabel(r *Resource) string {
	from, to := fmt.Sprint(r.Input("fromPort")), fmt.Sprint(r.Input("toPort"))
	if from == to {
		return from
	}
	return from + "-" + to
}

// nodeID is a name safe in both mermaid and dot.
func nodeID(name string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			return c
		}
		return '_'
	}, name)
}

func asList(v any) []any { l, _ := v.([]any); return l }

func stringsOf(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, e := range asList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func appendOnce(list []Node, n Node) []Node {
	for _, e := range list {
		if e.ID == n.ID {
			return list
		}
	}
	return append(list, n)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
