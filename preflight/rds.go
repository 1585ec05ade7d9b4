package preflight

import (
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph"
	"regexp"
	"slices"
	"strings"
	"time"
)

const (
	rdsCreateDoc  = "Amazon RDS API Reference, CreateDBInstance https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html"
	rdsManagedDoc = "Amazon RDS User Guide, Password management with Amazon RDS and AWS Secrets Manager (rotation every 7 days by default) https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html"
	rdsCalendar   = "Amazon RDS for PostgreSQL release calendar https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html; " +
		"Amazon RDS for MySQL release calendar https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html (stored copies, checked 2026-12-01)"
)

// now is the day the support dates are compared with; tests set it.
var now = time.Now

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic("preflight: bad date " + s)
	}
	return t
}

// major returns an engine version's major part: "16" of "16.4", "8.0" of "8.0.39".
func major(engine, version string) string {
	parts := strings.Split(version, ".")
	if strings.Contains(engine, "mysql") && len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

var (
	pgIdentifier    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,62}$`)
	mysqlIdentifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)
)

var rdsRules = []Rule{
	{ID: "PF.RDS.1", Title: "The engine runs on the instance class", Types: []string{dbInstance, clusterInstance},
		Rejects: "CreateDBInstance: InvalidParameterCombination: RDS does not support creating a DB instance with the following combination",
		Source:  awsfactsDoc("RDS instance classes"), Fix: "pick a class of a family the engine supports (e.g. db.t4g, db.m7g, db.r7g)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			engine, class := str(r, "engine"), str(r, "instanceClass")
			ok, known := awsfacts.RDSClassSupported(engine, class)
			return check(!known || ok, "engine %s does not run on %s", engine, class)
		}},
	{ID: "PF.RDS.2", Title: "Performance Insights only where the class supports it", Types: []string{dbInstance, clusterInstance},
		Rejects: "CreateDBInstance: InvalidParameterCombination: Performance Insights not supported for this configuration (MySQL/MariaDB micro and small classes)",
		Source:  awsfactsDoc("RDS instance classes"), Fix: "turn performanceInsightsEnabled off on those classes, or use db.t4g.medium or larger",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			engine, class := str(r, "engine"), str(r, "instanceClass")
			return check(!truthy(r, "performanceInsightsEnabled") || awsfacts.PerformanceInsightsSupported(engine, class),
				"Performance Insights on %s %s", engine, class)
		}},
	{ID: "PF.RDS.3", Title: "Performance Insights retention is 7 days or a whole number of months", Types: []string{dbInstance, clusterInstance, dbCluster},
		Rejects: "CreateDBInstance: InvalidParameterValue: retention must be 7, month * 31 (1-23 months) or 731",
		Source:  rdsCreateDoc, Fix: "set performanceInsightsRetentionPeriod to 7, 31, 62, ... or 731",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d, ok := num(r, "performanceInsightsRetentionPeriod")
			n := int(d)
			return check(!ok || n == 7 || n == 731 || (n%31 == 0 && n >= 31 && n <= 713), "performanceInsightsRetentionPeriod %v", d)
		}},
	{ID: "PF.RDS.4", Title: "The engine version is in RDS standard support", Types: []string{dbInstance, dbCluster},
		Rejects: "past the end of standard support RDS enrols the database in Extended Support (charged per vCPU-hour) and later upgrades it itself",
		Source:  rdsCalendar, Fix: "move to a major version in standard support (PostgreSQL 16 or 17, MySQL 8.4)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			engine, version := str(r, "engine"), str(r, "engineVersion")
			if version == "" {
				return ""
			}
			// The dated engine table (internal/awsfacts) has the support dates.
			majors := awsfacts.EngineVersions(awsfacts.Engine(engine))
			i := slices.IndexFunc(majors, func(v awsfacts.EngineVersion) bool { return v.Major == major(engine, version) })
			if i < 0 {
				return "" // a version the table does not know is refused when the config is read
			}
			v := majors[i]
			return check(awsfacts.InStandardSupport(v, now()), "%s %s left standard support on %s", engine, version, v.StandardSupportEnds.Format(time.DateOnly))
		}},
	{ID: "PF.RDS.5", Title: "The parameter group's family is the engine's major version", Types: []string{dbInstance},
		Rejects: "CreateDBInstance: InvalidParameterCombination: the DB parameter group family does not match the engine version",
		Source:  rdsCreateDoc, Fix: "name the parameter group family after engine and major version (postgres16, mysql8.4)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			engine, version := str(r, "engine"), str(r, "engineVersion")
			for _, pg := range deps(r, g, dbParameterGroup) {
				if family := str(pg, "family"); version != "" && family != "" && family != engine+major(engine, version) {
					return fmt.Sprintf("parameter group family %s for %s %s", family, engine, version)
				}
			}
			return ""
		}},
	{ID: "PF.RDS.6", Title: "Storage and backup values are in range", Types: []string{dbInstance},
		Rejects: "CreateDBInstance: InvalidParameterValue: gp3 storage 20-65536 GiB, maxAllocatedStorage above allocatedStorage, backup retention 0-35 days",
		Source:  rdsCreateDoc, Fix: "keep allocatedStorage 20 GiB or more, maxAllocatedStorage above it, backupRetentionPeriod 0 to 35",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			size, okS := num(r, "allocatedStorage")
			maxSize, okM := num(r, "maxAllocatedStorage")
			days, okD := num(r, "backupRetentionPeriod")
			return first(check(!okS || (size >= 20 && size <= 65536), "allocatedStorage %v GiB", size),
				check(!okS || !okM || maxSize == 0 || maxSize > size, "maxAllocatedStorage %v is not above allocatedStorage %v", maxSize, size),
				check(!okD || (days >= 0 && days <= 35), "backupRetentionPeriod %v", days))
		}},
	{ID: "PF.RDS.7", Title: "Database and master user names follow the engine's rules", Types: []string{dbInstance, dbCluster},
		Rejects: "CreateDBInstance: InvalidParameterValue: names start with a letter, then letters, digits and underscores (PostgreSQL 63, MySQL 64 database / 32 user characters); rdsadmin is reserved",
		Source:  rdsCreateDoc, Fix: "rename dbName / username within the engine's rules",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			ident := pgIdentifier
			maxUser := 63
			if strings.Contains(str(r, "engine"), "mysql") || str(r, "engine") == "mariadb" {
				ident, maxUser = mysqlIdentifier, 32
			}
			name := first(str(r, "dbName"), str(r, "databaseName"))
			user := first(str(r, "username"), str(r, "masterUsername"))
			return first(check(name == "" || ident.MatchString(name), "dbName %q", name),
				check(user == "" || (ident.MatchString(user) && len(user) <= maxUser && user != "rdsadmin"), "username %q", user))
		}},
	{ID: "PF.RDS.8", Title: "Workloads do not log in with the RDS-managed master secret", Types: []string{taskDefinition},
		Rejects: "RDS rotates the managed master password every 7 days: tasks that read it at start keep the old one and fail to connect after a rotation",
		Source:  rdsManagedDoc, Fix: "give workloads their own database user (IAM authentication, or a secret they re-read), or restart them after every rotation",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			// A workload restarted after every rotation, or started afresh for
			// every run, reads the current password.
			if slices.Contains(graph.FactsOf(g).ReadCurrentPassword, strings.TrimSuffix(r.Name, "-task")) {
				return ""
			}
			for _, c := range containers(r) {
				for _, s := range asList(c["secrets"]) {
					if m, ok := s.(map[string]any); ok && strings.Contains(fmt.Sprint(m["valueFrom"]), ":secret:rds!") {
						return fmt.Sprintf("container %v reads %v from the RDS-managed master secret", c["name"], m["name"])
					}
				}
			}
			return ""
		}},
	{ID: "PF.RDS.9", Title: "An RDS Proxy spans two subnets and has a valid idle timeout", Types: []string{dbProxy},
		Rejects: "CreateDBProxy: InvalidParameterValue: at least two subnets in different Availability Zones; idleClientTimeout 1 to 28800 s",
		Source:  "Amazon RDS API Reference, CreateDBProxy https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html",
		Fix:     "give the proxy subnets in two Availability Zones and an idle timeout of at most 8 hours",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			idle, ok := num(r, "idleClientTimeout")
			return first(check(len(list(r, "vpcSubnetIds")) >= 2, "%d subnet(s)", len(list(r, "vpcSubnetIds"))),
				check(!ok || (idle >= 1 && idle <= 28800), "idleClientTimeout %v", idle))
		}},
	{ID: "PF.RDS.10", Title: "A DB subnet group spans two Availability Zones", Types: []string{"aws:rds/subnetGroup:SubnetGroup"},
		Rejects: "CreateDBSubnetGroup: DBSubnetGroupDoesNotCoverEnoughAZs: the subnet group must cover at least 2 Availability Zones",
		Source:  "Amazon RDS API Reference, CreateDBSubnetGroup https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
		Fix:     "give the subnet group subnets in two or more zones",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(len(list(r, "subnetIds")) >= 2, "%d subnet(s)", len(list(r, "subnetIds")))
		}},
	{ID: "PF.RDS.11", Title: "RDS Proxy pool percentages are in range", Types: []string{"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup"},
		Rejects: "RegisterDBProxyTargets / ModifyDBProxyTargetGroup: InvalidParameterValue: maxConnectionsPercent 1-100, maxIdleConnectionsPercent at most maxConnectionsPercent",
		Source:  "Amazon RDS API Reference, ConnectionPoolConfiguration https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ConnectionPoolConfiguration.html",
		Fix:     "keep maxConnectionsPercent 1-100 and the idle share below it",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			maxP, okM := num(r, "connectionPoolConfig.maxConnectionsPercent")
			idle, okI := num(r, "connectionPoolConfig.maxIdleConnectionsPercent")
			return first(check(!okM || (maxP >= 1 && maxP <= 100), "maxConnectionsPercent %v", maxP),
				check(!okI || !okM || idle <= maxP, "maxIdleConnectionsPercent %v above %v", idle, maxP))
		}},
	{ID: "PF.RDS.13", Title: "A database can take the engine version and parameter group the config names", Types: []string{dbInstance, dbCluster},
		Rejects: "ModifyDBInstance / ModifyDBCluster: a new major version needs allowMajorVersionUpgrade; without applyImmediately the new parameter group waits for the maintenance window and the replaced group cannot be deleted while the database still uses it (InvalidDBParameterGroupState)",
		Source:  "pulumi-aws v6.83.0 rds.Instance and rds.Cluster (\"When upgrading the major version of an engine, allowMajorVersionUpgrade must be set to true\") https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/; Amazon RDS User Guide, Upgrading the PostgreSQL DB engine https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.html",
		Fix:     "set allowMajorVersionUpgrade and applyImmediately to true",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return first(check(truthy(r, "allowMajorVersionUpgrade"), "allowMajorVersionUpgrade is not true"),
				check(truthy(r, "applyImmediately"), "applyImmediately is not true"))
		}},
}
