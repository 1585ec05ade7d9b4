// Package cost estimates what a stack's graph costs per month, offline, from
// a dated on-demand price table. Usage-driven items state their assumption.
package cost

// PriceSource says where the table comes from and when it was taken.
//
// Source: the AWS public on-demand pricing pages (Fargate, Elastic Load
// Balancing, VPC, RDS, Aurora, ElastiCache, Amazon MQ, CloudFront, WAF,
// Route 53, Secrets Manager, KMS, CloudWatch, S3, ECR, SQS, AWS Backup, SES,
// EC2 data transfer, "Amazon RDS Extended Support costs"), us-east-1, Linux,
// USD, as published in mid-2025 and carried into this file on 2026-11-23.
// Other regions are priced with RegionFactors; a region not there is not
// priced at all. Re-check before budgeting.
//
// Re-checked on 2026-12-01 against stored copies (the pricing pages render
// their tables with scripts, so the figures come from copies that quote
// them; none differed from this file): NAT gateway $0.045/h and $0.045/GB,
// public IPv4 $0.005/h, data out to the internet $0.09/GB for the first
// 10 TB ("Amazon VPC pricing" https://aws.amazon.com/vpc/pricing/, "Amazon
// EC2 On-Demand Pricing" https://aws.amazon.com/ec2/pricing/on-demand/);
// CloudWatch Logs ingestion $0.50/GB Standard ("Amazon CloudWatch Pricing"
// https://aws.amazon.com/cloudwatch/pricing/; Infrequent Access is $0.25);
// WAF $5 per web ACL-month, $1 per rule-month, $0.60 per million requests
// ("AWS WAF Pricing" https://aws.amazon.com/waf/pricing/); RDS Extended
// Support $0.100 per vCPU-hour in years 1-2 and $0.200 in year 3 ("Amazon
// RDS for PostgreSQL Pricing" https://aws.amazon.com/rds/postgresql/pricing/).
// Aurora Serverless v2 Extended Support is quoted at $0.085 per ACU-hour
// (years 1-2) and $0.17 (year 3), under the vCPU rate this file applies to
// ACUs: the estimate overstates it by 15 percent. Not re-verified (from
// memory): the ALB hour and LCU, Fargate, RDS, Aurora, ElastiCache (Valkey
// cache.t4g.micro $0.0128/h) and Amazon MQ (mq.t3.micro) instance prices and
// the other monthly prices. The 100 GB a month of free data transfer out
// (all services together) is not subtracted.
//
// Cloud Map (re-checked 2026-12-02, cost/cloudmap.go): only the namespace's
// Route 53 hosted zone is priced; its per-instance and per-call rates were
// not reachable.
const PriceSource = "AWS public on-demand prices, us-east-1, USD, mid-2025 list (dated 2026-11-23, partly re-checked 2026-12-01: see cost/prices.go)"

// HoursPerMonth is AWS's billing month.
const HoursPerMonth = 730

// Hourly prices (USD).
const (
	fargateVCPUArm = 0.03238
	fargateGBArm   = 0.00356
	fargateVCPUX86 = 0.04048
	fargateGBX86   = 0.004445
	// fargateSpotDiscount is the typical Fargate Spot saving.
	fargateSpotDiscount = 0.70

	albHour       = 0.0225
	albLCUHour    = 0.008
	publicIPv4    = 0.005
	natHour       = 0.045
	natPerGB      = 0.045
	endpointHour  = 0.01
	t4gNanoHour   = 0.0042
	auroraACUHour = 0.12
	proxyVCPUHour = 0.015
	// RDS Extended Support, per vCPU-hour (Aurora Serverless v2: per
	// ACU-hour), RDS and Aurora alike: years one and two after standard
	// support ends, then year three at twice the rate.
	extendedSupportHour      = 0.100
	extendedSupportYear3Hour = 0.200
)

// Monthly prices (USD).
const (
	gp3PerGB           = 0.115
	auroraStoragePerGB = 0.10
	ebsGP3PerGB        = 0.08
	s3PerGB            = 0.023
	ecrPerGB           = 0.10
	secretMonth        = 0.40
	kmsKeyMonth        = 1.00
	alarmMonth         = 0.10
	dashboardMonth     = 3.00
	zoneMonth          = 0.50
	wafACLMonth        = 5.00
	wafRuleMonth       = 1.00
	wafPerMillion      = 0.60
	logsPerGB          = 0.50
	// logsIAPerGB is ingestion into an Infrequent Access log group
	// (CloudWatch pricing page, "Logs": Standard 0.50, Infrequent Access
	// 0.25 per GB).
	logsIAPerGB = 0.25
	// vendedLogsPerGB and vendedLogsIAPerGB are vended logs (the VPC flow
	// log) delivered to a Standard and to an Infrequent Access log group,
	// first 10 TB a month (usage types VendedLog-Bytes and
	// VendedLogIA-Bytes, CloudWatch User Guide, "Analyzing, optimizing, and
	// reducing CloudWatch costs"; the rates as the AWS Price List gives
	// them for us-east-2, quoted in a stored calculator guide, 2026-12-02:
	// 0.50 and 0.25, then 0.25/0.15, 0.10/0.075 and 0.05 past 10, 30 and
	// 50 TB; the pricing page itself was not reachable).
	vendedLogsPerGB    = 0.50
	vendedLogsIAPerGB  = 0.25
	cloudfrontPerGB    = 0.085
	cloudfrontPer10k   = 0.01
	sqsPerMillion      = 0.40
	backupRDSPerGB     = 0.095
	backupS3PerGB      = 0.05
	sesPerThousand     = 0.10
	valkeyServerlessGB = 0.084
	// dataOutPerGB is data transfer out to the internet, first 10 TB a month.
	dataOutPerGB = 0.09
)

// Usage assumptions for usage-driven items: the defaults a usage file
// overrides (usage.go names the keys).
const (
	assumedLCU                = 1.0  // average load balancer capacity units
	assumedNATGB              = 50.0 // GB through each NAT per month
	assumedDBStorageGB        = 20.0 // Aurora storage, GB
	assumedLogsGB             = 5.0  // ingested per log group per month
	assumedFlowLogsGB         = 10.0 // VPC flow logs per month
	assumedBucketGB           = 10.0 // stored per bucket
	assumedImageGB            = 2.0  // stored per repository
	assumedCDNGB              = 100.0
	assumedCDNMillionRequests = 1.0
	assumedALBOutGB           = 20.0 // sent from each load balancer to the internet
	assumedMinutesPerRun      = 1.0  // one scheduled task run
	assumedWAFRequests        = 1.0  // million per month
	assumedQueueRequests      = 1.0  // million per month per queue
	assumedEmails             = 10_000.0
	assumedBackupDBGB         = 20.0
	assumedBackupBucketGB     = 10.0
	valkeyServerlessMinGB     = 1.0
)

// rdsHour are single-AZ PostgreSQL prices per instance class; MySQL is
// priced the same (within a few percent).
var rdsHour = map[string]float64{
	"db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065, "db.t4g.large": 0.129,
	"db.t4g.xlarge": 0.258, "db.t4g.2xlarge": 0.517,
	"db.m6g.large": 0.159, "db.m6g.xlarge": 0.318, "db.m6g.2xlarge": 0.636, "db.m6g.4xlarge": 1.272,
	"db.m7g.large": 0.168, "db.m7g.xlarge": 0.337, "db.m7g.2xlarge": 0.673, "db.m7g.4xlarge": 1.346,
	"db.r6g.large": 0.225, "db.r6g.xlarge": 0.45, "db.r6g.2xlarge": 0.899, "db.r6g.4xlarge": 1.798,
	"db.r7g.large": 0.239, "db.r7g.xlarge": 0.478, "db.r7g.2xlarge": 0.956, "db.r7g.4xlarge": 1.912,
}

// auroraHour are Aurora PostgreSQL provisioned prices per class.
var auroraHour = map[string]float64{
	"db.t4g.medium": 0.073, "db.t4g.large": 0.146,
	"db.r6g.large": 0.26, "db.r6g.xlarge": 0.519, "db.r6g.2xlarge": 1.038, "db.r6g.4xlarge": 2.076,
	"db.r7g.large": 0.276, "db.r7g.xlarge": 0.552, "db.r7g.2xlarge": 1.104, "db.r7g.4xlarge": 2.208,
}

// vcpus of database classes, for RDS Proxy.
var vcpus = map[string]float64{"micro": 2, "small": 2, "medium": 2, "large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16}

// valkeyNodeHour are Valkey node prices (20% under Redis OSS).
var valkeyNodeHour = map[string]float64{
	"cache.t4g.micro": 0.0128, "cache.t4g.small": 0.0256, "cache.t4g.medium": 0.052,
	"cache.m7g.large": 0.1264, "cache.r7g.large": 0.1752, "cache.r7g.xlarge": 0.3504,
}

// mqHour are RabbitMQ broker instance prices; a cluster runs three.
var mqHour = map[string]float64{"mq.t3.micro": 0.0216, "mq.m5.large": 0.288, "mq.m5.xlarge": 0.576, "mq.m5.2xlarge": 1.152, "mq.m5.4xlarge": 2.304}

// RegionFactors scale us-east-1 prices to the other regions the table knows
// (EU list prices run 5 to 20 percent higher: eu-west-1's NAT gateway hour is
// 0.048 against 0.045, its ALB hour 0.0252 against 0.0225). A region not
// listed is not priced: its resources say so and the estimate lists it,
// rather than showing us-east-1 prices for it.
var RegionFactors = map[string]float64{"us-east-1": 1, "us-east-2": 1, "us-west-2": 1, "eu-west-1": 1.1, "eu-central-1": 1.15}
