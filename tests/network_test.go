package tests

import (
	"platform/internal/graph"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/network"
)

const (
	vpcType      = "awsx:ec2:Vpc"
	endpointType = "aws:ec2/vpcEndpoint:VpcEndpoint"
)

func TestNetworkFollowsTierDefaultsAndStackFiles(t *testing.T) {
	cases := []struct {
		stack        string
		zones        []any
		natStrategy  string
		natInstances int
		endpoints    int // interface endpoints; the S3 gateway comes on top
		retention    float64
		cidr         string
	}{
		{"dev", []any{"us-east-1a", "us-east-1b"}, "None", 1, 0, 7, "10.0.0.0/16"},
		{"staging", []any{"us-east-1a", "us-east-1b"}, "Single", 0, 0, 30, "10.1.0.0/16"},
		{"production", []any{"us-east-1a", "us-east-1b", "us-east-1c"}, "OnePerAz", 0, 5, 90, "10.2.0.0/16"},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			g := Evaluate(t, tc.stack)
			vpc := only(t, g, vpcType, "network-vpc")
			assert.Equal(t, tc.zones, vpc.Input("availabilityZoneNames"))
			assert.Equal(t, tc.natStrategy, vpc.Input("natGateways.strategy"))
			assert.Equal(t, tc.cidr, vpc.Input("cidrBlock"))
			assert.Len(t, g.ByType("aws:ec2/instance:Instance"), tc.natInstances)
			assert.Len(t, g.ByType("aws:ec2/route:Route"), tc.natInstances*len(tc.zones))
			assertEndpoints(t, g.ByType(endpointType), tc.endpoints)
			assert.Equal(t, tc.retention, only(t, g, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").Input("retentionInDays"))
			assert.Len(t, g.Outputs["privateSubnetIds"], len(tc.zones))
			assert.Len(t, g.Outputs["isolatedSubnetIds"], len(tc.zones))
			assert.Len(t, g.Outputs["publicSubnetIds"], len(tc.zones))
			assert.Equal(t, tc.cidr, g.Outputs["vpcCidr"])
		})
	}
}

// assertEndpoints checks the S3 gateway endpoint and the interface endpoint count.
func assertEndpoints(t *testing.T, endpoints []*graph.Resource, interfaces int) {
	t.Helper()
	gateways, found := 0, 0
	for _, e := range endpoints {
		switch e.Input("vpcEndpointType") {
		case "Gateway":
			gateways++
			assert.Equal(t, "com.amazonaws.us-east-1.s3", e.Input("serviceName"))
			assert.NotEmpty(t, e.Input("routeTableIds"))
		case "Interface":
			found++
			assert.Equal(t, true, e.Input("privateDnsEnabled"))
		}
	}
	assert.Equal(t, 1, gateways, "the free S3 gateway endpoint is always there")
	assert.Equal(t, interfaces, found)
}

func TestNetworkConfigOverridesTheTier(t *testing.T) {
	g, err := EvaluateWith(t, "staging", map[string]string{
		"platform:network": `{"cidr":"10.9.0.0/18","azCount":3,"natGateways":"perAz","interfaceEndpoints":true,"flowLogRetentionDays":14}`,
	})
	require.NoError(t, err)
	vpc := only(t, g, vpcType, "network-vpc")
	assert.Equal(t, "10.9.0.0/18", vpc.Input("cidrBlock"))
	assert.Equal(t, "OnePerAz", vpc.Input("natGateways.strategy"))
	assert.Len(t, vpc.Input("availabilityZoneNames"), 3)
	// A /18 over 3 zones: /20 per zone, private /21, isolated /23, public /24.
	assert.Equal(t, []any{
		map[string]any{"type": "Private", "cidrMask": 21.0},
		map[string]any{"type": "Isolated", "cidrMask": 23.0},
		map[string]any{"type": "Public", "cidrMask": 24.0},
	}, vpc.Input("subnetSpecs"))
	assertEndpoints(t, g.ByType(endpointType), len(network.InterfaceEndpointServices))
	assert.Equal(t, 14.0, only(t, g, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").Input("retentionInDays"))
	// The endpoints admit HTTPS from the VPC only.
	sg := only(t, g, "aws:ec2/securityGroup:SecurityGroup", "network-endpoints-sg")
	assert.Equal(t, []any{"10.9.0.0/18"}, sg.Input("ingress.0.cidrBlocks"))
	assert.Equal(t, 443.0, sg.Input("ingress.0.fromPort"))
	assert.Equal(t, 443.0, sg.Input("ingress.0.toPort"))
}

func TestNetworkWithoutNATHasNoRouteOut(t *testing.T) {
	g, err := EvaluateAlone(t, "dev", map[string]string{"platform:network": `{"nat":"none","interfaceEndpoints":true}`})
	require.NoError(t, err)
	assert.Equal(t, "None", only(t, g, vpcType, "network-vpc").Input("natGateways.strategy"))
	assert.Empty(t, g.ByType("aws:ec2/instance:Instance"))
	assert.Empty(t, g.ByType("aws:ec2/route:Route"))
	assertEndpoints(t, g.ByType(endpointType), len(network.InterfaceEndpointServices))
}

func TestNATInstanceForwardsForThePrivateSubnets(t *testing.T) {
	g := Evaluate(t, "dev")
	nat := only(t, g, "aws:ec2/instance:Instance", "network-nat-instance")
	assert.Equal(t, false, nat.Input("sourceDestCheck"))
	assert.Equal(t, "t4g.nano", nat.Input("instanceType"))
	assert.Equal(t, "required", nat.Input("metadataOptions.httpTokens"), "IMDSv2 only")
	assert.Equal(t, true, nat.Input("rootBlockDevice.encrypted"))
	assert.Equal(t, g.Outputs["publicSubnetIds"].([]any)[0], nat.Input("subnetId"))
	for _, route := range g.ByType("aws:ec2/route:Route") {
		assert.Equal(t, "0.0.0.0/0", route.Input("destinationCidrBlock"))
		assert.Equal(t, nat.Output("primaryNetworkInterfaceId"), route.Input("networkInterfaceId"))
		assert.Contains(t, route.Input("routeTableId"), "rtb-")
	}
}

func TestFlowLogsCaptureEverythingIntoTheirOwnGroup(t *testing.T) {
	g := Evaluate(t, "staging")
	group := only(t, g, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs")
	flow := only(t, g, "aws:ec2/flowLog:FlowLog", "network-flow-log")
	assert.Equal(t, "ALL", flow.Input("trafficType"))
	assert.Equal(t, g.Outputs["vpcId"], flow.Input("vpcId"))
	assert.Equal(t, group.Output("arn"), flow.Input("logDestination"))
	assert.Equal(t, only(t, g, "aws:iam/role:Role", "network-flow-logs-role").Output("arn"), flow.Input("iamRoleArn"))
	policy := policyAt(t, only(t, g, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs-write"), "policy")
	require.Len(t, policy.Statement, 1)
	assert.Equal(t, []string{group.Output("arn").(string), group.Output("arn").(string) + ":*"}, policy.Statement[0].Resource)

	sg := only(t, g, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg")
	assert.Nil(t, sg.Input("ingress"), "the default security group keeps no rules")
	assert.Nil(t, sg.Input("egress"), "the default security group keeps no rules")
}

func TestNetworkRejectsBadConfigBeforeAnyResource(t *testing.T) {
	cases := []struct {
		network string
		want    string
	}{
		{`{"cidr":"10.0.0.0/33"}`, `validate "platform:network.cidr": "10.0.0.0/33" is not an IPv4 network block, want a block such as 10.0.0.0/16`},
		{`{"cidr":"10.0.0.1/16"}`, `validate "platform:network.cidr": "10.0.0.1/16" is not an IPv4 network block, want a block such as 10.0.0.0/16`},
		{`{"cidr":"8.8.0.0/16"}`, `validate "platform:network.cidr": "8.8.0.0/16" is not a private range, want a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`},
		{`{"cidr":"10.0.0.0/24"}`, `validate "platform:network.cidr": "10.0.0.0/24" has the wrong size, want a /16 to /20 block`},
		{`{"azCount":1}`, `validate "platform:network.azCount": 1 is out of range, want 2 to 6`},
		{`{"azCount":7}`, `validate "platform:network.azCount": 7 is out of range, want 2 to 6`},
		{`{"nat":"nat-gw"}`, `validate "platform:network.nat": "nat-gw" is not allowed, want one of gateway, instance, none`},
		{`{"nat":"instance","natGateways":"perAz"}`, `validate "platform:network.natGateways": "perAz" only applies to nat "gateway", want no natGateways with nat "instance"`},
		{`{"natGateways":"two"}`, `validate "platform:network.natGateways": "two" is not allowed, want one of single, perAz`},
		{`{"flowLogRetentionDays":8}`, `validate "platform:network.flowLogRetentionDays": 8 is not a CloudWatch Logs retention, want one of [1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653]`},
		{`{"flowLogClass":"DELIVERY"}`, `validate "platform:network.flowLogClass": "DELIVERY" is not a log class the platform creates, want STANDARD or INFREQUENT_ACCESS`},
		{`{"azcount":2}`, `validate "platform:network.azcount": "azcount" is not a key of platform:network, want one of azCount, cidr, flowLogClass, flowLogRetentionDays, interfaceEndpoints, nat, natGateways`},
	}
	for _, tc := range cases {
		t.Run(tc.network, func(t *testing.T) {
			g, err := EvaluateWith(t, "staging", map[string]string{"platform:network": tc.network})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestNetworkRefusesMoreZonesThanTheRegionHas(t *testing.T) {
	g, err := evaluateProgram(t, "eu-west-1", withProvider("eu-west-1", func(ctx *pulumi.Context, onAWS pulumi.ResourceOption) error {
		_, err := network.NewNetwork(ctx, "network", &network.NetworkArgs{AZCount: 4}, onAWS)
		return err
	}))
	assert.Nil(t, g)
	require.EqualError(t, err, `validate "azCount": 4 is more zones than the region has, want at most 3`)
}
