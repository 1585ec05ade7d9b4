package data

import (
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// A pause removes the database (RDS cannot stay stopped: it starts itself
// again after seven days, AWS RDS User Guide "Stopping an Amazon RDS DB
// instance temporarily") and keeps its data in a final snapshot; the resume
// creates it again from that snapshot. The snapshot's name follows from the
// pause count alone, so the pause that makes it and the resume that reads it
// agree without looking at AWS, and no two pauses make the same name.

// DatabaseIdentifier is the stack's database (RDS instance or Aurora
// cluster) identifier.
func DatabaseIdentifier(names naming.Namer) string { return names.Name(naming.Identifier, "db") }

// PauseSnapshot is the final snapshot pause n of a stack leaves of the
// database identifier: <identifier>-pause-<n>.
func PauseSnapshot(identifier string, n int) string { return identifier + "-pause-" + strconv.Itoa(n) }

// snapshots are the snapshot arguments of a database of a stack paused
// pauses times: which snapshot it is created from ("" for an empty one),
// which one its deletion leaves and whether it leaves one at all. A
// protected database (production) leaves <identifier>-final and is never
// paused.
func snapshots(id string, pauses int, protect bool) (restore, final string) {
	if protect {
		return "", id + "-final"
	}
	if pauses > 0 {
		restore = PauseSnapshot(id, pauses)
	}
	return restore, PauseSnapshot(id, pauses+1)
}

// restoreOptions keep a running database in place when the pause count
// changes: AWS reads the snapshot only when it creates the database, and a
// changed snapshotIdentifier would otherwise replace it (the provider's
// "Forces new resource").
func restoreOptions() pulumi.ResourceOption {
	return pulumi.IgnoreChanges([]string{"snapshotIdentifier"})
}
