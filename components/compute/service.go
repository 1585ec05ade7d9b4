package compute

import (
	"cmp"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/servicediscovery"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// OriginHeader is the header CloudFront adds and the listener rule of a CDN
// service requires, so the ALB cannot be reached around the CDN for that host.
const OriginHeader = "X-Origin-Verify"

// DefaultStaticPaths are cached by the CDN; everything else is dynamic.
var DefaultStaticPaths = []string{"/_next/static/*", "/static/*", "/assets/*"}

// cognitoSessionSeconds is how long an ALB login lasts.
const cognitoSessionSeconds = 8 * 3600

// FargateServiceArgs configure a FargateService.
type FargateServiceArgs struct {
	// Task is the container, its size and permissions.
	Task TaskArgs
	// Placement is the cluster and subnets shared by the stack. Required.
	Placement Placement
	// Port is the container port the load balancer sends traffic to, 1 to
	// 65535. Default: DefaultPort.
	Port int
	// Domain is the environment's base domain and Subdomain the service's
	// label under it: the host is Subdomain.Domain. Both required.
	Domain, Subdomain string
	// ZoneID is the hosted zone the host's record goes into. Required.
	ZoneID pulumi.StringInput
	// Paths limit the service to these path patterns of its host (at most
	// 5, e.g. "/webhooks/*"). Default: every path.
	Paths []string
	// LoadBalancer is the index of the cluster's load balancer the service
	// routes through (routing.Place chooses it). Default: 0, the first.
	LoadBalancer int
	// Priority orders the listener rule, 1 to 50000, unique on its
	// listener (routing.Place allocates it). Required.
	Priority int
	// HealthCheck is the target group's check.
	HealthCheck HealthCheck
	// Cognito puts the host behind the Cognito gate: the rule authenticates
	// before it forwards. Requires Gate. Default: false.
	Cognito bool
	// Gate is the user pool the gated rule authenticates against. Required
	// with Cognito. Default: none.
	Gate *Gate
	// CDN puts CloudFront in front of the host; the DNS record points to it
	// and the ALB accepts the host only with the CDN's secret header.
	// Requires CDNCertificateArn (us-east-1). Default: false.
	CDN               bool
	CDNCertificateArn pulumi.StringInput
	// CDNWebACLArn is the CloudFront-scope web ACL the distribution uses; nil for none.
	CDNWebACLArn pulumi.StringInput
	// StaticPaths are the path patterns the CDN caches. Default: DefaultStaticPaths.
	StaticPaths []string
	// Scaling bounds and targets.
	Scaling Scaling
	// After are resources that must succeed before the service rolls, e.g.
	// its migration.
	After []pulumi.Resource
	// DeploymentAlarms name the CloudWatch alarms that fail a deployment of
	// the service and roll it back (canary.go). Default: none.
	DeploymentAlarms []string
	// Canary is a canary release in flight (canary.go). Default: none.
	Canary *Canary
	// Registry serves the service through an API Gateway VPC link instead
	// of a load balancer (registry.go); LoadBalancer, Priority, Gate and
	// the CDN do not apply. Default: none, a load balancer.
	Registry *Registry
}

// Host is the service's fully qualified host name.
func (a FargateServiceArgs) Host() string { return a.Subdomain + "." + a.Domain }

func (a FargateServiceArgs) withDefaults() FargateServiceArgs {
	a.Task.Architecture = cmp.Or(a.Task.Architecture, ArchitectureFor(a.Scaling.SpotShare))
	a.Task = a.Task.withDefaults()
	a.Port = cmp.Or(a.Port, DefaultPort)
	a.HealthCheck = a.HealthCheck.withDefaults()
	a.Scaling = a.Scaling.withDefaults()
	if a.CDN && len(a.StaticPaths) == 0 {
		a.StaticPaths = DefaultStaticPaths
	}
	return a
}

func (a FargateServiceArgs) validate(name string) error {
	errs := []error{
		validName(name),
		a.Task.validate(name),
		a.Task.entryFits(a.Port),
		spotFits(a.Task, a.Scaling),
		validate.Range("port", a.Port, 1, 65535),
		validate.Range("loadBalancer", a.LoadBalancer, 0, awsfacts.QuotaALBsPerRegion.Default-1),
		validate.Range("priority", a.Priority, 1, maxPriority),
		validate.Nest("healthCheck", a.HealthCheck.validate()),
		validate.Nest("scaling", a.Scaling.validate()),
		validAlarmNames("deploymentAlarms", a.DeploymentAlarms),
		a.Canary.validate(),
	}
	if a.Domain == "" {
		errs = append(errs, validate.Missing("domain", "the environment's base domain"))
	}
	if !subdomain.MatchString(a.Subdomain) {
		errs = append(errs, validate.Field("subdomain", a.Subdomain, "is not a DNS label", "e.g. www or api"))
	}
	if len(a.Paths) > 5 {
		errs = append(errs, validate.Field("paths", len(a.Paths), "are too many path patterns for one rule", "at most 5"))
	}
	for i, p := range append(append([]string{}, a.Paths...), a.StaticPaths...) {
		if !pathPattern.MatchString(p) {
			errs = append(errs, validate.Field(fmt.Sprintf("paths[%d]", i), p, "is not a path pattern", "e.g. /webhooks/*"))
		}
	}
	if a.Cognito && a.Gate == nil && a.Registry == nil {
		errs = append(errs, validate.Field("cognito", true, "needs the Cognito gate", "an access layer with this host among its gated hosts"))
	}
	if a.CDN && a.Registry != nil {
		errs = append(errs, validate.Field("cdn", true, "needs a load balancer for CloudFront to reach", "no cdn with an API Gateway ingress"))
	}
	if a.CDN && (a.CDNCertificateArn == nil || a.Domain == "") {
		errs = append(errs, validate.Field("cdn", true, "needs a domain and a us-east-1 certificate", "platform:domain set, and the access layer's CDN certificate"))
	}
	if a.ZoneID == nil {
		errs = append(errs, validate.Missing("zoneId", "the hosted zone of the domain"))
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a FargateServiceArgs) Validate(name string) error { return a.withDefaults().validate(name) }

// FargateService is one web service: task, target group, listener rule, ECS
// service, autoscaling and its DNS name (through the CDN or straight to the ALB).
type FargateService struct {
	pulumi.ResourceState

	// Host is the service's host name and URL its address.
	Host string
	URL  string
	// ServiceName is the ECS service's name.
	ServiceName pulumi.StringOutput
	// TargetGroupArnSuffix, LoadBalancerArnSuffix (its load balancer's) and
	// LogGroupName feed alarms and dashboards.
	TargetGroupArnSuffix  pulumi.StringOutput
	LoadBalancerArnSuffix pulumi.StringOutput
	LogGroupName          pulumi.StringOutput
	// SecurityGroupID is the tasks' group.
	SecurityGroupID pulumi.StringOutput
	// DistributionID is the CloudFront distribution; nil without CDN.
	DistributionID pulumi.StringOutput
	// CanaryTargetGroupArnSuffix is the canary's target group and
	// CanaryServiceName its ECS service's name, for its alarms; nil without
	// a canary.
	CanaryTargetGroupArnSuffix pulumi.StringOutput
	CanaryServiceName          pulumi.StringOutput
	// RegistryArn is the Cloud Map service an API Gateway integration
	// resolves; set only with Registry.
	RegistryArn pulumi.StringOutput
}

// NewFargateService creates a web service.
func NewFargateService(ctx *pulumi.Context, name string, args *FargateServiceArgs, opts ...pulumi.ResourceOption) (*FargateService, error) {
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	s := &FargateService{Host: a.Host(), URL: "https://" + a.Host()}
	if err := ctx.RegisterComponentResource("platform:compute:FargateService", name, s, opts...); err != nil {
		return nil, err
	}
	if a.Registry != nil {
		return s, newRegisteredService(ctx, name, a, s)
	}
	parent := pulumi.Parent(s)
	cluster := a.Placement.Cluster

	if a.LoadBalancer >= len(cluster.LoadBalancers) {
		return nil, validate.Field("loadBalancer", a.LoadBalancer, fmt.Sprintf("is not one of the cluster's %d load balancers", len(cluster.LoadBalancers)), fmt.Sprintf("0 to %d", len(cluster.LoadBalancers)-1))
	}
	balancer := cluster.LoadBalancers[a.LoadBalancer]
	t, err := newTask(ctx, name, a.Task, a.Port, a.Placement, s, cluster.TasksSecurityGroupID)
	if err != nil {
		return nil, err
	}
	// The load balancer's way out is the cluster's (one rule per port to
	// the tasks group); the way in is the service's own, from its load
	// balancer only.
	albHop := secgroup.Hop{To: t.securityGroup.ID(), From: balancer.SecurityGroupID, Port: pulumi.Int(a.Port), Description: "load balancer to " + name}
	if _, err := secgroup.Admit(ctx, name+"-from-alb", albHop, parent); err != nil {
		return nil, err
	}

	targets, err := lb.NewTargetGroup(ctx, name+"-tg", targetGroupArgs(a, cluster), parent)
	if err != nil {
		return nil, err
	}
	canaryTG, err := canaryTargets(ctx, name, a, cluster, parent)
	if err != nil {
		return nil, err
	}

	conditions := lb.ListenerRuleConditionArray{lb.ListenerRuleConditionArgs{
		HostHeader: lb.ListenerRuleConditionHostHeaderArgs{Values: pulumi.StringArray{pulumi.String(a.Host())}},
	}}
	if len(a.Paths) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			PathPattern: lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray(a.Paths)},
		})
	}
	var originSecret pulumi.StringOutput
	if a.CDN {
		secret, err := random.NewRandomPassword(ctx, name+"-origin-secret", &random.RandomPasswordArgs{Length: pulumi.Int(40), Special: pulumi.Bool(false)}, parent)
		if err != nil {
			return nil, err
		}
		originSecret = secret.Result
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			HttpHeader: lb.ListenerRuleConditionHttpHeaderArgs{HttpHeaderName: pulumi.String(OriginHeader), Values: pulumi.StringArray{originSecret}},
		})
	}
	rule, err := lb.NewListenerRule(ctx, name+"-rule", &lb.ListenerRuleArgs{
		ListenerArn: balancer.HTTPSListenerArn,
		Priority:    pulumi.Int(a.Priority),
		Conditions:  conditions,
		Actions:     ruleActions(a, forwardAction(a, targets.Arn, canaryTG)),
	}, parent)
	if err != nil {
		return nil, err
	}

	discovery, err := servicediscovery.NewService(ctx, name+"-discovery", &servicediscovery.ServiceArgs{
		Name: pulumi.String(name),
		DnsConfig: servicediscovery.ServiceDnsConfigArgs{
			NamespaceId:   cluster.NamespaceID,
			RoutingPolicy: pulumi.String("MULTIVALUE"),
			DnsRecords:    servicediscovery.ServiceDnsConfigDnsRecordArray{servicediscovery.ServiceDnsConfigDnsRecordArgs{Type: pulumi.String("A"), Ttl: pulumi.Int(10)}},
		},
		HealthCheckCustomConfig: servicediscovery.ServiceHealthCheckCustomConfigArgs{FailureThreshold: pulumi.Int(1)},
	}, parent)
	if err != nil {
		return nil, err
	}

	ecsArgs := serviceArgs(name, cluster, t, a.Placement, a.Scaling, a.Task.Exec)
	ecsArgs.LoadBalancers = ecs.ServiceLoadBalancerArray{ecs.ServiceLoadBalancerArgs{
		TargetGroupArn: targets.Arn, ContainerName: pulumi.String(a.Task.entryName(name)), ContainerPort: pulumi.Int(a.Port),
	}}
	ecsArgs.ServiceRegistries = ecs.ServiceServiceRegistriesArgs{RegistryArn: discovery.Arn}
	ecsArgs.HealthCheckGracePeriodSeconds = pulumi.Int(a.HealthCheck.GraceSeconds)
	ecsArgs.WaitForSteadyState = pulumi.Bool(true)
	ecsArgs.Alarms = deploymentAlarms(a.DeploymentAlarms)
	// The target group must be attached to the listener before ECS registers targets.
	// The cluster must offer the capacity providers the service names.
	after := append(append([]pulumi.Resource{rule}, cluster.ready()...), a.After...)
	service, err := ecs.NewService(ctx, name+"-service", ecsArgs, parent, pulumi.DependsOn(after),
		// Autoscaling owns the running count after the first deploy.
		pulumi.IgnoreChanges([]string{"desiredCount"}))
	if err != nil {
		return nil, err
	}
	if err := autoscale(ctx, name, cluster, service, a.Scaling, parent); err != nil {
		return nil, err
	}
	if canaryTG != nil {
		canary, err := newCanaryService(ctx, name, a, t, canaryTG, after, parent)
		if err != nil {
			return nil, err
		}
		s.CanaryTargetGroupArnSuffix, s.CanaryServiceName = canaryTG.ArnSuffix, canary.Name
	}

	if a.CDN {
		distribution, err := newDistribution(ctx, name, a, balancer, originSecret, parent)
		if err != nil {
			return nil, err
		}
		s.DistributionID = distribution.ID().ToStringOutput()
	} else if _, err := route53.NewRecord(ctx, name+"-dns", &route53.RecordArgs{
		ZoneId: a.ZoneID,
		Name:   pulumi.String(a.Host()),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name: balancer.DNSName, ZoneId: balancer.ZoneID, EvaluateTargetHealth: pulumi.Bool(true),
		}},
	}, parent); err != nil {
		return nil, err
	}

	s.ServiceName = service.Name
	s.TargetGroupArnSuffix = targets.ArnSuffix
	s.LoadBalancerArnSuffix = balancer.ArnSuffix
	s.LogGroupName = t.logGroup.Name
	s.SecurityGroupID = t.securityGroup.ID().ToStringOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"url": pulumi.String(s.URL), "serviceName": s.ServiceName})
}

// targetGroupArgs are the service's target group: its port over HTTP to the tasks' IPs, checked at its health path.
func targetGroupArgs(a FargateServiceArgs, cluster *Cluster) *lb.TargetGroupArgs {
	return &lb.TargetGroupArgs{
		Port:                pulumi.Int(a.Port),
		Protocol:            pulumi.String("HTTP"),
		TargetType:          pulumi.String("ip"),
		VpcId:               cluster.VpcID,
		DeregistrationDelay: pulumi.Int(30),
		HealthCheck: lb.TargetGroupHealthCheckArgs{
			Path:               pulumi.String(a.HealthCheck.Path),
			Interval:           pulumi.Int(a.HealthCheck.IntervalSeconds),
			HealthyThreshold:   pulumi.Int(a.HealthCheck.HealthyThreshold),
			UnhealthyThreshold: pulumi.Int(a.HealthCheck.UnhealthyThreshold),
			Timeout:            pulumi.Int(5),
			Matcher:            pulumi.String("200-399"),
		},
	}
}

// Gate is what an ALB authenticate-cognito action needs: a Cognito user
// pool, its app client for the load balancer, and the hosted UI's domain
// prefix. The stack fills it from the access layer's outputs.
type Gate struct {
	UserPoolArn      pulumi.StringInput
	UserPoolClientID pulumi.StringInput
	UserPoolDomain   pulumi.StringInput
}

// ruleActions authenticate with Cognito first when the host is gated, then forward.
func ruleActions(a FargateServiceArgs, forward lb.ListenerRuleActionArgs) lb.ListenerRuleActionArray {
	if !a.Cognito {
		return lb.ListenerRuleActionArray{forward}
	}
	forward.Order = pulumi.Int(2)
	return lb.ListenerRuleActionArray{
		lb.ListenerRuleActionArgs{
			Type:  pulumi.String("authenticate-cognito"),
			Order: pulumi.Int(1),
			AuthenticateCognito: lb.ListenerRuleActionAuthenticateCognitoArgs{
				UserPoolArn:              a.Gate.UserPoolArn,
				UserPoolClientId:         a.Gate.UserPoolClientID,
				UserPoolDomain:           a.Gate.UserPoolDomain,
				OnUnauthenticatedRequest: pulumi.String("authenticate"),
				SessionTimeout:           pulumi.Int(cognitoSessionSeconds),
			},
		},
		forward,
	}
}
