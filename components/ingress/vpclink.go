// Package ingress is the api-gateway way into an environment: a VPC link
// from API Gateway into the private subnets, and one HTTP API per host
// whose routes reach the services' Cloud Map registrations through it.
package ingress

import (
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/naming"
	"platform/internal/validate"
)

// VpcLinkArgs configure a VpcLink.
type VpcLinkArgs struct {
	// VpcID is the VPC of the services. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the private subnets the link's interfaces go into, one
	// per zone the services run in. Required.
	SubnetIDs pulumi.StringArrayInput
}

func (a VpcLinkArgs) validate() error {
	var errs []error
	if a.VpcID == nil {
		errs = append(errs, validate.Missing("vpcId", "the network's VPC"))
	}
	if a.SubnetIDs == nil {
		errs = append(errs, validate.Missing("subnetIds", "the network's private subnets"))
	}
	return errors.Join(errs...)
}

// VpcLink is API Gateway's way into the VPC and the security group its
// interfaces carry: services admit that group on their port, nothing else.
type VpcLink struct {
	pulumi.ResourceState

	// ID is the link integrations connect through.
	ID pulumi.StringOutput
	// SecurityGroupID is the group of the link's interfaces. It has no way
	// out of its own: each service adds the hop to its port.
	SecurityGroupID pulumi.StringOutput
}

// NewVpcLink creates the link and its security group.
func NewVpcLink(ctx *pulumi.Context, name string, args *VpcLinkArgs, opts ...pulumi.ResourceOption) (*VpcLink, error) {
	a := *args
	if err := a.validate(); err != nil {
		return nil, err
	}
	l := &VpcLink{}
	if err := ctx.RegisterComponentResource("platform:ingress:VpcLink", name, l, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(l)
	group, err := secgroup.New(ctx, name+"-sg", a.VpcID, "API Gateway VPC link: reaches the services it routes to", parent)
	if err != nil {
		return nil, err
	}
	link, err := apigatewayv2.NewVpcLink(ctx, name+"-link", &apigatewayv2.VpcLinkArgs{
		Name:             pulumi.String(naming.FromContext(ctx).Name(naming.Label, "vpc-link")),
		SubnetIds:        a.SubnetIDs,
		SecurityGroupIds: pulumi.StringArray{group.ID()},
	}, parent)
	if err != nil {
		return nil, err
	}
	l.ID, l.SecurityGroupID = link.ID().ToStringOutput(), group.ID().ToStringOutput()
	return l, ctx.RegisterResourceOutputs(l, pulumi.Map{"vpcLinkId": l.ID, "securityGroupId": l.SecurityGroupID})
}
