// Package data provides platform:data:DataLayer: the durable state of an
// environment. Relational database (RDS or Aurora, optional RDS Proxy), Valkey,
// RabbitMQ, SQS queues with dead-letter queues, S3 buckets and ECR repositories.
package data

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

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
	DefaultCacheNodeType = "cache.t4g.micro"

	DefaultBrokerInstance  = "mq.t3.micro"
	DefaultBrokerMode      = SingleInstance
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

var (
	brokerInstances = []string{"mq.t3.micro", "mq.m5.large", "mq.m5.xlarge", "mq.m5.2xlarge", "mq.m5.4xlarge"}
	weekDays        = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	partName        = regexp.MustCompile(`^[a-z][a-z0-9-]{0,29}$`)
	cacheNodeType   = regexp.MustCompile(`^cache\.[a-z0-9]+\.[a-z0-9]+$`)
	clock           = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	dbName          = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	accountID       = regexp.MustCompile(`^[0-9]{12}$`)
)

// QueueArgs configure one SQS queue and its dead-letter queue.
type QueueArgs struct {
	// Name is lower-case letters, digits and '-', starting with a letter. Required.
	Name string
	// VisibilityTimeoutSeconds hides a received message this long, 0 to 43200.
	// Default: DefaultVisibilityTimeoutSeconds.
	VisibilityTimeoutSeconds int
	// RetentionSeconds keeps an unreceived message, 60 to 1209600.
	// Default: DefaultRetentionSeconds.
	RetentionSeconds int
	// MaxReceiveCount moves a message to the dead-letter queue after this many
	// receives, 1 to 1000. Default: DefaultMaxReceiveCount.
	MaxReceiveCount int
}

// BucketArgs configure one private S3 bucket.
type BucketArgs struct {
	// Name is lower-case letters, digits and '-', starting with a letter. Required.
	Name string
	// NoncurrentVersionDays deletes overwritten versions after this many days,
	// 1 to 3650. Default: DefaultNoncurrentVersionDays.
	NoncurrentVersionDays int
}

// DataLayerArgs configure a DataLayer. The stack builds them from its resolved
// config (stacks/adapters.go) and the deploy-time values it has. A nil part is off.
type DataLayerArgs struct {
	Database *DatabaseArgs
	Cache    *CacheArgs
	Broker   *BrokerArgs
	// Queues are SQS queues, each with a dead-letter queue. Default: none.
	Queues []QueueArgs
	// Buckets are private S3 buckets. Default: none.
	Buckets []BucketArgs
	// Repositories are ECR repositories, one per service image. Default: none.
	Repositories []string
	// Secrets are the stack's own application secrets (secrets.go). Default: none.
	Secrets []SecretArgs
	// KeepImages is how many builds (git-* tags) and, separately, how many
	// promotions (sha256-* tags) each repository keeps, 2 to 1000: at least
	// the image running and the one before it, for rollback. Each counts
	// image indexes, one per push whatever its architectures.
	// Default: DefaultKeepImages.
	KeepImages int
	// ImmutableTags forbids overwriting an image tag. Default: false.
	ImmutableTags *bool
	// PullAccounts are AWS account ids (12 digits, quoted) whose principals
	// may pull from every repository: the accounts of stacks that promote
	// images from this one (production pulls staging's digests with
	// `platform promote`). Their own IAM policies must allow the pull too.
	// Default: none, and no repository policy.
	PullAccounts []string

	// VpcID and IsolatedSubnetIDs place the database, cache and broker.
	VpcID             pulumi.StringInput
	IsolatedSubnetIDs pulumi.StringArrayInput
	// Protect turns on deletion protection, final snapshots and
	// pulumi.Protect for every stateful part. Default: false.
	Protect bool
}

func (a DataLayerArgs) withDefaults() DataLayerArgs {
	if d := a.Database; d != nil {
		db := *d
		if db.Engine == "" {
			db.Engine = DefaultEngine
		}
		if db.Version == "" {
			db.Version = awsfacts.DefaultVersion(awsfacts.Engine(db.Engine))
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
	errs = append(errs, uniqueNames("secrets", len(a.Secrets), func(i int) string { return a.Secrets[i].Key }))
	for _, s := range a.Secrets {
		errs = append(errs, s.validate())
	}
	errs = append(errs, validate.Range("keepImages", a.KeepImages, 2, 1000))
	seenAccounts := map[string]bool{}
	for i, account := range a.PullAccounts {
		path := fmt.Sprintf("pullAccounts[%d]", i)
		switch {
		case !accountID.MatchString(account):
			errs = append(errs, validate.Field(path, account, "is not an AWS account id", "12 digits, quoted"))
		case seenAccounts[account]:
			errs = append(errs, validate.Field(path, account, "is a duplicate", "each account once"))
		}
		seenAccounts[account] = true
	}
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

// Validate reports every problem of the args, with defaults applied.
func (a DataLayerArgs) Validate() error { return a.withDefaults().validate() }
