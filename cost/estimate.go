package cost

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

// Item is one resource's monthly cost.
type Item struct {
	URN        string  `json:"urn"`
	Type       string  `json:"type"`
	Name       string  `json:"-"`
	Layer      string  `json:"-"`
	Monthly    float64 `json:"monthly"`
	Assumption string  `json:"assumption"`
}

// Estimate is a graph's monthly cost.
type Estimate struct {
	Currency     string  `json:"currency"`
	MonthlyTotal float64 `json:"monthlyTotal"`
	Source       string  `json:"source"`
	Items        []Item  `json:"items"`
}

// ByLayer sums the items per top-level component (network, data, ...).
func (e Estimate) ByLayer() map[string]float64 {
	out := map[string]float64{}
	for _, i := range e.Items {
		out[i.Layer] += i.Monthly
	}
	return out
}

// pricer prices one resource; region scales the result.
type pricer func(r *graph.Resource, g *graph.Graph) (monthly float64, assumption string)

// Free are the types the platform creates that cost nothing by themselves.
var Free = map[string]string{
	"pulumi:providers:aws":                                                                       "not an AWS resource",
	"pulumi:pulumi:StackReference":                                                               "not an AWS resource",
	"random:index/randomPassword:RandomPassword":                                                 "not an AWS resource",
	"command:local:Command":                                                                      "runs on the deploying machine; its task is priced as Fargate time it uses, seconds a deploy",
	"aws:ec2/securityGroup:SecurityGroup":                                                        "free",
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":                                          "free",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":                                  "free",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":                                    "free",
	"aws:ec2/vpcEndpoint:VpcEndpoint":                                                            "", // priced when an interface endpoint, free as a gateway
	"aws:ec2/route:Route":                                                                        "free",
	"aws:iam/role:Role":                                                                          "free",
	"aws:iam/rolePolicy:RolePolicy":                                                              "free",
	"aws:iam/policy:Policy":                                                                      "free",
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":                                          "free",
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":                                        "free",
	"aws:acm/certificate:Certificate":                                                            "public ACM certificates are free",
	"aws:acm/certificateValidation:CertificateValidation":                                        "free",
	"aws:route53/record:Record":                                                                  "records are free; queries are in the zone's price",
	"aws:cognito/userPool:UserPool":                                                              "free up to 10,000 monthly active users (invited stakeholders)",
	"aws:cognito/userPoolClient:UserPoolClient":                                                  "free",
	"aws:cognito/userPoolDomain:UserPoolDomain":                                                  "free",
	"aws:ses/domainIdentityVerification:DomainIdentityVerification":                              "free",
	"aws:ses/domainDkim:DomainDkim":                                                              "free",
	"aws:ses/mailFrom:MailFrom":                                                                  "free",
	"aws:rds/subnetGroup:SubnetGroup":                                                            "free",
	"aws:rds/parameterGroup:ParameterGroup":                                                      "free",
	"aws:rds/clusterParameterGroup:ClusterParameterGroup":                                        "free",
	"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":                                    "priced with the proxy",
	"aws:rds/proxyTarget:ProxyTarget":                                                            "priced with the proxy",
	"aws:elasticache/subnetGroup:SubnetGroup":                                                    "free",
	"aws:secretsmanager/secretVersion:SecretVersion":                                             "priced with the secret",
	"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy":                                              "free",
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     "free",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     "free",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "free",
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               "free",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       "free",
	"aws:s3/bucketPolicy:BucketPolicy":                                                           "free",
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                                                     "log objects are priced as storage of the log bucket",
	"aws:ecr/lifecyclePolicy:LifecyclePolicy":                                                    "free",
	"aws:ecs/cluster:Cluster":                                                                    "free; tasks are priced on their services",
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders":                                  "free",
	"aws:ecs/taskDefinition:TaskDefinition":                                                      "priced on the service that runs it",
	"aws:lb/targetGroup:TargetGroup":                                                             "free",
	"aws:lb/listener:Listener":                                                                   "free",
	"aws:lb/listenerRule:ListenerRule":                                                           "free",
	"aws:wafv2/webAclAssociation:WebAclAssociation":                                              "free",
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":                               "the namespace's hosted zone is $0.50; counted as one zone",
	"aws:servicediscovery/service:Service":                                                       "free for ECS-registered instances",
	"aws:appautoscaling/target:Target":                                                           "free",
	"aws:appautoscaling/policy:Policy":                                                           "free",
	"aws:scheduler/schedule:Schedule":                                                            "free: 43,200 runs a month are within the 14 million free invocations",
	"aws:sfn/stateMachine:StateMachine":                                                          "free: a restart per rotation, a few state transitions a week, within the 4,000 free a month",
	"aws:cloudwatch/eventRule:EventRule":                                                         "free: AWS service events on the default bus",
	"aws:cloudwatch/eventTarget:EventTarget":                                                     "free",
	"aws:sns/topicPolicy:TopicPolicy":                                                            "free",
	"aws:sns/topicSubscription:TopicSubscription":                                                "free at alert volumes",
	"aws:sns/topic:Topic":                                                                        "free at alert volumes",
	"aws:backup/vault:Vault":                                                                     "recovery points are priced on the plan",
	"aws:backup/selection:Selection":                                                             "priced on the plan",
	"aws:ec2/flowLog:FlowLog":                                                                    "ingestion is priced on its log group",
	"aws:grafana/roleAssociation:RoleAssociation":                                                "its users are priced on the workspace",
	"aws:grafana/workspaceSamlConfiguration:WorkspaceSamlConfiguration":                          "free",
	"aws:grafana/workspaceServiceAccount:WorkspaceServiceAccount":                                "free: service accounts are not users",
}

// prices are the types that cost money.
var prices = map[string]pricer{
	"awsx:ec2:Vpc":                                      natGateways,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                   interfaceEndpoint,
	"aws:ec2/instance:Instance":                         natInstance,
	"aws:ecs/service:Service":                           fargate,
	"aws:lb/loadBalancer:LoadBalancer":                  loadBalancer,
	"aws:rds/instance:Instance":                         rdsInstance,
	"aws:rds/cluster:Cluster":                           auroraCluster,
	"aws:rds/clusterInstance:ClusterInstance":           auroraInstance,
	"aws:rds/proxy:Proxy":                               rdsProxy,
	"aws:elasticache/replicationGroup:ReplicationGroup": valkeyNodes,
	"aws:elasticache/serverlessCache:ServerlessCache":   valkeyServerless,
	"aws:mq/broker:Broker":                              mqBroker,
	"aws:cloudfront/distribution:Distribution":          cloudfront,
	"aws:wafv2/webAcl:WebAcl":                           waf,
	"aws:route53/zone:Zone":                             flat(zoneMonth, "hosted zone; 1M queries a month"),
	"aws:secretsmanager/secret:Secret":                  flat(secretMonth, "per secret"),
	"aws:kms/key:Key":                                   flat(kmsKeyMonth, "per key"),
	"aws:cloudwatch/metricAlarm:MetricAlarm":            flat(alarmMonth, "standard-resolution alarm"),
	"aws:cloudwatch/dashboard:Dashboard":                flat(dashboardMonth, "per dashboard"),
	"aws:cloudwatch/logGroup:LogGroup":                  logGroup,
	"aws:s3/bucketV2:BucketV2":                          flat(assumedBucketGB*s3PerGB, fmt.Sprintf("%.0f GB stored", assumedBucketGB)),
	"aws:ecr/repository:Repository":                     flat(assumedImageGB*ecrPerGB, fmt.Sprintf("%.0f GB of images kept", assumedImageGB)),
	"aws:sqs/queue:Queue":                               flat(assumedQueueRequests*sqsPerMillion, fmt.Sprintf("%.0fM requests a month", assumedQueueRequests)),
	"aws:ses/domainIdentity:DomainIdentity":             flat(assumedEmails/1000*sesPerThousand, fmt.Sprintf("%.0f emails a month", assumedEmails)),
	"aws:backup/plan:Plan":                              backupPlan,
	"aws:grafana/workspace:Workspace":                   grafanaWorkspace,
}

func flat(monthly float64, assumption string) pricer {
	return func(*graph.Resource, *graph.Graph) (float64, string) { return monthly, assumption }
}

func num(v any) float64 {
	switch t := v.(type) {
	case float64:
		return t
	case string:
		f, _ := strconv.ParseFloat(t, 64)
		return f
	}
	return 0
}

func natGateways(r *graph.Resource, _ *graph.Graph) (float64, string) {
	zones := float64(len(asList(r.Input("availabilityZoneNames"))))
	var gateways float64
	switch r.Input("natGateways.strategy") {
	case "OnePerAz":
		gateways = zones
	case "Single":
		gateways = 1
	}
	each := natHour*HoursPerMonth + publicIPv4*HoursPerMonth + assumedNATGB*natPerGB
	return gateways * each, fmt.Sprintf("%.0f NAT gateway(s) with their public IPv4, %.0f GB each a month", gateways, assumedNATGB)
}

func interfaceEndpoint(r *graph.Resource, _ *graph.Graph) (float64, string) {
	if r.Input("vpcEndpointType") != "Interface" {
		return 0, "gateway endpoints are free"
	}
	zones := float64(len(asList(r.Input("subnetIds"))))
	return zones * endpointHour * HoursPerMonth, fmt.Sprintf("%.0f zones; data processed not counted", zones)
}

func natInstance(*graph.Resource, *graph.Graph) (float64, string) {
	return (t4gNanoHour+publicIPv4)*HoursPerMonth + 8*ebsGP3PerGB, "t4g.nano NAT instance, public IPv4, 8 GB disk"
}

// fargate prices a service's running tasks: its task definition's size, the
// desired count, the first task on Fargate and the rest split by the weights.
func fargate(r *graph.Resource, g *graph.Graph) (float64, string) {
	var task *graph.Resource
	for _, sibling := range g.ChildrenOf(r.Parent) {
		if sibling.Type == "aws:ecs/taskDefinition:TaskDefinition" {
			task = sibling
		}
	}
	if task == nil {
		return 0, "no task definition found"
	}
	count := num(r.Input("desiredCount"))
	cpu, memory := num(task.Input("cpu"))/1024, num(task.Input("memory"))/1024
	vcpu, gb, arch := fargateVCPUArm, fargateGBArm, "ARM64"
	if task.Input("runtimePlatform.cpuArchitecture") == "X86_64" {
		vcpu, gb, arch = fargateVCPUX86, fargateGBX86, "X86_64"
	}
	perTask := (cpu*vcpu + memory*gb) * HoursPerMonth
	onDemand, spot := count, 0.0
	var base, regular, spotWeight float64
	for _, p := range asList(r.Input("capacityProviderStrategies")) {
		m, _ := p.(map[string]any)
		if m["capacityProvider"] == "FARGATE_SPOT" {
			spotWeight = num(m["weight"])
		} else {
			regular, base = num(m["weight"]), num(m["base"])
		}
	}
	if spotWeight > 0 && !awsfacts.SpotRuns(arch) {
		// Fargate Spot places no ARM64 task: no Spot price for what cannot run.
		return count * perTask, fmt.Sprintf("%.0f task(s) of %.2g vCPU / %.2g GB %s around the clock, on demand: Fargate Spot runs no %s task",
			count, cpu, memory, arch, arch)
	}
	if spotWeight > 0 && count > 0 {
		first := math.Min(base, count)
		spot = (count - first) * spotWeight / (regular + spotWeight)
		onDemand = count - spot
	}
	monthly := onDemand*perTask + spot*perTask*(1-fargateSpotDiscount)
	return monthly, fmt.Sprintf("%.0f task(s) of %.2g vCPU / %.2g GB %s around the clock, %.1f on Spot at %.0f%% off",
		count, cpu, memory, arch, spot, fargateSpotDiscount*100)
}

func loadBalancer(r *graph.Resource, _ *graph.Graph) (float64, string) {
	zones := float64(len(asList(r.Input("subnets"))))
	return (albHour + assumedLCU*albLCUHour + zones*publicIPv4) * HoursPerMonth,
		fmt.Sprintf("%.0f LCU on average, %.0f public IPv4 addresses", assumedLCU, zones)
}

func rdsInstance(r *graph.Resource, _ *graph.Graph) (float64, string) {
	class := fmt.Sprint(r.Input("instanceClass"))
	copies := 1.0
	if r.Input("multiAz") == true {
		copies = 2
	}
	storage := num(r.Input("allocatedStorage"))
	return copies * (rdsHour[class]*HoursPerMonth + storage*gp3PerGB),
		fmt.Sprintf("%s x%.0f (Multi-AZ doubles), %.0f GB gp3; backups within the free allowance", class, copies, storage)
}

func auroraCluster(*graph.Resource, *graph.Graph) (float64, string) {
	return assumedDBStorageGB * auroraStoragePerGB, fmt.Sprintf("%.0f GB Aurora storage; I/O not counted", assumedDBStorageGB)
}

func auroraInstance(r *graph.Resource, g *graph.Graph) (float64, string) {
	class := fmt.Sprint(r.Input("instanceClass"))
	if class != "db.serverless" {
		return auroraHour[class] * HoursPerMonth, class
	}
	for _, c := range g.ByType("aws:rds/cluster:Cluster") {
		if c.ID == r.Input("clusterIdentifier") {
			acu := num(c.Input("serverlessv2ScalingConfiguration.minCapacity"))
			return acu * auroraACUHour * HoursPerMonth, fmt.Sprintf("held at its minimum of %.1f ACU; bursts cost more", acu)
		}
	}
	return 0, "cluster not found"
}

func rdsProxy(r *graph.Resource, g *graph.Graph) (float64, string) {
	cores := 2.0
	for _, db := range g.ByType("aws:rds/instance:Instance") {
		class := fmt.Sprint(db.Input("instanceClass"))
		cores = math.Max(cores, vcpus[class[strings.LastIndex(class, ".")+1:]])
	}
	return cores * proxyVCPUHour * HoursPerMonth, fmt.Sprintf("%.0f vCPUs of the database behind it (minimum 2)", cores)
}

func valkeyNodes(r *graph.Resource, _ *graph.Graph) (float64, string) {
	nodes, class := num(r.Input("numCacheClusters")), fmt.Sprint(r.Input("nodeType"))
	return nodes * valkeyNodeHour[class] * HoursPerMonth, fmt.Sprintf("%.0f %s Valkey node(s)", nodes, class)
}

func valkeyServerless(*graph.Resource, *graph.Graph) (float64, string) {
	return valkeyServerlessMinGB * valkeyServerlessGB * HoursPerMonth, "1 GB stored (the minimum billed); processing units not counted"
}

func mqBroker(r *graph.Resource, _ *graph.Graph) (float64, string) {
	nodes := 1.0
	if r.Input("deploymentMode") == "CLUSTER_MULTI_AZ" {
		nodes = 3
	}
	class := fmt.Sprint(r.Input("hostInstanceType"))
	return nodes * mqHour[class] * HoursPerMonth, fmt.Sprintf("%.0f %s RabbitMQ node(s); storage not counted", nodes, class)
}

func cloudfront(*graph.Resource, *graph.Graph) (float64, string) {
	return assumedCDNGB*cloudfrontPerGB + assumedCDNRequests/10000*cloudfrontPer10k,
		fmt.Sprintf("%.0f GB and %.0fM HTTPS requests a month, North America and Europe", assumedCDNGB, assumedCDNRequests/1e6)
}

func waf(r *graph.Resource, _ *graph.Graph) (float64, string) {
	rules := float64(len(asList(r.Input("rules"))))
	return wafACLMonth + rules*wafRuleMonth + assumedWAFRequests*wafPerMillion,
		fmt.Sprintf("%.0f rules, %.0fM requests a month", rules, assumedWAFRequests)
}

func logGroup(r *graph.Resource, _ *graph.Graph) (float64, string) {
	gb := assumedLogsGB
	if strings.HasPrefix(fmt.Sprint(r.Input("name")), "/vpc/") {
		gb = assumedFlowLogsGB
	}
	return gb * logsPerGB, fmt.Sprintf("%.0f GB ingested a month; storage within retention not counted", gb)
}

func backupPlan(r *graph.Resource, _ *graph.Graph) (float64, string) {
	return assumedBackupDBGB*backupRDSPerGB + assumedBackupBucketGB*backupS3PerGB,
		fmt.Sprintf("%.0f GB of database and %.0f GB of bucket recovery points", assumedBackupDBGB, assumedBackupBucketGB)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// Priced reports whether the estimate knows a type, as priced or as free.
func Priced(typ string) bool {
	_, priced := prices[typ]
	_, free := Free[typ]
	return priced || free
}

// Of estimates a graph's monthly cost. Components are skipped; every other
// resource is priced, declared free, or reported as unpriced.
func Of(g *graph.Graph) Estimate {
	e := Estimate{Currency: "USD", Source: PriceSource, Items: []Item{}}
	regionOf := map[string]float64{}
	for _, p := range g.ByType("pulumi:providers:aws") {
		factor, ok := RegionFactors[fmt.Sprint(p.Input("region"))]
		if !ok {
			factor = 1
		}
		regionOf[p.URN] = factor
	}
	for _, r := range g.Resources {
		if !r.Custom && !r.Remote {
			continue
		}
		item := Item{URN: r.URN, Type: r.Type, Name: r.Name, Layer: layerOf(g, r)}
		if price, ok := prices[r.Type]; ok {
			item.Monthly, item.Assumption = price(r, g)
			if factor, ok := regionOf[r.Provider]; ok {
				item.Monthly *= factor
			}
		} else if why, ok := Free[r.Type]; ok {
			item.Assumption = why
		} else {
			item.Assumption = "not priced: add it to the cost package"
		}
		item.Monthly = math.Round(item.Monthly*100) / 100
		e.MonthlyTotal += item.Monthly
		e.Items = append(e.Items, item)
	}
	e.MonthlyTotal = math.Round(e.MonthlyTotal*100) / 100
	sort.SliceStable(e.Items, func(i, j int) bool { return e.Items[i].Monthly > e.Items[j].Monthly })
	return e
}

// layerOf is the top-level component a resource belongs to, or "stack".
func layerOf(g *graph.Graph, r *graph.Resource) string {
	layer := "stack"
	for p := g.Get(r.Parent); p != nil; p = g.Get(p.Parent) {
		layer = p.Name
		if p.Type == "platform:compute:FargateService" || p.Type == "platform:compute:WorkerService" ||
			p.Type == "platform:compute:ScheduledTask" || p.Type == "platform:compute:MigrationTask" {
			layer = "workloads"
		}
	}
	return layer
}
