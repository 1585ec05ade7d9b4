package preflight

import (
	"strings"
	"testing"

	"platform/internal/graph"
)

func ignoring(keys ...string) func(*graph.Resource) {
	return func(r *graph.Resource) { r.IgnoreChanges = keys }
}

var snapshotCases = []ruleCase{
	{rule: "PF.PAUSE.1", badName: "db", good: one(db(M{"skipFinalSnapshot": false, "finalSnapshotIdentifier": "platform-dev-db-pause-1"})),
		bad: one(db(M{"skipFinalSnapshot": false, "finalSnapshotIdentifier": "1-db"}))},
	{rule: "PF.PAUSE.1", badName: "db", good: one(db(M{"skipFinalSnapshot": true})), bad: one(db(M{"skipFinalSnapshot": false}))},
	{rule: "PF.PAUSE.1", badName: "db", good: one(db(M{"finalSnapshotIdentifier": "db-pause-2"})), bad: one(db(M{"finalSnapshotIdentifier": "db--pause-2"}))},
	{rule: "PF.PAUSE.1", badName: "db", good: one(db(M{"finalSnapshotIdentifier": "db-pause-2"})), bad: one(db(M{"finalSnapshotIdentifier": "db-pause-"}))},
	{rule: "PF.PAUSE.1", badName: "db", good: one(db(M{"finalSnapshotIdentifier": "d" + strings.Repeat("b", 254)})),
		bad: one(db(M{"finalSnapshotIdentifier": "d" + strings.Repeat("b", 255)}))},
	{rule: "PF.PAUSE.2", badName: "db",
		good: one(db(M{"snapshotIdentifier": "db-pause-1", "dbName": nil, "username": nil}, ignoring("snapshotIdentifier"))),
		bad:  one(db(M{"snapshotIdentifier": "db-pause-1"}, ignoring("snapshotIdentifier")))},
	{rule: "PF.PAUSE.2", badName: "db",
		good: one(db(M{"snapshotIdentifier": "db-pause-1", "dbName": nil, "username": nil}, ignoring("snapshotIdentifier"))),
		bad:  one(db(M{"snapshotIdentifier": "db-pause-1", "dbName": nil, "username": nil}))},
	{rule: "PF.PAUSE.2", badName: "cluster",
		good: one(res(dbCluster, "cluster", M{"snapshotIdentifier": "db-pause-1", "manageMasterUserPassword": true}, ignoring("snapshotIdentifier"))),
		bad:  one(res(dbCluster, "cluster", M{"snapshotIdentifier": "db-pause-1", "masterUsername": "app_admin"}, ignoring("snapshotIdentifier")))},
}

func TestSnapshotRules(t *testing.T) { runCases(t, snapshotCases) }
