package cost

import (
	"fmt"
	"math"
	"strings"

	"platform/internal/graph"
)

// prices are the types that cost money.
var prices = map[string]pricer{
	"aws:apigatewayv2/api:Api":                          httpAPI,
	"awsx:ec2:Vpc":                                      natGateways,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                   interfaceEndpoint,
	"aws:ec2/instance:Instance":                         natInstance,
	"aws:ecs/service:Service":                           fargate,
	"aws:scheduler/schedule:Schedule":                   scheduledRuns,
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
	"aws:s3/bucketV2:BucketV2":                          bucket,
	"aws:ecr/repository:Repository":                     repository,
	"aws:sqs/queue:Queue":                               queue,
	"aws:ses/domainIdentity:DomainIdentity":             emails,
	"aws:backup/plan:Plan":                              backupPlan,
	"aws:lambda/function:Function":                      lambdaFunction,
	"aws:grafana/workspace:Workspace":                   grafanaWorkspace,

	// Cloud Map: only the namespace's hosted zone (cost/cloudmap.go).
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": cloudMapNamespace,
}

// egress is a month's data transfer out to the internet at the first-tier
// price; the 100 GB a month AWS waives per account is not deducted.
func egress(gb float64) float64 { return gb * dataOutPerGB }

func natGateways(p *pricing, r *graph.Resource) (float64, string) {
	zones := float64(len(asList(r.Input("availabilityZoneNames"))))
	var gateways float64
	switch r.Input("natGateways.strategy") {
	case "OnePerAz":
		gateways = zones
	case "Single":
		gateways = 1
	}
	if gateways == 0 {
		return 0, "no NAT gateway"
	}
	gb := p.use(p.opts.Usage.NAT.GBPerGateway, assumedNATGB)
	each := natHour*HoursPerMonth + publicIPv4*HoursPerMonth + gb*natPerGB + egress(gb)
	return gateways * each, fmt.Sprintf("%.0f NAT gateway(s) with their public IPv4, %.0f GB each a month processed and sent out", gateways, gb)
}

func interfaceEndpoint(_ *pricing, r *graph.Resource) (float64, string) {
	if r.Input("vpcEndpointType") != "Interface" {
		return 0, "gateway endpoints are free"
	}
	zones := float64(len(asList(r.Input("subnetIds"))))
	return zones * endpointHour * HoursPerMonth, fmt.Sprintf("%.0f zones; data processed not counted", zones)
}

func natInstance(p *pricing, _ *graph.Resource) (float64, string) {
	gb := p.use(p.opts.Usage.NAT.GBPerGateway, assumedNATGB)
	return (t4gNanoHour+publicIPv4)*HoursPerMonth + 8*ebsGP3PerGB + egress(gb),
		fmt.Sprintf("t4g.nano NAT instance, public IPv4, 8 GB disk, %.0f GB a month sent out", gb)
}

func loadBalancer(p *pricing, r *graph.Resource) (float64, string) {
	zones := float64(len(asList(r.Input("subnets"))))
	lcu := p.use(p.opts.Usage.LoadBalancer.LCU, assumedLCU)
	out := p.use(p.opts.Usage.LoadBalancer.DataOutGB, assumedALBOutGB)
	return (albHour+lcu*albLCUHour+zones*publicIPv4)*HoursPerMonth + egress(out),
		fmt.Sprintf("%.3g LCU on average, %.0f public IPv4 addresses, %.0f GB a month sent out", lcu, zones, out)
}

func rdsProxy(p *pricing, _ *graph.Resource) (float64, string) {
	cores := 2.0
	for _, db := range p.g.ByType("aws:rds/instance:Instance") {
		cores = math.Max(cores, vcpusOf(fmt.Sprint(db.Input("instanceClass"))))
	}
	return cores * proxyVCPUHour * HoursPerMonth, fmt.Sprintf("%.0f vCPUs of the database behind it (minimum 2)", cores)
}

// vcpusOf is a database class's vCPUs, read from its size ("db.r7g.xlarge": 4).
func vcpusOf(class string) float64 {
	return vcpus[class[strings.LastIndex(class, ".")+1:]]
}

func valkeyNodes(_ *pricing, r *graph.Resource) (float64, string) {
	nodes, class := num(r.Input("numCacheClusters")), fmt.Sprint(r.Input("nodeType"))
	return nodes * valkeyNodeHour[class] * HoursPerMonth, fmt.Sprintf("%.0f %s Valkey node(s)", nodes, class)
}

func valkeyServerless(*pricing, *graph.Resource) (float64, string) {
	return valkeyServerlessMinGB * valkeyServerlessGB * HoursPerMonth, "1 GB stored (the minimum billed); processing units not counted"
}

func mqBroker(_ *pricing, r *graph.Resource) (float64, string) {
	nodes := 1.0
	if r.Input("deploymentMode") == "CLUSTER_MULTI_AZ" {
		nodes = 3
	}
	class := fmt.Sprint(r.Input("hostInstanceType"))
	return nodes * mqHour[class] * HoursPerMonth, fmt.Sprintf("%.0f %s RabbitMQ node(s); storage not counted", nodes, class)
}

func cloudfront(p *pricing, _ *graph.Resource) (float64, string) {
	gb := p.use(p.opts.Usage.CDN.GB, assumedCDNGB)
	requests := p.use(p.opts.Usage.CDN.MillionRequests, assumedCDNMillionRequests)
	return gb*cloudfrontPerGB + requests*1e6/10000*cloudfrontPer10k,
		fmt.Sprintf("%.0f GB and %.3gM HTTPS requests a month, North America and Europe", gb, requests)
}

func waf(p *pricing, r *graph.Resource) (float64, string) {
	rules := float64(len(asList(r.Input("rules"))))
	requests := p.use(p.opts.Usage.WAF.MillionRequests, assumedWAFRequests)
	return wafACLMonth + rules*wafRuleMonth + requests*wafPerMillion,
		fmt.Sprintf("%.0f rules, %.3gM requests a month", rules, requests)
}

func bucket(p *pricing, _ *graph.Resource) (float64, string) {
	gb := p.use(p.opts.Usage.Buckets.GB, assumedBucketGB)
	return gb * s3PerGB, fmt.Sprintf("%.3g GB stored", gb)
}

func repository(p *pricing, _ *graph.Resource) (float64, string) {
	gb := p.use(p.opts.Usage.Images.GBPerRepository, assumedImageGB)
	return gb * ecrPerGB, fmt.Sprintf("%.3g GB of images kept", gb)
}

func queue(p *pricing, _ *graph.Resource) (float64, string) {
	requests := p.use(p.opts.Usage.Queues.MillionRequests, assumedQueueRequests)
	return requests * sqsPerMillion, fmt.Sprintf("%.3gM requests a month", requests)
}

func emails(p *pricing, _ *graph.Resource) (float64, string) {
	n := p.use(p.opts.Usage.Emails.PerMonth, assumedEmails)
	return n / 1000 * sesPerThousand, fmt.Sprintf("%.0f emails a month", n)
}

func backupPlan(p *pricing, _ *graph.Resource) (float64, string) {
	db := p.use(p.opts.Usage.Backups.DatabaseGB, assumedBackupDBGB)
	buckets := p.use(p.opts.Usage.Backups.BucketGB, assumedBackupBucketGB)
	return db*backupRDSPerGB + buckets*backupS3PerGB,
		fmt.Sprintf("%.0f GB of database and %.0f GB of bucket recovery points", db, buckets)
}
