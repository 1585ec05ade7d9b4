package compute

import (
	"cmp"
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/privatebucket"
	"platform/components/internal/secgroup"
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
	// AuthenticatesUsers says some listener rule runs authenticate-cognito:
	// the load balancer then calls the user pool's token and user-info
	// endpoints itself, over HTTPS, and its group lets it out on 443.
	// Default: false.
	AuthenticatesUsers bool
	// Paused: the stack serves nothing, so there is no load balancer, no
	// listener and no web ACL association; the ECS cluster, the security
	// group, the namespace and the access-log bucket (it holds logs) stay.
	// Default: false.
	Paused bool
}

func (a ClusterArgs) validate() error {
	var errs []error
	if a.VpcID == nil || a.PublicSubnetIDs == nil {
		errs = append(errs, validate.Missing("vpcId", "the network's VPC and public subnets"))
	}
	if a.CertificateArn == nil {
		errs = append(errs, validate.Missing("certificateArn", "the validated certificate of the domain"))
	}
	return errors.Join(append(errs, validate.Range("accessLogDays", a.AccessLogDays, 1, 3650))...)
}

// Cluster is the ECS cluster and the load balancer in front of its services.
type Cluster struct {
	pulumi.ResourceState

	Arn  pulumi.StringOutput
	Name pulumi.StringOutput
	// VpcID is where services put their security groups.
	VpcID pulumi.StringOutput
	// ALB attributes services route and point DNS to.
	ALBArn             pulumi.StringOutput
	ALBArnSuffix       pulumi.StringOutput
	ALBDNSName         pulumi.StringOutput
	ALBZoneID          pulumi.StringOutput
	ALBSecurityGroupID pulumi.StringOutput
	// HTTPSListenerArn is where services attach their rules.
	HTTPSListenerArn pulumi.StringOutput
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

	sg, err := secgroup.New(ctx, name+"-alb-sg", a.VpcID, "Load balancer: HTTP and HTTPS from the internet", parent)
	if err != nil {
		return nil, err
	}
	for _, port := range []int{80, 443} {
		for family, cidr := range map[string]string{"ipv4": "0.0.0.0/0", "ipv6": "::/0"} {
			rule := &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"),
				FromPort: pulumi.Int(port), ToPort: pulumi.Int(port),
				Description: pulumi.Sprintf("port %d from the internet", port),
			}
			if family == "ipv4" {
				rule.CidrIpv4 = pulumi.String(cidr)
			} else {
				rule.CidrIpv6 = pulumi.String(cidr)
			}
			if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-alb-"+family+"-"+itoa(port), rule, parent); err != nil {
				return nil, err
			}
		}
	}

	if a.AuthenticatesUsers {
		// AWS: the load balancer must reach the IdP token endpoint and user
		// info endpoint over 443, or authentication answers HTTP 500 (AWS
		// Knowledge Center, "elb-configure-authentication-alb", stored copy
		// read 2026-12-01). The
		// provider removes AWS's default egress, so this is the only way out
		// besides the hops to the services.
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-alb-idp-out", &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrIpv4: pulumi.String("0.0.0.0/0"), Description: pulumi.String("HTTPS to the Cognito token and user-info endpoints"),
		}, parent); err != nil {
			return nil, err
		}
	}

	logs, err := accessLogBucket(ctx, name, a, names, parent)
	if err != nil {
		return nil, err
	}
	if a.Paused {
		return c, c.pause(ctx, name, cluster, sg, a.VpcID, names, parent)
	}
	alb, err := lb.NewLoadBalancer(ctx, name+"-alb", &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String("application"),
		Internal:                 pulumi.Bool(false),
		SecurityGroups:           pulumi.StringArray{sg.ID()},
		Subnets:                  a.PublicSubnetIDs,
		DropInvalidHeaderFields:  pulumi.Bool(true),
		EnableDeletionProtection: pulumi.Bool(a.Protect),
		EnableHttp2:              pulumi.Bool(true),
		AccessLogs:               lb.LoadBalancerAccessLogsArgs{Bucket: logs.Bucket, Enabled: pulumi.Bool(true), Prefix: pulumi.String("alb")},
	}, parent,
		// ELB checks it may write to the bucket when logging is turned on:
		// before the bucket's policy exists that is Access Denied.
		pulumi.DependsOn([]pulumi.Resource{logs.Policy}))
	if err != nil {
		return nil, err
	}
	if a.WebACLArn != nil {
		if _, err := wafv2.NewWebAclAssociation(ctx, name+"-waf", &wafv2.WebAclAssociationArgs{
			ResourceArn: alb.Arn, WebAclArn: a.WebACLArn,
		}, parent); err != nil {
			return nil, err
		}
	}
	https, err := lb.NewListener(ctx, name+"-https", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(443),
		Protocol:        pulumi.String("HTTPS"),
		SslPolicy:       pulumi.String(TLSPolicy),
		CertificateArn:  a.CertificateArn,
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("fixed-response"),
			FixedResponse: lb.ListenerDefaultActionFixedResponseArgs{
				ContentType: pulumi.String("text/plain"), MessageBody: pulumi.String("Not found"), StatusCode: pulumi.String("404"),
			},
		}},
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := lb.NewListener(ctx, name+"-http", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(80),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: lb.ListenerDefaultActionRedirectArgs{
				Protocol: pulumi.String("HTTPS"), Port: pulumi.String("443"), StatusCode: pulumi.String("HTTP_301"),
			},
		}},
	}, parent); err != nil {
		return nil, err
	}
	namespace, err := c.namespace(ctx, name, a.VpcID, names, parent)
	if err != nil {
		return nil, err
	}

	c.Arn, c.Name, c.VpcID = cluster.Arn, cluster.Name, a.VpcID.ToStringOutput()
	c.ALBArn, c.ALBArnSuffix, c.ALBDNSName, c.ALBZoneID = alb.Arn, alb.ArnSuffix, alb.DnsName, alb.ZoneId
	c.ALBSecurityGroupID = sg.ID().ToStringOutput()
	c.HTTPSListenerArn = https.Arn
	c.NamespaceID = namespace.ID().ToStringOutput()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterArn": c.Arn, "albDnsName": c.ALBDNSName, "httpsListenerArn": c.HTTPSListenerArn,
	})
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
				Resources: []pulumi.StringInput{pulumi.Sprintf("%s/alb/*", arn)},
				Principal: writer,
			}}
		},
	}, parent)
}

// ClusterRef names an existing cluster and load balancer, such as the base
// stack's for a preview: services attach to it like to their own.
type ClusterRef struct {
	Arn, Name, VpcID                          pulumi.StringInput
	ALBDNSName, ALBZoneID, ALBSecurityGroupID pulumi.StringInput
	HTTPSListenerArn, NamespaceID             pulumi.StringInput
}

// ExistingCluster returns a Cluster that services can be placed on; it
// registers nothing.
func ExistingCluster(ref ClusterRef) *Cluster {
	return &Cluster{
		Arn: ref.Arn.ToStringOutput(), Name: ref.Name.ToStringOutput(), VpcID: ref.VpcID.ToStringOutput(),
		ALBDNSName: ref.ALBDNSName.ToStringOutput(), ALBZoneID: ref.ALBZoneID.ToStringOutput(),
		ALBSecurityGroupID: ref.ALBSecurityGroupID.ToStringOutput(), HTTPSListenerArn: ref.HTTPSListenerArn.ToStringOutput(),
		NamespaceID: ref.NamespaceID.ToStringOutput(),
	}
}
