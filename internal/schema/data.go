package schema

// Data is `data`: the durable state. A part that is absent is off.
type Data struct {
	// Database is PostgreSQL, MySQL or Aurora, with TLS and an RDS-managed secret.
	Database *Database `json:"database"`
	// Cache is Valkey, encrypted in transit and at rest.
	Cache *Cache `json:"cache"`
	// Broker is Amazon MQ for RabbitMQ.
	Broker *Broker `json:"broker"`
	// Queues are SQS queues, each with a dead-letter queue.
	Queues []Queue `json:"queues"`
	// Buckets are private, versioned, encrypted S3 buckets.
	Buckets []Bucket `json:"buckets"`
	// Repositories are ECR repositories beyond those the workloads use.
	Repositories []string `json:"repositories"`
	// KeepImages is how many builds (git-* tags) and how many promotions
	// (sha256-* tags) each repository keeps, 2 to 1000; pull request images
	// (pr-*) expire 30 days after their push. Default: 10.
	KeepImages *int `json:"keepImages"`
	// ImmutableTags stops a tag moving to another image. Default: false,
	// production true.
	ImmutableTags *bool `json:"immutableTags"`
	// PullAccounts are AWS account ids (12 digits, quoted) that may pull from
	// every repository: the accounts of stacks that promote images from this
	// one. Default: none, and no repository policy.
	PullAccounts []string `json:"pullAccounts"`
}

// Database is `data.database`.
type Database struct {
	// Engine is postgres, mysql, aurora-postgresql or aurora-mysql. Default: postgres.
	Engine string `json:"engine"`
	// Version is the engine version. A change, a major one too, is applied at
	// the deploy that carries it, not in the maintenance window (so are
	// instanceClass, multiAz and storage changes: a reboot, or a Multi-AZ
	// failover, when that deploy runs). Default: the engine's default.
	Version string `json:"version"`
	// InstanceClass sizes RDS (db.t4g.micro ...), or db.serverless for
	// Aurora Serverless v2. Default: db.t4g.micro dev, db.t4g.small
	// staging, db.r7g.large production; Aurora db.serverless.
	InstanceClass string `json:"instanceClass"`
	// StorageGB is RDS storage in GiB, 20 to 65536. Default: 20.
	StorageGB *int `json:"storageGb"`
	// MaxStorageGB lets RDS grow storage up to it, in GiB. Default: 100.
	MaxStorageGB *int `json:"maxStorageGb"`
	// MinACU is Aurora Serverless v2's floor, 0 to 256 in steps of 0.5; 0
	// lets it pause. Default: 0 dev, 0.5 staging, 2 production.
	MinACU *float64 `json:"minAcu"`
	// MaxACU is its ceiling, 1 to 256. Default: 4.
	MaxACU *float64 `json:"maxAcu"`
	// MultiAZ keeps an RDS standby in another zone. Default: false, production true.
	MultiAZ *bool `json:"multiAz"`
	// Instances is the number of Aurora instances, 1 to 15. Default: 1,
	// production 2.
	Instances *int `json:"instances"`
	// BackupRetentionDays keeps automated backups, 1 to 35. Default: 1 dev,
	// 7 staging, 14 production.
	BackupRetentionDays *int `json:"backupRetentionDays"`
	// Proxy puts RDS Proxy (TLS required) between workloads and the database.
	// Default: false.
	Proxy bool `json:"proxy"`
	// Name is the initial database name. Default: app.
	Name string `json:"name"`
}

// Cache is `data.cache`.
type Cache struct {
	// Mode is node (a replication group) or serverless. Default: node.
	Mode string `json:"mode"`
	// Version is the Valkey version. Default: 8.0.
	Version string `json:"version"`
	// NodeType sizes node mode. Default: cache.t4g.micro dev,
	// cache.t4g.small staging, cache.r7g.large production.
	NodeType string `json:"nodeType"`
	// Replicas are read replicas with automatic failover, 0 to 5. Default:
	// 0, production 1.
	Replicas *int `json:"replicas"`
	// SnapshotRetentionDays keeps daily snapshots, 0 to 35. Default: 0
	// dev, 1 staging, 7 production.
	SnapshotRetentionDays *int `json:"snapshotRetentionDays"`
}

// Broker is `data.broker`.
type Broker struct {
	// InstanceType sizes the broker. Default: mq.t3.micro, production mq.m5.large.
	InstanceType string `json:"instanceType"`
	// Mode is SINGLE_INSTANCE or CLUSTER_MULTI_AZ. Default: single,
	// production a cluster.
	Mode string `json:"mode"`
	// Version is the RabbitMQ version. Default: the platform's.
	Version string `json:"version"`
	// MaintenanceWindow is when AWS may patch the broker. Default: Sunday 03:00 UTC.
	MaintenanceWindow MaintenanceWindow `json:"maintenanceWindow"`
}

// MaintenanceWindow is `data.broker.maintenanceWindow`.
type MaintenanceWindow struct {
	// Day is MONDAY ... SUNDAY. Default: SUNDAY.
	Day string `json:"day"`
	// Time is HH:MM, 24-hour. Default: 03:00.
	Time string `json:"time"`
	// TimeZone is an IANA zone name. Default: UTC.
	TimeZone string `json:"timeZone"`
}

// Queue is one entry of `data.queues`.
type Queue struct {
	// Name is lower-case letters, digits and hyphens. Required.
	Name string `json:"name"`
	// VisibilityTimeoutSeconds hides a received message, 0 to 43200. Default: 30.
	VisibilityTimeoutSeconds *int `json:"visibilityTimeoutSeconds"`
	// RetentionSeconds keeps a message, 60 to 1209600. Default: 345600 (4 days).
	RetentionSeconds *int `json:"retentionSeconds"`
	// MaxReceiveCount is how often a message is received before it moves to
	// the dead-letter queue, 1 to 1000. Default: 5.
	MaxReceiveCount *int `json:"maxReceiveCount"`
}

// Bucket is one entry of `data.buckets`.
type Bucket struct {
	// Name is lower-case letters, digits and hyphens. Required.
	Name string `json:"name"`
	// NoncurrentVersionDays keeps replaced versions, 1 to 3650. Default: 30.
	NoncurrentVersionDays *int `json:"noncurrentVersionDays"`
}
