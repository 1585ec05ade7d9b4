// Package awsfacts holds what the platform knows about AWS that code cannot
// derive: regions and their services, engine versions and their support
// dates, limits and quotas. Every table is dated and names its source, and a
// test fails when a table has not been checked for a year.
//
// The package is plain data and functions: no Pulumi types, so validation,
// preflight, cost and alarms can all read it.
package awsfacts

import "time"

// Source says where a table's facts come from and when they were last checked.
type Source struct {
	// Table names the table, e.g. "engine versions".
	Table string
	// Document is the AWS document (title and address) the facts were read from.
	Document string
	// Checked is the day the table was last compared with Document.
	Checked time.Time
}

var sources []Source

// register records a table's source; every table file calls it once.
func register(s Source) Source {
	sources = append(sources, s)
	return s
}

// Sources lists the source of every table in the package.
func Sources() []Source { return append([]Source(nil), sources...) }

// day parses a YYYY-MM-DD date of a table's check; a malformed date panics at
// package load, so it cannot slip through.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic("awsfacts: bad date " + s)
	}
	return t
}
