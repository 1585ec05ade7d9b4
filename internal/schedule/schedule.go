// Package schedule parses EventBridge Scheduler schedule expressions — rate(),
// cron() and at() — into typed values, refusing what the service refuses, and
// estimates how often a schedule runs so scheduled tasks can be priced.
//
// Source: Amazon EventBridge Scheduler User Guide, "Schedule types on
// EventBridge Scheduler" (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html),
// whose cron grammar is the EventBridge "Cron expressions reference"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html);
// read from stored copies, checked 2026-12-01.
//
// The package is pure Go: no Pulumi types, so config validation, preflight and
// cost can all call it.
package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is which of the three expression types a schedule is.
type Kind int

// The schedule kinds.
const (
	// Rate runs at a fixed interval: rate(5 minutes).
	Rate Kind = iota + 1
	// Cron runs at calendar times: cron(0 3 * * ? *).
	Cron
	// At runs once: at(2030-01-01T00:00:00).
	At
)

// Unit is a rate's unit.
type Unit string

// The rate units; expressions spell them singular for 1 and plural otherwise.
const (
	Minute Unit = "minute"
	Hour   Unit = "hour"
	Day    Unit = "day"
)

// RateExpr is a parsed rate(value unit).
type RateExpr struct {
	// Value is the interval's length in Unit; at least 1.
	Value int
	// Unit is minute, hour or day.
	Unit Unit
}

// Expression is a parsed schedule expression.
type Expression struct {
	// Kind says which of Rate, Cron or At is set.
	Kind Kind
	// Text is the expression as written.
	Text string
	// Rate is set when Kind is Rate.
	Rate RateExpr
	// Cron is set when Kind is Cron.
	Cron CronExpr
	// At is the one run's wall-clock time, in the schedule's own time zone
	// (EventBridge Scheduler takes the zone separately); set when Kind is At.
	At time.Time
}

// Error is a refused expression: which part is wrong, the text found there
// and what the grammar allows.
type Error struct {
	// Part names where the problem is: "expression", "rate", "at", or a cron
	// field such as "day-of-week".
	Part string
	// Value is the text of that part as written.
	Value string
	// Problem says what is wrong, e.g. "is out of range".
	Problem string
	// Allowed says what the grammar accepts there.
	Allowed string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %q %s, allowed: %s", e.Part, e.Value, e.Problem, e.Allowed)
}

func fail(part, value, problem, allowed string) error {
	return &Error{Part: part, Value: value, Problem: problem, Allowed: allowed}
}

const expressionForms = "rate(value unit), cron(minutes hours day-of-month month day-of-week year) or at(yyyy-mm-ddThh:mm:ss)"

// Parse parses an EventBridge Scheduler expression.
func Parse(expr string) (Expression, error) {
	open := strings.IndexByte(expr, '(')
	if open < 0 || !strings.HasSuffix(expr, ")") {
		return Expression{}, fail("expression", expr, "is not a schedule expression", expressionForms)
	}
	kind, body := expr[:open], expr[open+1:len(expr)-1]
	e := Expression{Text: expr}
	var err error
	switch kind {
	case "rate":
		e.Kind = Rate
		e.Rate, err = parseRate(body)
	case "cron":
		e.Kind = Cron
		e.Cron, err = parseCron(body)
	case "at":
		e.Kind = At
		e.At, err = parseAt(body)
	default:
		return Expression{}, fail("expression", expr, "is not a schedule expression", expressionForms)
	}
	if err != nil {
		return Expression{}, err
	}
	return e, nil
}

// parseRate parses "value unit": a positive whole number, then the unit in
// the singular for 1 and the plural otherwise.
func parseRate(body string) (RateExpr, error) {
	const allowed = "a whole number of at least 1, then minute(s), hour(s) or day(s): singular only for 1, e.g. rate(1 hour) or rate(5 minutes)"
	parts := strings.Fields(body)
	if len(parts) != 2 {
		return RateExpr{}, fail("rate", body, "is not a value and a unit", allowed)
	}
	value, err := strconv.Atoi(parts[0])
	if err != nil || value < 1 || parts[0][0] == '0' || parts[0][0] == '+' {
		return RateExpr{}, fail("rate", body, "has no positive whole number", allowed)
	}
	unit, plural := Unit(strings.TrimSuffix(parts[1], "s")), strings.HasSuffix(parts[1], "s")
	if unit != Minute && unit != Hour && unit != Day {
		return RateExpr{}, fail("rate", body, "has an unknown unit", allowed)
	}
	if plural != (value > 1) {
		return RateExpr{}, fail("rate", body, "uses the wrong number for its unit", allowed)
	}
	return RateExpr{Value: value, Unit: unit}, nil
}

// parseAt parses a one-time schedule's date and time, without a zone.
func parseAt(body string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05", body)
	if err != nil {
		return time.Time{}, fail("at", body, "is not a date and time", "yyyy-mm-ddThh:mm:ss, e.g. at(2030-01-01T09:30:00)")
	}
	return t, nil
}

// daysPerMonth is the month length RunsPerMonth prices with.
const daysPerMonth = 30

// RunsPerMonth estimates how many times the schedule runs in a 30-day month,
// to price scheduled tasks. A rate divides the month by its interval; a cron
// counts its times per day on the days it matches, averaged over a 28-year
// span (a whole cycle of weekdays and leap years) and scaled to 30 days, so a
// monthly job is 30/30.44 runs and "last Friday" is about one. The year field
// is ignored: it bounds when a schedule runs, not how often. A one-time at()
// schedule counts as one run, the most it can run in any month.
func (e Expression) RunsPerMonth() float64 {
	switch e.Kind {
	case Rate:
		perDay := map[Unit]float64{Minute: 24 * 60, Hour: 24, Day: 1}[e.Rate.Unit]
		return daysPerMonth * perDay / float64(e.Rate.Value)
	case Cron:
		return e.Cron.runsPerMonth()
	case At:
		return 1
	}
	return 0
}
