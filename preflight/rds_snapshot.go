package preflight

import (
	"regexp"
	"slices"
	"strings"

	"platform/internal/graph"
)

// A pause removes the database into a final snapshot and a resume creates
// it from that snapshot (components/data/snapshot.go): the names must be
// ones RDS takes, and a restore must not pass what RDS takes from the snapshot.

const (
	rdsDeleteDoc = "Amazon RDS API Reference, DeleteDBInstance (FinalDBSnapshotIdentifier) https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html; " +
		"DeleteDBCluster https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html (stored copies, checked 2026-12-01)"
	rdsRestoreDoc = "terraform-provider-aws#17156 (dbName and username are refused on a restore of MySQL, PostgreSQL or MariaDB; in the provider since 3.29.0) https://github.com/hashicorp/terraform-provider-aws/pull/17156; " +
		"pulumi-aws rds.Cluster masterUsername: cannot be changed during a restore from snapshot https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/"
	rdsReplaceDoc = "pulumi-aws rds.Instance and rds.Cluster: snapshotIdentifier forces a new resource https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/"
)

// snapshotIdentifier is RDS's rule for a DB (cluster) snapshot identifier:
// 1 to 255 letters, digits or hyphens, a letter first, no hyphen last and
// no two hyphens together.
var snapshotIdentifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,254}$`)

func validSnapshotIdentifier(id string) bool {
	return snapshotIdentifier.MatchString(id) && !strings.HasSuffix(id, "-") && !strings.Contains(id, "--")
}

var rdsSnapshotRules = []Rule{
	{ID: "PF.PAUSE.1", Title: "A database that leaves a final snapshot names it as RDS allows", Types: []string{dbInstance, dbCluster},
		Rejects: "DeleteDBInstance / DeleteDBCluster: InvalidParameterValue (a bad FinalDBSnapshotIdentifier) or InvalidParameterCombination (no identifier without SkipFinalSnapshot): the database cannot be deleted, so the pause never finishes",
		Source:  rdsDeleteDoc, Fix: "name the final snapshot with 1 to 255 letters, digits or hyphens, a letter first, no hyphen last, no two hyphens together",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			final := str(r, "finalSnapshotIdentifier")
			if final == "" {
				skip, set := r.Input("skipFinalSnapshot").(bool)
				return check(!set || skip || r.Type == dbCluster, "skipFinalSnapshot false without a finalSnapshotIdentifier")
			}
			return check(validSnapshotIdentifier(final), "finalSnapshotIdentifier %q", final)
		}},
	{ID: "PF.PAUSE.2", Title: "A database restored from a snapshot takes its name and master user from it, and stays in place", Types: []string{dbInstance, dbCluster},
		Rejects: "the provider refuses dbName and username on a restore; RDS refuses a master user or password other than the snapshot's; and without ignoreChanges a later snapshotIdentifier replaces the restored database, its data lost",
		Source:  rdsRestoreDoc + "; " + rdsReplaceDoc,
		Fix:     "leave dbName / databaseName, username / masterUsername and masterPassword unset on a restore, and ignore changes to snapshotIdentifier",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			from := str(r, "snapshotIdentifier")
			if from == "" {
				return ""
			}
			var set []string
			for _, key := range []string{"dbName", "databaseName", "username", "masterUsername", "masterPassword"} {
				if r.Input(key) != nil {
					set = append(set, key)
				}
			}
			return first(check(len(set) == 0, "restores from %s and sets %s", from, strings.Join(set, ", ")),
				check(slices.Contains(r.IgnoreChanges, "snapshotIdentifier"), "restores from %s without ignoring changes to snapshotIdentifier", from),
				check(validSnapshotIdentifier(from), "snapshotIdentifier %q", from))
		}},
}
