package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// natInstance runs one fck-nat instance in the first public subnet and routes
// every private subnet's internet traffic through it.
func natInstance(ctx *pulumi.Context, name string, a NetworkArgs, vpc *awsxec2.Vpc, privateRouteTables pulumi.StringArray, parent pulumi.ResourceOrInvokeOption) error {
	ami, err := ec2.LookupAmi(ctx, &ec2.LookupAmiArgs{
		Owners:     []string{fckNATOwner},
		MostRecent: pulumi.BoolRef(true),
		Filters: []ec2.GetAmiFilter{
			{Name: "name", Values: []string{"fck-nat-al2023-*"}},
			{Name: "architecture", Values: []string{"arm64"}},
		},
	}, parent)
	if err != nil {
		return err
	}
	sg, err := ec2.NewSecurityGroup(ctx, name+"-nat-sg", &ec2.SecurityGroupArgs{
		VpcId:       vpc.VpcId,
		Description: pulumi.String("NAT instance: traffic from the VPC out to the internet"),
		Ingress: ec2.SecurityGroupIngressArray{ec2.SecurityGroupIngressArgs{
			Protocol: pulumi.String("-1"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
			CidrBlocks:  pulumi.StringArray{pulumi.String(a.CIDR)},
			Description: pulumi.String("everything from inside the VPC"),
		}},
		Egress: ec2.SecurityGroupEgressArray{ec2.SecurityGroupEgressArgs{
			Protocol: pulumi.String("-1"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
			CidrBlocks:  pulumi.StringArray{pulumi.String("0.0.0.0/0")},
			Description: pulumi.String("out to the internet"),
		}},
	}, parent)
	if err != nil {
		return err
	}
	instance, err := ec2.NewInstance(ctx, name+"-nat-instance", &ec2.InstanceArgs{
		Ami:                 pulumi.String(ami.Id),
		InstanceType:        pulumi.String(natInstanceType),
		SubnetId:            vpc.PublicSubnetIds.Index(pulumi.Int(0)),
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		// A NAT forwards packets that are neither from nor to itself.
		SourceDestCheck:          pulumi.Bool(false),
		AssociatePublicIpAddress: pulumi.Bool(true),
		MetadataOptions:          ec2.InstanceMetadataOptionsArgs{HttpTokens: pulumi.String("required"), HttpEndpoint: pulumi.String("enabled")},
		RootBlockDevice:          ec2.InstanceRootBlockDeviceArgs{Encrypted: pulumi.Bool(true)},
	}, parent,
		// The lookup answers fck-nat's newest AMI, and a new ami replaces the
		// instance: egress would drop and the routes move on whichever `up`
		// runs after fck-nat publishes. A new AMI is taken on purpose, by
		// replacing the instance (`pulumi up --replace <its urn>`, README).
		pulumi.IgnoreChanges([]string{"ami"}))
	if err != nil {
		return err
	}
	for i, table := range privateRouteTables {
		if _, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-nat-route-%d", name, i), &ec2.RouteArgs{
			RouteTableId:         table,
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			NetworkInterfaceId:   instance.PrimaryNetworkInterfaceId,
		}, parent); err != nil {
			return err
		}
	}
	return nil
}
