package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/servicediscovery"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
)

// Registry serves a web service through an API Gateway VPC link instead of
// a load balancer: its tasks register in Cloud Map with an address and a
// port (SRV records), which HTTP API private integrations resolve, and the
// link's security group is admitted on the service's port.
type Registry struct {
	// LinkSecurityGroupID is the VPC link's group. Required.
	LinkSecurityGroupID pulumi.StringInput
}

// newRegisteredService is a FargateService without a load balancer: the
// task, the VPC link's hop to it, the Cloud Map service, the ECS service
// and its autoscaling. The host's API and record are the ingress's.
func newRegisteredService(ctx *pulumi.Context, name string, a FargateServiceArgs, s *FargateService) error {
	parent := pulumi.Parent(s)
	cluster := a.Placement.Cluster
	t, err := newTask(ctx, name, a.Task, a.Port, a.Placement, s)
	if err != nil {
		return err
	}
	// The link's group has no way out but these hops: one per service it reaches.
	hop := secgroup.Hop{To: t.securityGroup.ID(), From: a.Registry.LinkSecurityGroupID, Port: pulumi.Int(a.Port), Description: "VPC link to " + name}
	if _, err := secgroup.Admit(ctx, name+"-from-link", hop, parent); err != nil {
		return err
	}
	if _, err := secgroup.AllowOut(ctx, name+"-link-out", hop, parent); err != nil {
		return err
	}
	discovery, err := servicediscovery.NewService(ctx, name+"-discovery", &servicediscovery.ServiceArgs{
		Name: pulumi.String(name),
		DnsConfig: servicediscovery.ServiceDnsConfigArgs{
			NamespaceId:   cluster.NamespaceID,
			RoutingPolicy: pulumi.String("MULTIVALUE"),
			// A keeps the name other services call; SRV adds the port an
			// HTTP API integration needs to reach an instance.
			DnsRecords: servicediscovery.ServiceDnsConfigDnsRecordArray{
				servicediscovery.ServiceDnsConfigDnsRecordArgs{Type: pulumi.String("A"), Ttl: pulumi.Int(10)},
				servicediscovery.ServiceDnsConfigDnsRecordArgs{Type: pulumi.String("SRV"), Ttl: pulumi.Int(10)},
			},
		},
		HealthCheckCustomConfig: servicediscovery.ServiceHealthCheckCustomConfigArgs{FailureThreshold: pulumi.Int(1)},
	}, parent)
	if err != nil {
		return err
	}
	ecsArgs := serviceArgs(name, cluster, t, a.Placement, a.Scaling, a.Task.Exec)
	// With SRV records on awsvpc tasks, ECS takes the container and its port.
	ecsArgs.ServiceRegistries = ecs.ServiceServiceRegistriesArgs{
		RegistryArn: discovery.Arn, ContainerName: pulumi.String(a.Task.entryName(name)), ContainerPort: pulumi.Int(a.Port),
	}
	ecsArgs.WaitForSteadyState = pulumi.Bool(true)
	service, err := ecs.NewService(ctx, name+"-service", ecsArgs, parent,
		pulumi.DependsOn(append(cluster.ready(), a.After...)),
		pulumi.IgnoreChanges([]string{"desiredCount"}))
	if err != nil {
		return err
	}
	if err := autoscale(ctx, name, cluster, service, a.Scaling, parent); err != nil {
		return err
	}
	s.ServiceName, s.RegistryArn = service.Name, discovery.Arn
	s.LogGroupName = t.logGroup.Name
	s.SecurityGroupID = t.securityGroup.ID().ToStringOutput()
	return ctx.RegisterResourceOutputs(s, pulumi.Map{"url": pulumi.String(s.URL), "serviceName": s.ServiceName})
}
