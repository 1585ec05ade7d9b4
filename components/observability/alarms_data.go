package observability

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// gib is bytes per GiB: FreeStorageSpace is in bytes.
const gib = 1 << 30

// Database is the relational database to watch.
type Database struct {
	// Identifier is the RDS instance's or Aurora cluster's identifier.
	Identifier string
	// Engine is postgres, mysql, aurora-postgresql or aurora-mysql.
	Engine string
	// InstanceClass is the instance class (db.serverless for Aurora
	// Serverless v2, sized by MaxACU, its capacity ceiling in ACUs).
	InstanceClass string
	MaxACU        float64
	// Cluster is true for Aurora; Instances counts its instances (a reader
	// from 2 on).
	Cluster   bool
	Instances int
	// StorageGB and MaxStorageGB are RDS's initial and autoscaling ceiling, in GiB.
	StorageGB, MaxStorageGB int
	// ProxyName is the RDS Proxy in front, empty without one;
	// ProxyPoolPercent the share of max_connections its pool may open, 1 to 100.
	ProxyName        string
	ProxyPoolPercent int
}

// Cache is the Valkey to watch.
type Cache struct {
	// ID is the replication group's or serverless cache's id.
	ID         string
	Serverless bool
	// Members are the replication group's node ids; none for serverless.
	Members []string
}

// Broker is the RabbitMQ to watch.
type Broker struct {
	// Name is the broker's name; InstanceType its Amazon MQ instance type.
	Name, InstanceType string
}

// Queue is a work queue and its dead-letter queue.
type Queue struct {
	Name, DeadLetterName string
}

// heartbeat fires when a data store stops publishing m: a store that goes
// silent must not look healthy.
func heartbeat(subject, what string, m metric) alarm {
	m.stat = "SampleCount"
	return alarm{subject: subject, kind: Heartbeat, description: what + " stopped publishing metrics", metric: m}
}

// databaseAlarms watch the database (Aurora: its writer, and the cluster's
// worst replica lag) and its proxy.
func (b *builder) databaseAlarms(derived map[Kind]float64) []alarm {
	db := b.args.Targets.Database
	if db == nil {
		return nil
	}
	dims := pulumi.StringMap{"DBInstanceIdentifier": pulumi.String(db.Identifier)}
	if db.Cluster {
		// Cluster-wide CPU and connections average the writer with its readers.
		dims = pulumi.StringMap{"DBClusterIdentifier": pulumi.String(db.Identifier), "Role": pulumi.String("WRITER")}
	}
	list := []alarm{
		{subject: "database", kind: DBCPU, description: "Database CPU high", metric: metric{"AWS/RDS", "CPUUtilization", "Average", dims}},
		{subject: "database", kind: DBConnections, description: fmt.Sprintf("Database connections near max_connections (%s)", db.InstanceClass),
			derived: derived[DBConnections], metric: metric{"AWS/RDS", "DatabaseConnections", "Maximum", dims}},
		heartbeat("database", "The database", metric{"AWS/RDS", "CPUUtilization", "", dims}),
	}
	switch {
	case db.Cluster && db.Instances > 1:
		list = append(list, alarm{subject: "database", kind: DBReplicaLag, description: "An Aurora replica lags",
			metric: metric{"AWS/RDS", "AuroraReplicaLagMaximum", "Maximum", pulumi.StringMap{"DBClusterIdentifier": pulumi.String(db.Identifier)}}})
	case !db.Cluster:
		list = append(list, alarm{subject: "database", kind: DBFreeStorage, description: "Database storage running out", scale: gib,
			derived: derived[DBFreeStorage], metric: metric{"AWS/RDS", "FreeStorageSpace", "Minimum", dims}})
	}
	if db.ProxyName != "" {
		proxy := pulumi.StringMap{"ProxyName": pulumi.String(db.ProxyName)}
		list = append(list,
			alarm{subject: "database-proxy", kind: ProxyClientConnections, description: "RDS Proxy client connections near its pool",
				derived: derived[ProxyClientConnections], metric: metric{"AWS/RDS", "ClientConnections", "Maximum", proxy}},
			// The worst role of the proxy's target group: the
			// TargetRole dimension's values are not documented, its minimum over
			// them needs none.
			alarm{subject: "database-proxy", kind: ProxyAvailability, description: "The database is not reachable through RDS Proxy",
				expression: fmt.Sprintf(`SELECT MIN(AvailabilityPercentage) FROM SCHEMA("AWS/RDS", ProxyName, TargetGroup, TargetRole) WHERE ProxyName = '%s'`, db.ProxyName)})
	}
	return list
}

// cacheAlarms watch every member of a replication group (after a failover
// the primary is another member), or a serverless cache.
func (b *builder) cacheAlarms() []alarm {
	c := b.args.Targets.Cache
	if c == nil {
		return nil
	}
	if c.Serverless {
		dims := pulumi.StringMap{"clusterId": pulumi.String(c.ID)}
		return []alarm{
			{subject: "cache", kind: CacheThrottled, description: "Valkey throttles commands at its ECPU limit", metric: metric{"AWS/ElastiCache", "ThrottledCmds", "Sum", dims}},
			{subject: "cache", kind: CacheEvictions, description: "Valkey evicts keys", metric: metric{"AWS/ElastiCache", "Evictions", "Sum", dims}},
			heartbeat("cache", "Valkey", metric{"AWS/ElastiCache", "BytesUsedForCache", "", dims}),
		}
	}
	var list []alarm
	for _, member := range c.Members {
		subject := "cache-" + strings.TrimPrefix(member, c.ID+"-")
		dims := pulumi.StringMap{"CacheClusterId": pulumi.String(member)}
		list = append(list,
			alarm{subject: subject, kind: CacheCPU, description: member + ": Valkey engine CPU high", metric: metric{"AWS/ElastiCache", "EngineCPUUtilization", "Average", dims}},
			alarm{subject: subject, kind: CacheMemory, description: member + ": Valkey memory nearly full", metric: metric{"AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", dims}},
			alarm{subject: subject, kind: CacheEvictions, description: member + ": Valkey evicts keys", metric: metric{"AWS/ElastiCache", "Evictions", "Sum", dims}},
			heartbeat(subject, member, metric{"AWS/ElastiCache", "EngineCPUUtilization", "", dims}))
	}
	return list
}

// nodeQuery is a Metrics Insights query of a RabbitMQ node metric across the
// broker's nodes: RabbitMQ blocks publishers as soon as one node reaches its
// limit, while the broker-level metric sums the nodes.
func nodeQuery(fn, metricName, broker string) string {
	return fmt.Sprintf(`SELECT %s(%s) FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = '%s'`, fn, metricName, broker)
}

// brokerAlarms watch RabbitMQ's worst node (memory and disk against the
// limits where it blocks publishers) and its connections.
func (b *builder) brokerAlarms(derived map[Kind]float64) []alarm {
	br := b.args.Targets.Broker
	if br == nil {
		return nil
	}
	dims := pulumi.StringMap{"Broker": pulumi.String(br.Name)}
	return []alarm{
		{subject: "broker", kind: BrokerMemory, description: "A RabbitMQ node nears its memory limit (publishers block there)",
			expression: "100 * used / limit", insights: map[string]string{
				"used": nodeQuery("MAX", "RabbitMQMemUsed", br.Name), "limit": nodeQuery("MIN", "RabbitMQMemLimit", br.Name)}},
		{subject: "broker", kind: BrokerDisk, description: "A RabbitMQ node nears its free-disk limit (publishers block there)",
			expression: "free / limit", insights: map[string]string{
				"free": nodeQuery("MIN", "RabbitMQDiskFree", br.Name), "limit": nodeQuery("MAX", "RabbitMQDiskFreeLimit", br.Name)}},
		{subject: "broker", kind: BrokerConnections, description: fmt.Sprintf("RabbitMQ connections near a %s node's limit", br.InstanceType),
			derived: derived[BrokerConnections], metric: metric{"AWS/AmazonMQ", "ConnectionCount", "Maximum", dims}},
		heartbeat("broker", "RabbitMQ", metric{"AWS/AmazonMQ", "ExchangeCount", "", dims}),
	}
}

// queueAlarms watch every dead-letter queue (any message) and work queue (oldest message age).
func (b *builder) queueAlarms() []alarm {
	var list []alarm
	for _, q := range b.args.Targets.Queues {
		list = append(list,
			alarm{subject: "queue-" + q.Name + "-dlq", kind: DLQVisible, description: "Messages failed into the dead-letter queue of " + q.Name,
				metric: metric{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.DeadLetterName)}}},
			alarm{subject: "queue-" + q.Name, kind: QueueAge, description: "Messages of " + q.Name + " wait too long",
				metric: metric{"AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.Name)}}})
	}
	return list
}
