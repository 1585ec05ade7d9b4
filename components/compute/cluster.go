package compute

import (
	"cmp"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/servicediscovery"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/privatebucket"
	"platform/components/internal/secgroup"
	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// TLSPolicy is the HTTPS listener's security policy: TLS 1.3, with TLS 1.2
// kept for clients that have nothing newer.
const TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// DefaultAccessLogDays keeps ALB access logs this long.
const DefaultAccessLogDays = 90

// elbLogAccounts are the Elastic Load Balancing accounts that write access
// logs in regions opened before August 2022; newer regions use the
// logdelivery.elasticloadbalancing.amazonaws.com service principal.
var elbLogAccounts = map[string]string{
	"us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
	"eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667", "eu-central-1": "054676820928",
	"eu-north-1": "897822967062", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
	"ap-northeast-1": "582318560864", "ap-south-1": "718504428378", "ca-central-1": "985666609251", "sa-east-1": "507241528517",
}

// ClusterArgs configure a Cluster.
type ClusterArgs struct {
	// VpcID and PublicSubnetIDs place the load balancer. Required.
	VpcID           pulumi.StringInput
	PublicSubnetIDs pulumi.StringArrayInput
	// CertificateArn is the validated certificate of the HTTPS listener. Required.
	CertificateArn pulumi.StringInput
	// WebACLArn is associated with the load balancer; nil for none.
	WebACLArn pulumi.StringInput
	// AccessLogDays keeps ALB access logs, 1 to 3650. Default: DefaultAccessLogDays.
	AccessLogDays int
	// Protect turns on the load balancer's deletion protection and keeps its logs.
	Protect bool
	// LoadBalancers is how many load balancers the services are spread on
	// (routing.Place decides), 0 for none (no service runs). The first keeps
	// the names a one-balancer cluster always had. Default: 0.
	LoadBalancers int
	// TargetPorts are the container ports services listen on: each load
	// balancer may open connections to the tasks group on these only.
	// Default: none.
	TargetPorts []int
	// AuthenticatesUsers says some listener rule runs authenticate-cognito:
	// the load balancer then calls the user pool's token and user-info
	// endpoints itself, over HTTPS, and its group lets it out on 443.
	// Default: false.
	AuthenticatesUsers bool
}

func (a ClusterArgs) validate() error {
	var errs []error
	if a.VpcID == nil || a.PublicSubnetIDs == nil {
		errs = append(errs, validate.Missing("vpcId", "the network's VPC and public subnets"))
	}
	if a.CertificateArn == nil {
		errs = append(errs, validate.Missing("certificateArn", "the validated certificate of the domain"))
	}
	errs = append(errs, validate.Range("accessLogDays", a.AccessLogDays, 1, 3650), validate.Range("loadBalancers", a.LoadBalancers, 0, awsfacts.QuotaALBsPerRegion.Default))
	for i, p := range a.TargetPorts {
		errs = append(errs, validate.Range(fmt.Sprintf("targetPorts[%d]", i), p, 1, 65535))
	}
	return errors.Join(errs...)
}

// Cluster is the ECS cluster and the load balancer in front of its services.
type Cluster struct {
	pulumi.ResourceState

	Arn  pulumi.StringOutput
	Name pulumi.StringOutput
	// VpcID is where services put their security groups.
	VpcID pulumi.StringOutput
	// LoadBalancers are the load balancers services route through, by index.
	LoadBalancers []LoadBalancer
	// ALB attributes are the first load balancer's, for alarms and dashboards.
	ALBArn             pulumi.StringOutput
	ALBArnSuffix       pulumi.StringOutput
	ALBDNSName         pulumi.StringOutput
	ALBZoneID          pulumi.StringOutput
	ALBSecurityGroupID pulumi.StringOutput
	HTTPSListenerArn   pulumi.StringOutput
	// TasksSecurityGroupID is the group every web task joins: the load
	// balancers' only way out besides the identity provider.
	TasksSecurityGroupID pulumi.StringOutput
	// NamespaceID and NamespaceName are the Cloud Map namespace services register in.
	NamespaceID   pulumi.StringOutput
	NamespaceName string

	// capacity associates FARGATE and FARGATE_SPOT with the cluster; a
	// service naming a provider before it exists is refused. Nil for an
	// ExistingCluster, whose association is its own stack's.
	capacity pulumi.Resource
}

// ready is what a service on the cluster must wait for.
func (c *Cluster) ready() []pulumi.Resource {
	if c.capacity == nil {
		return nil
	}
	return []pulumi.Resource{c.capacity}
}

// NewCluster creates the cluster, the load balancer and its listeners.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	a := *args
	a.AccessLogDays = cmp.Or(a.AccessLogDays, DefaultAccessLogDays)
	if err := a.validate(); err != nil {
		return nil, err
	}
	c := &Cluster{}
	if err := ctx.RegisterComponentResource("platform:compute:Cluster", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	names := naming.FromContext(ctx)

	cluster, err := ecs.NewCluster(ctx, name+"-ecs", &ecs.ClusterArgs{
		Name:     pulumi.String(names.Name(naming.Label, "cluster")),
		Settings: ecs.ClusterSettingArray{ecs.ClusterSettingArgs{Name: pulumi.String("containerInsights"), Value: pulumi.String("enabled")}},
	}, parent)
	if err != nil {
		return nil, err
	}
	capacity, err := ecs.NewClusterCapacityProviders(ctx, name+"-capacity", &ecs.ClusterCapacityProvidersArgs{
		ClusterName:       cluster.Name,
		CapacityProviders: pulumi.StringArray{pulumi.String("FARGATE"), pulumi.String("FARGATE_SPOT")},
		DefaultCapacityProviderStrategies: ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray{
			ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{CapacityProvider: pulumi.String("FARGATE"), Base: pulumi.Int(1), Weight: pulumi.Int(1)},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	c.capacity = capacity

	tasks, err := secgroup.New(ctx, name+"-tasks-sg", a.VpcID, "Web tasks: what the load balancers may send to", parent)
	if err != nil {
		return nil, err
	}
	c.TasksSecurityGroupID = tasks.ID().ToStringOutput()
	// The access logs outlive the load balancers: a paused stack has none
	// and keeps what they wrote.
	logs, err := accessLogBucket(ctx, name, a, names, parent)
	if err != nil {
		return nil, err
	}
	for i := range a.LoadBalancers {
		balancer, err := newLoadBalancer(ctx, name, i, a, tasks.ID(), logs, parent)
		if err != nil {
			return nil, err
		}
		c.LoadBalancers = append(c.LoadBalancers, balancer)
	}
	c.NamespaceName = names.Name(naming.Label, "internal") + ".local"
	namespace, err := servicediscovery.NewPrivateDnsNamespace(ctx, name+"-namespace", &servicediscovery.PrivateDnsNamespaceArgs{
		Name:        pulumi.String(c.NamespaceName),
		Vpc:         a.VpcID,
		Description: pulumi.String("Services reach each other by name"),
	}, parent)
	if err != nil {
		return nil, err
	}

	c.Arn, c.Name, c.VpcID = cluster.Arn, cluster.Name, a.VpcID.ToStringOutput()
	c.useFirst()
	c.NamespaceID = namespace.ID().ToStringOutput()
	outputs := pulumi.Map{"clusterArn": c.Arn}
	if len(c.LoadBalancers) > 0 {
		outputs["albDnsName"], outputs["httpsListenerArn"] = c.ALBDNSName, c.HTTPSListenerArn
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}

// accessLogBucket is the private bucket the load balancer writes its logs to.
func accessLogBucket(ctx *pulumi.Context, name string, a ClusterArgs, names naming.Namer, parent pulumi.ResourceOrInvokeOption) (*privatebucket.PrivateBucket, error) {
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	writer := map[string]pulumi.StringInput{"Service": pulumi.String("logdelivery.elasticloadbalancing.amazonaws.com")}
	if account, ok := elbLogAccounts[region.Name]; ok {
		writer = map[string]pulumi.StringInput{"AWS": pulumi.String("arn:aws:iam::" + account + ":root")}
	}
	return privatebucket.New(ctx, name+"-access-logs", privatebucket.Args{
		Bucket: names.Global(naming.Bucket, "alb-logs", identity.AccountId),
		// ALB access logs can only be written with S3-managed keys.
		SSEAlgorithm:          "AES256",
		NoncurrentVersionDays: 1,
		ExpireDays:            a.AccessLogDays,
		Protect:               a.Protect,
		Statements: func(arn pulumi.StringOutput) []iamdoc.Statement {
			return []iamdoc.Statement{{
				Sid: "LoadBalancerWritesLogs", Actions: []string{"s3:PutObject"},
				Resources: logResources(arn, a.LoadBalancers),
				Principal: writer,
			}}
		},
	}, parent)
}

// ClusterRef names an existing cluster and its load balancers, such as the
// base stack's for a preview: services attach to it like to their own.
type ClusterRef struct {
	Arn, Name, VpcID                  pulumi.StringInput
	NamespaceID, TasksSecurityGroupID pulumi.StringInput
	LoadBalancers                     []LoadBalancerRef
}

// LoadBalancerRef names one existing load balancer and its HTTPS listener.
type LoadBalancerRef struct {
	DNSName, ZoneID, SecurityGroupID, HTTPSListenerArn pulumi.StringInput
}

// ExistingCluster returns a Cluster that services can be placed on; it
// registers nothing.
func ExistingCluster(ref ClusterRef) *Cluster {
	c := &Cluster{
		Arn: ref.Arn.ToStringOutput(), Name: ref.Name.ToStringOutput(), VpcID: ref.VpcID.ToStringOutput(),
		NamespaceID: ref.NamespaceID.ToStringOutput(), TasksSecurityGroupID: ref.TasksSecurityGroupID.ToStringOutput(),
	}
	for _, lb := range ref.LoadBalancers {
		c.LoadBalancers = append(c.LoadBalancers, LoadBalancer{
			DNSName: lb.DNSName.ToStringOutput(), ZoneID: lb.ZoneID.ToStringOutput(),
			SecurityGroupID: lb.SecurityGroupID.ToStringOutput(), HTTPSListenerArn: lb.HTTPSListenerArn.ToStringOutput(),
		})
	}
	c.useFirst()
	return c
}
