package preflight

import (
	"platform/internal/graph"
	"testing"
	"time"
)

func db(extra M, opts ...func(*graph.Resource)) *graph.Resource {
	inputs := M{"engine": "postgres", "engineVersion": "16", "instanceClass": "db.t4g.micro", "allocatedStorage": 20, "maxAllocatedStorage": 100,
		"backupRetentionPeriod": 7, "dbName": "app", "username": "app_admin", "identifier": "db-1"}
	for k, v := range extra {
		inputs[k] = v
	}
	return res(dbInstance, "db", inputs, opts...)
}

func cache(extra M) *graph.Resource {
	inputs := M{"engine": "valkey", "engineVersion": "8.0", "nodeType": "cache.t4g.small", "numCacheClusters": 1, "transitEncryptionEnabled": true, "replicationGroupId": "cache-1"}
	for k, v := range extra {
		inputs[k] = v
	}
	return res(replicationGroup, "cache", inputs)
}

func mqBroker(extra M) *graph.Resource {
	inputs := M{"engineType": "RabbitMQ", "engineVersion": "3.13", "autoMinorVersionUpgrade": true, "deploymentMode": "SINGLE_INSTANCE",
		"hostInstanceType": "mq.t3.micro", "subnetIds": L{"subnet-a"}, "users": L{M{"username": "app"}}, "brokerName": "broker-1"}
	for k, v := range extra {
		inputs[k] = v
	}
	return res(broker, "broker", inputs)
}

func task(secretFrom string) *graph.Resource {
	return res(taskDefinition, "td", M{"containerDefinitions": jsonText(L{M{"name": "app", "secrets": L{M{"name": "DATABASE_PASSWORD", "valueFrom": secretFrom}}}})})
}

var dataCases = []ruleCase{
	{rule: "PF.S3.1", badName: "logging",
		good: one(res(bucketLogging, "logging", M{"targetBucket": "t"}), res(bucketPolicy, "t-policy", M{"bucket": "t",
			"policy": jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": "s3:PutObject", "Principal": M{"Service": "logging.s3.amazonaws.com"}}}})})),
		bad: one(res(bucketLogging, "logging", M{"targetBucket": "t"}))},
	{rule: "PF.S3.2", badName: "lifecycle",
		good: one(res(bucketLifecycle, "lifecycle", M{"rules": L{M{"id": "x", "expiration": M{"days": 90}, "noncurrentVersionExpiration": M{"noncurrentDays": 1}}}})),
		bad:  one(res(bucketLifecycle, "lifecycle", M{"rules": L{M{"id": "x", "noncurrentVersionExpiration": M{"noncurrentDays": 0}}}}))},
	{rule: "PF.RDS.1", badName: "db", good: one(db(nil)), bad: one(db(M{"instanceClass": "db.x9.large"}))},
	{rule: "PF.RDS.2", badName: "db", good: one(db(M{"performanceInsightsEnabled": true}), db(M{"engine": "mysql", "engineVersion": "8.4", "instanceClass": "db.t4g.medium", "performanceInsightsEnabled": true}, func(r *graph.Resource) { r.URN += "-mysql" })),
		bad: one(db(M{"engine": "mysql", "engineVersion": "8.4", "instanceClass": "db.t4g.small", "performanceInsightsEnabled": true}))},
	{rule: "PF.RDS.3", badName: "db", good: one(db(M{"performanceInsightsRetentionPeriod": 93})), bad: one(db(M{"performanceInsightsRetentionPeriod": 30}))},
	{rule: "PF.RDS.4", badName: "db", good: one(db(M{"engine": "mysql", "engineVersion": "8.4.3"})), bad: one(db(M{"engine": "mysql", "engineVersion": "8.0.39"}))},
	{rule: "PF.RDS.5", badName: "db",
		good: func() []*graph.Resource {
			pg := res(dbParameterGroup, "pg", M{"family": "postgres16"})
			return []*graph.Resource{pg, db(nil, on(pg))}
		},
		bad: func() []*graph.Resource {
			pg := res(dbParameterGroup, "pg", M{"family": "postgres15"})
			return []*graph.Resource{pg, db(nil, on(pg))}
		}},
	{rule: "PF.RDS.6", badName: "db", good: one(db(nil)), bad: one(db(M{"maxAllocatedStorage": 20}))},
	{rule: "PF.RDS.7", badName: "db", good: one(db(nil)), bad: one(db(M{"username": "rdsadmin"}))},
	{rule: "PF.RDS.7", badName: "db", good: one(db(M{"dbName": "app_1"})), bad: one(db(M{"dbName": "1app"}))},
	{rule: "PF.RDS.8", badName: "td", good: one(task("arn:aws:secretsmanager:us-east-1:111122223333:secret:app-db-user")),
		bad: one(task("arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1234:password::"))},
	{rule: "PF.RDS.9", badName: "proxy", good: one(res(dbProxy, "proxy", M{"vpcSubnetIds": L{"a", "b"}, "idleClientTimeout": 1800})),
		bad: one(res(dbProxy, "proxy", M{"vpcSubnetIds": L{"a"}}))},
	{rule: "PF.EC.1", badName: "cache", good: one(cache(M{"automaticFailoverEnabled": true, "numCacheClusters": 2, "multiAzEnabled": true})),
		bad: one(cache(M{"automaticFailoverEnabled": true}))},
	{rule: "PF.EC.2", badName: "cache", good: one(cache(M{"authToken": graph.SecretMarker})),
		bad: one(cache(M{"authToken": graph.SecretMarker, "transitEncryptionEnabled": false}))},
	{rule: "PF.EC.3", badName: "cache", good: one(cache(M{"engineVersion": "9.1"})), bad: one(cache(M{"engineVersion": "7.0"}))},
	{rule: "PF.EC.3", badName: "cache", good: one(cache(nil)), bad: one(cache(M{"nodeType": "cache.t2.micro"}))},
	{rule: "PF.EC.4", badName: "cache", good: one(cache(M{"snapshotRetentionLimit": 35})), bad: one(cache(M{"snapshotRetentionLimit": 36}))},
	{rule: "PF.MQ.1", badName: "broker", good: one(mqBroker(nil)), bad: one(mqBroker(M{"subnetIds": L{"a", "b"}}))},
	{rule: "PF.MQ.2", badName: "broker", good: one(mqBroker(nil)), bad: one(mqBroker(M{"deploymentMode": "CLUSTER_MULTI_AZ", "subnetIds": L{"a", "b", "c"}}))},
	{rule: "PF.MQ.2", badName: "broker", good: one(mqBroker(M{"engineVersion": "4.2", "hostInstanceType": "mq.m7g.large"})), bad: one(mqBroker(M{"engineVersion": "4.2"}))},
	{rule: "PF.MQ.3", badName: "broker", good: one(mqBroker(M{"engineVersion": "4.2", "hostInstanceType": "mq.m7g.large"})),
		bad: one(mqBroker(M{"autoMinorVersionUpgrade": false}))},
	{rule: "PF.MQ.3", badName: "broker", good: one(mqBroker(nil)), bad: one(mqBroker(M{"engineVersion": "3.12"}))},
	{rule: "PF.MQ.4", badName: "broker", good: one(mqBroker(nil)), bad: one(mqBroker(M{"users": L{M{"username": "guest"}}}))},
}

func TestDataRules(t *testing.T) {
	defer func(was func() time.Time) { now = was }(now)
	now = func() time.Time { return date("2026-12-01") }
	runCases(t, dataCases)
}

func TestStandardSupportFollowsTheDate(t *testing.T) {
	defer func(was func() time.Time) { now = was }(now)
	g := graph.New("p", "test", []*graph.Resource{db(M{"engine": "mysql", "engineVersion": "8.0.39"})})
	now = func() time.Time { return date("2026-07-30") }
	if got := findingsOf(Run(g), "PF.RDS.4"); len(got) != 0 {
		t.Errorf("MySQL 8.0 is in standard support until 2026-07-31: %v", got)
	}
	now = func() time.Time { return date("2026-08-01") }
	if got := findingsOf(Run(g), "PF.RDS.4"); len(got) != 1 {
		t.Errorf("MySQL 8.0 left standard support on 2026-07-31: %v", got)
	}
}
