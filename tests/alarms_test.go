package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/observability"
	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const (
	clusterInstanceType = "aws:rds/clusterInstance:ClusterInstance"
	proxyGroupType      = "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup"
)

// auroraData is staging's data layer on Aurora PostgreSQL Serverless v2
// with a reader, and a serverless cache: the source paths no stack uses yet.
const auroraData = `{"database":{"engine":"aurora-postgresql","instances":2,"maxAcu":8,"proxy":true},"cache":{"mode":"serverless"},"broker":{}}`

func alarmOf(t *testing.T, g *graph.Graph, subject, kind string) *graph.Resource {
	t.Helper()
	return only(t, g, alarmType, "observability-"+subject+"-"+kind)
}

func threshold(t *testing.T, g *graph.Graph, subject, kind string) float64 {
	t.Helper()
	return alarmOf(t, g, subject, kind).Input("threshold").(float64)
}

// reachable asserts that every threshold derived from a resource's size sits
// strictly inside what that size allows, per the awsfacts tables; it returns
// how many alarms it checked.
func reachable(t *testing.T, g *graph.Graph) int {
	t.Helper()
	checked := 0
	below := func(subject, kind string, limit float64, what string) {
		v := threshold(t, g, subject, kind)
		assert.True(t, v > 0 && v < limit, "%s %s: threshold %g is outside (0, %g) for %s", subject, kind, v, limit, what)
		checked++
	}
	var connections int
	for _, db := range g.ByType(dbInstanceType) {
		class, engine := db.Input("instanceClass").(string), db.Input("engine").(string)
		n, ok := awsfacts.MaxConnections(engine, class, 0)
		require.True(t, ok, class)
		connections = n
		below("database", "dbConnections", float64(n), class)
		below("database", "dbFreeStorageGb", db.Input("allocatedStorage").(float64)*(1<<30), "the initial storage")
	}
	for _, cluster := range g.ByType(dbClusterType) {
		writer := g.ByType(clusterInstanceType)[0]
		n, ok := awsfacts.MaxConnections(cluster.Input("engine").(string), writer.Input("instanceClass").(string), cluster.Input("serverlessv2ScalingConfiguration.maxCapacity").(float64))
		require.True(t, ok)
		connections = n
		below("database", "dbConnections", float64(n), "the writer")
	}
	for _, group := range g.ByType(proxyGroupType) {
		pool := float64(connections) * group.Input("connectionPoolConfig.maxConnectionsPercent").(float64) / 100
		below("database-proxy", "proxyClientConnections", pool, "the proxy's pool")
	}
	for _, broker := range g.ByType(brokerType) {
		n, ok := awsfacts.BrokerConnections(broker.Input("hostInstanceType").(string))
		require.True(t, ok)
		below("broker", "brokerConnections", float64(n), "a node")
	}
	return checked
}

func TestEveryDerivedThresholdIsReachable(t *testing.T) {
	aurora := withData(t, "staging", auroraData)
	for stack, g := range map[string]*graph.Graph{"dev": Evaluate(t, "dev"), "staging": Evaluate(t, "staging"), "production": Evaluate(t, "production"), "aurora": aurora} {
		t.Run(stack, func(t *testing.T) {
			derived := 0
			for _, a := range g.ByType(alarmType) {
				for _, kind := range []string{"-dbConnections", "-dbFreeStorageGb", "-proxyClientConnections", "-brokerConnections"} {
					if len(a.Name) > len(kind) && a.Name[len(a.Name)-len(kind):] == kind {
						derived++
					}
				}
			}
			assert.Equal(t, derived, reachable(t, g), "every derived alarm is checked")
		})
	}
}

func TestThresholdsFollowTheSizeOfWhatTheyWatch(t *testing.T) {
	dev, staging, prod := Evaluate(t, "dev"), Evaluate(t, "staging"), Evaluate(t, "production")
	// 80% of about 84 (db.t4g.micro), 168 (small), 1351 (r7g.large) PostgreSQL connections.
	assert.Equal(t, 67.0, threshold(t, dev, "database", "dbConnections"))
	assert.Equal(t, 134.0, threshold(t, staging, "database", "dbConnections"))
	assert.Equal(t, 1080.0, threshold(t, prod, "database", "dbConnections"))
	// 80% of a node's 500 (mq.t3.micro) and 5000 (mq.m5.large) connections.
	assert.Equal(t, 400.0, threshold(t, dev, "broker", "brokerConnections"))
	assert.Equal(t, 4000.0, threshold(t, prod, "broker", "brokerConnections"))
	// 80% of the pool: 90% of 1351.
	assert.Equal(t, 972.0, threshold(t, prod, "database-proxy", "proxyClientConnections"))
	// 5% of the 100 GiB ceiling, at most a quarter of the first 20 GiB.
	assert.Equal(t, float64(5<<30), threshold(t, prod, "database", "dbFreeStorageGb"))
	g := withData(t, "staging", `{"database":{"engine":"postgres","storageGb":400,"maxStorageGb":1000}}`)
	assert.Equal(t, float64(50<<30), threshold(t, g, "database", "dbFreeStorageGb"))
}

func TestAThresholdThatCanNeverFireIsRefused(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"emails":["a@example.com"],"thresholds":{"dbConnections":{"threshold":200}}}`,
			`validate "platform:observability.thresholds.dbConnections.threshold": 200 can never fire: db.t4g.small postgres accepts about 168 connections, want under 168`},
		{`{"emails":["a@example.com"],"thresholds":{"brokerConnections":{"threshold":500}}}`,
			`validate "platform:observability.thresholds.brokerConnections.threshold": 500 can never fire: a mq.t3.micro node accepts 500 connections, want under 500`},
		{`{"emails":["a@example.com"],"thresholds":{"dbFreeStorageGb":{"threshold":20}}}`,
			`validate "platform:observability.thresholds.dbFreeStorageGb.threshold": 20 is in alarm from the start: the database starts with 20 GiB, want under 20`},
		{`{}`, `validate "platform:observability.emails": is required, want at least one email or webhook: alarms that notify no one are not seen`},
	}
	for _, tc := range cases {
		_, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": tc.doc})
		require.Error(t, err, tc.doc)
		assert.Equal(t, tc.want, err.Error())
	}
	g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"emails":["a@example.com"],"thresholds":{"dbConnections":{"threshold":150}}}`})
	require.NoError(t, err)
	assert.Equal(t, 150.0, threshold(t, g, "database", "dbConnections"), "config overrides a derived threshold under the limit")
	assert.Empty(t, Evaluate(t, "dev").ByType("aws:sns/topicSubscription:TopicSubscription"), "dev may run without a subscriber (warned)")
}

// missingByMetric is how an alarm on each metric treats a silent period:
// metrics published only when there is something to count are healthy when
// silent; metrics published every minute leave silence to the heartbeat;
// heartbeats (SampleCount) and running tasks exist to catch silence.
var missingByMetric = map[string]string{
	"HTTPCode_ELB_5XX_Count": "notBreaching", "HTTPCode_Target_5XX_Count": "notBreaching", "TargetResponseTime": "notBreaching",
	"UnHealthyHostCount": "notBreaching", "HealthyHostCount": "notBreaching", "5xxErrorRate": "notBreaching",
	"ApproximateNumberOfMessagesVisible": "notBreaching", "ApproximateAgeOfOldestMessage": "notBreaching",
	"ClientConnections": "notBreaching", "ThrottledCmds": "notBreaching",
	"CPUUtilization": "missing", "MemoryUtilization": "missing", "DatabaseConnections": "missing", "FreeStorageSpace": "missing",
	"AuroraReplicaLagMaximum": "missing", "AvailabilityPercentage": "missing", "EngineCPUUtilization": "missing",
	"DatabaseMemoryUsagePercentage": "missing", "Evictions": "missing", "ConnectionCount": "missing",
	"RabbitMQMemUsed": "missing", "RabbitMQDiskFree": "missing",
	"SampleCount": "breaching", "RunningTaskCount": "breaching",
}

// watchedMetric is the metric that decides an alarm's missing-data rule: a
// heartbeat's statistic, else the metric, else the first input of its expression.
func watchedMetric(a *graph.Resource) string {
	if a.Input("statistic") == "SampleCount" {
		return "SampleCount"
	}
	if name, ok := a.Input("metricName").(string); ok {
		return name
	}
	for _, q := range a.Input("metricQueries").([]any) {
		if m, ok := q.(map[string]any)["metric"].(map[string]any); ok && m["metricName"] == "RunningTaskCount" {
			return "RunningTaskCount"
		}
		if sql := insightsQuery.FindStringSubmatch(stringAt(q, "expression")); sql != nil && (sql[1] == "RabbitMQMemUsed" || sql[1] == "RabbitMQDiskFree" || sql[1] == "AvailabilityPercentage") {
			return sql[1]
		}
	}
	return ""
}

func TestMissingDataIsChosenPerMetric(t *testing.T) {
	seen := map[string]bool{}
	for stack, g := range map[string]*graph.Graph{"dev": Evaluate(t, "dev"), "production": Evaluate(t, "production"), "aurora": withData(t, "staging", auroraData)} {
		for _, a := range g.ByType(alarmType) {
			want, ok := missingByMetric[watchedMetric(a)]
			require.True(t, ok, "%s %s: no missing-data rule for %q", stack, a.Name, watchedMetric(a))
			assert.Equal(t, want, a.Input("treatMissingData"), "%s %s", stack, a.Name)
			seen[want] = true
		}
	}
	assert.Equal(t, map[string]bool{"notBreaching": true, "missing": true, "breaching": true}, seen, "each kind of metric is covered")

	running := alarmOf(t, Evaluate(t, "dev"), "catalog", "runningTasks")
	assert.Equal(t, "desired - FILL(running, 0)", running.Input("metricQueries.0.expression"), "no running task reads as 0, not as no data")
	assert.Equal(t, "GreaterThanThreshold", running.Input("comparisonOperator"))
}

func TestEveryDataStoreHasAHeartbeat(t *testing.T) {
	beats := func(g *graph.Graph) map[string]string {
		out := map[string]string{}
		for _, a := range g.ByType(alarmType) {
			if a.Input("statistic") == "SampleCount" {
				assert.Equal(t, "LessThanThreshold", a.Input("comparisonOperator"), a.Name)
				assert.Equal(t, 1.0, a.Input("threshold"), a.Name)
				assert.Equal(t, "breaching", a.Input("treatMissingData"), a.Name)
				out[a.Name] = a.Input("metricName").(string)
			}
		}
		return out
	}
	assert.Equal(t, map[string]string{
		"observability-database-heartbeat":  "CPUUtilization",
		"observability-cache-001-heartbeat": "EngineCPUUtilization",
		"observability-cache-002-heartbeat": "EngineCPUUtilization",
		"observability-broker-heartbeat":    "ExchangeCount",
	}, beats(Evaluate(t, "production")))
	aurora := withData(t, "staging", auroraData)
	assert.Equal(t, map[string]string{
		"observability-database-heartbeat": "CPUUtilization",
		"observability-cache-heartbeat":    "BytesUsedForCache",
		"observability-broker-heartbeat":   "ExchangeCount",
	}, beats(aurora))
	cluster := only(t, aurora, dbClusterType, "data-db").Input("clusterIdentifier")
	assert.Equal(t, map[string]any{"DBClusterIdentifier": cluster, "Role": "WRITER"}, alarmOf(t, aurora, "database", "heartbeat").Input("dimensions"))
	assert.Empty(t, beats(withData(t, "staging", `{"queues":[{"name":"jobs"}]}`)), "no data store, no heartbeat")
}

func TestProductionWatchesEveryNodeAndMember(t *testing.T) {
	g := Evaluate(t, "production")
	group := only(t, g, replicationType, "data-cache").Input("replicationGroupId").(string)
	for _, member := range []string{"001", "002"} {
		for kind, metric := range map[string]string{"cacheCpu": "EngineCPUUtilization", "cacheMemory": "DatabaseMemoryUsagePercentage", "cacheEvictions": "Evictions"} {
			a := alarmOf(t, g, "cache-"+member, kind)
			assert.Equal(t, metric, a.Input("metricName"))
			assert.Equal(t, map[string]any{"CacheClusterId": group + "-" + member}, a.Input("dimensions"))
		}
	}
	assert.Empty(t, g.Named("observability-cache-cacheCpu"), "no alarm on the group's first node only")

	broker := only(t, g, brokerType, "data-broker").Input("brokerName").(string)
	memory := alarmOf(t, g, "broker", "brokerMemory")
	assert.Equal(t, []any{
		map[string]any{"id": "value", "expression": "100 * used / limit", "returnData": true},
		map[string]any{"id": "limit", "expression": `SELECT MIN(RabbitMQMemLimit) FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = '` + broker + `'`, "period": 60.0, "returnData": false},
		map[string]any{"id": "used", "expression": `SELECT MAX(RabbitMQMemUsed) FROM SCHEMA("AWS/AmazonMQ", Broker, Node) WHERE Broker = '` + broker + `'`, "period": 60.0, "returnData": false},
	}, memory.Input("metricQueries"), "the worst node, not the broker's sum")
	disk := alarmOf(t, g, "broker", "brokerDiskFree")
	assert.Equal(t, "free / limit", disk.Input("metricQueries.0.expression"))
	assert.Equal(t, "LessThanThreshold", disk.Input("comparisonOperator"))
	assert.Equal(t, 2.0, disk.Input("threshold"), "free disk under twice RabbitMQ's limit")
}

func TestRDSProxyAndTargetGroupAlarms(t *testing.T) {
	g := Evaluate(t, "production")
	clients := alarmOf(t, g, "database-proxy", "proxyClientConnections")
	assert.Equal(t, "ClientConnections", clients.Input("metricName"))
	assert.Equal(t, "Maximum", clients.Input("statistic"))
	proxy := only(t, g, proxyType, "data-db-proxy").Input("name")
	assert.Equal(t, map[string]any{"ProxyName": proxy}, clients.Input("dimensions"))
	availability := alarmOf(t, g, "database-proxy", "proxyAvailability")
	assert.Equal(t, []any{map[string]any{"id": "value", "returnData": true, "period": 60.0,
		"expression": `SELECT MIN(AvailabilityPercentage) FROM SCHEMA("AWS/RDS", ProxyName, TargetGroup, TargetRole) WHERE ProxyName = '` + proxy.(string) + `'`}},
		availability.Input("metricQueries"), "the worst role of the proxy's targets")
	assert.Equal(t, "LessThanThreshold", availability.Input("comparisonOperator"))
	assert.Equal(t, 100.0, availability.Input("threshold"))

	healthy := alarmOf(t, g, "catalog", "healthyHosts")
	assert.Equal(t, "HealthyHostCount", healthy.Input("metricName"))
	assert.Equal(t, "Minimum", healthy.Input("statistic"))
	assert.Equal(t, "LessThanThreshold", healthy.Input("comparisonOperator"))
	assert.Equal(t, 1.0, healthy.Input("threshold"))
	assert.Equal(t, map[string]any{
		"LoadBalancer": only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb").Output("arnSuffix"),
		"TargetGroup":  only(t, g, "aws:lb/targetGroup:TargetGroup", "catalog-tg").Output("arnSuffix"),
	}, healthy.Input("dimensions"))

	for _, stack := range []string{"dev", "staging"} {
		assert.Empty(t, Evaluate(t, stack).Named("observability-database-proxy-proxyClientConnections"), "%s has no proxy", stack)
		assert.Empty(t, Evaluate(t, stack).Named("observability-database-dbReplicaLag"), "%s has no Aurora reader", stack)
	}
}

func TestAuroraIsWatchedOnItsWriterAndClusterLag(t *testing.T) {
	g := withData(t, "staging", auroraData)
	cluster := only(t, g, dbClusterType, "data-db").Input("clusterIdentifier")
	writer := map[string]any{"DBClusterIdentifier": cluster, "Role": "WRITER"}
	for _, kind := range []string{"dbCpu", "dbConnections"} {
		assert.Equal(t, writer, alarmOf(t, g, "database", kind).Input("dimensions"), kind)
	}
	lag := alarmOf(t, g, "database", "dbReplicaLag")
	assert.Equal(t, "AuroraReplicaLagMaximum", lag.Input("metricName"))
	assert.Equal(t, map[string]any{"DBClusterIdentifier": cluster}, lag.Input("dimensions"))
	assert.Empty(t, g.Named("observability-database-dbFreeStorageGb"), "Aurora storage grows on its own")

	throttled := alarmOf(t, g, "cache", "cacheThrottled")
	assert.Equal(t, "ThrottledCmds", throttled.Input("metricName"))
	assert.Equal(t, map[string]any{"clusterId": only(t, g, serverlessType, "data-cache").Input("name")}, throttled.Input("dimensions"))
	for _, a := range g.ByType(alarmType) {
		assert.NotEqual(t, "ElastiCacheProcessingUnits", a.Input("metricName"), "processing units are no percentage")
	}
	single := withData(t, "staging", `{"database":{"engine":"aurora-postgresql"}}`)
	assert.Empty(t, single.Named("observability-database-dbReplicaLag"), "no reader, no lag")
}

func TestTheREADMEListsEveryAlarmKind(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	_, section, found := strings.Cut(string(readme), "\n## Alarms\n")
	require.True(t, found, "README.md has an Alarms section")
	section, _, _ = strings.Cut(section, "\n## ")
	for _, kind := range observability.Kinds {
		assert.Contains(t, section, "`"+string(kind)+"`", "README.md's Alarms table misses %s", kind)
	}
}
