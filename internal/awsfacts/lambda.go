package awsfacts

import (
	"slices"
	"time"
)

var _ = register(Source{
	Table: "Lambda runtimes",
	Document: "Lambda runtimes, supported runtimes and deprecation dates https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html " +
		"(stored copy; dates cross-checked with https://endoflife.date/aws-lambda)",
	Checked: day("2026-12-01"),
})

// LambdaRuntime is one managed runtime and the day Lambda deprecates it;
// after that day AWS refuses new functions on it (and later updates).
type LambdaRuntime struct {
	ID         string
	Deprecated time.Time
}

// lambdaRuntimes are the managed runtimes still supported on the day the
// table was checked; runtimes deprecated before it are left out.
var lambdaRuntimes = []LambdaRuntime{
	{"nodejs24.x", day("2028-04-30")},
	{"nodejs22.x", day("2027-04-30")},
	{"python3.14", day("2029-06-30")},
	{"python3.13", day("2029-06-30")},
	{"python3.12", day("2028-10-31")},
	{"java25", day("2029-06-30")},
	{"java21", day("2029-06-30")},
	{"dotnet10", day("2028-11-14")},
	{"ruby3.4", day("2028-03-31")},
	{"provided.al2023", day("2029-06-30")},
}

// LambdaRuntimes are the runtime identifiers not deprecated on day, in the
// table's order.
func LambdaRuntimes(on time.Time) []string {
	var out []string
	for _, r := range lambdaRuntimes {
		if on.Before(r.Deprecated) {
			out = append(out, r.ID)
		}
	}
	return out
}

// LambdaRuntimeSupported reports whether id is a managed runtime Lambda
// still supports on day.
func LambdaRuntimeSupported(id string, on time.Time) bool {
	return slices.Contains(LambdaRuntimes(on), id)
}
