package awsfacts

import (
	"strings"
	"testing"
	"time"
)

// TestSourcesAreFresh fails once any table has gone a year without being
// compared with its document: re-read the document, update the table and its
// Checked date.
func TestSourcesAreFresh(t *testing.T) {
	if len(Sources()) == 0 {
		t.Fatal("no table registered a source")
	}
	for _, s := range Sources() {
		if stale(s, time.Now()) {
			t.Errorf("table %q was last checked %s, over a year ago: re-read %s", s.Table, s.Checked.Format(time.DateOnly), s.Document)
		}
	}
}

func TestStale(t *testing.T) {
	s := Source{Checked: day("2026-12-01")}
	for _, tc := range []struct {
		now  string
		want bool
	}{
		{"2026-12-01", false},
		{"2027-12-01", false},
		{"2027-12-02", true},
	} {
		if got := stale(s, day(tc.now)); got != tc.want {
			t.Errorf("stale on %s = %v, want %v", tc.now, got, tc.want)
		}
	}
}

func TestSourcesNameTheirDocument(t *testing.T) {
	tables := map[string]bool{}
	for _, s := range Sources() {
		if s.Table == "" || !strings.Contains(s.Document, "https://") || s.Checked.IsZero() {
			t.Errorf("source %+v lacks a table name, a document address or a date", s)
		}
		if tables[s.Table] {
			t.Errorf("table %q registered twice", s.Table)
		}
		tables[s.Table] = true
	}
	for _, want := range []string{"AWS commercial Regions and their Availability Zones", "service availability per Region", "engine versions and support dates", "tag limits"} {
		if !tables[want] {
			t.Errorf("no source for table %q", want)
		}
	}
}

// stale reports whether a source's check is more than a year before now.
func stale(s Source, now time.Time) bool { return now.After(s.Checked.AddDate(1, 0, 0)) }
