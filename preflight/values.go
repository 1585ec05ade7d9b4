package preflight

import (
	"encoding/json"
	"fmt"
	"platform/internal/graph"
	"regexp"
	"strconv"
	"strings"
)

// Resource types the rules look at.
const (
	bucket            = "aws:s3/bucketV2:BucketV2"
	bucketPolicy      = "aws:s3/bucketPolicy:BucketPolicy"
	bucketEncryption  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	bucketLifecycle   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	bucketLogging     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	ecsCluster        = "aws:ecs/cluster:Cluster"
	capacityProviders = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
	ecsService        = "aws:ecs/service:Service"
	taskDefinition    = "aws:ecs/taskDefinition:TaskDefinition"
	loadBalancer      = "aws:lb/loadBalancer:LoadBalancer"
	listener          = "aws:lb/listener:Listener"
	listenerRule      = "aws:lb/listenerRule:ListenerRule"
	targetGroup       = "aws:lb/targetGroup:TargetGroup"
	securityGroup     = "aws:ec2/securityGroup:SecurityGroup"
	ingressRule       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressRule        = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	dbInstance        = "aws:rds/instance:Instance"
	dbCluster         = "aws:rds/cluster:Cluster"
	clusterInstance   = "aws:rds/clusterInstance:ClusterInstance"
	dbParameterGroup  = "aws:rds/parameterGroup:ParameterGroup"
	dbProxy           = "aws:rds/proxy:Proxy"
	replicationGroup  = "aws:elasticache/replicationGroup:ReplicationGroup"
	broker            = "aws:mq/broker:Broker"
	userPool          = "aws:cognito/userPool:UserPool"
	userPoolClient    = "aws:cognito/userPoolClient:UserPoolClient"
	userPoolDomain    = "aws:cognito/userPoolDomain:UserPoolDomain"
	webACL            = "aws:wafv2/webAcl:WebAcl"
	webACLAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation"
	distribution      = "aws:cloudfront/distribution:Distribution"
	role              = "aws:iam/role:Role"
	rolePolicy        = "aws:iam/rolePolicy:RolePolicy"
	rolePolicyAttach  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	iamPolicy         = "aws:iam/policy:Policy"
	oidcProvider      = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	secret            = "aws:secretsmanager/secret:Secret"
	queue             = "aws:sqs/queue:Queue"
	topic             = "aws:sns/topic:Topic"
	logGroup          = "aws:cloudwatch/logGroup:LogGroup"
	metricAlarm       = "aws:cloudwatch/metricAlarm:MetricAlarm"
	dashboard         = "aws:cloudwatch/dashboard:Dashboard"
	repository        = "aws:ecr/repository:Repository"
	schedule          = "aws:scheduler/schedule:Schedule"
	scalingTarget     = "aws:appautoscaling/target:Target"
	zone              = "aws:route53/zone:Zone"
	record            = "aws:route53/record:Record"
	certificate       = "aws:acm/certificate:Certificate"
	certValidation    = "aws:acm/certificateValidation:CertificateValidation"
	sesVerification   = "aws:ses/domainIdentityVerification:DomainIdentityVerification"
	command           = "command:local:Command"
	backupVault       = "aws:backup/vault:Vault"
	backupPlan        = "aws:backup/plan:Plan"
	discoveryService  = "aws:servicediscovery/service:Service"
	dnsNamespace      = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
)

// known reports whether v is a value known before deployment.
func known(v any) bool { return v != nil && v != graph.UnknownMarker && v != graph.SecretMarker }

// str returns the input at path as a string, or "".
func str(r *graph.Resource, path string) string {
	s, _ := r.Input(path).(string)
	if s == graph.UnknownMarker {
		return ""
	}
	return s
}

// num returns the input at path as a number (strings such as "256" included)
// and whether it is one.
func num(r *graph.Resource, path string) (float64, bool) { return number(r.Input(path)) }

func number(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case int:
		return float64(t), true
	case string:
		f, err := strconv.ParseFloat(t, 64)
		return f, err == nil
	}
	return 0, false
}

func truthy(r *graph.Resource, path string) bool { v, _ := r.Input(path).(bool); return v }

// list returns the input at path as a list; a single value is a list of one.
func list(r *graph.Resource, path string) []any { return asList(r.Input(path)) }

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

func stringsOf(v []any) []string {
	var out []string
	for _, e := range v {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// containers parses a task definition's container definitions.
func containers(r *graph.Resource) []map[string]any {
	var out []map[string]any
	_ = json.Unmarshal([]byte(str(r, "containerDefinitions")), &out)
	return out
}

// document parses a JSON policy document input into its statements.
func statements(r *graph.Resource, input string) []map[string]any {
	var doc struct {
		Statement []map[string]any
	}
	_ = json.Unmarshal([]byte(str(r, input)), &doc)
	return doc.Statement
}

// deps returns the resources of typ that r depends on directly.
func deps(r *graph.Resource, g *graph.Graph, typ string) []*graph.Resource {
	var out []*graph.Resource
	for _, urn := range r.Dependencies {
		if d := g.Get(urn); d != nil && d.Type == typ {
			out = append(out, d)
		}
	}
	return out
}

// dependents returns the resources of typ that depend directly on r.
func dependents(r *graph.Resource, g *graph.Graph, typ string) []*graph.Resource {
	var out []*graph.Resource
	for _, c := range g.ByType(typ) {
		for _, urn := range c.Dependencies {
			if urn == r.URN {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// withInput returns the resources of typ whose input at path equals value.
func withInput(g *graph.Graph, typ, path string, value any) []*graph.Resource {
	var out []*graph.Resource
	for _, r := range g.ByType(typ) {
		if known(value) && r.Input(path) == value {
			out = append(out, r)
		}
	}
	return out
}

// byID returns the resource of typ whose physical id is id, or nil.
func byID(g *graph.Graph, typ, id string) *graph.Resource {
	for _, r := range g.ByType(typ) {
		if id != "" && (r.ID == id || r.Output("id") == id) {
			return r
		}
	}
	return nil
}

var accountInARN = regexp.MustCompile(`arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):`)

// accountID is the AWS account the graph deploys to, as its ARNs show; "" when none does.
func accountID(g *graph.Graph) string {
	counts := map[string]int{}
	best := ""
	for _, r := range g.Resources {
		raw, _ := json.Marshal(r.Inputs)
		for _, m := range accountInARN.FindAllStringSubmatch(string(raw), -1) {
			if m[1] == "127311923021" { // us-east-1's Elastic Load Balancing account, not ours
				continue
			}
			counts[m[1]]++
			if counts[m[1]] > counts[best] {
				best = m[1]
			}
		}
	}
	return best
}

// tail returns what follows the last sep in s ("cluster/x" -> "x").
func tail(s, sep string) string { return s[strings.LastIndex(s, sep)+1:] }

// check builds a message when a value breaks a constraint: "" when ok.
func check(ok bool, format string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// first returns the first non-empty message.
func first(msgs ...string) string {
	for _, m := range msgs {
		if m != "" {
			return m
		}
	}
	return ""
}

// versionAtLeast reports whether a dotted version is at least major.minor.
func versionAtLeast(v string, major, minor int) bool {
	var a, b int
	fmt.Sscanf(v, "%d.%d", &a, &b)
	return a > major || (a == major && b >= minor)
}
