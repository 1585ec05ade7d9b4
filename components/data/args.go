// Package data provides platform:data:DataLayer: the durable state of an
// environment. Relational database (RDS or Aurora, optional RDS Proxy), Valkey,
// RabbitMQ, SQS queues with dead-letter queues, S3 buckets and ECR repositories.
package data

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// Engine is a relational database engine.
type Engine string

// The engines.
const (
	Postgres         Engine = "postgres"
	MySQL            Engine = "mysql"
	AuroraPostgreSQL Engine = "aurora-postgresql"
	AuroraMySQL      Engine = "aurora-mysql"
)

// Engines lists the engines in the order messages show them.
var Engines = []Engine{Postgres, MySQL, AuroraPostgreSQL, AuroraMySQL}

// IsAurora reports whether the engine runs as an Aurora cluster.
func (e Engine) IsAurora() bool { return strings.HasPrefix(string(e), "aurora-") }

// IsPostgres reports whether the engine speaks PostgreSQL.
func (e Engine) IsPostgres() bool {
	return strings.HasSuffix(string(e), "postgres") || e == AuroraPostgreSQL
}

// Port is the engine's listening port.
func (e Engine) Port() int {
	if e.IsPostgres() {
		return 5432
	}
	return 3306
}

// defaultVersions are current, supported versions of each engine.
var defaultVersions = map[Engine]string{
	Postgres: "16",
	// MySQL 8.0 left RDS standard support on 2026-07-31 and bills Extended
	// Support; 8.4 is the LTS release (RDS User Guide, "MySQL on Amazon RDS
	// versions"; the date as quoted in buttonmen-dev/buttonmen#3098, stored
	// copies read 2026-12-01).
	MySQL:            "8.4",
	AuroraPostgreSQL: "16.4",
	AuroraMySQL:      "8.0.mysql_aurora.3.08.0",
}

// ServerlessClass is Aurora Serverless v2's instance class.
const ServerlessClass = "db.serverless"

// instanceClasses are the classes each family offers in the platform's
// Graviton line-up: Aurora has no micro/small or m-class instances.
var instanceClasses = map[bool][]string{
	false: {"db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large", "db.t4g.xlarge", "db.t4g.2xlarge",
		"db.m6g.large", "db.m6g.xlarge", "db.m6g.2xlarge", "db.m6g.4xlarge", "db.m7g.large", "db.m7g.xlarge", "db.m7g.2xlarge", "db.m7g.4xlarge",
		"db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"},
	true: {ServerlessClass, "db.t4g.medium", "db.t4g.large",
		"db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"},
}

// Defaults of the data layer's parts.
const (
	DefaultEngine              = Postgres
	DefaultRDSClass            = "db.t4g.micro"
	DefaultStorageGB           = 20
	DefaultMaxStorageGB        = 100
	DefaultMinACU              = 0.5
	DefaultMaxACU              = 4.0
	DefaultAuroraInstances     = 1
	DefaultBackupRetentionDays = 7
	DefaultDatabaseName        = "app"

	DefaultCacheMode     = NodeCache
	DefaultValkey        = "8.0"
	DefaultCacheNodeType = "cache.t4g.micro"

	DefaultBrokerInstance  = "mq.t3.micro"
	DefaultBrokerMode      = SingleInstance
	DefaultRabbitMQ        = "3.13"
	DefaultMaintenanceDay  = "SUNDAY"
	DefaultMaintenanceTime = "03:00"
	DefaultMaintenanceZone = "UTC"

	DefaultVisibilityTimeoutSeconds = 30
	DefaultRetentionSeconds         = 4 * 24 * 3600
	DefaultMaxReceiveCount          = 5
	DeadLetterRetentionSeconds      = 14 * 24 * 3600

	DefaultNoncurrentVersionDays = 30
	DefaultKeepImages            = 10
)

// CacheMode is how Valkey runs.
type CacheMode string

// The cache modes.
const (
	// NodeCache is a replication group of nodes: fixed cost, replicas, failover.
	NodeCache CacheMode = "node"
	// ServerlessCache is ElastiCache Serverless: pay per use, cheapest for idle dev stacks.
	ServerlessCache CacheMode = "serverless"
)

// BrokerMode is Amazon MQ's deployment mode.
type BrokerMode string

// The broker modes.
const (
	SingleInstance BrokerMode = "SINGLE_INSTANCE"
	ClusterMultiAZ BrokerMode = "CLUSTER_MULTI_AZ"
)

var (
	valkeyVersions  = []string{"7.2", "8.0", "8.1", "8.2"}
	brokerInstances = []string{"mq.t3.micro", "mq.m5.large", "mq.m5.xlarge", "mq.m5.2xlarge", "mq.m5.4xlarge"}
	weekDays        = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	partName        = regexp.MustCompile(`^[a-z][a-z0-9-]{0,29}$`)
	cacheNodeType   = regexp.MustCompile(`^cache\.[a-z0-9]+\.[a-z0-9]+$`)
	clock           = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	dbName          = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
)

// DatabaseArgs configure the relational database.
type DatabaseArgs struct {
	// Engine is "postgres", "mysql", "aurora-postgresql" or "aurora-mysql".
	// Default: DefaultEngine.
	Engine Engine `json:"engine,omitempty"`
	// Version is the engine version. Default: a current version per engine.
	Version string `json:"version,omitempty"`
	// InstanceClass must exist for the engine family: db.t4g/m6g/m7g/r6g/r7g
	// sizes for RDS; db.serverless, db.t4g.medium/large or db.r6g/r7g for
	// Aurora. Default: DefaultRDSClass for RDS, ServerlessClass for Aurora.
	InstanceClass string `json:"instanceClass,omitempty"`
	// StorageGB is RDS's initial gp3 storage, 20 to 65536 GiB; storage grows
	// on its own up to MaxStorageGB. RDS only. Default: DefaultStorageGB,
	// DefaultMaxStorageGB.
	StorageGB    int `json:"storageGb,omitempty"`
	MaxStorageGB int `json:"maxStorageGb,omitempty"`
	// MinACU and MaxACU bound Aurora Serverless v2 capacity, 0 to 256 in steps
	// of 0.5; a minimum of 0 lets an idle dev database pause. Aurora with
	// db.serverless only. Default: DefaultMinACU, DefaultMaxACU.
	MinACU *float64 `json:"minAcu,omitempty"`
	MaxACU *float64 `json:"maxAcu,omitempty"`
	// MultiAZ keeps a synchronous standby in another zone. RDS only.
	// Default: false.
	MultiAZ *bool `json:"multiAz,omitempty"`
	// Instances is the Aurora cluster's instance count, 1 to 3; a second one
	// is the failover target. Aurora only. Default: DefaultAuroraInstances.
	Instances int `json:"instances,omitempty"`
	// BackupRetentionDays keeps automated backups, 1 to 35 days.
	// Default: DefaultBackupRetentionDays.
	BackupRetentionDays int `json:"backupRetentionDays,omitempty"`
	// Proxy puts an RDS Proxy (TLS required) between the services and the database.
	// Default: false.
	Proxy bool `json:"proxy,omitempty"`
	// Name is the database created at launch. Default: DefaultDatabaseName.
	Name string `json:"name,omitempty"`
}

// CacheArgs configure Valkey.
type CacheArgs struct {
	// Mode is "node" (replication group) or "serverless". Default: DefaultCacheMode.
	Mode CacheMode `json:"mode,omitempty"`
	// Version is the Valkey version, one of 7.2, 8.0, 8.1, 8.2. Default: DefaultValkey.
	Version string `json:"version,omitempty"`
	// NodeType is the node size, e.g. cache.t4g.micro. Node mode only.
	// Default: DefaultCacheNodeType.
	NodeType string `json:"nodeType,omitempty"`
	// Replicas is how many read replicas follow the primary, 0 to 5; with one
	// or more, failover is automatic and Multi-AZ. Node mode only. Default: 0.
	Replicas *int `json:"replicas,omitempty"`
	// SnapshotRetentionDays keeps daily snapshots, 0 to 35. Default: 0.
	SnapshotRetentionDays *int `json:"snapshotRetentionDays,omitempty"`
}

// MaintenanceWindow is a weekly start time.
type MaintenanceWindow struct {
	// Day is MONDAY to SUNDAY. Default: DefaultMaintenanceDay.
	Day string `json:"day,omitempty"`
	// Time is HH:MM, 24-hour. Default: DefaultMaintenanceTime.
	Time string `json:"time,omitempty"`
	// TimeZone is an IANA zone or UTC. Default: DefaultMaintenanceZone.
	TimeZone string `json:"timeZone,omitempty"`
}

// BrokerArgs configure RabbitMQ on Amazon MQ.
type BrokerArgs struct {
	// InstanceType is one of mq.t3.micro (single instance only) or mq.m5.*.
	// Default: DefaultBrokerInstance.
	InstanceType string `json:"instanceType,omitempty"`
	// Mode is "SINGLE_INSTANCE" or "CLUSTER_MULTI_AZ". Default: DefaultBrokerMode.
	Mode BrokerMode `json:"mode,omitempty"`
	// Version is the RabbitMQ version. Default: DefaultRabbitMQ.
	Version string `json:"version,omitempty"`
	// MaintenanceWindow is when minor upgrades apply.
	MaintenanceWindow MaintenanceWindow `json:"maintenanceWindow"`
}

// QueueArgs configure one SQS queue and its dead-letter queue.
type QueueArgs struct {
	// Name is lower-case letters, digits and '-', starting with a letter. Required.
	Name string `json:"name"`
	// VisibilityTimeoutSeconds hides a received message this long, 0 to 43200.
	// Default: DefaultVisibilityTimeoutSeconds.
	VisibilityTimeoutSeconds int `json:"visibilityTimeoutSeconds,omitempty"`
	// RetentionSeconds keeps an unreceived message, 60 to 1209600.
	// Default: DefaultRetentionSeconds.
	RetentionSeconds int `json:"retentionSeconds,omitempty"`
	// MaxReceiveCount moves a message to the dead-letter queue after this many
	// receives, 1 to 1000. Default: DefaultMaxReceiveCount.
	MaxReceiveCount int `json:"maxReceiveCount,omitempty"`
}

// BucketArgs configure one private S3 bucket.
type BucketArgs struct {
	// Name is lower-case letters, digits and '-', starting with a letter. Required.
	Name string `json:"name"`
	// NoncurrentVersionDays deletes overwritten versions after this many days,
	// 1 to 3650. Default: DefaultNoncurrentVersionDays.
	NoncurrentVersionDays int `json:"noncurrentVersionDays,omitempty"`
}

// DataLayerArgs configure a DataLayer. Fields with a json name are stack config
// (`platform:data`); the others are wired by the stack. A nil part is off.
type DataLayerArgs struct {
	Database *DatabaseArgs `json:"database,omitempty"`
	Cache    *CacheArgs    `json:"cache,omitempty"`
	Broker   *BrokerArgs   `json:"broker,omitempty"`
	// Queues are SQS queues, each with a dead-letter queue. Default: none.
	Queues []QueueArgs `json:"queues,omitempty"`
	// Buckets are private S3 buckets. Default: none.
	Buckets []BucketArgs `json:"buckets,omitempty"`
	// Repositories are ECR repositories, one per service image. Default: none.
	Repositories []string `json:"repositories,omitempty"`
	// KeepImages is how many images each repository keeps, 1 to 1000.
	// Default: DefaultKeepImages.
	KeepImages int `json:"keepImages,omitempty"`
	// ImmutableTags forbids overwriting an image tag. Default: false.
	ImmutableTags *bool `json:"immutableTags,omitempty"`

	// VpcID and IsolatedSubnetIDs place the database, cache and broker.
	VpcID             pulumi.StringInput      `json:"-"`
	IsolatedSubnetIDs pulumi.StringArrayInput `json:"-"`
	// Protect turns on deletion protection, final snapshots and
	// pulumi.Protect for every stateful part. Default: false.
	Protect bool `json:"-"`
}

func (a DataLayerArgs) withDefaults() DataLayerArgs {
	if d := a.Database; d != nil {
		db := *d
		if db.Engine == "" {
			db.Engine = DefaultEngine
		}
		if db.Version == "" {
			db.Version = defaultVersions[db.Engine]
		}
		if db.InstanceClass == "" {
			db.InstanceClass = DefaultRDSClass
			if db.Engine.IsAurora() {
				db.InstanceClass = ServerlessClass
			}
		}
		if !db.Engine.IsAurora() {
			db.StorageGB = cmp.Or(db.StorageGB, DefaultStorageGB)
			db.MaxStorageGB = cmp.Or(db.MaxStorageGB, max(DefaultMaxStorageGB, db.StorageGB))
			if db.MultiAZ == nil {
				db.MultiAZ = pulumi.BoolRef(false)
			}
		} else {
			db.Instances = cmp.Or(db.Instances, DefaultAuroraInstances)
			if db.InstanceClass == ServerlessClass {
				if db.MinACU == nil {
					db.MinACU = pulumi.Float64Ref(DefaultMinACU)
				}
				if db.MaxACU == nil {
					db.MaxACU = pulumi.Float64Ref(max(DefaultMaxACU, *db.MinACU))
				}
			}
		}
		db.BackupRetentionDays = cmp.Or(db.BackupRetentionDays, DefaultBackupRetentionDays)
		if db.Name == "" {
			db.Name = DefaultDatabaseName
		}
		a.Database = &db
	}
	if c := a.Cache; c != nil {
		cache := *c
		if cache.Mode == "" {
			cache.Mode = DefaultCacheMode
		}
		if cache.Version == "" {
			cache.Version = DefaultValkey
		}
		if cache.Mode == NodeCache {
			if cache.NodeType == "" {
				cache.NodeType = DefaultCacheNodeType
			}
			if cache.Replicas == nil {
				cache.Replicas = pulumi.IntRef(0)
			}
		}
		if cache.SnapshotRetentionDays == nil {
			cache.SnapshotRetentionDays = pulumi.IntRef(0)
		}
		a.Cache = &cache
	}
	if b := a.Broker; b != nil {
		broker := *b
		if broker.InstanceType == "" {
			broker.InstanceType = DefaultBrokerInstance
		}
		if broker.Mode == "" {
			broker.Mode = DefaultBrokerMode
		}
		if broker.Version == "" {
			broker.Version = DefaultRabbitMQ
		}
		w := &broker.MaintenanceWindow
		if w.Day == "" {
			w.Day = DefaultMaintenanceDay
		}
		if w.Time == "" {
			w.Time = DefaultMaintenanceTime
		}
		if w.TimeZone == "" {
			w.TimeZone = DefaultMaintenanceZone
		}
		a.Broker = &broker
	}
	queues := make([]QueueArgs, len(a.Queues))
	for i, q := range a.Queues {
		q.VisibilityTimeoutSeconds = cmp.Or(q.VisibilityTimeoutSeconds, DefaultVisibilityTimeoutSeconds)
		q.RetentionSeconds = cmp.Or(q.RetentionSeconds, DefaultRetentionSeconds)
		q.MaxReceiveCount = cmp.Or(q.MaxReceiveCount, DefaultMaxReceiveCount)
		queues[i] = q
	}
	a.Queues = queues
	buckets := make([]BucketArgs, len(a.Buckets))
	for i, b := range a.Buckets {
		b.NoncurrentVersionDays = cmp.Or(b.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
		buckets[i] = b
	}
	a.Buckets = buckets
	a.KeepImages = cmp.Or(a.KeepImages, DefaultKeepImages)
	if a.ImmutableTags == nil {
		a.ImmutableTags = pulumi.BoolRef(false)
	}
	return a
}

func (a DataLayerArgs) validate() error {
	var errs []error
	if a.Database != nil {
		errs = append(errs, validate.Nest("database", a.Database.validate()))
	}
	if a.Cache != nil {
		errs = append(errs, validate.Nest("cache", a.Cache.validate()))
	}
	if a.Broker != nil {
		errs = append(errs, validate.Nest("broker", a.Broker.validate()))
	}
	errs = append(errs, uniqueNames("queues", len(a.Queues), func(i int) string { return a.Queues[i].Name }))
	for i, q := range a.Queues {
		path := fmt.Sprintf("queues[%d]", i)
		errs = append(errs,
			validate.Range(path+".visibilityTimeoutSeconds", q.VisibilityTimeoutSeconds, 0, 43200),
			validate.Range(path+".retentionSeconds", q.RetentionSeconds, 60, 1209600),
			validate.Range(path+".maxReceiveCount", q.MaxReceiveCount, 1, 1000),
		)
	}
	errs = append(errs, uniqueNames("buckets", len(a.Buckets), func(i int) string { return a.Buckets[i].Name }))
	for i, b := range a.Buckets {
		errs = append(errs, validate.Range(fmt.Sprintf("buckets[%d].noncurrentVersionDays", i), b.NoncurrentVersionDays, 1, 3650))
	}
	errs = append(errs, uniqueNames("repositories", len(a.Repositories), func(i int) string { return a.Repositories[i] }))
	errs = append(errs, validate.Range("keepImages", a.KeepImages, 1, 1000))
	return errors.Join(errs...)
}

// uniqueNames checks that each of n names is well formed and unique.
func uniqueNames(list string, n int, name func(int) string) error {
	var errs []error
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		path := fmt.Sprintf("%s[%d].name", list, i)
		if list == "repositories" {
			path = fmt.Sprintf("%s[%d]", list, i)
		}
		switch v := name(i); {
		case !partName.MatchString(v):
			errs = append(errs, validate.Field(path, v, "is not a valid name", "lower-case letters, digits and '-', starting with a letter, at most 30 characters"))
		case seen[v]:
			errs = append(errs, validate.Field(path, v, "is a duplicate", "each name once"))
		default:
			seen[v] = true
		}
	}
	return errors.Join(errs...)
}

func (d DatabaseArgs) validate() error {
	errs := []error{validate.OneOf("engine", d.Engine, Engines...)}
	aurora := d.Engine.IsAurora()
	if !slices.Contains(instanceClasses[aurora], d.InstanceClass) {
		family := "RDS"
		if aurora {
			family = "Aurora"
		}
		errs = append(errs, validate.Field("instanceClass", d.InstanceClass, "does not exist for "+family+" "+string(d.Engine), "one of "+strings.Join(instanceClasses[aurora], ", ")))
	}
	if aurora {
		if d.StorageGB != 0 || d.MaxStorageGB != 0 {
			errs = append(errs, validate.Field("storageGb", d.StorageGB, "does not apply to Aurora", "no storageGb or maxStorageGb: Aurora storage grows on its own"))
		}
		if d.MultiAZ != nil {
			errs = append(errs, validate.Field("multiAz", *d.MultiAZ, "does not apply to Aurora", "instances: 2 for a failover instance"))
		}
		errs = append(errs, validate.Range("instances", d.Instances, 1, 3))
	} else {
		errs = append(errs, validate.Range("storageGb", d.StorageGB, 20, 65536))
		if d.MaxStorageGB < d.StorageGB {
			errs = append(errs, validate.Field("maxStorageGb", d.MaxStorageGB, "is below storageGb", fmt.Sprintf("at least %d", d.StorageGB)))
		}
		if d.Instances != 0 {
			errs = append(errs, validate.Field("instances", d.Instances, "applies to Aurora only", "multiAz: true for a standby"))
		}
	}
	serverless := aurora && d.InstanceClass == ServerlessClass
	switch {
	case !serverless && (d.MinACU != nil || d.MaxACU != nil):
		errs = append(errs, validate.Field("minAcu", d.MinACU, "applies to Aurora Serverless v2 only", "an aurora engine with instanceClass db.serverless"))
	case serverless:
		errs = append(errs, checkACU("minAcu", *d.MinACU), checkACU("maxAcu", *d.MaxACU))
		if *d.MinACU > *d.MaxACU {
			errs = append(errs, validate.Field("minAcu", *d.MinACU, "is above maxAcu", fmt.Sprintf("at most %g", *d.MaxACU)))
		}
		if *d.MaxACU < 1 {
			errs = append(errs, validate.Field("maxAcu", *d.MaxACU, "is too small", "at least 1"))
		}
	}
	errs = append(errs, validate.Range("backupRetentionDays", d.BackupRetentionDays, 1, 35))
	if !dbName.MatchString(d.Name) {
		errs = append(errs, validate.Field("name", d.Name, "is not a database name", "lower-case letters, digits and '_', starting with a letter"))
	}
	return errors.Join(errs...)
}

func checkACU(path string, v float64) error {
	if v < 0 || v > 256 || v*2 != float64(int(v*2)) {
		return validate.Field(path, v, "is not a capacity", "0 to 256 in steps of 0.5")
	}
	return nil
}

func (c CacheArgs) validate() error {
	errs := []error{
		validate.OneOf("mode", c.Mode, NodeCache, ServerlessCache),
		validate.OneOf("version", c.Version, valkeyVersions...),
		validate.Range("snapshotRetentionDays", *c.SnapshotRetentionDays, 0, 35),
	}
	if c.Mode == NodeCache {
		if !cacheNodeType.MatchString(c.NodeType) {
			errs = append(errs, validate.Field("nodeType", c.NodeType, "is not a cache node type", "e.g. cache.t4g.micro or cache.r7g.large"))
		}
		errs = append(errs, validate.Range("replicas", *c.Replicas, 0, 5))
	} else if c.NodeType != "" || c.Replicas != nil {
		errs = append(errs, validate.Field("mode", c.Mode, "takes no nodeType or replicas", "mode \"node\" to size nodes"))
	}
	return errors.Join(errs...)
}

func (b BrokerArgs) validate() error {
	errs := []error{
		validate.OneOf("instanceType", b.InstanceType, brokerInstances...),
		validate.OneOf("mode", b.Mode, SingleInstance, ClusterMultiAZ),
		validate.OneOf("maintenanceWindow.day", b.MaintenanceWindow.Day, weekDays...),
	}
	if b.Mode == ClusterMultiAZ && b.InstanceType == "mq.t3.micro" {
		errs = append(errs, validate.Field("instanceType", b.InstanceType, "cannot run a CLUSTER_MULTI_AZ broker", "an mq.m5 size"))
	}
	if !clock.MatchString(b.MaintenanceWindow.Time) {
		errs = append(errs, validate.Field("maintenanceWindow.time", b.MaintenanceWindow.Time, "is not a time of day", "HH:MM, 24-hour"))
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a DataLayerArgs) Validate() error { return a.withDefaults().validate() }
