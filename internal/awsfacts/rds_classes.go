package awsfacts

import "strings"

// RDS instance classes per engine and Performance Insights support per class.
var _ = register(Source{
	Table: "RDS instance classes per engine, Performance Insights support",
	Document: "Amazon RDS User Guide, Supported DB engines for DB instance classes https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html; " +
		"Amazon RDS DB engine, Region, and instance class support for Database Insights / Performance Insights https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html (stored copies)",
	Checked: day("2026-12-01"),
})

// RDSClassFamilies are the instance class families ("db.t4g") each engine
// runs on, current generation only: older families are deliberately absent.
var RDSClassFamilies = map[string][]string{
	"postgres":          {"db.t3", "db.t4g", "db.m5", "db.m6g", "db.m6i", "db.m7g", "db.m7i", "db.m8g", "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g"},
	"mysql":             {"db.t3", "db.t4g", "db.m5", "db.m6g", "db.m6i", "db.m7g", "db.m7i", "db.m8g", "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g"},
	"mariadb":           {"db.t3", "db.t4g", "db.m5", "db.m6g", "db.m6i", "db.m7g", "db.m7i", "db.m8g", "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g"},
	"aurora-postgresql": {"db.t3", "db.t4g", "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g", "db.serverless"},
	"aurora-mysql":      {"db.t3", "db.t4g", "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g", "db.serverless"},
}

// RDSClassFamily returns the family of a class: "db.t4g" of "db.t4g.micro".
func RDSClassFamily(class string) string {
	if i := strings.LastIndex(class, "."); i > 0 {
		return class[:i]
	}
	return class
}

// RDSClassSupported reports whether engine runs on class; ok is false for an
// engine the table does not know.
func RDSClassSupported(engine, class string) (supported, known bool) {
	families, known := RDSClassFamilies[engine]
	if !known {
		return false, false
	}
	for _, f := range families {
		if f == RDSClassFamily(class) || class == f {
			return true, true
		}
	}
	return false, true
}

// noPerformanceInsights are the classes per engine on which turning
// Performance Insights (Database Insights) on is refused.
var noPerformanceInsights = map[string][]string{
	"mysql":        {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"},
	"mariadb":      {"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"},
	"aurora-mysql": {"db.t2.*", "db.t3.*", "db.t4g.micro", "db.t4g.small"},
}

// PerformanceInsightsSupported reports whether engine supports Performance
// Insights on class.
func PerformanceInsightsSupported(engine, class string) bool {
	for _, c := range noPerformanceInsights[engine] {
		if c == class || (strings.HasSuffix(c, ".*") && RDSClassFamily(class) == strings.TrimSuffix(c, ".*")) {
			return false
		}
	}
	return true
}
