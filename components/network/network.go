// Package network provides platform:network:Network: the VPC with public,
// private and isolated subnets across availability zones, NAT, VPC endpoints
// and flow logs.
package network

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/loggroup"
	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// NATMode says how private subnets reach the internet.
type NATMode string

// The NAT modes.
const (
	// NATGateway uses managed NAT gateways.
	NATGateway NATMode = "gateway"
	// NATInstance uses one small ARM instance running the fck-nat image: a
	// fraction of a gateway's cost, for dev stacks that can live with one
	// instance's availability.
	NATInstance NATMode = "instance"
	// NATNone gives private subnets no route out: tasks reach AWS only through
	// VPC endpoints.
	NATNone NATMode = "none"
)

// NATGatewayCount says how many NAT gateways the gateway mode runs.
type NATGatewayCount string

// The gateway counts.
const (
	// SingleNAT shares one gateway between all zones: cheaper, one zone's fate.
	SingleNAT NATGatewayCount = "single"
	// NATPerAZ runs one gateway per zone, so losing a zone leaves the others out.
	NATPerAZ NATGatewayCount = "perAz"
)

// Defaults of NetworkArgs.
const (
	DefaultCIDR                 = "10.0.0.0/16"
	DefaultAZCount              = 2
	DefaultNAT                  = NATGateway
	DefaultNATGateways          = SingleNAT
	DefaultFlowLogRetentionDays = 30
	// fckNATOwner is the AWS account that publishes the fck-nat images.
	fckNATOwner = "568608671756"
	// natInstanceType is the smallest Graviton instance, enough for dev traffic.
	natInstanceType = "t4g.nano"
	minAZs, maxAZs  = 2, 6
	// The VPC block must leave every zone room for /28 public subnets.
	minPrefix, maxPrefix = 16, 20
)

// InterfaceEndpointServices are the services reached through interface
// endpoints when they are on: what a Fargate task needs to start with no NAT.
var InterfaceEndpointServices = []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"}

// NetworkArgs configure a Network.
type NetworkArgs struct {
	// CIDR is the VPC's IPv4 block, private (RFC 1918), /16 to /20.
	// Default: DefaultCIDR.
	CIDR string
	// AZCount is how many availability zones the subnets span, 2 to 6 (and no
	// more than the region has). Default: DefaultAZCount.
	AZCount int
	// NAT is how private subnets reach the internet: "gateway", "instance" or
	// "none". Default: DefaultNAT.
	NAT NATMode
	// NATGateways is "single" or "perAz"; only with NAT "gateway".
	// Default: DefaultNATGateways.
	NATGateways NATGatewayCount
	// InterfaceEndpoints adds interface endpoints for InterfaceEndpointServices
	// in the private subnets. The S3 gateway endpoint is always there (free).
	// Default: false.
	InterfaceEndpoints *bool
	// FlowLogRetentionDays keeps VPC flow logs this many days; one of
	// awsfacts.LogRetentionDays. Default: DefaultFlowLogRetentionDays.
	FlowLogRetentionDays int
	// FlowLogClass is the flow log group's class, one of
	// awsfacts.LogGroupClasses. Flow logs are vended logs, and CloudWatch
	// bills their delivery to an Infrequent Access group at its own, lower
	// rate (awsfacts/logclass.go). The class is fixed when the group is
	// created: a change replaces it and drops the flows it holds.
	// Default: awsfacts.LogClassStandard.
	FlowLogClass string
}

func (a NetworkArgs) withDefaults() NetworkArgs {
	if a.CIDR == "" {
		a.CIDR = DefaultCIDR
	}
	if a.AZCount == 0 {
		a.AZCount = DefaultAZCount
	}
	if a.NAT == "" {
		a.NAT = DefaultNAT
	}
	if a.NATGateways == "" && a.NAT == NATGateway {
		a.NATGateways = DefaultNATGateways
	}
	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	if a.FlowLogClass == "" {
		a.FlowLogClass = awsfacts.LogClassStandard
	}
	if a.InterfaceEndpoints == nil {
		a.InterfaceEndpoints = pulumi.BoolRef(false)
	}
	return a
}

func (a NetworkArgs) validate() error {
	var errs []error
	prefix, err := netip.ParsePrefix(a.CIDR)
	switch {
	case err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix:
		errs = append(errs, validate.Field("cidr", a.CIDR, "is not an IPv4 network block", "a block such as 10.0.0.0/16"))
	case !prefix.Addr().IsPrivate():
		errs = append(errs, validate.Field("cidr", a.CIDR, "is not a private range", "a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"))
	case prefix.Bits() < minPrefix || prefix.Bits() > maxPrefix:
		errs = append(errs, validate.Field("cidr", a.CIDR, "has the wrong size", fmt.Sprintf("a /%d to /%d block", minPrefix, maxPrefix)))
	}
	errs = append(errs,
		validate.Range("azCount", a.AZCount, minAZs, maxAZs),
		validate.OneOf("nat", a.NAT, NATGateway, NATInstance, NATNone),
	)
	if a.NAT == NATGateway {
		errs = append(errs, validate.OneOf("natGateways", a.NATGateways, SingleNAT, NATPerAZ))
	} else if a.NATGateways != "" {
		errs = append(errs, validate.Field("natGateways", a.NATGateways, "only applies to nat \"gateway\"", "no natGateways with nat \""+string(a.NAT)+"\""))
	}
	if !slices.Contains(awsfacts.LogRetentionDays, a.FlowLogRetentionDays) {
		errs = append(errs, validate.Field("flowLogRetentionDays", a.FlowLogRetentionDays, "is not a CloudWatch Logs retention", fmt.Sprintf("one of %v", awsfacts.LogRetentionDays)))
	}
	if !slices.Contains(awsfacts.LogGroupClasses, a.FlowLogClass) {
		errs = append(errs, validate.Field("flowLogClass", a.FlowLogClass, "is not a log class the platform creates", strings.Join(awsfacts.LogGroupClasses, " or ")))
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a NetworkArgs) Validate() error { return a.withDefaults().validate() }

// Network is the VPC of one environment.
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's id.
	VpcID pulumi.StringOutput
	// CIDR is the VPC's IPv4 block.
	CIDR pulumi.StringOutput
	// PublicSubnetIDs host the load balancer and NAT, one per zone.
	PublicSubnetIDs pulumi.StringArrayOutput
	// PrivateSubnetIDs host the tasks, one per zone.
	PrivateSubnetIDs pulumi.StringArrayOutput
	// IsolatedSubnetIDs host databases, caches and brokers: no internet route.
	IsolatedSubnetIDs pulumi.StringArrayOutput
	// AvailabilityZones are the zone names the subnets span.
	AvailabilityZones pulumi.StringArrayOutput
	// EndpointSecurityGroupID guards the interface endpoints; nil when they are off.
	EndpointSecurityGroupID pulumi.StringOutput
}

// NewNetwork creates the VPC and its plumbing.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil {
		args = &NetworkArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, err
	}
	n := &Network{}
	if err := ctx.RegisterComponentResource("platform:network:Network", name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)

	zones, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{State: pulumi.StringRef("available")}, pulumi.Parent(n))
	if err != nil {
		return nil, err
	}
	if len(zones.Names) < a.AZCount {
		return nil, validate.Field("azCount", a.AZCount, "is more zones than the region has", fmt.Sprintf("at most %d", len(zones.Names)))
	}
	azNames := zones.Names[:a.AZCount]

	subnetStrategy := awsxec2.SubnetAllocationStrategyAuto
	vpc, err := awsxec2.NewVpc(ctx, name+"-vpc", &awsxec2.VpcArgs{
		CidrBlock:             pulumi.StringRef(a.CIDR),
		AvailabilityZoneNames: azNames,
		EnableDnsHostnames:    pulumi.Bool(true),
		EnableDnsSupport:      pulumi.Bool(true),
		SubnetStrategy:        &subnetStrategy,
		SubnetSpecs:           subnetSpecs(a),
		NatGateways:           &awsxec2.NatGatewayConfigurationArgs{Strategy: natStrategy(a)},
	}, parent)
	if err != nil {
		return nil, err
	}

	// The default security group is left with no rules so nothing can use it by accident.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{VpcId: vpc.VpcId}, parent); err != nil {
		return nil, err
	}
	if err := flowLogs(ctx, name, a, vpc.VpcId, parent); err != nil {
		return nil, err
	}

	privateRouteTables := routeTablesOf(ctx, vpc.PrivateSubnetIds, a.AZCount, parent)
	if _, err := ec2.NewVpcEndpoint(ctx, name+"-s3-endpoint", &ec2.VpcEndpointArgs{
		VpcId:           vpc.VpcId,
		ServiceName:     pulumi.Sprintf("com.amazonaws.%s.s3", region(ctx, n)),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   privateRouteTables,
	}, parent); err != nil {
		return nil, err
	}
	if *a.InterfaceEndpoints {
		sg, err := interfaceEndpoints(ctx, name, a, n, vpc, parent)
		if err != nil {
			return nil, err
		}
		n.EndpointSecurityGroupID = sg.ID().ToStringOutput()
	}
	if a.NAT == NATInstance {
		if err := natInstance(ctx, name, a, vpc, privateRouteTables, parent); err != nil {
			return nil, err
		}
	}

	n.VpcID = vpc.VpcId
	n.CIDR = pulumi.String(a.CIDR).ToStringOutput()
	n.PublicSubnetIDs = vpc.PublicSubnetIds
	n.PrivateSubnetIDs = vpc.PrivateSubnetIds
	n.IsolatedSubnetIDs = vpc.IsolatedSubnetIds
	n.AvailabilityZones = pulumi.ToStringArray(azNames).ToStringArrayOutput()
	outputs := pulumi.Map{
		"vpcId":             n.VpcID,
		"cidr":              n.CIDR,
		"publicSubnetIds":   n.PublicSubnetIDs,
		"privateSubnetIds":  n.PrivateSubnetIDs,
		"isolatedSubnetIds": n.IsolatedSubnetIDs,
		"availabilityZones": n.AvailabilityZones,
	}
	return n, ctx.RegisterResourceOutputs(n, outputs)
}

// subnetSpecs lays out each zone: private half for tasks, isolated eighth for
// data, public sixteenth for load balancers and NAT.
func subnetSpecs(a NetworkArgs) []awsxec2.SubnetSpecArgs {
	prefix := netip.MustParsePrefix(a.CIDR).Bits()
	zoneBits := 0
	for 1<<zoneBits < a.AZCount {
		zoneBits++
	}
	zoneMask := prefix + zoneBits
	spec := func(kind awsxec2.SubnetType, extraBits int) awsxec2.SubnetSpecArgs {
		mask := zoneMask + extraBits
		return awsxec2.SubnetSpecArgs{Type: kind, CidrMask: &mask}
	}
	return []awsxec2.SubnetSpecArgs{
		spec(awsxec2.SubnetTypePrivate, 1),
		spec(awsxec2.SubnetTypeIsolated, 3),
		spec(awsxec2.SubnetTypePublic, 4),
	}
}

func natStrategy(a NetworkArgs) awsxec2.NatGatewayStrategy {
	switch {
	case a.NAT != NATGateway:
		return awsxec2.NatGatewayStrategyNone
	case a.NATGateways == NATPerAZ:
		return awsxec2.NatGatewayStrategyOnePerAz
	default:
		return awsxec2.NatGatewayStrategySingle
	}
}

// region returns the region of the provider the component runs on.
func region(ctx *pulumi.Context, parent pulumi.Resource) pulumi.StringOutput {
	return aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, pulumi.Parent(parent)).Name()
}

// routeTablesOf looks up the route table of each subnet; awsx gives every
// subnet its own.
func routeTablesOf(ctx *pulumi.Context, subnetIDs pulumi.StringArrayOutput, count int, parent pulumi.ResourceOrInvokeOption) pulumi.StringArray {
	var ids pulumi.StringArray
	for i := 0; i < count; i++ {
		table := ec2.LookupRouteTableOutput(ctx, ec2.LookupRouteTableOutputArgs{SubnetId: subnetIDs.Index(pulumi.Int(i))}, parent)
		ids = append(ids, table.RouteTableId())
	}
	return ids
}

// flowLogs sends every flow of the VPC to a log group through a role that can
// write only there.
func flowLogs(ctx *pulumi.Context, name string, a NetworkArgs, vpcID pulumi.StringOutput, parent pulumi.ResourceOrInvokeOption) error {
	names := naming.FromContext(ctx)
	// Standard is left unset, as before the class was a choice, so a
	// Standard group's inputs do not change and nothing replaces it.
	class := a.FlowLogClass
	if class == awsfacts.LogClassStandard {
		class = ""
	}
	group, err := loggroup.New(ctx, name+"-flow-logs", "/vpc/"+names.Name(naming.LogGroup, "flow-logs"), a.FlowLogRetentionDays, class, parent)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, name+"-flow-logs-role", &iam.RoleArgs{
		Name:             pulumi.String(names.Name(naming.Role, "flow-logs")),
		AssumeRolePolicy: iamdoc.AssumeRole("vpc-flow-logs.amazonaws.com"),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-flow-logs-write", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resources: []pulumi.StringInput{group.Arn, pulumi.Sprintf("%s:*", group.Arn)},
		}),
	}, parent); err != nil {
		return err
	}
	_, err = ec2.NewFlowLog(ctx, name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:                  vpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
	}, parent)
	return err
}
