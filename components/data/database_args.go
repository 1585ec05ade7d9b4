package data

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Engine is a relational database engine.
type Engine string

// The engines.
const (
	Postgres         Engine = "postgres"
	MySQL            Engine = "mysql"
	AuroraPostgreSQL Engine = "aurora-postgresql"
	AuroraMySQL      Engine = "aurora-mysql"
)

// Engines lists the engines in the order messages show them.
var Engines = []Engine{Postgres, MySQL, AuroraPostgreSQL, AuroraMySQL}

// IsAurora reports whether the engine runs as an Aurora cluster.
func (e Engine) IsAurora() bool { return strings.HasPrefix(string(e), "aurora-") }

// IsPostgres reports whether the engine speaks PostgreSQL.
func (e Engine) IsPostgres() bool {
	return strings.HasSuffix(string(e), "postgres") || e == AuroraPostgreSQL
}

// Port is the engine's listening port.
func (e Engine) Port() int {
	if e.IsPostgres() {
		return 5432
	}
	return 3306
}

// engineVersion checks a version against the dated engine table
// (internal/awsfacts): it must exist for the engine, and a version past its
// standard support is refused, since it runs only at an Extended Support price.
func engineVersion(engine awsfacts.Engine, version string) error {
	known := awsfacts.EngineVersions(engine)
	if known == nil {
		return nil // the engine itself is refused
	}
	v, err := awsfacts.LookupEngineVersion(engine, version)
	switch {
	case err != nil:
		var majors []string
		minors := ""
		for _, k := range known {
			majors = append(majors, k.Major)
			if k.NewestMinor != "" {
				minors = " (or a minor version of one)"
			}
		}
		return validate.Field("version", version, "is not a version AWS offers for "+string(engine), "one of "+strings.Join(majors, ", ")+minors)
	case !awsfacts.InStandardSupport(v, time.Now()):
		return validate.Field("version", version, "is past its standard support (paid Extended Support only)", "a version in standard support, e.g. "+awsfacts.DefaultVersion(engine))
	}
	return nil
}

// ServerlessClass is Aurora Serverless v2's instance class.
const ServerlessClass = awsfacts.ServerlessClass

// instanceClasses are the classes each family offers in the platform's
// Graviton line-up: Aurora has no micro/small or m-class instances.
var instanceClasses = map[bool][]string{
	false: {"db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large", "db.t4g.xlarge", "db.t4g.2xlarge",
		"db.m6g.large", "db.m6g.xlarge", "db.m6g.2xlarge", "db.m6g.4xlarge", "db.m7g.large", "db.m7g.xlarge", "db.m7g.2xlarge", "db.m7g.4xlarge",
		"db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"},
	true: {ServerlessClass, "db.t4g.medium", "db.t4g.large",
		"db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"},
}

// DatabaseArgs configure the relational database.
type DatabaseArgs struct {
	// Engine is "postgres", "mysql", "aurora-postgresql" or "aurora-mysql".
	// Default: DefaultEngine.
	Engine Engine
	// Version is the engine version. Default: a current version per engine.
	Version string
	// InstanceClass must exist for the engine family: db.t4g/m6g/m7g/r6g/r7g
	// sizes for RDS; db.serverless, db.t4g.medium/large or db.r6g/r7g for
	// Aurora. Default: DefaultRDSClass for RDS, ServerlessClass for Aurora.
	InstanceClass string
	// StorageGB is RDS's initial gp3 storage, 20 to 65536 GiB; storage grows
	// on its own up to MaxStorageGB. RDS only. Default: DefaultStorageGB,
	// DefaultMaxStorageGB.
	StorageGB    int
	MaxStorageGB int
	// MinACU and MaxACU bound Aurora Serverless v2 capacity, 0 to 256 in steps
	// of 0.5; a minimum of 0 lets an idle dev database pause. Aurora with
	// db.serverless only. Default: DefaultMinACU, DefaultMaxACU.
	MinACU *float64
	MaxACU *float64
	// MultiAZ keeps a synchronous standby in another zone. RDS only.
	// Default: false.
	MultiAZ *bool
	// Instances is the Aurora cluster's instance count, 1 to 3; a second one
	// is the failover target. Aurora only. Default: DefaultAuroraInstances.
	Instances int
	// BackupRetentionDays keeps automated backups, 1 to 35 days.
	// Default: DefaultBackupRetentionDays.
	BackupRetentionDays int
	// Proxy puts an RDS Proxy (TLS required) between the services and the database.
	// Default: false.
	Proxy bool
	// Name is the database created at launch. Default: DefaultDatabaseName.
	Name string
	// Pauses is how many times the stack was paused, 0 or more: a database
	// of a stack paused N times is created from PauseSnapshot(identifier, N)
	// and leaves PauseSnapshot(identifier, N+1) when the next pause removes
	// it. Ignored when protected (production leaves <identifier>-final).
	// Default: 0 (an empty database).
	Pauses int
}

func (d DatabaseArgs) validate() error {
	errs := []error{validate.OneOf("engine", d.Engine, Engines...)}
	aurora := d.Engine.IsAurora()
	if !slices.Contains(instanceClasses[aurora], d.InstanceClass) {
		family := "RDS"
		if aurora {
			family = "Aurora"
		}
		errs = append(errs, validate.Field("instanceClass", d.InstanceClass, "does not exist for "+family+" "+string(d.Engine), "one of "+strings.Join(instanceClasses[aurora], ", ")))
	}
	if aurora {
		if d.StorageGB != 0 || d.MaxStorageGB != 0 {
			errs = append(errs, validate.Field("storageGb", d.StorageGB, "does not apply to Aurora", "no storageGb or maxStorageGb: Aurora storage grows on its own"))
		}
		if d.MultiAZ != nil {
			errs = append(errs, validate.Field("multiAz", *d.MultiAZ, "does not apply to Aurora", "instances: 2 for a failover instance"))
		}
		errs = append(errs, validate.Range("instances", d.Instances, 1, 3))
	} else {
		errs = append(errs, validate.Range("storageGb", d.StorageGB, 20, 65536))
		if d.MaxStorageGB < d.StorageGB {
			errs = append(errs, validate.Field("maxStorageGb", d.MaxStorageGB, "is below storageGb", fmt.Sprintf("at least %d", d.StorageGB)))
		}
		if d.Instances != 0 {
			errs = append(errs, validate.Field("instances", d.Instances, "applies to Aurora only", "multiAz: true for a standby"))
		}
	}
	serverless := aurora && d.InstanceClass == ServerlessClass
	switch {
	case !serverless && (d.MinACU != nil || d.MaxACU != nil):
		errs = append(errs, validate.Field("minAcu", d.MinACU, "applies to Aurora Serverless v2 only", "an aurora engine with instanceClass db.serverless"))
	case serverless:
		errs = append(errs, checkACU("minAcu", *d.MinACU), checkACU("maxAcu", *d.MaxACU))
		if *d.MinACU > *d.MaxACU {
			errs = append(errs, validate.Field("minAcu", *d.MinACU, "is above maxAcu", fmt.Sprintf("at most %g", *d.MaxACU)))
		}
		if *d.MaxACU < 1 {
			errs = append(errs, validate.Field("maxAcu", *d.MaxACU, "is too small", "at least 1"))
		}
	}
	errs = append(errs, validate.Range("backupRetentionDays", d.BackupRetentionDays, 1, 35), engineVersion(awsfacts.Engine(d.Engine), d.Version))
	if !dbName.MatchString(d.Name) {
		errs = append(errs, validate.Field("name", d.Name, "is not a database name", "lower-case letters, digits and '_', starting with a letter"))
	}
	return errors.Join(errs...)
}

func checkACU(path string, v float64) error {
	if v < 0 || v > 256 || v*2 != float64(int(v*2)) {
		return validate.Field(path, v, "is not a capacity", "0 to 256 in steps of 0.5")
	}
	return nil
}
