package data

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
)

// clientGroups gives each part a client group: a workload that declares the
// part joins it, and the part admits the group once. Without it every
// workload added an inbound rule to the part's group, and a group holds
// 60 (Inbound rules per security group, default); now the part's group has
// one rule however many workloads use it, and it still admits only the
// workloads that declared the part (a cache user is no database client).
func (b *builder) clientGroups() error {
	type part struct {
		role, description string
		admits            pulumi.StringOutput
		port              int
		out               *pulumi.StringOutput
	}
	var parts []part
	if db := b.layer.Database; db != nil {
		parts = append(parts, part{"db", "Database clients: workloads that declared the database", db.ClientSecurityGroupID, db.Port, &db.ClientGroupID})
	}
	if c := b.layer.Cache; c != nil {
		parts = append(parts, part{"cache", "Valkey clients: workloads that declared the cache", c.ClientSecurityGroupID, c.Port, &c.ClientGroupID})
	}
	if br := b.layer.Broker; br != nil {
		parts = append(parts, part{"broker", "RabbitMQ clients: workloads that declared the broker", br.ClientSecurityGroupID, br.Port, &br.ClientGroupID})
	}
	for _, p := range parts {
		sg, err := b.securityGroup(p.role+"-clients", p.description)
		if err != nil {
			return err
		}
		hop := secgroup.Hop{To: p.admits, From: sg.ID(), Port: pulumi.Int(p.port), Description: p.description}
		in, err := secgroup.Admit(b.ctx, b.name+"-"+p.role+"-from-clients", hop, b.opts()...)
		if err != nil {
			return err
		}
		out, err := secgroup.AllowOut(b.ctx, b.name+"-"+p.role+"-clients-out", hop, b.opts()...)
		if err != nil {
			return err
		}
		// The group's id waits for both rules: a task (a migration run) that
		// joins it can reach the part as soon as it starts.
		*p.out = pulumi.All(sg.ID(), in.ID(), out.ID()).ApplyT(func(v []any) string { return string(v[0].(pulumi.ID)) }).(pulumi.StringOutput)
	}
	return nil
}
