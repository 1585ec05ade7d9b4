package data

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// authTokenLength is the AUTH token's length; ElastiCache allows 16 to 128.
const authTokenLength = 48

// serverlessLimits keep a serverless cache's bill bounded.
const (
	serverlessMaxStorageGB = 5
	serverlessMaxECPU      = 5000
)

// cache creates Valkey in the isolated subnets, encrypted at rest and in transit.
func (b *builder) cache() error {
	c := b.args.Cache
	if c == nil {
		return nil
	}
	id := b.names.Name(naming.Identifier, "cache")
	sg, err := b.securityGroup("cache", "Valkey: admits only the groups granted to it")
	if err != nil {
		return err
	}
	cache := &Cache{ID: id, Serverless: c.Mode == ServerlessCache, Port: ValkeyPort, ClientSecurityGroupID: sg.ID().ToStringOutput()}
	if c.Mode == ServerlessCache {
		serverless, err := elasticache.NewServerlessCache(b.ctx, b.name+"-cache", &elasticache.ServerlessCacheArgs{
			Name:               pulumi.String(id),
			Engine:             pulumi.String("valkey"),
			MajorEngineVersion: pulumi.String(c.Version[:1]),
			SubnetIds:          b.args.IsolatedSubnetIDs,
			SecurityGroupIds:   pulumi.StringArray{sg.ID()},
			CacheUsageLimits: elasticache.ServerlessCacheCacheUsageLimitsArgs{
				DataStorage:    elasticache.ServerlessCacheCacheUsageLimitsDataStorageArgs{Maximum: pulumi.Int(serverlessMaxStorageGB), Unit: pulumi.String("GB")},
				EcpuPerSeconds: elasticache.ServerlessCacheCacheUsageLimitsEcpuPerSecondArray{elasticache.ServerlessCacheCacheUsageLimitsEcpuPerSecondArgs{Maximum: pulumi.Int(serverlessMaxECPU)}},
			},
			SnapshotRetentionLimit: pulumi.Int(*c.SnapshotRetentionDays),
		}, b.stateful()...)
		if err != nil {
			return err
		}
		cache.Host = serverless.Endpoints.Index(pulumi.Int(0)).Address()
		b.layer.Cache = cache
		return nil
	}

	token, err := random.NewRandomPassword(b.ctx, b.name+"-cache-auth-token", &random.RandomPasswordArgs{
		Length: pulumi.Int(authTokenLength),
		// ElastiCache AUTH tokens allow only printable ASCII without @, " and /.
		Special: pulumi.Bool(false),
	}, b.opts()...)
	if err != nil {
		return err
	}
	secret, err := secretsmanager.NewSecret(b.ctx, b.name+"-cache-auth-secret", &secretsmanager.SecretArgs{
		Name:                 pulumi.String(b.names.Name(naming.Secret, "cache-auth-token")),
		Description:          pulumi.String("Valkey AUTH token"),
		RecoveryWindowInDays: b.recoveryWindow(),
	}, b.stateful()...)
	if err != nil {
		return err
	}
	if _, err := secretsmanager.NewSecretVersion(b.ctx, b.name+"-cache-auth-secret-value", &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(), SecretString: token.Result,
	}, b.opts()...); err != nil {
		return err
	}
	subnets, err := elasticache.NewSubnetGroup(b.ctx, b.name+"-cache-subnets", &elasticache.SubnetGroupArgs{
		SubnetIds:   b.args.IsolatedSubnetIDs,
		Description: pulumi.String("Isolated subnets: no route to the internet"),
	}, b.opts()...)
	if err != nil {
		return err
	}
	replicated := *c.Replicas > 0
	groupArgs := &elasticache.ReplicationGroupArgs{
		ReplicationGroupId:       pulumi.String(id),
		Description:              pulumi.String("Valkey for cache and sessions"),
		Engine:                   pulumi.String("valkey"),
		EngineVersion:            pulumi.String(c.Version),
		NodeType:                 pulumi.String(c.NodeType),
		NumCacheClusters:         pulumi.Int(1 + *c.Replicas),
		Port:                     pulumi.Int(ValkeyPort),
		SubnetGroupName:          subnets.Name,
		SecurityGroupIds:         pulumi.StringArray{sg.ID()},
		AtRestEncryptionEnabled:  pulumi.Bool(true),
		TransitEncryptionEnabled: pulumi.Bool(true),
		AuthToken:                token.Result,
		AutomaticFailoverEnabled: pulumi.Bool(replicated),
		MultiAzEnabled:           pulumi.Bool(replicated),
		SnapshotRetentionLimit:   pulumi.Int(*c.SnapshotRetentionDays),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
	}
	if b.args.Protect {
		groupArgs.FinalSnapshotIdentifier = pulumi.String(id + "-final")
	}
	group, err := elasticache.NewReplicationGroup(b.ctx, b.name+"-cache", groupArgs, b.stateful()...)
	if err != nil {
		return err
	}
	// ElastiCache names a replication group's nodes <group>-001, -002, ...
	for i := 1; i <= 1+*c.Replicas; i++ {
		cache.Members = append(cache.Members, fmt.Sprintf("%s-%03d", id, i))
	}
	cache.Host = group.PrimaryEndpointAddress
	cache.AuthTokenSecretArn = secret.Arn
	b.layer.Cache = cache
	return nil
}
