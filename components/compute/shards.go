package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/privatebucket"
	"platform/components/internal/secgroup"
)

// LoadBalancer is one of the cluster's load balancers: a target group and
// a listener rule per service, so one holds at most the target groups AWS
// allows per load balancer (100, not adjustable); routing.Place spreads
// services so that none is full.
type LoadBalancer struct {
	Arn, ArnSuffix, DNSName, ZoneID pulumi.StringOutput
	// SecurityGroupID is the load balancer's group; a service admits it.
	SecurityGroupID pulumi.StringOutput
	// HTTPSListenerArn is where services attach their rules.
	HTTPSListenerArn pulumi.StringOutput
}

// useFirst keeps the first load balancer's attributes where a one-balancer
// cluster always had them.
func (c *Cluster) useFirst() {
	if len(c.LoadBalancers) == 0 {
		return
	}
	first := c.LoadBalancers[0]
	c.ALBArn, c.ALBArnSuffix, c.ALBDNSName, c.ALBZoneID = first.Arn, first.ArnSuffix, first.DNSName, first.ZoneID
	c.ALBSecurityGroupID, c.HTTPSListenerArn = first.SecurityGroupID, first.HTTPSListenerArn
}

// shardName prefixes the resources of load balancer i: the first keeps the
// cluster's own prefix, so a stack that grows a second is not replaced.
func shardName(name string, i int) string {
	if i == 0 {
		return name
	}
	return fmt.Sprintf("%s-lb%d", name, i)
}

// logPrefix is where load balancer i writes in the shared access-log bucket.
func logPrefix(i int) string {
	if i == 0 {
		return "alb"
	}
	return fmt.Sprintf("alb-%d", i)
}

// logResources are the object ARNs the load balancers may write logs to.
func logResources(bucket pulumi.StringOutput, balancers int) []pulumi.StringInput {
	var out []pulumi.StringInput
	for i := range balancers {
		out = append(out, pulumi.Sprintf("%s/%s/*", bucket, logPrefix(i)))
	}
	return out
}

// newLoadBalancer creates load balancer i: its security group, the ALB, the
// WAF association, the HTTPS listener (404 unless a rule matches) and the
// HTTP listener that redirects to it.
//
// Security-group rules stay within quota by design: the load balancer's
// group has four inbound rules (80 and 443, IPv4 and IPv6), at most one
// outbound rule to the identity provider, and one outbound rule per target
// port to the tasks group, not one per service. Each service's own group
// admits only its load balancer's group, on its port, so the chain
// internet -> load balancer -> service stays as narrow as before.
func newLoadBalancer(ctx *pulumi.Context, cluster string, i int, a ClusterArgs, tasks pulumi.StringInput, logs *privatebucket.PrivateBucket, parent pulumi.ResourceOrInvokeOption) (LoadBalancer, error) {
	name := shardName(cluster, i)
	sg, err := secgroup.New(ctx, name+"-alb-sg", a.VpcID, "Load balancer: HTTP and HTTPS from the internet", parent)
	if err != nil {
		return LoadBalancer{}, err
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
				return LoadBalancer{}, err
			}
		}
	}
	for _, port := range a.TargetPorts {
		hop := secgroup.Hop{To: tasks, From: sg.ID(), Port: pulumi.Int(port), Description: fmt.Sprintf("load balancer to web tasks on %d", port)}
		if _, err := secgroup.AllowOut(ctx, fmt.Sprintf("%s-alb-to-tasks-%d", name, port), hop, parent); err != nil {
			return LoadBalancer{}, err
		}
	}
	if a.AuthenticatesUsers {
		// AWS: the load balancer must reach the IdP token endpoint and user
		// info endpoint over 443, or authentication answers HTTP 500 (AWS
		// Knowledge Center, "elb-configure-authentication-alb", stored copy
		// read 2026-12-01). The provider removes AWS's default egress, so
		// this is the only way out besides the hops to the tasks.
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-alb-idp-out", &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrIpv4: pulumi.String("0.0.0.0/0"), Description: pulumi.String("HTTPS to the Cognito token and user-info endpoints"),
		}, parent); err != nil {
			return LoadBalancer{}, err
		}
	}
	alb, err := lb.NewLoadBalancer(ctx, name+"-alb", &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String("application"),
		Internal:                 pulumi.Bool(false),
		SecurityGroups:           pulumi.StringArray{sg.ID()},
		Subnets:                  a.PublicSubnetIDs,
		DropInvalidHeaderFields:  pulumi.Bool(true),
		EnableDeletionProtection: pulumi.Bool(a.Protect),
		EnableHttp2:              pulumi.Bool(true),
		AccessLogs:               lb.LoadBalancerAccessLogsArgs{Bucket: logs.Bucket, Enabled: pulumi.Bool(true), Prefix: pulumi.String(logPrefix(i))},
	}, parent,
		// ELB checks it may write to the bucket when logging is turned on:
		// before the bucket's policy exists that is Access Denied.
		pulumi.DependsOn([]pulumi.Resource{logs.Policy}))
	if err != nil {
		return LoadBalancer{}, err
	}
	if a.WebACLArn != nil {
		if _, err := wafv2.NewWebAclAssociation(ctx, name+"-waf", &wafv2.WebAclAssociationArgs{
			ResourceArn: alb.Arn, WebAclArn: a.WebACLArn,
		}, parent); err != nil {
			return LoadBalancer{}, err
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
		return LoadBalancer{}, err
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
		return LoadBalancer{}, err
	}
	return LoadBalancer{
		Arn: alb.Arn, ArnSuffix: alb.ArnSuffix, DNSName: alb.DnsName, ZoneID: alb.ZoneId,
		SecurityGroupID: sg.ID().ToStringOutput(), HTTPSListenerArn: https.Arn,
	}, nil
}
