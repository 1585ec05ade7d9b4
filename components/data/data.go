package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/naming"
)

// Database is what services need to reach the relational database.
type Database struct {
	Engine Engine
	// Identifier is the instance's or cluster's identifier (metric dimension).
	Identifier string
	// Instances is the Aurora cluster's instance count; 0 for RDS.
	Instances int
	// InstanceClass, MaxACU (Aurora Serverless v2), StorageGB and
	// MaxStorageGB (RDS) size the database; alarms derive their thresholds
	// from them.
	InstanceClass           string
	MaxACU                  float64
	StorageGB, MaxStorageGB int
	// ProxyName is the RDS Proxy's name (metric dimension); empty without one.
	ProxyName string
	// ARN is the instance's or cluster's ARN (backup selection).
	ARN pulumi.StringOutput
	// Host is the endpoint services connect to: the proxy's when there is one.
	Host pulumi.StringOutput
	Port int
	// Name is the database created at launch.
	Name string
	// SecretArn is the RDS-managed master secret ({"username","password"}).
	SecretArn pulumi.StringOutput
	// ClientSecurityGroupID is the group that admits clients: the proxy's or
	// the database's. It admits ClientGroupID, the group clients join.
	ClientSecurityGroupID, ClientGroupID pulumi.StringOutput
}

// Cache is what services need to reach Valkey.
type Cache struct {
	// ID is the replication group's or serverless cache's id; Serverless says which.
	ID         string
	Serverless bool
	// Members are the replication group's node ids, primary first (metric
	// dimensions); none for serverless.
	Members []string
	Host    pulumi.StringOutput
	Port    int
	// AuthTokenSecretArn holds the AUTH token; nil for serverless, which relies
	// on TLS and its security group.
	AuthTokenSecretArn pulumi.StringOutput
	// ClientSecurityGroupID admits ClientGroupID, the group clients join.
	ClientSecurityGroupID, ClientGroupID pulumi.StringOutput
}

// Broker is what services need to reach RabbitMQ.
type Broker struct {
	// Name is the broker's name (metric dimension).
	Name string
	// InstanceType sizes the broker (connection limits per node).
	InstanceType string
	// Endpoint is the AMQPS URL.
	Endpoint pulumi.StringOutput
	Port     int
	// SecretArn holds {"username","password"}.
	SecretArn pulumi.StringOutput
	// ClientSecurityGroupID admits ClientGroupID, the group clients join.
	ClientSecurityGroupID, ClientGroupID pulumi.StringOutput
}

// Queue is an SQS queue and its dead-letter queue.
type Queue struct {
	Name, URL, ARN, DeadLetterURL, DeadLetterARN pulumi.StringOutput
	// PhysicalName and DeadLetterName are the queues' names (metric dimensions).
	PhysicalName, DeadLetterName string
}

// Bucket is a private S3 bucket.
type Bucket struct {
	Name, ARN pulumi.StringOutput
}

// Repository is an ECR repository.
type Repository struct {
	URL, ARN pulumi.StringOutput
}

// AMQPSPort is RabbitMQ's TLS port on Amazon MQ.
const AMQPSPort = 5671

// ValkeyPort is Valkey's port.
const ValkeyPort = 6379

// DataLayer is the durable state of one environment. A part that is off is nil.
type DataLayer struct {
	pulumi.ResourceState

	Database     *Database
	Cache        *Cache
	Broker       *Broker
	Queues       map[string]*Queue
	Buckets      map[string]*Bucket
	Repositories map[string]*Repository
	// Secrets are the application secrets by key.
	Secrets map[string]*Secret
}

// NewDataLayer creates the parts the args switch on.
func NewDataLayer(ctx *pulumi.Context, name string, args *DataLayerArgs, opts ...pulumi.ResourceOption) (*DataLayer, error) {
	if args == nil {
		args = &DataLayerArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, err
	}
	l := &DataLayer{Queues: map[string]*Queue{}, Buckets: map[string]*Bucket{}, Repositories: map[string]*Repository{}, Secrets: map[string]*Secret{}}
	if err := ctx.RegisterComponentResource("platform:data:DataLayer", name, l, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: a, layer: l, names: naming.FromContext(ctx)}
	for _, step := range []func() error{b.database, b.cache, b.broker, b.clientGroups, b.queues, b.buckets, b.repositories, b.secrets} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	outputs := pulumi.Map{}
	if l.Database != nil {
		outputs["databaseHost"] = l.Database.Host
		outputs["databaseSecretArn"] = l.Database.SecretArn
	}
	if l.Cache != nil {
		outputs["cacheHost"] = l.Cache.Host
	}
	if l.Broker != nil {
		outputs["brokerEndpoint"] = l.Broker.Endpoint
	}
	for q, queue := range l.Queues {
		outputs["queue-"+q] = queue.URL
	}
	for n, bucket := range l.Buckets {
		outputs["bucket-"+n] = bucket.Name
	}
	for k, s := range l.Secrets {
		outputs["secret-"+k] = s.ARN
	}
	for r, repo := range l.Repositories {
		outputs["repository-"+r] = repo.URL
	}
	return l, ctx.RegisterResourceOutputs(l, outputs)
}

// builder carries what every part needs.
type builder struct {
	ctx   *pulumi.Context
	name  string
	args  DataLayerArgs
	layer *DataLayer
	names naming.Namer
}

// opts parents a child to the layer.
func (b *builder) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(b.layer)}, extra...)
}

// stateful are the options of a resource that holds data: protected in Pulumi
// when the stack protects its state.
func (b *builder) stateful(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return b.opts(append(extra, pulumi.Protect(b.args.Protect))...)
}

// protectedRecoveryDays is how long a deleted secret of a protected stack
// can be restored: Secrets Manager's default and longest window.
const protectedRecoveryDays = 30

// recoveryWindow is the secrets' recovery window: a deleted secret keeps its
// name reserved for the whole window, so an unprotected stack, which is
// destroyed and re-created, deletes its secrets at once (0) and production
// keeps them restorable.
func (b *builder) recoveryWindow() pulumi.IntInput {
	if b.args.Protect {
		return pulumi.Int(protectedRecoveryDays)
	}
	return pulumi.Int(0)
}

// securityGroup creates the group of one part; clients get in through its client group.
func (b *builder) securityGroup(role, description string) (*ec2.SecurityGroup, error) {
	return secgroup.New(b.ctx, b.name+"-"+role+"-sg", b.args.VpcID, description, b.opts()...)
}
