// Package secgroup holds the security-group chain every component builds
// on: groups without inline rules, and hops from one group to another.
package secgroup

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Hop describes one hop of a security-group chain.
type Hop struct {
	// To is the security group that admits.
	To pulumi.StringInput
	// From is the security group admitted; never a CIDR, so a chain is only as
	// wide as the groups in it.
	From pulumi.StringInput
	// Port is the one TCP port admitted.
	Port pulumi.IntInput
	// Description says who is admitted and why.
	Description string
}

// Admit lets the members of one security group reach another on one port.
// The rule is its own resource, owned by whoever asks for the access, so
// removing a service removes its way in.
func Admit(ctx *pulumi.Context, name string, args Hop, opts ...pulumi.ResourceOption) (*vpc.SecurityGroupIngressRule, error) {
	return vpc.NewSecurityGroupIngressRule(ctx, name, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           args.To,
		ReferencedSecurityGroupId: args.From,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  args.Port,
		ToPort:                    args.Port,
		Description:               pulumi.String(args.Description),
	}, opts...)
}

// AllowOut lets the members of From open connections to To on one port: the
// egress half of a hop, for groups that have no other way out.
func AllowOut(ctx *pulumi.Context, name string, args Hop, opts ...pulumi.ResourceOption) (*vpc.SecurityGroupEgressRule, error) {
	return vpc.NewSecurityGroupEgressRule(ctx, name, &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId:           args.From,
		ReferencedSecurityGroupId: args.To,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  args.Port,
		ToPort:                    args.Port,
		Description:               pulumi.String(args.Description),
	}, opts...)
}

// New creates a group with no inline rules: AWS's allow-all
// egress is removed, and every hop is its own rule (Admit, AllowOut), so
// components can add hops to each other's groups without conflicts.
func New(ctx *pulumi.Context, name string, vpcID pulumi.StringInput, description string, opts ...pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	return ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{VpcId: vpcID, Description: pulumi.String(description)}, opts...)
}
