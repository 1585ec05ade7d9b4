package awsfacts

import "slices"

// Service is an AWS service, or a feature of one, that the platform uses and
// that not every Region offers.
type Service string

// The services and features the platform uses. Only those a document below
// places in Regions have availability data; the rest answer Unknown everywhere
// until someone reads a document for them.
const (
	ECS                     Service = "ecs"
	FargateLinux            Service = "fargate-linux"
	FargateSpot             Service = "fargate-spot"
	FargateARM64            Service = "fargate-arm64"
	RDS                     Service = "rds"
	RDSPostgreSQL           Service = "rds-postgresql"
	RDSMySQL                Service = "rds-mysql"
	AuroraServerlessV2MySQL Service = "aurora-serverless-v2-mysql"
	AuroraServerlessV2PG    Service = "aurora-serverless-v2-postgresql"
	ElastiCache             Service = "elasticache"
	ElastiCacheServerless   Service = "elasticache-serverless-valkey"
	AmazonMQ                Service = "mq"
	CognitoUserPools        Service = "cognito-user-pools"
	SES                     Service = "ses"
	WAFv2                   Service = "wafv2"
	CloudFront              Service = "cloudfront"
	ECR                     Service = "ecr"
	ECRReplication          Service = "ecr-replication"
	Lambda                  Service = "lambda"
	APIGateway              Service = "apigateway"
	APIGatewayHTTPAPIs      Service = "apigateway-http-apis"
	ManagedGrafana          Service = "grafana"
	Backup                  Service = "backup"
)

// Availability is what the documents say of a service in a Region.
type Availability int

// The availabilities.
const (
	// Unknown: no document read for the table says either way.
	Unknown Availability = iota
	// Available: a document lists the service in the Region.
	Available
	// Unavailable: the document that lists the service's Regions leaves this one out.
	Unavailable
)

func (a Availability) String() string {
	return [...]string{"unknown", "available", "unavailable"}[a]
}

// serviceRegions is one service's availability and the document it comes from.
type serviceRegions struct {
	// in are Regions the document lists the service in.
	in []string
	// out are Regions the document says lack it.
	out []string
	// elsewhere is the availability in the other Regions: Available for a
	// global service or one whose document lists only the gaps, Unavailable
	// when `in` is a complete list, Unknown when it was read only in part.
	elsewhere Availability
	document  string
}

var endpointsDocument = "botocore/data/endpoints.json, aws partition (botocore commit 0e6e240, 2026-08-07): the Regions with a service endpoint"

var _ = register(Source{
	Table: "service availability per Region",
	Document: endpointsDocument + "; Amazon ECS developer guide \"Supported Regions for Amazon ECS on AWS Fargate\" https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AWS_Fargate-Regions.html; " +
		"Amazon Aurora user guide \"Supported Regions and Aurora DB engines for Aurora Serverless v2\" https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.ServerlessV2.html. " +
		"Stored copies; the Fargate and Serverless v2 tables were read only in part, so Regions they did not show stay unknown.",
	Checked: day("2026-12-01"),
})

var allRegions = serviceRegions{elsewhere: Available, document: endpointsDocument}

// services holds the availability that documents state; services missing
// here are Unknown everywhere.
var services = map[Service]serviceRegions{
	ECS:              allRegions,
	RDS:              allRegions,
	ElastiCache:      allRegions,
	AmazonMQ:         allRegions,
	CognitoUserPools: allRegions,
	WAFv2:            allRegions,
	Lambda:           allRegions,
	APIGateway:       allRegions,
	Backup:           allRegions,
	ECR:              allRegions,
	CloudFront:       {elsewhere: Available, document: "CloudFront is a global service; its API and certificates live in us-east-1"},
	SES: {elsewhere: Available, document: endpointsDocument + " (email)", out: []string{
		"ap-east-1", "ap-east-2", "ap-southeast-4", "ap-southeast-6", "ap-southeast-7", "eu-south-2", "mx-central-1"}},
	ManagedGrafana: {elsewhere: Unavailable, document: endpointsDocument + " (grafana); the same 10 Regions in \"Amazon Managed Grafana endpoints and quotas\" https://docs.aws.amazon.com/general/latest/gr/grafana-service.html", in: []string{
		"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1", "eu-west-2",
		"us-east-1", "us-east-2", "us-west-2"}},
	// The page notes us-west-1 (usw1-az1 and usw1-az3 only) and ap-northeast-1
	// (apne1-az1, apne1-az2 and apne1-az4 only); see FargateZoneIDs.
	FargateLinux: {elsewhere: Unknown, document: "Supported Regions for Amazon ECS on AWS Fargate, Linux containers (read in part)", in: []string{
		"us-east-2", "us-east-1", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "af-south-1",
		"ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-2", "ap-southeast-1",
		"ap-southeast-2", "ap-southeast-7", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5"}},
	AuroraServerlessV2MySQL: {elsewhere: Unknown, document: "Supported Regions and Aurora DB engines for Aurora Serverless v2, Aurora MySQL version 3 (read in part)", in: []string{
		"us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3",
		"ap-southeast-5", "ap-southeast-4", "ap-south-1"}},
}

// Service says whether the documents place a service in the Region.
func (r Region) Service(s Service) Availability {
	sr, ok := services[s]
	switch {
	case !ok:
		return Unknown
	case slices.Contains(sr.in, r.Name):
		return Available
	case slices.Contains(sr.out, r.Name):
		return Unavailable
	}
	return sr.elsewhere
}

// ServiceDocument names the document a service's availability comes from;
// empty when no document has been read for it.
func ServiceDocument(s Service) string { return services[s].document }

// fargateZoneIDs are the only zones Fargate runs in where it is limited.
var fargateZoneIDs = map[string][]string{
	"us-west-1":      {"usw1-az1", "usw1-az3"},
	"ap-northeast-1": {"apne1-az1", "apne1-az2", "apne1-az4"},
}

// FargateZoneIDs are the zone IDs Fargate (Linux) runs in: all the Region's
// zones except where the Fargate Regions page limits them.
func (r Region) FargateZoneIDs() []string {
	if ids, ok := fargateZoneIDs[r.Name]; ok {
		return slices.Clone(ids)
	}
	return slices.Clone(r.ZoneIDs)
}
