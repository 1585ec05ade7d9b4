package stacks

import "platform/components/network"

// tierDefaults is what a tier gets wherever its stack file is silent.
type tierDefaults struct {
	// AZCount: production spans three zones to survive losing one with capacity left.
	AZCount int
	// NATGateways: one per zone in production so a zone outage cannot cut egress.
	NATGateways network.NATGatewayCount
	// InterfaceEndpoints keep AWS traffic off NAT and inside the VPC.
	InterfaceEndpoints bool
	// LogRetentionDays applies to every log group the stack creates.
	LogRetentionDays int
	// Protect keeps stateful resources from deletion, in AWS and in Pulumi.
	Protect bool
}

var defaultsByTier = map[Tier]tierDefaults{
	Dev:        {AZCount: 2, NATGateways: network.SingleNAT, InterfaceEndpoints: false, LogRetentionDays: 7, Protect: false},
	Staging:    {AZCount: 2, NATGateways: network.SingleNAT, InterfaceEndpoints: false, LogRetentionDays: 30, Protect: false},
	Production: {AZCount: 3, NATGateways: network.NATPerAZ, InterfaceEndpoints: true, LogRetentionDays: 90, Protect: true},
}

// withDefaults fills what the stack file left unset from the tier. It runs
// after the tier itself is known to be valid.
func (c *Config) withDefaults() {
	d, ok := defaultsByTier[c.Tier]
	if !ok {
		return
	}
	net := &c.Network
	if net.AZCount == 0 {
		net.AZCount = d.AZCount
	}
	if net.NATGateways == "" && (net.NAT == "" || net.NAT == network.NATGateway) {
		net.NATGateways = d.NATGateways
	}
	if net.InterfaceEndpoints == nil {
		net.InterfaceEndpoints = &d.InterfaceEndpoints
	}
	if net.FlowLogRetentionDays == 0 {
		net.FlowLogRetentionDays = d.LogRetentionDays
	}
	acc := &c.Access
	acc.Domain = c.Domain
	acc.Protect = d.Protect
	if acc.GitHub.DeployEnvironment == "" {
		acc.GitHub.DeployEnvironment = c.Stack
	}
}
