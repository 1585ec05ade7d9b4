package schedule

import (
	"strconv"
	"strings"
	"time"
)

// CronExpr is a parsed cron(minutes hours day-of-month month day-of-week year).
// Times are wall-clock times in the schedule's time zone.
type CronExpr struct {
	Minutes, Hours, DayOfMonth, Month, DayOfWeek, Year Field
}

// Field is one parsed cron field.
type Field struct {
	// Text is the field as written.
	Text string
	// set holds the plain values the field matches, indexed from its grammar's
	// minimum; empty for "?" and for the L, W and # forms.
	set []bool
	// NoSpecific is "?": the other day field decides.
	NoSpecific bool
	// Last is "L": the last day of the month (day-of-month), or the last of a
	// weekday in the month when Weekday is set ("6L", day-of-week).
	Last bool
	// NearestWeekday is "W": the weekday nearest day Day ("15W"), or the last
	// weekday of the month with Last ("LW"); day-of-month only.
	NearestWeekday bool
	// Day is the day of the month of "nW".
	Day int
	// Weekday is the day of the week (1 = Sunday … 7 = Saturday) of "nL" and "n#k".
	Weekday int
	// Nth is k of "n#k": the k-th such weekday of the month, 1 to 5.
	Nth int
}

// grammar is one cron field's values and wildcards, from the EventBridge
// "Cron expressions reference" table.
type grammar struct {
	name     string
	min, max int
	names    []string // names[i] is the value min+i; nil when the field has none
	// wildcards lists the special characters the field takes beyond digits.
	wildcards string
}

func (g grammar) allowed() string {
	values := strconv.Itoa(g.min) + "-" + strconv.Itoa(g.max)
	if g.names != nil {
		values += " or " + g.names[0] + "-" + g.names[len(g.names)-1]
	}
	return values + " with " + strings.Join(strings.Split(g.wildcards, ""), " ")
}

var (
	minutesField    = grammar{name: "minutes", min: 0, max: 59, wildcards: ",-*/"}
	hoursField      = grammar{name: "hours", min: 0, max: 23, wildcards: ",-*/"}
	dayOfMonthField = grammar{name: "day-of-month", min: 1, max: 31, wildcards: ",-*?/LW"}
	monthField      = grammar{name: "month", min: 1, max: 12, wildcards: ",-*/",
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	dayOfWeekField = grammar{name: "day-of-week", min: 1, max: 7, wildcards: ",-*?L#",
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearField = grammar{name: "year", min: 1970, max: 2199, wildcards: ",-*/"}
)

func parseCron(body string) (CronExpr, error) {
	parts := strings.Fields(body)
	if len(parts) != 6 {
		return CronExpr{}, fail("cron", body, "does not have six fields",
			"minutes hours day-of-month month day-of-week year, separated by spaces, e.g. cron(0 3 * * ? *)")
	}
	var c CronExpr
	var err error
	fields := []*Field{&c.Minutes, &c.Hours, &c.DayOfMonth, &c.Month, &c.DayOfWeek, &c.Year}
	grammars := []grammar{minutesField, hoursField, dayOfMonthField, monthField, dayOfWeekField, yearField}
	for i, g := range grammars {
		if *fields[i], err = parseField(g, parts[i]); err != nil {
			return CronExpr{}, err
		}
	}
	// "You can't specify the Day-of-month and Day-of-week fields in the same
	// cron expression": exactly one of them is "?".
	const days = "a ? in exactly one of day-of-month and day-of-week, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)"
	switch {
	case c.DayOfMonth.NoSpecific && c.DayOfWeek.NoSpecific:
		return CronExpr{}, fail("day-of-week", parts[4], "is ? like day-of-month", days)
	case !c.DayOfMonth.NoSpecific && !c.DayOfWeek.NoSpecific:
		return CronExpr{}, fail("day-of-week", parts[4], "needs ? when day-of-month is set", days)
	}
	return c, nil
}

func parseField(g grammar, text string) (Field, error) {
	f := Field{Text: text}
	upper := strings.ToUpper(text)
	if text == "?" {
		if !strings.Contains(g.wildcards, "?") {
			return f, fail(g.name, text, "cannot be ?", g.allowed())
		}
		f.NoSpecific = true
		return f, nil
	}
	if special, err := parseSpecial(g, text, upper, &f); special {
		return f, err
	}
	f.set = make([]bool, g.max-g.min+1)
	for _, item := range strings.Split(upper, ",") {
		if err := g.addItem(f.set, item, text); err != nil {
			return f, err
		}
	}
	return f, nil
}

// parseSpecial parses the L, W and # forms, which stand alone in their field:
// "3#1,6#3" is invalid, the guide says, as two expressions.
func parseSpecial(g grammar, text, upper string, f *Field) (bool, error) {
	if g.name != dayOfMonthField.name && g.name != dayOfWeekField.name {
		// No other field takes L, W or #; such text fails as out of range.
		return false, nil
	}
	// The day name WED holds a W that is not the W wildcard.
	probe := upper
	if g.name == dayOfWeekField.name {
		probe = strings.ReplaceAll(probe, "WED", "")
	}
	hasL, hasW, hasHash := strings.Contains(probe, "L"), strings.Contains(probe, "W"), strings.Contains(probe, "#")
	if !hasL && !hasW && !hasHash {
		return false, nil
	}
	for _, w := range []struct {
		has bool
		c   string
	}{{hasL, "L"}, {hasW, "W"}, {hasHash, "#"}} {
		if w.has && !strings.Contains(g.wildcards, w.c) {
			return true, fail(g.name, text, "cannot use "+w.c, g.allowed())
		}
	}
	if strings.ContainsAny(upper, ",-*/") {
		return true, fail(g.name, text, "mixes L, W or # with other values", "L, W and # stand alone in their field, e.g. L, 15W, LW, 6L or 2#1")
	}
	switch g.name {
	case dayOfMonthField.name:
		switch {
		case upper == "L":
			f.Last = true
		case upper == "LW":
			f.Last, f.NearestWeekday = true, true
		case strings.HasSuffix(upper, "W"):
			day, ok := g.value(strings.TrimSuffix(upper, "W"))
			if !ok {
				return true, fail(g.name, text, "is not a day followed by W", "1W to 31W: the weekday nearest that day")
			}
			f.NearestWeekday, f.Day = true, day
		default:
			return true, fail(g.name, text, "is not a day-of-month form", "L, LW or a day followed by W, e.g. 15W")
		}
	case dayOfWeekField.name:
		switch {
		case upper == "L":
			// L alone is the last day of the week: Saturday.
			f.set = make([]bool, g.max-g.min+1)
			f.set[g.max-g.min] = true
		case strings.HasSuffix(upper, "L"):
			day, ok := g.value(strings.TrimSuffix(upper, "L"))
			if !ok {
				return true, fail(g.name, text, "is not a weekday followed by L", "1L to 7L or SUNL to SATL: the last such weekday of the month")
			}
			f.Last, f.Weekday = true, day
		case strings.Count(upper, "#") == 1:
			dayText, nthText, _ := strings.Cut(upper, "#")
			day, ok := g.value(dayText)
			nth, err := strconv.Atoi(nthText)
			if !ok || err != nil || nth < 1 || nth > 5 {
				return true, fail(g.name, text, "is not a weekday # 1 to 5", "weekday#n with weekday 1-7 or SUN-SAT and n 1-5, e.g. 3#2 for the second Tuesday")
			}
			f.Weekday, f.Nth = day, nth
		default:
			return true, fail(g.name, text, "is not a day-of-week form", "L, a weekday followed by L such as 6L, or weekday#n such as 2#1")
		}
	}
	return true, nil
}

// addItem marks one list item: *, a value, a range a-b, each optionally with
// an increment /n.
func (g grammar) addItem(set []bool, item, text string) error {
	if item == "" {
		return fail(g.name, text, "has an empty list item", g.allowed())
	}
	base, step := item, 1
	if b, inc, ok := strings.Cut(item, "/"); ok {
		if !strings.Contains(g.wildcards, "/") {
			return fail(g.name, text, "cannot use /", g.allowed())
		}
		n, err := strconv.Atoi(inc)
		if err != nil || n < 1 || n > g.max-g.min+1 {
			return fail(g.name, text, "has an increment out of range", "an increment of 1 to "+strconv.Itoa(g.max-g.min+1)+" after /, e.g. 0/15")
		}
		base, step = b, n
	}
	start, end := g.min, g.max
	switch {
	case base == "*":
	case strings.Contains(base, "-"):
		lo, hi, _ := strings.Cut(base, "-")
		var okLo, okHi bool
		start, okLo = g.value(lo)
		end, okHi = g.value(hi)
		if !okLo || !okHi {
			return fail(g.name, text, "has a range out of range", g.allowed())
		}
		if start > end {
			return fail(g.name, text, "has a range that ends before it starts", "ranges from low to high, e.g. "+strconv.Itoa(g.min)+"-"+strconv.Itoa(g.max))
		}
	default:
		v, ok := g.value(base)
		if !ok {
			return fail(g.name, text, "is out of range", g.allowed())
		}
		start = v
		if step == 1 {
			end = v
		}
	}
	for v := start; v <= end; v += step {
		set[v-g.min] = true
	}
	return nil
}

// value reads a number or (for month and day-of-week) a name in the field's range.
func (g grammar) value(s string) (int, bool) {
	for i, n := range g.names {
		if s == n {
			return g.min + i, true
		}
	}
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= g.min && v <= g.max
}

// count is how many plain values the field matches.
func (f Field) count() int {
	n := 0
	for _, on := range f.set {
		if on {
			n++
		}
	}
	return n
}

func (f *Field) has(g grammar, v int) bool { return v >= g.min && v <= g.max && f.set[v-g.min] }

// calDay is one day of the calendar as the day fields see it.
type calDay struct {
	month, day int
	// weekday counts from 0 for Sunday, like time.Weekday.
	weekday int
	// first is the weekday of the month's first day; last is the month's length.
	first, last int
}

// weekdayOf is the weekday of day n of d's month.
func (d calDay) weekdayOf(n int) int { return (d.first + n - 1) % 7 }

// matchesDay reports whether the schedule runs on day d (its year ignored).
func (c *CronExpr) matchesDay(d calDay) bool {
	if !c.Month.has(monthField, d.month) {
		return false
	}
	if c.DayOfMonth.NoSpecific {
		return c.DayOfWeek.matchesWeekday(d)
	}
	return c.DayOfMonth.matchesMonthDay(d)
}

func (f *Field) matchesMonthDay(d calDay) bool {
	switch {
	case f.Last && f.NearestWeekday:
		return d.day == nearestWeekday(d, d.last)
	case f.Last:
		return d.day == d.last
	case f.NearestWeekday:
		return f.Day <= d.last && d.day == nearestWeekday(d, f.Day)
	}
	return f.has(dayOfMonthField, d.day)
}

// nearestWeekday is the weekday closest to day n of d's month, never crossing
// into another month.
func nearestWeekday(d calDay, n int) int {
	switch time.Weekday(d.weekdayOf(n)) {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == d.last {
			return n - 2
		}
		return n + 1
	}
	return n
}

func (f *Field) matchesWeekday(d calDay) bool {
	weekday := d.weekday + 1 // cron counts Sunday as 1
	switch {
	case f.Nth > 0:
		return weekday == f.Weekday && (d.day-1)/7+1 == f.Nth
	case f.Last:
		return weekday == f.Weekday && d.day+7 > d.last
	}
	return f.has(dayOfWeekField, weekday)
}

// spanStart and spanYears are a 28-year span: 2001 to 2028 repeats every
// weekday-and-leap-year combination, so averages over it are exact.
const spanStart, spanYears = 2001, 28

func (c *CronExpr) runsPerMonth() float64 {
	days, matched := 0, 0
	first := int(time.Date(spanStart, time.January, 1, 0, 0, 0, 0, time.UTC).Weekday())
	for y := spanStart; y < spanStart+spanYears; y++ {
		for m := 1; m <= 12; m++ {
			last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			for day := 1; day <= last; day++ {
				d := calDay{month: m, day: day, first: first, last: last}
				d.weekday = d.weekdayOf(day)
				days++
				if c.matchesDay(d) {
					matched++
				}
			}
			first = (first + last) % 7
		}
	}
	perDay := float64(c.Minutes.count() * c.Hours.count())
	return perDay * float64(matched) * daysPerMonth / float64(days)
}
