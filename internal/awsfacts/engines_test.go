package awsfacts

import (
	"strings"
	"testing"
	"time"
)

// checked is the day the tables were compared with their documents.
var checked = day("2026-12-01")

func TestLookupEngineVersionAccepts(t *testing.T) {
	for _, tc := range []struct {
		engine         Engine
		version, major string
	}{
		{Postgres, "16", "16"},
		{Postgres, "16.4", "16"},
		{Postgres, "16.14", "16"},
		{Postgres, "18.4", "18"},
		{Postgres, "11.22", "11"},
		{AuroraPostgreSQL, "16.13", "16"},
		{AuroraPostgreSQL, "17.9", "17"},
		{MySQL, "8.4", "8.4"},
		{MySQL, "8.4.9", "8.4"},
		{MySQL, "8.0.46", "8.0"},
		{MySQL, "5.7.44", "5.7"},
		{AuroraMySQL, "8.0.mysql_aurora.3.12.0", "3"},
		{AuroraMySQL, "8.0.mysql_aurora.3.08.0", "3"},
		{AuroraMySQL, "5.7.mysql_aurora.2.12.6", "2"},
		{Valkey, "7.2", "7.2"},
		{Valkey, "8.0", "8.0"},
		{Valkey, "9.1", "9.1"},
		{RabbitMQ, "3.13", "3.13"},
		{RabbitMQ, "4.2", "4.2"},
	} {
		v, err := LookupEngineVersion(tc.engine, tc.version)
		if err != nil {
			t.Errorf("LookupEngineVersion(%s, %q): %v", tc.engine, tc.version, err)
			continue
		}
		if v.Engine != tc.engine || v.Major != tc.major || v.Version != tc.version {
			t.Errorf("LookupEngineVersion(%s, %q) = %+v, want major %s", tc.engine, tc.version, v, tc.major)
		}
	}
}

func TestLookupEngineVersionRefuses(t *testing.T) {
	for _, tc := range []struct {
		engine           Engine
		version, message string
	}{
		{Postgres, "9.6", `postgres has no version "9.6"; versions offered: 11, 12, 13, 14, 15, 16, 17, 18`},
		{Postgres, "10", `postgres has no version "10"; versions offered: 11, 12, 13, 14, 15, 16, 17, 18`},
		{Postgres, "16.99", `postgres version "16.99" is newer than 16.14, the newest postgres 16 minor version this table knows (checked 2026-12-01)`},
		{Postgres, "16.4.1", `postgres version "16.4.1" is not a major or major.minor version such as 16 or 16.4; versions offered`},
		{Postgres, "latest", `postgres version "latest" is not a major or major.minor version`},
		{AuroraPostgreSQL, "16", `aurora-postgresql version "16" is not a major.minor version such as 16.4; versions offered: 11, 12, 13, 14, 15, 16, 17, 18, with a minor version such as 16.13`},
		{MySQL, "16.4", `mysql has no version "16.4"; versions offered: 5.7, 8.0, 8.4`},
		{MySQL, "8", `mysql version "8" is not a major.minor or major.minor.patch version such as 8.4 or 8.4.5`},
		{MySQL, "8.4.99", `mysql version "8.4.99" is newer than 8.4.9`},
		{AuroraMySQL, "8.0", `aurora-mysql version "8.0" is not an Aurora MySQL version such as 8.0.mysql_aurora.3.12.0`},
		{AuroraMySQL, "5.7.mysql_aurora.3.12.0", `pairs MySQL 5.7 with Aurora MySQL 3, which is MySQL 8.0-compatible`},
		{AuroraMySQL, "8.0.mysql_aurora.4.01.0", `aurora-mysql has no version "8.0.mysql_aurora.4.01.0"; Aurora MySQL majors offered: 2, 3`},
		{AuroraMySQL, "8.0.mysql_aurora.3.99.0", `is newer than 3.12.0`},
		{Valkey, "6.2", `valkey has no version "6.2"; versions offered: 7.2, 8.0, 8.1, 8.2, 9.0, 9.1`},
		{Valkey, "8", `valkey version "8" is not a major.minor version such as 8.0`},
		{RabbitMQ, "2.0", `rabbitmq has no version "2.0"; versions offered: 3.13, 4.2`},
		{RabbitMQ, "3.12", `rabbitmq has no version "3.12"`},
		{RabbitMQ, "3.13.7", `rabbitmq version "3.13.7" is not a major.minor version`},
		{"redis", "7.1", `engine "redis" is not one of postgres, mysql, aurora-postgresql, aurora-mysql, valkey, rabbitmq`},
	} {
		_, err := LookupEngineVersion(tc.engine, tc.version)
		if err == nil || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("LookupEngineVersion(%s, %q) = %v, want %q", tc.engine, tc.version, err, tc.message)
		}
	}
}

func TestSupportDates(t *testing.T) {
	for _, tc := range []struct {
		engine             Engine
		version            string
		at                 string
		standard, extended bool
	}{
		{MySQL, "8.0", "2026-07-31", true, false},
		{MySQL, "8.0", "2026-08-01", false, true},
		{MySQL, "8.0", "2026-12-01", false, true},
		{MySQL, "8.0", "2029-08-01", false, false},
		{MySQL, "8.4", "2026-12-01", true, false},
		{Postgres, "13", "2026-12-01", false, true},
		{Postgres, "14", "2026-12-01", true, false},
		{AuroraMySQL, "5.7.mysql_aurora.2.12.6", "2026-12-01", false, true},
		{Valkey, "7.2", "2040-01-01", true, false},
		{RabbitMQ, "3.13", "2026-12-01", true, false},
	} {
		v, err := LookupEngineVersion(tc.engine, tc.version)
		if err != nil {
			t.Fatal(err)
		}
		at := day(tc.at).Add(12 * time.Hour)
		if got := InStandardSupport(v, at); got != tc.standard {
			t.Errorf("%s %s in standard support on %s = %v, want %v", tc.engine, tc.version, tc.at, got, tc.standard)
		}
		if got := InExtendedSupport(v, at); got != tc.extended {
			t.Errorf("%s %s in extended support on %s = %v, want %v", tc.engine, tc.version, tc.at, got, tc.extended)
		}
	}
}

// TestDefaultsAreOfferedAndInStandardSupport: no default is ever billed for
// Extended Support, and each names a version the table offers.
func TestDefaultsAreOfferedAndInStandardSupport(t *testing.T) {
	for _, e := range Engines() {
		version := DefaultVersion(e)
		v, err := LookupEngineVersion(e, version)
		if err != nil {
			t.Errorf("default %s %q: %v", e, version, err)
			continue
		}
		if !InStandardSupport(v, checked) {
			t.Errorf("default %s %s left standard support on %s", e, version, v.StandardSupportEnds.Format(time.DateOnly))
		}
	}
	if DefaultVersion(MySQL) == "8.0" {
		t.Error("MySQL 8.0 is in paid Extended Support and must not be the default")
	}
	if DefaultVersion("redis") != "" {
		t.Error("an unknown engine has a default")
	}
}

func TestEngineTables(t *testing.T) {
	for _, e := range Engines() {
		majors := EngineVersions(e)
		if len(majors) == 0 {
			t.Errorf("%s has no versions", e)
		}
		for i, v := range majors {
			if i > 0 && !newer(v.Major, majors[i-1].Major) {
				t.Errorf("%s: %s listed after %s, want oldest first", e, v.Major, majors[i-1].Major)
			}
			if !v.ExtendedSupportEnds.IsZero() && !v.ExtendedSupportEnds.After(v.StandardSupportEnds) {
				t.Errorf("%s %s: extended support ends before standard support", e, v.Major)
			}
			if v.NewestMinor != "" && !strings.HasPrefix(v.NewestMinor, v.Major+".") {
				t.Errorf("%s %s: newest minor %s is of another major", e, v.Major, v.NewestMinor)
			}
		}
	}
	if v, _ := LookupEngineVersion(RabbitMQ, "4.2"); !strings.Contains(v.Note, "mq.m7g") {
		t.Errorf("RabbitMQ 4.2 note = %q, want its instance limit", v.Note)
	}
}
