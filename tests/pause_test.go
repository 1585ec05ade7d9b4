package tests

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/graph"
	"platform/preflight"
)

// pausedDev is dev after its first pause.
func pausedDev(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	require.NoError(t, err)
	return g
}

// resumedDev is dev resumed after its first pause.
func resumedDev(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := EvaluateWith(t, "dev", map[string]string{"platform:pauses": "1"})
	require.NoError(t, err)
	return g
}

func TestPauseRemovesWhatHoldsNoState(t *testing.T) {
	running, paused := Evaluate(t, "dev"), pausedDev(t)
	gone := []string{
		"aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule", "aws:lb/targetGroup:TargetGroup",
		"aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation",
		"aws:ecs/service:Service", "aws:ecs/taskDefinition:TaskDefinition", "aws:appautoscaling/target:Target", "aws:scheduler/schedule:Schedule",
		"command:local:Command", "aws:ec2/instance:Instance", "aws:mq/broker:Broker", "aws:elasticache/replicationGroup:ReplicationGroup",
		"aws:rds/instance:Instance", "aws:cloudwatch/dashboard:Dashboard",
	}
	for _, typ := range gone {
		require.NotEmpty(t, running.ByType(typ), "dev runs %s", typ)
		assert.Empty(t, paused.ByType(typ), "a paused stack keeps no %s", typ)
	}
	vpc := only(t, paused, "awsx:ec2:Vpc", "network-vpc")
	assert.Equal(t, "None", vpc.Input("natGateways.strategy"))

	// Staging keeps its distribution and NAT gateway while it runs.
	staging := Evaluate(t, "staging")
	pausedStaging, err := EvaluateWith(t, "staging", map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	require.NoError(t, err)
	require.NotEmpty(t, staging.ByType("aws:cloudfront/distribution:Distribution"))
	assert.Empty(t, pausedStaging.ByType("aws:cloudfront/distribution:Distribution"))
	assert.Empty(t, pausedStaging.ByType("aws:wafv2/webAcl:WebAcl"), "neither web ACL")
	assert.Equal(t, "None", only(t, pausedStaging, "awsx:ec2:Vpc", "network-vpc").Input("natGateways.strategy"))
	// Staging's cache keeps a daily snapshot: it holds state and stays.
	assert.Len(t, pausedStaging.ByType("aws:elasticache/replicationGroup:ReplicationGroup"), 1)
}

func TestPauseKeepsEveryPieceOfState(t *testing.T) {
	running, paused := Evaluate(t, "dev"), pausedDev(t)
	kept := []string{
		"aws:route53/zone:Zone", "aws:acm/certificate:Certificate", "aws:cognito/userPool:UserPool",
		"aws:ecr/repository:Repository", "aws:s3/bucketV2:BucketV2", "aws:sqs/queue:Queue", "aws:cloudwatch/logGroup:LogGroup",
		"aws:kms/key:Key", "aws:ecs/cluster:Cluster",
	}
	for _, typ := range kept {
		require.NotEmpty(t, running.ByType(typ), "dev has a %s to keep", typ)
		// Same names, hence the same URNs up to the parent: nothing is replaced.
		assert.Equal(t, urns(running.ByType(typ)), urns(paused.ByType(typ)), "a pause keeps every %s where it was", typ)
	}
	assert.NotContains(t, slices.Collect(maps.Keys(paused.Outputs)), "webAclArn")
	assert.Equal(t, true, paused.Outputs["paused"])
}

func urns(rs []*graph.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.URN)
	}
	slices.Sort(out)
	return out
}

// The database cannot stay stopped (RDS starts it again after seven days):
// a pause removes it into a final snapshot, named from the pause count, and
// the resume creates it from exactly that snapshot.
func TestResumeRestoresFromTheSnapshotThePauseMade(t *testing.T) {
	before, paused, resumed := Evaluate(t, "dev"), pausedDev(t), resumedDev(t)
	db := only(t, before, "aws:rds/instance:Instance", "data-db")
	// The pause deletes the database with the state of the last up before it.
	made := db.Input("finalSnapshotIdentifier")
	assert.Equal(t, false, db.Input("skipFinalSnapshot"))
	assert.Nil(t, db.Input("snapshotIdentifier"), "the first database starts empty")
	assert.Equal(t, made, paused.Outputs["databaseSnapshot"], "the paused stack names the snapshot its data waits in")

	again := only(t, resumed, "aws:rds/instance:Instance", "data-db")
	assert.Equal(t, made, again.Input("snapshotIdentifier"), "resume restores from the snapshot the pause made")
	assert.Equal(t, "platform-dev-db-pause-1", again.Input("snapshotIdentifier"))
	assert.Equal(t, "platform-dev-db-pause-2", again.Input("finalSnapshotIdentifier"), "the next pause makes a new name: no collision")
	assert.Nil(t, again.Input("dbName"), "name and master user come from the snapshot")
	assert.Nil(t, again.Input("username"))
	for _, g := range []*graph.Resource{db, again} {
		assert.Contains(t, g.IgnoreChanges, "snapshotIdentifier", "a later pause count never replaces a running database")
	}
}

func TestAuroraResumeRestoresTheClusterFromThePauseSnapshot(t *testing.T) {
	aurora := `{"database":{"engine":"aurora-postgresql"},"queues":[{"name":"default"},{"name":"priority"}],"buckets":[{"name":"uploads"}]}`
	before, err := EvaluateAlone(t, "dev", map[string]string{"platform:data": aurora})
	require.NoError(t, err)
	resumed, err := EvaluateAlone(t, "dev", map[string]string{"platform:data": aurora, "platform:pauses": "1"})
	require.NoError(t, err)
	made := only(t, before, "aws:rds/cluster:Cluster", "data-db").Input("finalSnapshotIdentifier")
	cluster := only(t, resumed, "aws:rds/cluster:Cluster", "data-db")
	assert.Equal(t, made, cluster.Input("snapshotIdentifier"))
	assert.Nil(t, cluster.Input("masterUsername"), "RDS refuses a master user on a restore")
	assert.Nil(t, cluster.Input("databaseName"))
	assert.Equal(t, true, cluster.Input("manageMasterUserPassword"), "no master password: the managed secret is made again")
	assert.Contains(t, cluster.IgnoreChanges, "snapshotIdentifier")
}

func TestProductionKeepsItsFinalSnapshotAndNoPauseName(t *testing.T) {
	db := only(t, Evaluate(t, "production"), "aws:rds/instance:Instance", "data-db")
	assert.Equal(t, "platform-production-db-final", db.Input("finalSnapshotIdentifier"))
	assert.Nil(t, db.Input("snapshotIdentifier"))
}

func TestAPauseThatCannotBeResumedIsRefused(t *testing.T) {
	cases := []struct {
		name, stack string
		overrides   map[string]string
		want        string
	}{
		{"production", "production", map[string]string{"platform:paused": "true", "platform:pauses": "1"},
			`"platform:paused": true pauses production, want false`},
		{"uncounted", "dev", map[string]string{"platform:paused": "true"},
			`"platform:pauses": 0 does not count this pause`},
		{"negative", "dev", map[string]string{"platform:pauses": "-1"},
			`"platform:pauses": -1 is negative`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := EvaluateWith(t, c.stack, c.overrides)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestPauseAndResumePassTheSnapshotPreflight(t *testing.T) {
	for name, g := range map[string]*graph.Graph{"running": Evaluate(t, "dev"), "paused": pausedDev(t), "resumed": resumedDev(t)} {
		for _, f := range preflight.Run(g).Findings {
			assert.NotContains(t, f.Rule, "PF.PAUSE.", "%s: %s", name, f.Message)
		}
	}
}
