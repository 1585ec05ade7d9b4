package stacks

import (
	"platform/components/data"
	"platform/components/network"
	"platform/internal/awsfacts"
)

// tierDefaults is what a tier gets wherever its stack file is silent.
type tierDefaults struct {
	// AZCount: production spans three zones to survive losing one with capacity left.
	AZCount int
	// NAT: dev reaches the internet through one fck-nat instance ($7 a
	// month against a gateway's $39); staging and production through
	// managed gateways, which scale and fail over on their own.
	NAT network.NATMode
	// NATGateways: one per zone in production so a zone outage cannot cut egress.
	NATGateways network.NATGatewayCount
	// InterfaceEndpoints keep AWS traffic off NAT and inside the VPC.
	InterfaceEndpoints bool
	// LogRetentionDays applies to every log group the stack creates.
	LogRetentionDays int
	// LogClass: dev's task logs and VPC flow log are read now and then,
	// with Logs Insights, so they go to Infrequent Access at half the
	// ingestion price; staging and production keep Standard for Live Tail
	// and filters.
	LogClass string
	// Protect keeps stateful resources from deletion, in AWS and in Pulumi.
	Protect bool
	// DBClass sizes an RDS database; Aurora keeps Serverless v2 unless set.
	DBClass string
	// DBMultiAZ keeps an RDS standby in another zone; AuroraInstances > 1 adds
	// an Aurora failover instance.
	DBMultiAZ       bool
	AuroraInstances int
	// MinACU: 0 lets an idle dev Aurora pause.
	MinACU float64
	// BackupDays keeps automated database backups.
	BackupDays int
	// CacheNodeType, CacheReplicas and CacheSnapshotDays size node-mode Valkey.
	CacheNodeType     string
	CacheReplicas     int
	CacheSnapshotDays int
	// BrokerInstance and BrokerMode size RabbitMQ.
	BrokerInstance string
	BrokerMode     data.BrokerMode
	// ImmutableTags: production never lets a tag move to another image.
	ImmutableTags bool
	// MinTasks, MaxTasks and SpotShare size every workload the catalog and
	// platform:sizes leave unsized: production runs two or more tasks on
	// regular Fargate; dev runs one, on Spot. The share also picks the
	// architecture (compute.ArchitectureFor): Fargate Spot runs only X86_64,
	// so dev and staging run X86_64 on Spot (about 70% off), production
	// ARM64 on demand (Graviton, about 20% off): the cheapest valid pair.
	MinTasks, MaxTasks, SpotShare int
	// ScheduleSpot runs dev's schedules on Fargate Spot (X86_64): a run
	// interrupted on dev is one missed run; elsewhere runs stay on demand.
	ScheduleSpot bool
	// Gate puts browser-facing hosts behind Cognito.
	Gate bool
	// WAFBehindGate keeps the regional web ACL even when every host is
	// behind the gate. Dev does without: its gate refuses every request
	// without a Cognito session at the load balancer, so the web ACL ($10
	// a month) would inspect only its own signed-in users' traffic. A
	// public host (no gate) always keeps it.
	WAFBehindGate bool
	// CDN keeps CloudFront in front of the services that ask for it. Dev
	// serves them straight from its load balancer, over TLS and behind the
	// gate like every other host: a distribution and its web ACL ($20 a
	// month) buy a dev stack nothing its few users would notice.
	CDN bool
	// AlarmPeriods is how many one-minute periods an alarm waits: production
	// pages sooner.
	AlarmPeriods int
	// VaultBackups and VaultBackupDays: AWS Backup of the database and buckets.
	VaultBackups    bool
	VaultBackupDays int
	// Ingress is alb or api-gateway (schema.Ingress*); "" is alb.
	Ingress string
}

var defaultsByTier = map[Tier]tierDefaults{
	Dev: {AZCount: 2, NAT: network.NATInstance, NATGateways: network.SingleNAT, InterfaceEndpoints: false, LogRetentionDays: 7, LogClass: awsfacts.LogClassInfrequentAccess, Protect: false,
		DBClass: "db.t4g.micro", DBMultiAZ: false, AuroraInstances: 1, MinACU: 0, BackupDays: 1,
		CacheNodeType: "cache.t4g.micro", CacheReplicas: 0, CacheSnapshotDays: 0,
		BrokerInstance: "mq.t3.micro", BrokerMode: data.SingleInstance, ImmutableTags: false,
		MinTasks: 1, MaxTasks: 2, SpotShare: 100, ScheduleSpot: true, Gate: true, WAFBehindGate: false, CDN: false, AlarmPeriods: 5, VaultBackups: false, VaultBackupDays: 7},
	Staging: {AZCount: 2, NAT: network.NATGateway, NATGateways: network.SingleNAT, InterfaceEndpoints: false, LogRetentionDays: 30, LogClass: awsfacts.LogClassStandard, Protect: false,
		DBClass: "db.t4g.small", DBMultiAZ: false, AuroraInstances: 1, MinACU: 0.5, BackupDays: 7,
		CacheNodeType: "cache.t4g.small", CacheReplicas: 0, CacheSnapshotDays: 1,
		BrokerInstance: "mq.t3.micro", BrokerMode: data.SingleInstance, ImmutableTags: false,
		MinTasks: 1, MaxTasks: 4, SpotShare: 50, ScheduleSpot: false, Gate: true, WAFBehindGate: true, CDN: true, AlarmPeriods: 3, VaultBackups: false, VaultBackupDays: 14},
	Production: {AZCount: 3, NAT: network.NATGateway, NATGateways: network.NATPerAZ, InterfaceEndpoints: true, LogRetentionDays: 90, LogClass: awsfacts.LogClassStandard, Protect: true,
		DBClass: "db.r7g.large", DBMultiAZ: true, AuroraInstances: 2, MinACU: 2, BackupDays: 14,
		CacheNodeType: "cache.r7g.large", CacheReplicas: 1, CacheSnapshotDays: 7,
		BrokerInstance: "mq.m5.large", BrokerMode: data.ClusterMultiAZ, ImmutableTags: true,
		MinTasks: 2, MaxTasks: 10, SpotShare: 0, ScheduleSpot: false, Gate: false, WAFBehindGate: true, CDN: true, AlarmPeriods: 2, VaultBackups: true, VaultBackupDays: 35},
}
