// Package observability provides platform:observability:Observability: the
// alerts topic, CloudWatch alarms on every load balancer, service, database,
// cache, broker, queue and distribution, a dashboard of the golden signals,
// and AWS Backup of the data.
package observability

import (
	"errors"
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Kind names an alarm kind; thresholds are set per kind.
type Kind string

// The alarm kinds, with their units.
const (
	ALB5xx            Kind = "alb5xx"            // 5xx from the ALB itself per period
	Target5xx         Kind = "target5xx"         // 5xx from targets per period
	LatencyP95        Kind = "latencyP95"        // seconds, target response time p95
	UnhealthyHosts    Kind = "unhealthyHosts"    // unhealthy targets per target group
	ServiceCPU        Kind = "serviceCpu"        // percent
	ServiceMemory     Kind = "serviceMemory"     // percent
	RunningTasks      Kind = "runningTasks"      // tasks missing below desired
	DBCPU             Kind = "dbCpu"             // percent
	DBFreeStorage     Kind = "dbFreeStorageGb"   // GiB left
	DBConnections     Kind = "dbConnections"     // connections
	DBReplicaLag      Kind = "dbReplicaLag"      // milliseconds
	CacheCPU          Kind = "cacheCpu"          // percent
	CacheMemory       Kind = "cacheMemory"       // percent used
	CacheEvictions    Kind = "cacheEvictions"    // evicted keys per period
	BrokerMemory      Kind = "brokerMemory"      // percent of the memory limit
	BrokerConnections Kind = "brokerConnections" // connections
	DLQVisible        Kind = "dlqVisible"        // messages waiting in a dead-letter queue
	QueueAge          Kind = "queueAgeSeconds"   // age of the oldest message
	CDN5xxRate        Kind = "cdn5xxRate"        // percent of requests
)

// Kinds lists every kind, in the order messages show them.
var Kinds = []Kind{ALB5xx, Target5xx, LatencyP95, UnhealthyHosts, ServiceCPU, ServiceMemory, RunningTasks,
	DBCPU, DBFreeStorage, DBConnections, DBReplicaLag, CacheCPU, CacheMemory, CacheEvictions,
	BrokerMemory, BrokerConnections, DLQVisible, QueueAge, CDN5xxRate}

// DefaultThresholds are where each kind fires unless the tier or config says
// otherwise, in the kind's unit.
var DefaultThresholds = map[Kind]float64{
	ALB5xx: 10, Target5xx: 10, LatencyP95: 1.5, UnhealthyHosts: 0, ServiceCPU: 85, ServiceMemory: 85, RunningTasks: 0,
	DBCPU: 80, DBFreeStorage: 5, DBConnections: 200, DBReplicaLag: 1000, CacheCPU: 80, CacheMemory: 85, CacheEvictions: 100,
	BrokerMemory: 80, BrokerConnections: 500, DLQVisible: 0, QueueAge: 600, CDN5xxRate: 5,
}

// ServiceKinds can be set per service.
var ServiceKinds = []Kind{ServiceCPU, ServiceMemory, RunningTasks, UnhealthyHosts, Target5xx}

// Threshold is when an alarm fires: Value crossed for Periods consecutive minutes.
type Threshold struct {
	// Value in the kind's unit, 0 or more.
	Value float64 `json:"threshold"`
	// Periods of one minute, 1 to 60.
	Periods int `json:"periods,omitempty"`
}

// Config is `platform:observability`.
type Config struct {
	// Emails receive every alarm and its recovery.
	Emails []string `json:"emails,omitempty"`
	// Webhooks are HTTPS endpoints (chat) that receive them too.
	Webhooks []string `json:"webhooks,omitempty"`
	// Thresholds override the tier's per kind.
	Thresholds map[Kind]Threshold `json:"thresholds,omitempty"`
	// Services override thresholds of one service: service name to kind.
	Services map[string]map[Kind]Threshold `json:"services,omitempty"`
	// Backups turns AWS Backup of the database and buckets on. Default: tier.
	Backups *bool `json:"backups,omitempty"`
	// BackupRetentionDays keeps recovery points, 1 to 36500. Default: tier (35 in production).
	BackupRetentionDays int `json:"backupRetentionDays,omitempty"`
	// BackupCopyRegion, when set, copies every recovery point to a vault there.
	BackupCopyRegion string `json:"backupCopyRegion,omitempty"`
	// LogRetentionDays keeps every task log group, one of the CloudWatch
	// retentions (never "never expire"). Default: tier (7, 30, 90).
	LogRetentionDays int `json:"logRetentionDays,omitempty"`
}

// Validate checks the config against the workloads that exist.
func (c Config) Validate(services []string) error {
	var errs []error
	for i, e := range c.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			errs = append(errs, validate.Field(fmt.Sprintf("emails[%d]", i), e, "is not an email address", "name@example.com"))
		}
	}
	for i, w := range c.Webhooks {
		if u, err := url.Parse(w); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, validate.Field(fmt.Sprintf("webhooks[%d]", i), w, "is not an HTTPS URL", "https://hooks.example.com/..."))
		}
	}
	for _, k := range sortedKinds(c.Thresholds) {
		if !slices.Contains(Kinds, k) {
			errs = append(errs, validate.Field("thresholds."+string(k), string(k), "is not an alarm kind", "one of "+joinKinds(Kinds)))
			continue
		}
		errs = append(errs, c.Thresholds[k].validate("thresholds."+string(k)))
	}
	for _, name := range slices.Sorted(maps.Keys(c.Services)) {
		if !slices.Contains(services, name) {
			errs = append(errs, validate.Field("services."+name, name, "is not a service or worker", "one of "+strings.Join(services, ", ")))
			continue
		}
		for _, k := range sortedKinds(c.Services[name]) {
			path := "services." + name + "." + string(k)
			if !slices.Contains(ServiceKinds, k) {
				errs = append(errs, validate.Field(path, string(k), "cannot be set per service", "one of "+joinKinds(ServiceKinds)))
				continue
			}
			errs = append(errs, c.Services[name][k].validate(path))
		}
	}
	if c.LogRetentionDays != 0 && !slices.Contains(awsfacts.LogRetentionDays, c.LogRetentionDays) {
		errs = append(errs, validate.Field("logRetentionDays", c.LogRetentionDays, "is not a CloudWatch Logs retention", fmt.Sprintf("one of %v", awsfacts.LogRetentionDays)))
	}
	if c.BackupRetentionDays != 0 {
		errs = append(errs, validate.Range("backupRetentionDays", c.BackupRetentionDays, 1, 36500))
	}
	return errors.Join(errs...)
}

func (t Threshold) validate(path string) error {
	var errs []error
	if t.Value < 0 {
		errs = append(errs, validate.Field(path+".threshold", t.Value, "is negative", "0 or more"))
	}
	if t.Periods != 0 {
		errs = append(errs, validate.Range(path+".periods", t.Periods, 1, 60))
	}
	return errors.Join(errs...)
}

func sortedKinds(m map[Kind]Threshold) []Kind {
	out := make([]Kind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func joinKinds(kinds []Kind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = string(k)
	}
	return strings.Join(parts, ", ")
}

// Targets are what the alarms and the dashboard watch; the stack fills them
// from the other components.
type Targets struct {
	ClusterName  pulumi.StringInput
	ALBArnSuffix pulumi.StringInput
	// Services are web services and Workers queue consumers, by name.
	Services []Service
	Workers  []string
	Database *Database
	Cache    *Cache
	// Broker is the broker's name; empty without one.
	Broker string
	Queues []Queue
	// Distributions are CloudFront distribution ids by service name.
	Distributions map[string]pulumi.StringInput
	// BackupARNs are the database and buckets AWS Backup protects.
	BackupARNs []pulumi.StringInput
}

// Service is a web service's name and target group.
type Service struct {
	Name                 string
	TargetGroupArnSuffix pulumi.StringInput
}

// Database is the database to watch.
type Database struct {
	Identifier string
	// Cluster is true for Aurora; Replicas for a cluster with a reader.
	Cluster, Replicas bool
}

// Cache is the Valkey to watch.
type Cache struct {
	ID         string
	Serverless bool
}

// Queue is a work queue and its dead-letter queue.
type Queue struct {
	Name, DeadLetterName string
}
