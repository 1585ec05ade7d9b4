package awsfacts

import (
	"math"
	"strings"
)

// gib is bytes per GiB.
const gib = 1 << 30

// usableMemoryShare approximates DBInstanceClassMemory, the memory the
// max_connections formulas divide: RDS reserves part of the nominal memory
// for the OS and its own processes, so the variable is smaller than the class's
// memory. Observed defaults put it at 0.8 (micro) to 0.94 (large) of nominal;
// 0.75 keeps every estimate at or under the real default, so an alarm set at
// a share of the estimate can always fire.
const usableMemoryShare = 0.75

// acuMemoryGiB is the memory of one Aurora capacity unit.
const acuMemoryGiB = 2

var _ = register(Source{
	Table:    "RDS and Aurora instance class memory",
	Document: "Amazon RDS User Guide, DB instance classes, Hardware specifications https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html",
	Checked:  day("2026-12-01"),
})

// rdsClassMemoryGiB is the nominal memory of every instance class the
// platform offers (components/data instanceClasses).
var rdsClassMemoryGiB = map[string]float64{
	"db.t4g.micro": 1, "db.t4g.small": 2, "db.t4g.medium": 4, "db.t4g.large": 8, "db.t4g.xlarge": 16, "db.t4g.2xlarge": 32,
	"db.m6g.large": 8, "db.m6g.xlarge": 16, "db.m6g.2xlarge": 32, "db.m6g.4xlarge": 64,
	"db.m7g.large": 8, "db.m7g.xlarge": 16, "db.m7g.2xlarge": 32, "db.m7g.4xlarge": 64,
	"db.r6g.large": 16, "db.r6g.xlarge": 32, "db.r6g.2xlarge": 64, "db.r6g.4xlarge": 128,
	"db.r7g.large": 16, "db.r7g.xlarge": 32, "db.r7g.2xlarge": 64, "db.r7g.4xlarge": 128,
}

var _ = register(Source{
	Table: "default max_connections per engine",
	Document: "Amazon RDS User Guide, Quotas and constraints, Maximum number of database connections https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections; " +
		"Amazon Aurora User Guide, Maximum connections to an Aurora MySQL DB instance https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html (stored copies)",
	Checked: day("2026-12-01"),
})

// auroraMySQLMaxConnections is Aurora MySQL's published default per class;
// the Graviton classes have the memory (and so the default) of their r5/t3 peers.
var auroraMySQLMaxConnections = map[string]int{
	"db.t4g.medium": 90, "db.t4g.large": 135,
	"db.r6g.large": 1000, "db.r6g.xlarge": 2000, "db.r6g.2xlarge": 3000, "db.r6g.4xlarge": 4000,
	"db.r7g.large": 1000, "db.r7g.xlarge": 2000, "db.r7g.2xlarge": 3000, "db.r7g.4xlarge": 4000,
}

// ServerlessClass is Aurora Serverless v2's instance class.
const ServerlessClass = "db.serverless"

// MaxConnections estimates the default max_connections of a database: engine
// is postgres, mysql, aurora-postgresql or aurora-mysql; class an instance
// class, or ServerlessClass with maxACU its capacity ceiling (Aurora
// Serverless v2 sizes max_connections from its maximum capacity). The
// estimate never exceeds the real default; false when the class is unknown.
//
//	PostgreSQL, Aurora PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000)
//	MySQL:                         {DBInstanceClassMemory/12582880}
//	Aurora MySQL:                  the published table; serverless by the
//	                               parameter group's formula,
//	                               GREATEST({log2(DBInstanceClassMemory/805306368)*45}, {log2(DBInstanceClassMemory/8187281408)*1000})
//
// The stored copy of the Aurora MySQL page names that formula but cuts off
// its text; the expression above comes near the table (db.t3.medium 90,
// db.t3.large 135, db.r5.large 1000) with DBInstanceClassMemory a little
// under nominal, and is to be checked against the page.
func MaxConnections(engine, class string, maxACU float64) (int, bool) {
	if engine == "aurora-mysql" && class != ServerlessClass {
		n, ok := auroraMySQLMaxConnections[class]
		return n, ok
	}
	nominal, ok := rdsClassMemoryGiB[class]
	if class == ServerlessClass {
		nominal, ok = maxACU*acuMemoryGiB, maxACU > 0
	}
	if !ok {
		return 0, false
	}
	memory := nominal * gib * usableMemoryShare
	switch {
	case strings.HasSuffix(engine, "postgresql") || engine == "postgres":
		return min(int(memory/9531392), 5000), true
	case engine == "mysql":
		return int(memory / 12582880), true
	case engine == "aurora-mysql":
		return int(max(math.Log2(memory/805306368)*45, math.Log2(memory/8187281408)*1000)), true
	}
	return 0, false
}

var _ = register(Source{
	Table:    "Amazon MQ for RabbitMQ connections per node",
	Document: "Amazon MQ Developer Guide, Amazon MQ for RabbitMQ sizing guidelines https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-sizing-guidelines.html; Quotas in Amazon MQ (limits apply per node) https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/amazon-mq-limits.html (stored copies)",
	Checked:  day("2026-12-01"),
})

// brokerConnectionsPerNode is the most connections one RabbitMQ node accepts.
var brokerConnectionsPerNode = map[string]int{
	"mq.t3.micro": 500, "mq.m5.large": 5000, "mq.m5.xlarge": 10000, "mq.m5.2xlarge": 20000, "mq.m5.4xlarge": 40000,
}

// BrokerConnections is the most connections one node of a RabbitMQ broker of
// instanceType accepts; false when the type is unknown.
func BrokerConnections(instanceType string) (int, bool) {
	n, ok := brokerConnectionsPerNode[instanceType]
	return n, ok
}
