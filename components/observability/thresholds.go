package observability

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Kind names an alarm kind; thresholds are set per kind.
type Kind string

// The alarm kinds, with their units.
const (
	ALB5xx                 Kind = "alb5xx"                 // 5xx from the ALB itself per period
	Target5xx              Kind = "target5xx"              // 5xx from targets per period
	LatencyP95             Kind = "latencyP95"             // seconds, target response time p95
	UnhealthyHosts         Kind = "unhealthyHosts"         // unhealthy targets per target group
	HealthyHosts           Kind = "healthyHosts"           // healthy targets per target group; fires below
	ServiceCPU             Kind = "serviceCpu"             // percent
	ServiceMemory          Kind = "serviceMemory"          // percent
	RunningTasks           Kind = "runningTasks"           // tasks missing below desired
	DBCPU                  Kind = "dbCpu"                  // percent
	DBFreeStorage          Kind = "dbFreeStorageGb"        // GiB left; fires below
	DBConnections          Kind = "dbConnections"          // connections
	DBReplicaLag           Kind = "dbReplicaLag"           // milliseconds
	ProxyClientConnections Kind = "proxyClientConnections" // client connections to the RDS Proxy
	ProxyAvailability      Kind = "proxyAvailability"      // percent of time the database is reachable through the proxy; fires below
	CacheCPU               Kind = "cacheCpu"               // percent
	CacheMemory            Kind = "cacheMemory"            // percent used
	CacheEvictions         Kind = "cacheEvictions"         // evicted keys per period
	CacheThrottled         Kind = "cacheThrottled"         // commands throttled per period (serverless)
	BrokerMemory           Kind = "brokerMemory"           // percent of the worst node's memory limit
	BrokerDisk             Kind = "brokerDiskFree"         // worst node's free disk, in multiples of its free-disk limit; fires below
	BrokerConnections      Kind = "brokerConnections"      // connections
	DLQVisible             Kind = "dlqVisible"             // messages waiting in a dead-letter queue
	QueueAge               Kind = "queueAgeSeconds"        // age of the oldest message
	CDN5xxRate             Kind = "cdn5xxRate"             // percent of requests
	Heartbeat              Kind = "heartbeat"              // data points per period of a data store; fires below
	FunctionErrors         Kind = "functionErrors"         // failed invocations of a function per period
	FunctionThrottles      Kind = "functionThrottles"      // throttled invocations of a function per period
)

// Kinds lists every kind, in the order messages show them.
var Kinds = []Kind{ALB5xx, Target5xx, LatencyP95, UnhealthyHosts, HealthyHosts, ServiceCPU, ServiceMemory, RunningTasks,
	DBCPU, DBFreeStorage, DBConnections, DBReplicaLag, ProxyClientConnections, ProxyAvailability,
	CacheCPU, CacheMemory, CacheEvictions, CacheThrottled, BrokerMemory, BrokerDisk, BrokerConnections,
	DLQVisible, QueueAge, CDN5xxRate, Heartbeat, FunctionErrors, FunctionThrottles}

// DefaultThresholds are where each kind fires unless config says otherwise,
// in the kind's unit. The kinds missing here (database and proxy
// connections, free storage, broker connections) take their default from
// the resource they watch: a share of a limit that depends on its size, so
// the alarm can fire before the limit refuses work.
var DefaultThresholds = map[Kind]float64{
	ALB5xx: 10, Target5xx: 10, LatencyP95: 1.5, UnhealthyHosts: 0, HealthyHosts: 1, ServiceCPU: 85, ServiceMemory: 85, RunningTasks: 0,
	DBCPU: 80, DBReplicaLag: 1000, ProxyAvailability: 100, CacheCPU: 80, CacheMemory: 85, CacheEvictions: 100, CacheThrottled: 0,
	BrokerMemory: 80, BrokerDisk: 2, DLQVisible: 0, QueueAge: 600, CDN5xxRate: 5, Heartbeat: 1,
	FunctionErrors: 0, FunctionThrottles: 0,
}

// limitShare is where a derived alarm fires: at 80% of the resource's limit.
const limitShare = 0.8

// ServiceKinds can be set per service.
var ServiceKinds = []Kind{ServiceCPU, ServiceMemory, RunningTasks, UnhealthyHosts, HealthyHosts, Target5xx}

// Threshold is when an alarm fires: Value crossed for Periods consecutive minutes.
type Threshold struct {
	// Value in the kind's unit, 0 or more.
	Value float64
	// Periods of one minute, 1 to 60. Default: the tier's.
	Periods int
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

// limit is a resource's hard limit in a derived kind's unit: the alarm must
// fire below it (above, for a kind that fires below).
type limit struct {
	kind  Kind
	value float64
	// what says whose limit it is, for messages: "db.t4g.micro postgres accepts about 84 connections".
	what string
}

// limits are the hard limits of what the stack runs, per derived kind.
func (t Targets) limits() ([]limit, error) {
	var out []limit
	var errs []error
	if db := t.Database; db != nil {
		n, ok := awsfacts.MaxConnections(db.Engine, db.InstanceClass, db.MaxACU)
		if !ok {
			errs = append(errs, validate.Field("database", db.InstanceClass, "has no known connection limit", "an instance class of the platform's line-up"))
		}
		out = append(out, limit{DBConnections, float64(n), fmt.Sprintf("%s %s accepts about %d connections", db.InstanceClass, db.Engine, n)})
		if db.ProxyName != "" {
			errs = append(errs, validate.Range("database.proxyPoolPercent", db.ProxyPoolPercent, 1, 100))
			pool := n * db.ProxyPoolPercent / 100
			out = append(out, limit{ProxyClientConnections, float64(pool), fmt.Sprintf("the proxy's pool opens about %d database connections", pool)})
		}
		if !db.Cluster {
			out = append(out, limit{DBFreeStorage, float64(db.StorageGB), fmt.Sprintf("the database starts with %d GiB", db.StorageGB)})
		}
	}
	if br := t.Broker; br != nil {
		n, ok := awsfacts.BrokerConnections(br.InstanceType)
		if !ok {
			errs = append(errs, validate.Field("broker", br.InstanceType, "has no known connection limit", "an Amazon MQ instance type"))
		}
		out = append(out, limit{BrokerConnections, float64(n), fmt.Sprintf("a %s node accepts %d connections", br.InstanceType, n)})
	}
	return out, errors.Join(errs...)
}

// derived is a derived kind's default for its limit: limitShare of a
// connection limit; for free storage, 5% of the most the database may grow
// to (where storage autoscaling can no longer help), at least 1 GiB and at
// most a quarter of the initial allocation, so a new database is not in alarm.
func (t Targets) derived(l limit) float64 {
	if l.kind == DBFreeStorage {
		ceiling := max(t.Database.MaxStorageGB, t.Database.StorageGB)
		return min(max(1, float64(ceiling)/20), float64(t.Database.StorageGB)/4)
	}
	return float64(int(l.value * limitShare))
}

// validateThresholds checks the periods and that no threshold, derived or
// set, sits where the alarm can never fire.
func (a *ObservabilityArgs) validateThresholds() error {
	errs := []error{validate.Range("periods", a.Periods, 1, 60)}
	limits, err := a.Targets.limits()
	errs = append(errs, err)
	for _, l := range limits {
		t, set := a.Thresholds[l.kind]
		if !set {
			continue
		}
		if t.Value < l.value {
			continue
		}
		problem := "can never fire: " + l.what
		if kindRules[l.kind].below {
			problem = "is in alarm from the start: " + l.what
		}
		errs = append(errs, validate.Field("thresholds."+string(l.kind)+".threshold", t.Value, problem, fmt.Sprintf("under %g", l.value)))
	}
	return errors.Join(errs...)
}

// validateConfigThresholds checks the kinds and values of config thresholds,
// for the stack and per service.
func validateConfigThresholds(thresholds map[Kind]Threshold, services map[string]map[Kind]Threshold, names []string) []error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(thresholds)) {
		if !slices.Contains(Kinds, k) {
			errs = append(errs, validate.Field("thresholds."+string(k), string(k), "is not an alarm kind", "one of "+joinKinds(Kinds)))
			continue
		}
		errs = append(errs, thresholds[k].validate("thresholds."+string(k)))
	}
	for _, name := range slices.Sorted(maps.Keys(services)) {
		if !slices.Contains(names, name) {
			errs = append(errs, validate.Field("services."+name, name, "is not a service or worker", "one of "+strings.Join(names, ", ")))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(services[name])) {
			path := "services." + name + "." + string(k)
			if !slices.Contains(ServiceKinds, k) {
				errs = append(errs, validate.Field(path, string(k), "cannot be set per service", "one of "+joinKinds(ServiceKinds)))
				continue
			}
			errs = append(errs, services[name][k].validate(path))
		}
	}
	return errs
}

func joinKinds(kinds []Kind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = string(k)
	}
	return strings.Join(parts, ", ")
}
