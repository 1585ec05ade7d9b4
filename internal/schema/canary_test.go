package schema

import (
	"strings"
	"testing"
	"time"
)

func TestCanaryStartedIsAUTCSecond(t *testing.T) {
	want := `"platform:canary.web.started": `
	for _, c := range []struct {
		name, started, want string
	}{
		{"a start", `"2026-12-02T01:55:00Z"`, ""},
		{"unset: an entry written before starts were recorded", "", ""},
		{"fractions", `"2026-12-02T01:55:00.5Z"`, want + `"2026-12-02T01:55:00.5Z" is not a canary's start, want a UTC time to the second`},
		{"an offset", `"2026-12-02T02:55:00+01:00"`, want + `"2026-12-02T02:55:00+01:00" is not a canary's start`},
		{"no such day", `"2026-02-30T01:55:00Z"`, want + `"2026-02-30T01:55:00Z" is not a canary's start`},
		{"a date only", `"2026-12-02"`, want + `"2026-12-02" is not a canary's start`},
		{"a number", `1764640500`, want + `"1764640500" is not a string`},
	} {
		t.Run(c.name, func(t *testing.T) {
			entry := `{"image":"main-1"`
			if c.started != "" {
				entry += `,"started":` + c.started
			}
			s, err := Decode("platform", Raw{"canary": `{"web":` + entry + `}}`})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			case c.want == "" && c.started == "" && s.Canary["web"].Started != nil:
				t.Fatalf("an unset start reads as %q", *s.Canary["web"].Started)
			}
		})
	}
}

func TestStartCanaryWritesWhatDecodeReads(t *testing.T) {
	at := time.Date(2026, 12, 2, 2, 55, 0, 999, time.FixedZone("CET", 3600))
	got := StartCanary(at)
	if got != "2026-12-02T01:55:00Z" {
		t.Fatalf("StartCanary = %q, want UTC to the second", got)
	}
	if _, err := ParseCanaryStarted(string(got)); err != nil {
		t.Fatal(err)
	}
}
