package schedule

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseAccepts(t *testing.T) {
	for _, expr := range []string{
		"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
		"cron(0 3 * * ? *)",
		"cron(15 12 * * ? *)",
		"cron(0 18 ? * MON-FRI *)",
		"cron(0 8 1 * ? *)",
		"cron(0/15 * * * ? *)",
		"cron(0/10 * ? * MON-FRI *)",
		"cron(0/5 8-17 ? * MON-FRI *)",
		"cron(0 9 ? * 2#1 *)",
		"cron(0 9 ? * MON#5 *)",
		"cron(0 0 L * ? *)",
		"cron(0 0 LW * ? *)",
		"cron(0 0 15W * ? *)",
		"cron(0 0 ? * 6L *)",
		"cron(0 0 ? * FRIL *)",
		"cron(0 0 ? * L *)",
		"cron(0 0 ? * WED *)",
		"cron(0 0 ? * mon,wed,fri *)",
		"cron(30 2 1,15 JAN-MAR,JUL ? 2026-2030)",
		"cron(0 0 1/2 * ? *)",
		"cron(0 0 * */3 ? *)",
		"cron(0 0 * * ? 1970)", "cron(0 0 * * ? 2199)",
		"cron(59 23 31 DEC ? *)",
		"cron(0 0 ? * 1-7 *)",
		"at(2030-01-01T00:00:00)",
		"at(2026-12-31T23:59:59)",
	} {
		if _, err := Parse(expr); err != nil {
			t.Errorf("Parse(%q): %v", expr, err)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ expr, part, fragment string }{
		{"every 5 minutes", "expression", "is not a schedule expression"},
		{"rate(5 minutes", "expression", "is not a schedule expression"},
		{"crom(0 3 * * ? *)", "expression", "is not a schedule expression"},
		{"rate(1 minutes)", "rate", "wrong number for its unit"},
		{"rate(5 minute)", "rate", "wrong number for its unit"},
		{"rate(0 minutes)", "rate", "no positive whole number"},
		{"rate(-5 minutes)", "rate", "no positive whole number"},
		{"rate(05 minutes)", "rate", "no positive whole number"},
		{"rate(1.5 hours)", "rate", "no positive whole number"},
		{"rate(2 weeks)", "rate", "unknown unit"},
		{"rate(5)", "rate", "not a value and a unit"},
		{"cron(0 3 * * ?)", "cron", "does not have six fields"},
		{"cron(0 3 * * ? * *)", "cron", "does not have six fields"},
		{"cron(60 3 * * ? *)", "minutes", "is out of range"},
		{"cron(0 24 * * ? *)", "hours", "is out of range"},
		{"cron(0 3 0 * ? *)", "day-of-month", "is out of range"},
		{"cron(0 3 32 * ? *)", "day-of-month", "is out of range"},
		{"cron(0 3 * 13 ? *)", "month", "is out of range"},
		{"cron(0 3 * JANUARY ? *)", "month", "is out of range"},
		{"cron(0 3 ? * 8 *)", "day-of-week", "is out of range"},
		{"cron(0 3 ? * 0 *)", "day-of-week", "is out of range"},
		{"cron(0 3 * * ? 1969)", "year", "is out of range"},
		{"cron(0 3 * * ? 2200)", "year", "is out of range"},
		{"cron(0 3 * * * *)", "day-of-week", "needs ? when day-of-month is set"},
		{"cron(0 3 1 * MON *)", "day-of-week", "needs ? when day-of-month is set"},
		{"cron(0 3 ? * ? *)", "day-of-week", "is ? like day-of-month"},
		{"cron(? 3 * * ? *)", "minutes", "cannot be ?"},
		{"cron(0 3 * ? ? *)", "month", "cannot be ?"},
		{"cron(0 3 ? * */2 *)", "day-of-week", "cannot use /"},
		{"cron(0/0 3 * * ? *)", "minutes", "increment out of range"},
		{"cron(0/61 3 * * ? *)", "minutes", "increment out of range"},
		{"cron(0 3 20-10 * ? *)", "day-of-month", "ends before it starts"},
		{"cron(0 3 ? * FRI-MON *)", "day-of-week", "ends before it starts"},
		{"cron(0 3 1,,2 * ? *)", "day-of-month", "empty list item"},
		{"cron(0 3 L,15 * ? *)", "day-of-month", "mixes L, W or #"},
		{"cron(0 3 32W * ? *)", "day-of-month", "not a day followed by W"},
		{"cron(0 3 1#2 * ? *)", "day-of-month", "cannot use #"},
		{"cron(0 3 ? * 3#1,6#3 *)", "day-of-week", "mixes L, W or #"},
		{"cron(0 3 ? * 3#6 *)", "day-of-week", "not a weekday # 1 to 5"},
		{"cron(0 3 ? * 8#1 *)", "day-of-week", "not a weekday # 1 to 5"},
		{"cron(0 3 ? * 8L *)", "day-of-week", "not a weekday followed by L"},
		{"cron(0 3 ? * 2W *)", "day-of-week", "cannot use W"},
		{"cron(L 3 * * ? *)", "minutes", "is out of range"},
		{"cron(0 3 * JUL/L ? *)", "month", "increment out of range"},
		{"at(2030-01-01)", "at", "is not a date and time"},
		{"at(2030-13-01T00:00:00)", "at", "is not a date and time"},
		{"at(2030-01-01T00:00:00Z)", "at", "is not a date and time"},
	} {
		_, err := Parse(tc.expr)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want a refusal", tc.expr, err)
			continue
		}
		if e.Part != tc.part || !strings.Contains(err.Error(), tc.fragment) || e.Allowed == "" {
			t.Errorf("Parse(%q) = %q (part %q), want part %q and %q with what is allowed", tc.expr, err, e.Part, tc.part, tc.fragment)
		}
	}
}

func TestErrorNamesFieldValueAndAllowed(t *testing.T) {
	_, err := Parse("cron(0 3 ? * 8 *)")
	want := `day-of-week "8" is out of range, allowed: 1-7 or SUN-SAT with , - * ? L #`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestParseTypedValues(t *testing.T) {
	e, err := Parse("rate(15 minutes)")
	if err != nil || e.Kind != Rate || e.Rate != (RateExpr{Value: 15, Unit: Minute}) {
		t.Errorf("rate: %+v %v", e, err)
	}
	e, err = Parse("at(2030-02-03T04:05:06)")
	if err != nil || e.Kind != At || !e.At.Equal(time.Date(2030, 2, 3, 4, 5, 6, 0, time.UTC)) {
		t.Errorf("at: %+v %v", e, err)
	}
	e, err = Parse("cron(0 9 ? * 2#1 *)")
	if err != nil || e.Kind != Cron || e.Cron.DayOfWeek.Weekday != 2 || e.Cron.DayOfWeek.Nth != 1 || !e.Cron.DayOfMonth.NoSpecific {
		t.Errorf("cron: %+v %v", e, err)
	}
}

func TestRunsPerMonth(t *testing.T) {
	const monthShare = 30 / (365.25 / 12) // one run a calendar month, over 28 years of 365.25 days
	for _, tc := range []struct {
		expr string
		want float64
	}{
		{"rate(1 minute)", 43200},
		{"rate(5 minutes)", 8640},
		{"rate(1 hour)", 720},
		{"rate(6 hours)", 120},
		{"rate(1 day)", 30},
		{"rate(3 days)", 10},
		{"at(2030-01-01T00:00:00)", 1},
		{"cron(0 3 * * ? *)", 30},
		{"cron(0/15 * * * ? *)", 30 * 96},
		{"cron(0 0 ? * 1-7 *)", 30},
		{"cron(0 9 ? * MON-FRI *)", 30 * 5.0 / 7},
		{"cron(0 9 ? * MON,WED,FRI *)", 30 * 3.0 / 7},
		{"cron(0,30 8-17 ? * MON-FRI *)", 30 * 5.0 / 7 * 20},
		{"cron(0 8 1 * ? *)", monthShare},
		{"cron(0 0 L * ? *)", monthShare},
		{"cron(0 0 LW * ? *)", monthShare},
		{"cron(0 0 15W * ? *)", monthShare},
		{"cron(0 9 ? * 2#1 *)", monthShare},
		{"cron(0 0 ? * 6L *)", monthShare},
		{"cron(0 0 1 JAN ? *)", monthShare / 12},
		{"cron(0 0 29 FEB ? *)", 30 / 4.0 / (365.25)},
		{"cron(0 0 31 * ? *)", 30 * 7 / 365.25},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		if got := e.RunsPerMonth(); math.Abs(got-tc.want) > 1e-9*math.Max(1, tc.want) {
			t.Errorf("RunsPerMonth(%q) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestDayRules(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		expr string
		on   time.Time
		want bool
	}{
		// 2026-08-15 is a Saturday: 15W is Friday the 14th.
		{"cron(0 0 15W * ? *)", day(2026, 8, 14), true},
		{"cron(0 0 15W * ? *)", day(2026, 8, 15), false},
		// 2026-08-01 is a Saturday: 1W does not cross back into July, it is Monday the 3rd.
		{"cron(0 0 1W * ? *)", day(2026, 8, 3), true},
		// 2026-05-31 is a Sunday: LW is Friday the 29th.
		{"cron(0 0 LW * ? *)", day(2026, 5, 29), true},
		{"cron(0 0 L * ? *)", day(2028, 2, 29), true},
		{"cron(0 0 L * ? *)", day(2027, 2, 28), true},
		// The second Tuesday of December 2026 is the 8th; the last Friday is the 25th.
		{"cron(0 0 ? * 3#2 *)", day(2026, 12, 8), true},
		{"cron(0 0 ? * 3#2 *)", day(2026, 12, 1), false},
		{"cron(0 0 ? * 6L *)", day(2026, 12, 25), true},
		{"cron(0 0 ? * 6L *)", day(2026, 12, 18), false},
		{"cron(0 0 ? * L *)", day(2026, 12, 5), true},
		{"cron(0 0 * FEB ? *)", day(2026, 3, 1), false},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		if got := e.Cron.matchesDay(calDayOf(tc.on)); got != tc.want {
			t.Errorf("%s on %s = %v, want %v", tc.expr, tc.on.Format(time.DateOnly), got, tc.want)
		}
	}
}

// calDayOf describes a date as matchesDay sees it.
func calDayOf(t time.Time) calDay {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calDay{month: int(t.Month()), day: t.Day(), weekday: int(t.Weekday()), first: int(first.Weekday()), last: last}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("cron(0/5 8-17 ? * MON-FRI *)"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRunsPerMonth(b *testing.B) {
	e, err := Parse("cron(0 9 ? * 2#1 *)")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		e.RunsPerMonth()
	}
}
