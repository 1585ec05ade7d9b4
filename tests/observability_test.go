package tests

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/compute"
	"platform/internal/graph"
)

const (
	alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm"
	proxyType = "aws:rds/proxy:Proxy"
)

// cacheMembers are a replication group's node ids, as ElastiCache names them.
func cacheMembers(group *graph.Resource) []string {
	var out []string
	for i := 1; i <= int(group.Input("numCacheClusters").(float64)); i++ {
		out = append(out, fmt.Sprintf("%s-%03d", group.Input("replicationGroupId"), i))
	}
	return out
}

// watched collects, for every alarm, the dimension values it watches and
// the metric names (of metric-math queries too).
type watched struct {
	dims    map[string]bool
	metrics map[string]bool
}

// insightsQuery reads the metric and the filtered dimension of a Metrics
// Insights query: SELECT MAX(RabbitMQMemUsed) FROM SCHEMA(...) WHERE Broker = 'x'.
var insightsQuery = regexp.MustCompile(`^SELECT [A-Z]+\((\w+)\) FROM SCHEMA\("[^"]+"(?:, \w+)*\) WHERE (\w+) = '([^']+)'$`)

func stringAt(v any, key string) string {
	s, _ := v.(map[string]any)[key].(string)
	return s
}

func alarmIndex(g *graph.Graph) map[string]watched {
	index := map[string]watched{}
	for _, a := range g.ByType(alarmType) {
		w := watched{dims: map[string]bool{}, metrics: map[string]bool{}}
		add := func(metric string, dims any) {
			w.metrics[metric] = true
			if m, ok := dims.(map[string]any); ok {
				for _, v := range m {
					w.dims[v.(string)] = true
				}
			}
		}
		if name, ok := a.Input("metricName").(string); ok {
			add(name, a.Input("dimensions"))
		}
		if queries, ok := a.Input("metricQueries").([]any); ok {
			for _, q := range queries {
				if m, ok := q.(map[string]any)["metric"].(map[string]any); ok {
					add(m["metricName"].(string), m["dimensions"])
				}
				if sql := insightsQuery.FindStringSubmatch(stringAt(q, "expression")); sql != nil {
					add(sql[1], map[string]any{sql[2]: sql[3]})
				}
			}
		}
		index[a.URN] = w
	}
	return index
}

// hasAlarm reports whether some alarm watches metric for a dimension value.
func hasAlarm(index map[string]watched, metric, dim string) bool {
	for _, w := range index {
		if w.metrics[metric] && w.dims[dim] {
			return true
		}
	}
	return false
}

func TestEverythingTheStackRunsHasItsAlarms(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			g := Evaluate(t, stack)
			index := alarmIndex(g)
			expect := func(metric, dim, what string) {
				assert.True(t, hasAlarm(index, metric, dim), "%s has no %s alarm", what, metric)
			}
			for _, s := range g.ByType(ecsServiceType) {
				name := s.Input("name").(string)
				for _, metric := range []string{"CPUUtilization", "MemoryUtilization", "RunningTaskCount", "DesiredTaskCount"} {
					expect(metric, name, "service "+name)
				}
			}
			for _, tg := range g.ByType("aws:lb/targetGroup:TargetGroup") {
				expect("UnHealthyHostCount", tg.Output("arnSuffix").(string), tg.Name)
				expect("HealthyHostCount", tg.Output("arnSuffix").(string), tg.Name)
			}
			alb := only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb").Output("arnSuffix").(string)
			for _, metric := range []string{"HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "TargetResponseTime"} {
				expect(metric, alb, "the load balancer")
			}
			for _, db := range g.ByType(dbInstanceType) {
				for _, metric := range []string{"CPUUtilization", "FreeStorageSpace", "DatabaseConnections"} {
					expect(metric, db.Input("identifier").(string), "the database")
				}
			}
			for _, proxy := range g.ByType(proxyType) {
				for _, metric := range []string{"ClientConnections", "AvailabilityPercentage"} {
					expect(metric, proxy.Input("name").(string), "the proxy")
				}
			}
			for _, cache := range g.ByType(replicationType) {
				for _, member := range cacheMembers(cache) {
					for _, metric := range []string{"EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions"} {
						expect(metric, member, "cache member "+member)
					}
				}
			}
			for _, broker := range g.ByType(brokerType) {
				for _, metric := range []string{"RabbitMQMemUsed", "RabbitMQMemLimit", "RabbitMQDiskFree", "RabbitMQDiskFreeLimit", "ConnectionCount"} {
					expect(metric, broker.Input("brokerName").(string), "the broker")
				}
			}
			for _, q := range g.ByType(queueType) {
				name := q.Input("name").(string)
				if strings.HasSuffix(name, "-dlq") {
					expect("ApproximateNumberOfMessagesVisible", name, "dead-letter queue "+name)
				} else {
					expect("ApproximateAgeOfOldestMessage", name, "queue "+name)
				}
			}
			for _, d := range g.ByType(distributionType) {
				expect("5xxErrorRate", d.ID, d.Name)
			}
			topic := only(t, g, "aws:sns/topic:Topic", "observability-alerts").Output("arn")
			for _, a := range g.ByType(alarmType) {
				assert.Equal(t, []any{topic}, a.Input("alarmActions"), a.Name)
				assert.Equal(t, []any{topic}, a.Input("okActions"), a.Name)
			}
		})
	}
}

func TestAlertsTopicIsEncryptedForCloudWatch(t *testing.T) {
	g := Evaluate(t, "production")
	topic := only(t, g, "aws:sns/topic:Topic", "observability-alerts")
	key := only(t, g, "aws:kms/key:Key", "observability-alerts-key")
	assert.Equal(t, key.Output("arn"), topic.Input("kmsMasterKeyId"))
	policy := policyAt(t, key, "policy")
	assert.Equal(t, map[string]string{"Service": "cloudwatch.amazonaws.com"}, policy.Statement[1].Principal)
	subs := map[string]string{}
	for _, s := range g.ByType("aws:sns/topicSubscription:TopicSubscription") {
		subs[s.Input("protocol").(string)] = s.Input("endpoint").(string)
	}
	assert.Equal(t, map[string]string{"email": "oncall@shop.example.com", "https": "https://hooks.chat.example.com/services/platform-alerts"}, subs)
}

func TestThresholdsFollowTheTierAndConfig(t *testing.T) {
	periods := map[string]float64{"dev": 5, "staging": 3, "production": 2}
	for stack, want := range periods {
		a := only(t, Evaluate(t, stack), alarmType, "observability-catalog-serviceCpu")
		assert.Equal(t, want, a.Input("evaluationPeriods"), stack)
		assert.Equal(t, 85.0, a.Input("threshold"), stack)
	}
	g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"emails":["a@example.com"],"thresholds":{"serviceCpu":{"threshold":70}},"services":{"catalog":{"serviceCpu":{"threshold":95,"periods":10}}}}`})
	require.NoError(t, err)
	assert.Equal(t, 95.0, only(t, g, alarmType, "observability-catalog-serviceCpu").Input("threshold"))
	assert.Equal(t, 10.0, only(t, g, alarmType, "observability-catalog-serviceCpu").Input("evaluationPeriods"))
	assert.Equal(t, 70.0, only(t, g, alarmType, "observability-orders-serviceCpu").Input("threshold"))
	assert.Equal(t, float64(5<<30), only(t, g, alarmType, "observability-database-dbFreeStorageGb").Input("threshold"), "5% of the 100 GiB ceiling, in bytes")
	assert.Equal(t, "LessThanThreshold", only(t, g, alarmType, "observability-database-dbFreeStorageGb").Input("comparisonOperator"))
}

func TestDashboardNamesEveryService(t *testing.T) {
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		var body struct {
			Widgets []struct {
				Properties struct {
					Title   string
					Metrics [][]any
				}
			}
		}
		require.NoError(t, json.Unmarshal([]byte(only(t, g, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard").Input("dashboardBody").(string)), &body))
		named := map[string]bool{}
		for _, w := range body.Widgets {
			for _, m := range w.Properties.Metrics {
				for i := 2; i+1 < len(m); i += 2 {
					if m[i] == "ServiceName" {
						named[m[i+1].(string)] = true
					}
				}
			}
		}
		for _, s := range g.ByType(ecsServiceType) {
			assert.True(t, named[s.Input("name").(string)], "%s: dashboard misses %s", stack, s.Input("name"))
		}
		assert.Contains(t, body.Widgets[0].Properties.Title, "Load balancer")
	}
}

func TestBackupsSelectTheProductionDatabaseAndBuckets(t *testing.T) {
	g := Evaluate(t, "production")
	selection := only(t, g, "aws:backup/selection:Selection", "observability-backup-selection")
	assert.ElementsMatch(t, []any{
		only(t, g, dbInstanceType, "data-db").Output("arn"),
		only(t, g, bucketType, "data-bucket-uploads").Output("arn"),
	}, selection.Input("resources"))
	plan := only(t, g, "aws:backup/plan:Plan", "observability-backup-plan")
	assert.Equal(t, 35.0, plan.Input("rules.0.lifecycle.deleteAfter"))
	copyVault := only(t, g, "aws:backup/vault:Vault", "observability-backup-copy-vault")
	assert.Equal(t, copyVault.Output("arn"), plan.Input("rules.0.copyActions.0.destinationVaultArn"))
	assert.Contains(t, copyVault.Output("arn"), ":us-west-2:", "copies go to the second region")
	assert.True(t, only(t, g, "aws:backup/vault:Vault", "observability-backup-vault").Protect)

	assert.Empty(t, Evaluate(t, "dev").ByType("aws:backup/plan:Plan"), "dev has no backups by default")
	g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"emails":["a@example.com"],"backups":true,"backupRetentionDays":60}`})
	require.NoError(t, err)
	assert.Equal(t, 60.0, only(t, g, "aws:backup/plan:Plan", "observability-backup-plan").Input("rules.0.lifecycle.deleteAfter"))
}

func TestEveryLogGroupExpires(t *testing.T) {
	for _, stack := range append(persistentStacks, "pr-42") {
		for _, group := range Evaluate(t, stack).ByType("aws:cloudwatch/logGroup:LogGroup") {
			days, ok := group.Input("retentionInDays").(float64)
			assert.True(t, ok && days > 0, "%s %s never expires", stack, group.Name)
		}
	}
}

func TestTracingSidecarIsPerServiceAndOffByDefault(t *testing.T) {
	g := Evaluate(t, "staging")
	orders := containers(t, only(t, g, taskDefType, "orders-task"))
	require.Len(t, orders, 2)
	assert.Equal(t, compute.TracingImage, orders[1].Image)
	assert.False(t, orders[1].Essential)
	assert.Contains(t, orders[0].Environment, compute.KeyValue{Name: "AWS_XRAY_DAEMON_ADDRESS", Value: "127.0.0.1:2000"})
	var xray bool
	for _, s := range policyAt(t, only(t, g, rolePolicyType, "orders-task-policy"), "policy").Statement {
		xray = xray || s.Sid == "XRay"
	}
	assert.True(t, xray, "the task role may send traces")
	assert.Len(t, containers(t, only(t, g, taskDefType, "catalog-task")), 1, "off by default")
}

func TestObservabilityRejectsBadConfig(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"thresholds":{"serviceCpu":{"threshold":-1}}}`, `validate "platform:observability.thresholds.serviceCpu.threshold": -1 is negative, want 0 or more`},
		{`{"services":{"payments":{"serviceCpu":{"threshold":90}}}}`, `validate "platform:observability.services.payments": "payments" is not a service or worker, want one of admin, catalog, frontend, jobs, orders, recon, webhooks`},
		{`{"emails":["oncall.example.com"]}`, `validate "platform:observability.emails[0]": "oncall.example.com" is not an email address, want name@example.com`},
		{`{"webhooks":["http://chat.example.com/hook"]}`, `validate "platform:observability.webhooks[0]": "http://chat.example.com/hook" is not an HTTPS URL, want https://hooks.example.com/...`},
		{`{"thresholds":{"diskFull":{"threshold":1}}}`, `validate "platform:observability.thresholds.diskFull": "diskFull" is not an alarm kind, want one of alb5xx, target5xx, latencyP95, unhealthyHosts, healthyHosts, serviceCpu, serviceMemory, runningTasks, dbCpu, dbFreeStorageGb, dbConnections, dbReplicaLag, proxyClientConnections, proxyAvailability, cacheCpu, cacheMemory, cacheEvictions, cacheThrottled, brokerMemory, brokerDiskFree, brokerConnections, dlqVisible, queueAgeSeconds, cdn5xxRate, heartbeat, functionErrors, functionThrottles`},
		{`{"services":{"catalog":{"dbCpu":{"threshold":1}}}}`, `validate "platform:observability.services.catalog.dbCpu": "dbCpu" cannot be set per service, want one of serviceCpu, serviceMemory, runningTasks, unhealthyHosts, healthyHosts, target5xx`},
	}
	for _, tc := range cases {
		t.Run(tc.doc, func(t *testing.T) {
			g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": tc.doc})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestTaskLogRetentionComesFromConfig(t *testing.T) {
	g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"emails":["a@example.com"],"logRetentionDays":14}`})
	require.NoError(t, err)
	assert.Equal(t, 14.0, only(t, g, "aws:cloudwatch/logGroup:LogGroup", "catalog-logs").Input("retentionInDays"))
	assert.Equal(t, 30.0, only(t, Evaluate(t, "staging"), "aws:cloudwatch/logGroup:LogGroup", "catalog-logs").Input("retentionInDays"), "tier default")
	_, err = EvaluateWith(t, "staging", map[string]string{"platform:observability": `{"logRetentionDays":8}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `validate "platform:observability.logRetentionDays": 8 is not a CloudWatch Logs retention`)
}
