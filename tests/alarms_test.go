package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
