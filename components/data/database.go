package data

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// ProxyPoolPercent is the share of the database's max_connections the RDS
// Proxy's pool may open.
const ProxyPoolPercent = 90

// performanceInsightsDays is the free retention of Performance Insights.
const performanceInsightsDays = 7

// insights turns Performance Insights on, with its free retention, where the
// engine supports it on the class (awsfacts): MySQL on micro and small
// classes refuses it, and the instance would never be created.
func insights(e Engine, class string) (enabled pulumi.BoolInput, days pulumi.IntPtrInput) {
	if !awsfacts.PerformanceInsightsSupported(string(e), class) {
		return pulumi.Bool(false), nil
	}
	return pulumi.Bool(true), pulumi.IntPtr(performanceInsightsDays)
}

// tlsParameter is the parameter that refuses clear-text connections.
func tlsParameter(e Engine) (name, value string) {
	if e.IsPostgres() {
		return "rds.force_ssl", "1"
	}
	return "require_secure_transport", "ON"
}

// logExports are the logs each engine sends to CloudWatch.
var logExports = map[Engine][]string{
	Postgres:         {"postgresql", "upgrade"},
	MySQL:            {"error", "general", "slowquery"},
	AuroraPostgreSQL: {"postgresql"},
	AuroraMySQL:      {"audit", "error", "general", "slowquery"},
}

// parameterFamily is the parameter group family of an engine version, e.g.
// postgres16 or aurora-mysql8.0.
func parameterFamily(e Engine, version string) string {
	major, _, _ := strings.Cut(version, ".")
	if !e.IsPostgres() {
		major = strings.Join(strings.SplitN(version, ".", 3)[:2], ".")
	}
	return string(e) + major
}

// database creates the relational database in the isolated subnets, TLS only,
// its master password kept by RDS in Secrets Manager, and optionally a proxy.
func (b *builder) database() error {
	d := b.args.Database
	if d == nil {
		return nil
	}
	id := DatabaseIdentifier(b.names)
	sg, err := b.securityGroup("db", "Database: admits only the groups granted to it")
	if err != nil {
		return err
	}
	subnets, err := rds.NewSubnetGroup(b.ctx, b.name+"-db-subnets", &rds.SubnetGroupArgs{
		SubnetIds:   b.args.IsolatedSubnetIDs,
		Description: pulumi.String("Isolated subnets: no route to the internet"),
	}, b.opts()...)
	if err != nil {
		return err
	}
	param, value := tlsParameter(d.Engine)
	family := parameterFamily(d.Engine, d.Version)
	restore, final := snapshots(id, d.Pauses, b.args.Protect)
	var host, secretArn, arn pulumi.StringOutput
	var target rds.ProxyTargetArgs
	if d.Engine.IsAurora() {
		params, err := rds.NewClusterParameterGroup(b.ctx, b.name+"-db-params", &rds.ClusterParameterGroupArgs{
			Family:      pulumi.String(family),
			Description: pulumi.String("TLS required"),
			Parameters:  rds.ClusterParameterGroupParameterArray{rds.ClusterParameterGroupParameterArgs{Name: pulumi.String(param), Value: pulumi.String(value)}},
		}, b.opts()...)
		if err != nil {
			return err
		}
		clusterArgs := &rds.ClusterArgs{
			ClusterIdentifier:                pulumi.String(id),
			Engine:                           pulumi.String(d.Engine),
			EngineMode:                       pulumi.String("provisioned"),
			EngineVersion:                    pulumi.String(d.Version),
			DatabaseName:                     pulumi.String(d.Name),
			MasterUsername:                   pulumi.String("app_admin"),
			ManageMasterUserPassword:         pulumi.Bool(true),
			DbSubnetGroupName:                subnets.Name,
			VpcSecurityGroupIds:              pulumi.StringArray{sg.ID()},
			DbClusterParameterGroupName:      params.Name,
			StorageEncrypted:                 pulumi.Bool(true),
			BackupRetentionPeriod:            pulumi.Int(d.BackupRetentionDays),
			CopyTagsToSnapshot:               pulumi.Bool(true),
			DeletionProtection:               pulumi.Bool(b.args.Protect),
			SkipFinalSnapshot:                pulumi.Bool(false),
			FinalSnapshotIdentifier:          pulumi.String(final),
			EnabledCloudwatchLogsExports:     pulumi.ToStringArray(logExports[d.Engine]),
			IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
			AllowMajorVersionUpgrade:         pulumi.Bool(true),
			ApplyImmediately:                 pulumi.Bool(true),
		}
		if restore != "" {
			// The database, its name and master user come from the snapshot;
			// RDS refuses a master user on a restore.
			clusterArgs.SnapshotIdentifier = pulumi.String(restore)
			clusterArgs.DatabaseName, clusterArgs.MasterUsername = nil, nil
		}
		if d.InstanceClass == ServerlessClass {
			clusterArgs.Serverlessv2ScalingConfiguration = rds.ClusterServerlessv2ScalingConfigurationArgs{
				MinCapacity: pulumi.Float64(*d.MinACU), MaxCapacity: pulumi.Float64(*d.MaxACU),
			}
		}
		cluster, err := rds.NewCluster(b.ctx, b.name+"-db", clusterArgs, b.stateful(restoreOptions())...)
		if err != nil {
			return err
		}
		insightsOn, insightsDays := insights(d.Engine, d.InstanceClass)
		for i := 0; i < d.Instances; i++ {
			if _, err := rds.NewClusterInstance(b.ctx, b.name+"-db-"+string(rune('a'+i)), &rds.ClusterInstanceArgs{
				ClusterIdentifier:                  cluster.ID(),
				Identifier:                         pulumi.String(id + "-" + string(rune('a'+i))),
				InstanceClass:                      pulumi.String(d.InstanceClass),
				Engine:                             pulumi.String(d.Engine),
				EngineVersion:                      pulumi.String(d.Version),
				DbSubnetGroupName:                  subnets.Name,
				PubliclyAccessible:                 pulumi.Bool(false),
				AutoMinorVersionUpgrade:            pulumi.Bool(true),
				PerformanceInsightsEnabled:         insightsOn,
				PerformanceInsightsRetentionPeriod: insightsDays,
			}, b.stateful()...); err != nil {
				return err
			}
		}
		host, arn = cluster.Endpoint, cluster.Arn
		secretArn = cluster.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
		target = rds.ProxyTargetArgs{DbClusterIdentifier: cluster.ID()}
	} else {
		params, err := rds.NewParameterGroup(b.ctx, b.name+"-db-params", &rds.ParameterGroupArgs{
			Family:      pulumi.String(family),
			Description: pulumi.String("TLS required"),
			Parameters:  rds.ParameterGroupParameterArray{rds.ParameterGroupParameterArgs{Name: pulumi.String(param), Value: pulumi.String(value)}},
		}, b.opts()...)
		if err != nil {
			return err
		}
		insightsOn, insightsDays := insights(d.Engine, d.InstanceClass)
		instanceArgs := &rds.InstanceArgs{
			Identifier:                         pulumi.String(id),
			Engine:                             pulumi.String(d.Engine),
			EngineVersion:                      pulumi.String(d.Version),
			InstanceClass:                      pulumi.String(d.InstanceClass),
			AllocatedStorage:                   pulumi.Int(d.StorageGB),
			MaxAllocatedStorage:                pulumi.Int(d.MaxStorageGB),
			StorageType:                        pulumi.String("gp3"),
			StorageEncrypted:                   pulumi.Bool(true),
			DbName:                             pulumi.String(d.Name),
			Username:                           pulumi.String("app_admin"),
			ManageMasterUserPassword:           pulumi.Bool(true),
			Port:                               pulumi.Int(d.Engine.Port()),
			DbSubnetGroupName:                  subnets.Name,
			VpcSecurityGroupIds:                pulumi.StringArray{sg.ID()},
			ParameterGroupName:                 params.Name,
			PubliclyAccessible:                 pulumi.Bool(false),
			MultiAz:                            pulumi.Bool(*d.MultiAZ),
			BackupRetentionPeriod:              pulumi.Int(d.BackupRetentionDays),
			CopyTagsToSnapshot:                 pulumi.Bool(true),
			DeletionProtection:                 pulumi.Bool(b.args.Protect),
			SkipFinalSnapshot:                  pulumi.Bool(false),
			FinalSnapshotIdentifier:            pulumi.String(final),
			EnabledCloudwatchLogsExports:       pulumi.ToStringArray(logExports[d.Engine]),
			AutoMinorVersionUpgrade:            pulumi.Bool(true),
			PerformanceInsightsEnabled:         insightsOn,
			PerformanceInsightsRetentionPeriod: insightsDays,
			IamDatabaseAuthenticationEnabled:   pulumi.Bool(true),
			// A version or parameter group change in the config happens at
			// the deploy that carries it (PF.RDS.13): a major version needs
			// the allowance, and a pending group would keep the replaced
			// one in use, so deleting it fails.
			AllowMajorVersionUpgrade: pulumi.Bool(true),
			ApplyImmediately:         pulumi.Bool(true),
		}
		if restore != "" {
			// The database name and master user come from the snapshot: the
			// provider refuses them on a restore (terraform-provider-aws#17156).
			instanceArgs.SnapshotIdentifier = pulumi.String(restore)
			instanceArgs.DbName, instanceArgs.Username = nil, nil
		}
		instance, err := rds.NewInstance(b.ctx, b.name+"-db", instanceArgs, b.stateful(restoreOptions())...)
		if err != nil {
			return err
		}
		host, arn = instance.Address, instance.Arn
		secretArn = instance.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
		target = rds.ProxyTargetArgs{DbInstanceIdentifier: instance.Identifier}
	}

	db := &Database{Engine: d.Engine, Identifier: id, Instances: d.Instances, InstanceClass: d.InstanceClass, StorageGB: d.StorageGB, MaxStorageGB: d.MaxStorageGB, ARN: arn, Host: host, Port: d.Engine.Port(), Name: d.Name, SecretArn: secretArn, ClientSecurityGroupID: sg.ID().ToStringOutput()}
	if d.MaxACU != nil {
		db.MaxACU = *d.MaxACU
	}
	if d.Proxy {
		if err := b.proxy(d, id, sg.ID().ToStringOutput(), secretArn, target, db); err != nil {
			return err
		}
	}
	b.layer.Database = db
	return nil
}

// proxy puts an RDS Proxy in front of the database: TLS required, the managed
// secret read through a role that can read only that secret, and the chain
// proxy -> database as the database's only way in.
func (b *builder) proxy(d *DatabaseArgs, id string, dbGroup, secretArn pulumi.StringOutput, target rds.ProxyTargetArgs, db *Database) error {
	sg, err := b.securityGroup("db-proxy", "RDS Proxy: admits only the groups granted to it")
	if err != nil {
		return err
	}
	hop := secgroup.Hop{To: dbGroup, From: sg.ID(), Port: pulumi.Int(d.Engine.Port()), Description: "RDS Proxy to the database"}
	if _, err := secgroup.Admit(b.ctx, b.name+"-db-from-proxy", hop, b.opts()...); err != nil {
		return err
	}
	if _, err := secgroup.AllowOut(b.ctx, b.name+"-db-proxy-to-db", hop, b.opts()...); err != nil {
		return err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-db-proxy-role", &iam.RoleArgs{
		Name:             pulumi.String(b.names.Name(naming.Role, "db-proxy")),
		AssumeRolePolicy: iamdoc.AssumeRole("rds.amazonaws.com"),
	}, b.opts()...)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(b.ctx, b.name+"-db-proxy-secret", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iamdoc.Document(iamdoc.Statement{
			Actions: []string{"secretsmanager:GetSecretValue"}, Resources: []pulumi.StringInput{secretArn},
		}),
	}, b.opts()...); err != nil {
		return err
	}
	family := "MYSQL"
	if d.Engine.IsPostgres() {
		family = "POSTGRESQL"
	}
	db.ProxyName = id + "-proxy"
	proxy, err := rds.NewProxy(b.ctx, b.name+"-db-proxy", &rds.ProxyArgs{
		Name:                pulumi.String(db.ProxyName),
		EngineFamily:        pulumi.String(family),
		RequireTls:          pulumi.Bool(true),
		RoleArn:             role.Arn,
		VpcSubnetIds:        b.args.IsolatedSubnetIDs,
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		IdleClientTimeout:   pulumi.Int(1800),
		Auths: rds.ProxyAuthArray{rds.ProxyAuthArgs{
			AuthScheme: pulumi.String("SECRETS"),
			SecretArn:  secretArn,
			IamAuth:    pulumi.String("DISABLED"),
		}},
	}, b.opts()...)
	if err != nil {
		return err
	}
	group, err := rds.NewProxyDefaultTargetGroup(b.ctx, b.name+"-db-proxy-targets", &rds.ProxyDefaultTargetGroupArgs{
		DbProxyName: proxy.Name,
		ConnectionPoolConfig: rds.ProxyDefaultTargetGroupConnectionPoolConfigArgs{
			MaxConnectionsPercent: pulumi.Int(ProxyPoolPercent),
		},
	}, b.opts()...)
	if err != nil {
		return err
	}
	target.DbProxyName = proxy.Name
	target.TargetGroupName = group.Name
	if _, err := rds.NewProxyTarget(b.ctx, b.name+"-db-proxy-target", &target, b.opts()...); err != nil {
		return err
	}
	db.Host = proxy.Endpoint
	db.ClientSecurityGroupID = sg.ID().ToStringOutput()
	return nil
}
