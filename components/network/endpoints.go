package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// interfaceEndpoints puts an endpoint per service in the private subnets,
// admitting HTTPS from inside the VPC only.
func interfaceEndpoints(ctx *pulumi.Context, name string, a NetworkArgs, n *Network, vpc *awsxec2.Vpc, parent pulumi.ResourceOrInvokeOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name+"-endpoints-sg", &ec2.SecurityGroupArgs{
		VpcId:       vpc.VpcId,
		Description: pulumi.String("VPC interface endpoints: HTTPS from inside the VPC"),
		Ingress: ec2.SecurityGroupIngressArray{ec2.SecurityGroupIngressArgs{
			Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks:  pulumi.StringArray{pulumi.String(a.CIDR)},
			Description: pulumi.String("HTTPS from the VPC"),
		}},
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, service := range InterfaceEndpointServices {
		if _, err := ec2.NewVpcEndpoint(ctx, name+"-"+service+"-endpoint", &ec2.VpcEndpointArgs{
			VpcId:             vpc.VpcId,
			ServiceName:       pulumi.Sprintf("com.amazonaws.%s.%s", region(ctx, n), service),
			VpcEndpointType:   pulumi.String("Interface"),
			SubnetIds:         vpc.PrivateSubnetIds,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			PrivateDnsEnabled: pulumi.Bool(true),
		}, parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}
