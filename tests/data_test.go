package tests

import (
	"encoding/json"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
)

const (
	dbInstanceType    = "aws:rds/instance:Instance"
	dbClusterType     = "aws:rds/cluster:Cluster"
	replicationType   = "aws:elasticache/replicationGroup:ReplicationGroup"
	brokerType        = "aws:mq/broker:Broker"
	queueType         = "aws:sqs/queue:Queue"
	bucketType        = "aws:s3/bucketV2:BucketV2"
	repositoryType    = "aws:ecr/repository:Repository"
	sgType            = "aws:ec2/securityGroup:SecurityGroup"
	ingressRuleType   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressRuleType    = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	serverlessType    = "aws:elasticache/serverlessCache:ServerlessCache"
	dataComponentType = "platform:data:DataLayer"
)

// statefulTypes hold data that a deletion would lose.
var statefulTypes = []string{dbInstanceType, dbClusterType, "aws:rds/clusterInstance:ClusterInstance", replicationType, serverlessType, brokerType, bucketType, repositoryType}

// withData evaluates staging with a `platform:data` document.
func withData(t *testing.T, stack, doc string) *graph.Graph {
	t.Helper()
	g, err := EvaluateAlone(t, stack, map[string]string{"platform:data": doc})
	require.NoError(t, err)
	return g
}

func TestEachEngineGetsItsResourcesTLSAndManagedPassword(t *testing.T) {
	cases := []struct {
		engine, family, param, value string
		kind, paramsType             string
		logs                         []any
	}{
		{"postgres", "postgres16", "rds.force_ssl", "1", dbInstanceType, "aws:rds/parameterGroup:ParameterGroup", []any{"postgresql", "upgrade"}},
		{"mysql", "mysql8.4", "require_secure_transport", "ON", dbInstanceType, "aws:rds/parameterGroup:ParameterGroup", []any{"error", "general", "slowquery"}},
		{"aurora-postgresql", "aurora-postgresql16", "rds.force_ssl", "1", dbClusterType, "aws:rds/clusterParameterGroup:ClusterParameterGroup", []any{"postgresql"}},
		{"aurora-mysql", "aurora-mysql8.0", "require_secure_transport", "ON", dbClusterType, "aws:rds/clusterParameterGroup:ClusterParameterGroup", []any{"audit", "error", "general", "slowquery"}},
	}
	for _, tc := range cases {
		t.Run(tc.engine, func(t *testing.T) {
			g := withData(t, "staging", `{"database":{"engine":"`+tc.engine+`"}}`)
			db := only(t, g, tc.kind, "data-db")
			params := only(t, g, tc.paramsType, "data-db-params")
			assert.Equal(t, tc.family, params.Input("family"))
			assert.Equal(t, []any{map[string]any{"name": tc.param, "value": tc.value}}, params.Input("parameters"))
			assert.Equal(t, tc.engine, db.Input("engine"))
			assert.Equal(t, true, db.Input("storageEncrypted"))
			assert.Equal(t, true, db.Input("manageMasterUserPassword"))
			assert.Nil(t, db.Input("password"))
			assert.Nil(t, db.Input("masterPassword"))
			assert.Equal(t, tc.logs, db.Input("enabledCloudwatchLogsExports"))
			assert.Equal(t, only(t, g, "aws:rds/subnetGroup:SubnetGroup", "data-db-subnets").Input("subnetIds"), g.Outputs["isolatedSubnetIds"])
			if tc.kind == dbClusterType {
				assert.Len(t, g.ByType(dbInstanceType), 0)
				instance := only(t, g, "aws:rds/clusterInstance:ClusterInstance", "data-db-a")
				assert.Equal(t, "db.serverless", instance.Input("instanceClass"))
				assert.Equal(t, false, instance.Input("publiclyAccessible"))
				assert.Equal(t, true, instance.Input("performanceInsightsEnabled"))
				assert.Equal(t, true, instance.Input("autoMinorVersionUpgrade"))
				assert.Equal(t, map[string]any{"minCapacity": 0.5, "maxCapacity": 4.0}, db.Input("serverlessv2ScalingConfiguration"))
			} else {
				assert.Empty(t, g.ByType(dbClusterType))
				assert.Equal(t, "db.t4g.small", db.Input("instanceClass"))
				assert.Equal(t, false, db.Input("publiclyAccessible"))
				assert.Equal(t, tc.engine != "mysql", db.Input("performanceInsightsEnabled"), "RDS for MySQL has no Performance Insights on small classes")
				assert.Equal(t, true, db.Input("autoMinorVersionUpgrade"))
				assert.Equal(t, "gp3", db.Input("storageType"))
			}
		})
	}
}

func TestAuroraServerlessScalesToZeroInDevAndFailsOverInProduction(t *testing.T) {
	dev := withData(t, "dev", `{"database":{"engine":"aurora-postgresql"}}`)
	assert.Equal(t, 0.0, only(t, dev, dbClusterType, "data-db").Input("serverlessv2ScalingConfiguration.minCapacity"))
	assert.Len(t, dev.ByType("aws:rds/clusterInstance:ClusterInstance"), 1)

	prod := withData(t, "production", `{"database":{"engine":"aurora-postgresql","maxAcu":16}}`)
	cluster := only(t, prod, dbClusterType, "data-db")
	assert.Equal(t, map[string]any{"minCapacity": 2.0, "maxCapacity": 16.0}, cluster.Input("serverlessv2ScalingConfiguration"))
	assert.Len(t, prod.ByType("aws:rds/clusterInstance:ClusterInstance"), 2, "a second instance is the failover target")
	assert.Equal(t, true, cluster.Input("deletionProtection"))
	assert.Equal(t, "platform-production-db-final", cluster.Input("finalSnapshotIdentifier"))
	for _, key := range []string{"allowMajorVersionUpgrade", "applyImmediately"} {
		assert.Equal(t, true, cluster.Input(key), key)
	}
}

func TestTierDecidesAvailabilityAndProtection(t *testing.T) {
	cases := []struct {
		stack          string
		protect        bool
		multiAZ        bool
		backups        float64
		cacheNodes     float64
		brokerMode     string
		tags           string
		cacheSnapshots float64
	}{
		{"dev", false, false, 1, 1, "SINGLE_INSTANCE", "MUTABLE", 0},
		{"staging", false, false, 7, 1, "SINGLE_INSTANCE", "MUTABLE", 1},
		{"production", true, true, 14, 2, "CLUSTER_MULTI_AZ", "IMMUTABLE", 7},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			g := Evaluate(t, tc.stack)
			db := only(t, g, dbInstanceType, "data-db")
			assert.Equal(t, tc.protect, db.Protect)
			assert.Equal(t, tc.protect, db.Input("deletionProtection"))
			assert.Equal(t, false, db.Input("skipFinalSnapshot"), "every database leaves a final snapshot: the next pause's, or production's")
			assert.Equal(t, tc.multiAZ, db.Input("multiAz"))
			assert.Equal(t, true, db.Input("allowMajorVersionUpgrade"), "a new major version in the config is taken")
			assert.Equal(t, true, db.Input("applyImmediately"), "at the deploy that carries it")
			assert.Equal(t, tc.backups, db.Input("backupRetentionPeriod"))
			if tc.protect {
				assert.Equal(t, "platform-production-db-final", db.Input("finalSnapshotIdentifier"))
			}
			cache := only(t, g, replicationType, "data-cache")
			assert.Equal(t, tc.cacheNodes, cache.Input("numCacheClusters"))
			assert.Equal(t, tc.cacheNodes > 1, cache.Input("automaticFailoverEnabled"))
			assert.Equal(t, tc.cacheNodes > 1, cache.Input("multiAzEnabled"))
			assert.Equal(t, tc.cacheSnapshots, cache.Input("snapshotRetentionLimit"))
			assert.Equal(t, tc.protect, cache.Protect)
			broker := only(t, g, brokerType, "data-broker")
			assert.Equal(t, tc.brokerMode, broker.Input("deploymentMode"))
			for _, repo := range g.ByType(repositoryType) {
				assert.Equal(t, tc.tags, repo.Input("imageTagMutability"), repo.Name)
				assert.Equal(t, !tc.protect, repo.Input("forceDelete"), repo.Name)
			}
			for _, bucket := range g.ByType(bucketType) {
				assert.Equal(t, !tc.protect, bucket.Input("forceDestroy"), bucket.Name)
			}
			for _, typ := range statefulTypes {
				for _, r := range g.ByType(typ) {
					assert.Equal(t, tc.protect, r.Protect, "pulumi.Protect on %s", r.URN)
				}
			}
		})
	}
}

func TestNoSecretIsALiteralInAnyInput(t *testing.T) {
	secretKeys := map[string]bool{"password": true, "masterpassword": true, "authtoken": true, "secretstring": true, "clientsecret": true}
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		for _, r := range g.Resources {
			walkInputs(r.Inputs, "", func(path string, key string, value any) {
				if secretKeys[strings.ToLower(key)] {
					assert.Equal(t, graph.SecretMarker, value, "%s %s", r.URN, path)
				}
			})
		}
		assert.NotContains(t, string(planJSON(t, g)), offline.SecretValuePrefix, stack)
	}
}

// walkInputs calls visit for every key of a nested input document.
func walkInputs(v any, path string, visit func(path, key string, value any)) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			visit(path+"."+k, k, e)
			walkInputs(e, path+"."+k, visit)
		}
	case []any:
		for _, e := range t {
			walkInputs(e, path+"[]", visit)
		}
	}
}

func TestDataSecurityGroupsAdmitOnlyReferencedGroups(t *testing.T) {
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		data := only(t, g, dataComponentType, "data")
		for _, r := range g.DescendantsOf(data.URN) {
			switch r.Type {
			case sgType:
				assert.Nil(t, r.Input("ingress"), "%s has no inline rules", r.Name)
				assert.Nil(t, r.Input("egress"), "%s has no inline rules", r.Name)
			case ingressRuleType, egressRuleType:
				assert.Nil(t, r.Input("cidrIpv4"), r.Name)
				assert.Nil(t, r.Input("cidrIpv6"), r.Name)
				assert.NotEmpty(t, r.Input("referencedSecurityGroupId"), r.Name)
			}
		}
	}
}

func TestProxyRequiresTLSAndIsTheDatabasesOnlyWayIn(t *testing.T) {
	g := Evaluate(t, "production")
	db := only(t, g, dbInstanceType, "data-db")
	proxy := only(t, g, "aws:rds/proxy:Proxy", "data-db-proxy")
	dbSG := only(t, g, sgType, "data-db-sg")
	proxySG := only(t, g, sgType, "data-db-proxy-sg")
	secret := db.Output("masterUserSecrets.0.secretArn")

	assert.Equal(t, true, proxy.Input("requireTls"))
	assert.Equal(t, "POSTGRESQL", proxy.Input("engineFamily"))
	assert.Equal(t, []any{proxySG.ID}, proxy.Input("vpcSecurityGroupIds"))
	assert.Equal(t, []any{map[string]any{"authScheme": "SECRETS", "secretArn": secret, "iamAuth": "DISABLED"}}, proxy.Input("auths"))
	role := only(t, g, roleType, "data-db-proxy-role")
	assert.Equal(t, role.Output("arn"), proxy.Input("roleArn"))
	read := policyAt(t, only(t, g, rolePolicyType, "data-db-proxy-secret"), "policy")
	require.Len(t, read.Statement, 1)
	assert.Equal(t, []string{secret.(string)}, read.Statement[0].Resource, "the proxy role reads only the database secret")
	assert.Equal(t, []string{"secretsmanager:GetSecretValue"}, read.Statement[0].Action)

	var intoDB []*graph.Resource
	for _, rule := range g.ByType(ingressRuleType) {
		if rule.Input("securityGroupId") == dbSG.ID {
			intoDB = append(intoDB, rule)
		}
	}
	require.Len(t, intoDB, 1)
	assert.Equal(t, proxySG.ID, intoDB[0].Input("referencedSecurityGroupId"))
	assert.Equal(t, 5432.0, intoDB[0].Input("fromPort"))
	out := only(t, g, egressRuleType, "data-db-proxy-to-db")
	assert.Equal(t, proxySG.ID, out.Input("securityGroupId"))
	assert.Equal(t, dbSG.ID, out.Input("referencedSecurityGroupId"))
	assert.Equal(t, proxy.Output("endpoint"), g.Outputs["databaseHost"], "services connect to the proxy")
	assert.Equal(t, []any{dbSG.ID}, db.Input("vpcSecurityGroupIds"))
}

func TestValkeyIsEncryptedWithAGeneratedToken(t *testing.T) {
	g := Evaluate(t, "production")
	cache := only(t, g, replicationType, "data-cache")
	assert.Equal(t, "valkey", cache.Input("engine"))
	assert.Equal(t, "8.0", cache.Input("engineVersion"))
	assert.Equal(t, "cache.r7g.large", cache.Input("nodeType"))
	assert.Equal(t, true, cache.Input("atRestEncryptionEnabled"))
	assert.Equal(t, true, cache.Input("transitEncryptionEnabled"))
	assert.Equal(t, graph.SecretMarker, cache.Input("authToken"))
	version := only(t, g, "aws:secretsmanager/secretVersion:SecretVersion", "data-cache-auth-secret-value")
	assert.Equal(t, graph.SecretMarker, version.Input("secretString"))
	assert.Equal(t, only(t, g, "aws:secretsmanager/secret:Secret", "data-cache-auth-secret").ID, version.Input("secretId"))

	dev := withData(t, "dev", `{"cache":{"mode":"serverless"}}`)
	serverless := only(t, dev, serverlessType, "data-cache")
	assert.Equal(t, "valkey", serverless.Input("engine"))
	assert.Equal(t, "8", serverless.Input("majorEngineVersion"))
	assert.Empty(t, dev.ByType(replicationType))
}

func TestRabbitMQIsPrivateWithGeneratedCredentials(t *testing.T) {
	for stack, subnets := range map[string]int{"dev": 1, "production": 3} {
		g := Evaluate(t, stack)
		broker := only(t, g, brokerType, "data-broker")
		assert.Equal(t, "RabbitMQ", broker.Input("engineType"))
		assert.Equal(t, false, broker.Input("publiclyAccessible"))
		assert.Equal(t, true, broker.Input("logs.general"))
		assert.Equal(t, true, broker.Input("autoMinorVersionUpgrade"))
		assert.Equal(t, graph.SecretMarker, broker.Input("users.0.password"))
		assert.Equal(t, []string{"users"}, broker.IgnoreChanges, "Amazon MQ cannot update a RabbitMQ user")
		assert.Equal(t, map[string]any{"dayOfWeek": "SUNDAY", "timeOfDay": "03:00", "timeZone": "UTC"}, broker.Input("maintenanceWindowStartTime"))
		assert.Len(t, broker.Input("subnetIds"), subnets, stack)
	}
}

func TestEveryQueueHasADeadLetterQueue(t *testing.T) {
	g := Evaluate(t, "staging")
	assert.Len(t, g.ByType(queueType), 4)
	for name, visibility := range map[string]float64{"default": 30, "priority": 60} {
		queue := only(t, g, queueType, "data-queue-"+name)
		dlq := only(t, g, queueType, "data-queue-"+name+"-dlq")
		assert.Equal(t, "platform-staging-"+name, queue.Input("name"))
		assert.Equal(t, visibility, queue.Input("visibilityTimeoutSeconds"))
		assert.Equal(t, true, queue.Input("sqsManagedSseEnabled"))
		assert.Equal(t, true, dlq.Input("sqsManagedSseEnabled"))
		var redrive map[string]any
		require.NoError(t, json.Unmarshal([]byte(queue.Input("redrivePolicy").(string)), &redrive))
		assert.Equal(t, map[string]any{"deadLetterTargetArn": dlq.Output("arn"), "maxReceiveCount": 5.0}, redrive)
		assert.Equal(t, 1209600.0, dlq.Input("messageRetentionSeconds"))
	}
}

func TestBucketsArePrivateEncryptedVersionedAndTLSOnly(t *testing.T) {
	g := Evaluate(t, "production")
	bucket := only(t, g, bucketType, "data-bucket-uploads")
	assert.Equal(t, "platform-production-uploads-123456789012", bucket.Input("bucket"))
	block := only(t, g, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bucket-uploads-public-access")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, block.Input(setting), setting)
	}
	assert.Equal(t, "BucketOwnerEnforced", only(t, g, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-bucket-uploads-ownership").Input("rule.objectOwnership"))
	assert.Equal(t, "aws:kms", only(t, g, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "data-bucket-uploads-encryption").Input("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, "Enabled", only(t, g, "aws:s3/bucketVersioningV2:BucketVersioningV2", "data-bucket-uploads-versioning").Input("versioningConfiguration.status"))
	assert.Equal(t, 30.0, only(t, g, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "data-bucket-uploads-lifecycle").Input("rules.0.noncurrentVersionExpiration.noncurrentDays"))
	policy := policyAt(t, only(t, g, "aws:s3/bucketPolicy:BucketPolicy", "data-bucket-uploads-policy"), "policy")
	require.Len(t, policy.Statement, 1)
	assert.Equal(t, "Deny", policy.Statement[0].Effect)
	assert.Equal(t, map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}}, policy.Statement[0].Condition)
	assert.Equal(t, []string{bucket.Output("arn").(string), bucket.Output("arn").(string) + "/*"}, policy.Statement[0].Resource)
}

func TestRepositoriesScanAndKeepTheImagesStacksRun(t *testing.T) {
	g := Evaluate(t, "staging")
	repos := g.ByType(repositoryType)
	assert.Len(t, repos, 7)
	// Each count selects one tag pattern, so it counts pushes (image indexes),
	// not the untagged per-architecture manifests; nothing selects "any".
	want := []any{
		map[string]any{"rulePriority": 1.0, "description": "expire pull request images 30 days after their push", "action": map[string]any{"type": "expire"},
			"selection": map[string]any{"tagStatus": "tagged", "tagPatternList": []any{"pr-*"}, "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30.0}},
		map[string]any{"rulePriority": 2.0, "description": "keep the last 10 builds", "action": map[string]any{"type": "expire"},
			"selection": map[string]any{"tagStatus": "tagged", "tagPatternList": []any{"git-*"}, "countType": "imageCountMoreThan", "countNumber": 10.0}},
		map[string]any{"rulePriority": 3.0, "description": "keep the last 10 promotions", "action": map[string]any{"type": "expire"},
			"selection": map[string]any{"tagStatus": "tagged", "tagPatternList": []any{"sha256-*"}, "countType": "imageCountMoreThan", "countNumber": 10.0}},
		map[string]any{"rulePriority": 4.0, "description": "expire untagged manifests 30 days after their push", "action": map[string]any{"type": "expire"},
			"selection": map[string]any{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30.0}},
	}
	for _, repo := range repos {
		assert.Equal(t, true, repo.Input("imageScanningConfiguration.scanOnPush"), repo.Name)
		var policy map[string]any
		lifecycle := only(t, g, "aws:ecr/lifecyclePolicy:LifecyclePolicy", repo.Name+"-lifecycle")
		require.NoError(t, json.Unmarshal([]byte(lifecycle.Input("policy").(string)), &policy))
		assert.Equal(t, map[string]any{"rules": want}, policy, repo.Name)
		assert.Equal(t, repo.Output("name"), lifecycle.Input("repository"))
	}
}

func TestRepositoriesKeepAtLeastTheImageBeforeForRollback(t *testing.T) {
	_, err := EvaluateWith(t, "staging", map[string]string{"platform:data": `{"keepImages":1}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"platform:data.keepImages": 1`)
}

func TestDataPartsThatAreAbsentAreNotCreated(t *testing.T) {
	g := withData(t, "staging", `{}`)
	data := only(t, g, dataComponentType, "data")
	assert.Empty(t, g.DescendantsOf(data.URN))
	for _, key := range []string{"databaseHost", "cacheHost", "brokerEndpoint"} {
		assert.NotContains(t, g.Outputs, key)
	}
}

func TestDataRejectsBadConfigBeforeAnyResource(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"database":{"engine":"oracle"}}`, `validate "platform:data.database.engine": "oracle" is not allowed, want one of postgres, mysql, aurora-postgresql, aurora-mysql`},
		{`{"database":{"engine":"aurora-postgresql","minAcu":8,"maxAcu":4}}`, `validate "platform:data.database.minAcu": 8 is above maxAcu, want at most 4`},
		{`{"database":{"engine":"aurora-postgresql","minAcu":0.3}}`, `validate "platform:data.database.minAcu": 0.3 is not a capacity, want 0 to 256 in steps of 0.5`},
		{`{"database":{"engine":"aurora-mysql","instanceClass":"db.t4g.micro"}}`, `validate "platform:data.database.instanceClass": "db.t4g.micro" does not exist for Aurora aurora-mysql, want one of db.serverless, db.t4g.medium, db.t4g.large, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r7g.large, db.r7g.xlarge, db.r7g.2xlarge, db.r7g.4xlarge`},
		{`{"database":{"instanceClass":"db.x9.huge"}}`, `validate "platform:data.database.instanceClass": "db.x9.huge" does not exist for RDS postgres, want one of db.t4g.micro, db.t4g.small, db.t4g.medium, db.t4g.large, db.t4g.xlarge, db.t4g.2xlarge, db.m6g.large, db.m6g.xlarge, db.m6g.2xlarge, db.m6g.4xlarge, db.m7g.large, db.m7g.xlarge, db.m7g.2xlarge, db.m7g.4xlarge, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r7g.large, db.r7g.xlarge, db.r7g.2xlarge, db.r7g.4xlarge`},
		{`{"database":{"engine":"aurora-postgresql","storageGb":50}}`, `validate "platform:data.database.storageGb": 50 does not apply to Aurora, want no storageGb or maxStorageGb: Aurora storage grows on its own`},
		{`{"database":{"storageGb":100,"maxStorageGb":50}}`, `validate "platform:data.database.maxStorageGb": 50 is below storageGb, want at least 100`},
		{`{"database":{"backupRetentionDays":40}}`, `validate "platform:data.database.backupRetentionDays": 40 is out of range, want 1 to 35`},
		{`{"cache":{"version":"6.2"}}`, `validate "platform:data.cache.version": "6.2" is not a version AWS offers for valkey, want one of 7.2, 8.0, 8.1, 8.2, 9.0, 9.1`},
		{`{"cache":{"mode":"serverless","replicas":1}}`, `validate "platform:data.cache.mode": "serverless" takes no nodeType or replicas, want mode "node" to size nodes`},
		{`{"broker":{"mode":"CLUSTER_MULTI_AZ","instanceType":"mq.t3.micro"}}`, `validate "platform:data.broker.instanceType": "mq.t3.micro" cannot run a CLUSTER_MULTI_AZ broker, want an mq.m5 size`},
		{`{"broker":{"maintenanceWindow":{"time":"25:00"}}}`, `validate "platform:data.broker.maintenanceWindow.time": "25:00" is not a time of day, want HH:MM, 24-hour`},
		{`{"queues":[{"name":"Default_Queue"}]}`, `validate "platform:data.queues[0].name": "Default_Queue" is not a valid name, want lower-case letters, digits and '-', starting with a letter, at most 30 characters`},
		{`{"queues":[{"name":"jobs","maxReceiveCount":0,"visibilityTimeoutSeconds":50000}]}`, `validate "platform:data.queues[0].visibilityTimeoutSeconds": 50000 is out of range, want 0 to 43200`},
		{`{"buckets":[{"name":"uploads"},{"name":"uploads"}]}`, `validate "platform:data.buckets[1].name": "uploads" is a duplicate, want each name once`},
		{`{"repositories":["web","web"]}`, `validate "platform:data.repositories[1]": "web" is a duplicate, want each name once`},
	}
	for _, tc := range cases {
		t.Run(tc.doc, func(t *testing.T) {
			g, err := EvaluateAlone(t, "staging", map[string]string{"platform:data": tc.doc})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}
