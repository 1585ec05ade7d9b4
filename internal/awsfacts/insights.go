package awsfacts

import "slices"

var insightsSource = register(Source{
	Table: "Performance Insights instance classes",
	Document: "Amazon RDS User Guide, \"Amazon RDS DB engine, Region, and instance class support for Database Insights\" " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html and Aurora User Guide, same title " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html (stored copies)",
	Checked: day("2026-12-01"),
})

// noInsights are, per engine, the instance classes (or class families,
// ending in ".") Performance Insights cannot be turned on for: creating the
// instance with it on fails. Engines not listed support every class.
var noInsights = map[string][]string{
	"mysql":        {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"},
	"mariadb":      {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"},
	"aurora-mysql": {"db.t2.", "db.t3.", "db.t4g.micro", "db.t4g.small"},
}

// InsightsSupported reports whether Performance Insights can be on for an
// instance of class running engine.
func InsightsSupported(engine, class string) bool {
	return !slices.ContainsFunc(noInsights[engine], func(c string) bool {
		return c == class || (c[len(c)-1] == '.' && len(class) > len(c) && class[:len(c)] == c)
	})
}
