package awsfacts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Engine is a managed engine the platform runs: the RDS and Aurora engine
// names, ElastiCache's valkey and Amazon MQ's rabbitmq.
type Engine string

// The engines.
const (
	Postgres         Engine = "postgres"
	MySQL            Engine = "mysql"
	AuroraPostgreSQL Engine = "aurora-postgresql"
	AuroraMySQL      Engine = "aurora-mysql"
	Valkey           Engine = "valkey"
	RabbitMQ         Engine = "rabbitmq"
)

// EngineVersion is a version AWS offers for an engine, and its support dates.
type EngineVersion struct {
	Engine Engine
	// Major is the major version the dates belong to: "16", "8.4", Aurora
	// MySQL's "3", Valkey's and RabbitMQ's "8.0" or "3.13".
	Major string
	// Version is the version as asked for; Major when looked up by major.
	Version string
	// StandardSupportEnds is the last day of standard support; zero when AWS
	// has announced no date.
	StandardSupportEnds time.Time
	// ExtendedSupportEnds is the last day of paid RDS Extended Support; zero
	// when the engine has none (ElastiCache Valkey, Amazon MQ).
	ExtendedSupportEnds time.Time
	// NewestMinor is the newest minor (or Aurora) version the table knows,
	// e.g. "16.14"; empty when the engine is versioned by major.minor only.
	NewestMinor string
	// Note is a limit of the version that validation must know, e.g. the
	// instance types it runs on.
	Note string
}

// InStandardSupport reports whether v is in standard support on day at: true
// through its last day, and always when AWS has announced no end.
func InStandardSupport(v EngineVersion, at time.Time) bool {
	return v.StandardSupportEnds.IsZero() || !at.After(endOfDay(v.StandardSupportEnds))
}

// InExtendedSupport reports whether v is past standard support but still
// offered under paid RDS Extended Support on day at.
func InExtendedSupport(v EngineVersion, at time.Time) bool {
	return !InStandardSupport(v, at) && !v.ExtendedSupportEnds.IsZero() && !at.After(endOfDay(v.ExtendedSupportEnds))
}

func endOfDay(d time.Time) time.Time { return d.Add(24*time.Hour - time.Nanosecond) }

var engineSource = register(Source{
	Table: "engine versions and support dates",
	Document: "Amazon RDS for PostgreSQL release notes, \"Release calendars for Amazon RDS for PostgreSQL\" https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html; " +
		"Amazon RDS user guide, \"Supported MySQL major versions on Amazon RDS\" https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html; " +
		"Aurora PostgreSQL release notes, \"Aurora PostgreSQL release calendars\" https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html; " +
		"Aurora MySQL release notes, \"Release calendars for Aurora MySQL\" https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html and its document history (3.12.0, 17 February 2026); " +
		"ElastiCache user guide, \"Engine versions and upgrading in ElastiCache\" https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html; " +
		"Amazon MQ developer guide, \"Managing Amazon MQ for RabbitMQ engine versions\" https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html. " +
		"Stored copies; RDS and Aurora dates and newest minors cross-checked with endoflife.date's amazon-rds-* and amazon-aurora-* pages (commit a70eca3, 2026-08-22).",
	Checked: day("2026-12-01"),
})

// major builds a table row: the major version, its standard and extended
// support end dates ("" for none) and the newest minor known.
func major(name, standardEnds, extendedEnds, newestMinor string) EngineVersion {
	v := EngineVersion{Major: name, Version: name, NewestMinor: newestMinor}
	if standardEnds != "" {
		v.StandardSupportEnds = day(standardEnds)
	}
	if extendedEnds != "" {
		v.ExtendedSupportEnds = day(extendedEnds)
	}
	return v
}

// engineMajors are the major versions AWS offers today, oldest first. Majors
// past the end of Extended Support (postgres 9.6 and 10, mysql 5.6, Aurora
// MySQL 1) are not offered and are left out.
var engineMajors = map[Engine][]EngineVersion{
	Postgres: {
		major("11", "2024-02-29", "2027-03-31", "11.22"),
		major("12", "2025-02-28", "2028-02-29", "12.22"),
		major("13", "2026-02-28", "2029-02-28", "13.23"),
		major("14", "2027-02-28", "2030-02-28", "14.23"),
		major("15", "2028-02-29", "2031-02-28", "15.18"),
		major("16", "2029-02-28", "2032-02-29", "16.14"),
		major("17", "2030-02-28", "2033-02-28", "17.10"),
		major("18", "2031-02-28", "2034-02-28", "18.4"),
	},
	AuroraPostgreSQL: {
		major("11", "2024-02-29", "2027-03-31", "11.21"),
		major("12", "2025-02-28", "2028-02-29", "12.22"),
		major("13", "2026-02-28", "2029-02-28", "13.23"),
		major("14", "2027-02-28", "2030-02-28", "14.22"),
		major("15", "2028-02-29", "2031-02-28", "15.17"),
		major("16", "2029-02-28", "2032-02-28", "16.13"),
		major("17", "2030-02-28", "2033-02-28", "17.9"),
		major("18", "2031-02-28", "2034-02-28", "18.3"),
	},
	MySQL: {
		major("5.7", "2024-02-29", "2027-02-28", "5.7.44"),
		// 8.0 left standard support on 2026-07-31: new 8.0 databases are
		// billed for Extended Support, so it must never be a default.
		major("8.0", "2026-07-31", "2029-07-31", "8.0.46"),
		major("8.4", "2029-07-31", "2032-07-31", "8.4.9"),
	},
	// Aurora MySQL majors are Aurora's own: 2 is MySQL 5.7-compatible, 3 is
	// 8.0-compatible. Versions read "<mysql>.mysql_aurora.<aurora>".
	AuroraMySQL: {
		major("2", "2024-10-31", "2027-02-28", "2.12.6"),
		major("3", "2028-04-30", "2029-07-31", "3.12.0"),
	},
	// ElastiCache has announced no end of support for Valkey and offers no
	// Extended Support for it.
	Valkey: {
		major("7.2", "", "", ""),
		major("8.0", "", "", ""),
		major("8.1", "", "", ""),
		major("8.2", "", "", ""),
		major("9.0", "", "", ""),
		major("9.1", "", "", ""),
	},
	// Amazon MQ lists end-of-support dates only for retired versions (3.12 on
	// 2025-03-17 and older); it has no Extended Support and upgrades brokers
	// after a version's end.
	RabbitMQ: {
		major("3.13", "", "", ""),
		withNote(major("4.2", "", "", ""), "runs only on mq.m7g instance types"),
	},
}

func withNote(v EngineVersion, note string) EngineVersion {
	v.Note = note
	return v
}

// auroraMySQLCompat is the community MySQL version each Aurora MySQL major is
// compatible with, the first part of its version string.
var auroraMySQLCompat = map[string]string{"2": "5.7", "3": "8.0"}

// defaultVersions are the versions the platform creates when none is given:
// the newest the platform has tested that is in standard support on the day
// the table was checked. RDS PostgreSQL 16 and Valkey 8.0 are what the
// platform has always run; MySQL moves to 8.4 because 8.0 left standard
// support; Aurora versions name the newest known minor, which Aurora keeps
// available for at least 12 months after release; RabbitMQ 3.13 because 4.2
// needs mq.m7g and the default broker is an mq.t3.
var defaultVersions = map[Engine]string{
	Postgres:         "16",
	MySQL:            "8.4",
	AuroraPostgreSQL: "16.13",
	AuroraMySQL:      "8.0.mysql_aurora.3.12.0",
	Valkey:           "8.0",
	RabbitMQ:         "3.13",
}

// Engines lists the engines in the order messages show them.
func Engines() []Engine {
	return []Engine{Postgres, MySQL, AuroraPostgreSQL, AuroraMySQL, Valkey, RabbitMQ}
}

// DefaultVersion is the version the platform uses for engine when none is
// configured; empty for an engine the table does not know.
func DefaultVersion(engine Engine) string { return defaultVersions[engine] }

// EngineVersions lists the major versions AWS offers for engine, oldest first.
func EngineVersions(engine Engine) []EngineVersion {
	return slices.Clone(engineMajors[engine])
}

// LookupEngineVersion finds the major version a version string belongs to and
// checks the string against what AWS offers for the engine. Its error says,
// in plain words, which versions the engine has.
func LookupEngineVersion(engine Engine, version string) (EngineVersion, error) {
	majors, ok := engineMajors[engine]
	if !ok {
		return EngineVersion{}, fmt.Errorf("engine %q is not one of %s", engine, joinEngines())
	}
	var m, minor string
	var err error
	switch engine {
	case Postgres, AuroraPostgreSQL:
		m, minor, err = splitPostgres(version, engine == Postgres)
	case MySQL:
		m, minor, err = splitDotted(version, 2, 3)
	case AuroraMySQL:
		m, minor, err = splitAuroraMySQL(version)
	case Valkey, RabbitMQ:
		m, _, err = splitDotted(version, 2, 2)
	}
	if err != nil {
		return EngineVersion{}, fmt.Errorf("%s version %q %v; %s", engine, version, err, offered(engine, majors))
	}
	i := slices.IndexFunc(majors, func(v EngineVersion) bool { return v.Major == m })
	if i < 0 {
		return EngineVersion{}, fmt.Errorf("%s has no version %q; %s", engine, version, offered(engine, majors))
	}
	v := majors[i]
	v.Engine, v.Version = engine, version
	if minor != "" && newer(minor, v.NewestMinor) {
		return EngineVersion{}, fmt.Errorf("%s version %q is newer than %s, the newest %s %s minor version this table knows (checked %s)",
			engine, version, v.NewestMinor, engine, v.Major, engineSource.Checked.Format(time.DateOnly))
	}
	return v, nil
}

func joinEngines() string {
	var names []string
	for _, e := range Engines() {
		names = append(names, string(e))
	}
	return strings.Join(names, ", ")
}

func offered(engine Engine, majors []EngineVersion) string {
	var names []string
	for _, v := range majors {
		names = append(names, v.Major)
	}
	hint := "versions offered: " + strings.Join(names, ", ")
	switch engine {
	case AuroraMySQL:
		hint = "Aurora MySQL majors offered: " + strings.Join(names, ", ") + ", written like " + defaultVersions[AuroraMySQL]
	case AuroraPostgreSQL:
		hint += ", with a minor version such as " + defaultVersions[AuroraPostgreSQL]
	}
	return hint
}

// splitPostgres splits "16" or "16.4" into the major and the whole minor
// version. RDS accepts a bare major; Aurora needs the minor.
func splitPostgres(version string, bareMajor bool) (major, minor string, err error) {
	parts := strings.Split(version, ".")
	if !numbers(parts) || len(parts) > 2 || (len(parts) == 1 && !bareMajor) {
		want := "is not a major or major.minor version such as 16 or 16.4"
		if !bareMajor {
			want = "is not a major.minor version such as 16.4"
		}
		return "", "", fmt.Errorf("%s", want)
	}
	if len(parts) == 2 {
		return parts[0], version, nil
	}
	return parts[0], "", nil
}

// splitDotted splits x.y[.z] with between lo and hi numeric parts into the
// major x.y and the whole version when a patch is given.
func splitDotted(version string, lo, hi int) (major, minor string, err error) {
	parts := strings.Split(version, ".")
	if !numbers(parts) || len(parts) < lo || len(parts) > hi {
		if hi == 2 {
			return "", "", fmt.Errorf("is not a major.minor version such as 8.0")
		}
		return "", "", fmt.Errorf("is not a major.minor or major.minor.patch version such as 8.4 or 8.4.5")
	}
	major = parts[0] + "." + parts[1]
	if len(parts) == 3 {
		minor = version
	}
	return major, minor, nil
}

// splitAuroraMySQL splits "8.0.mysql_aurora.3.12.0" into the Aurora major "3"
// and the Aurora version "3.12.0", checking the MySQL part matches the major.
func splitAuroraMySQL(version string) (major, minor string, err error) {
	compat, aurora, ok := strings.Cut(version, ".mysql_aurora.")
	parts := strings.Split(aurora, ".")
	if !ok || len(parts) != 3 || !numbers(parts) {
		return "", "", fmt.Errorf("is not an Aurora MySQL version such as %s", defaultVersions[AuroraMySQL])
	}
	if want, known := auroraMySQLCompat[parts[0]]; known && want != compat {
		return "", "", fmt.Errorf("pairs MySQL %s with Aurora MySQL %s, which is MySQL %s-compatible", compat, parts[0], want)
	}
	return parts[0], aurora, nil
}

func numbers(parts []string) bool {
	for _, p := range parts {
		if p == "" || strings.TrimLeft(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// newer reports whether dotted version a is after b, part by part.
func newer(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return x > y
		}
	}
	return len(as) > len(bs)
}
