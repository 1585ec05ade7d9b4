// Package stacks composes the platform's components for one Pulumi stack from
// its typed, validated config.
package stacks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/compute"
	"platform/components/data"
	"platform/components/network"
)

// ManagedBy is the value of the managed-by tag on every resource.
const ManagedBy = "pulumi"

// Run is the Pulumi program: `pulumi.Run(stacks.Run)`.
func Run(ctx *pulumi.Context) error {
	outputs, err := Deploy(ctx)
	if err != nil {
		return err
	}
	for name, value := range outputs {
		ctx.Export(name, value)
	}
	return nil
}

// Deploy registers the stack's resources and returns its outputs. Config is
// validated in full before the first resource is registered.
func Deploy(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Preview != nil {
		return DeployPreview(ctx, cfg)
	}
	tags := &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(cfg.DefaultTags())}
	provider, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String(cfg.Region), DefaultTags: tags})
	if err != nil {
		return nil, err
	}
	onAWS := pulumi.Providers(provider)
	if !cfg.Access.IsDelegated() {
		return awaitDelegation(ctx, cfg, onAWS)
	}

	net, err := network.NewNetwork(ctx, "network", &cfg.Network, onAWS)
	if err != nil {
		return nil, err
	}

	cfg.Data.VpcID = net.VpcID
	cfg.Data.IsolatedSubnetIDs = net.IsolatedSubnetIDs
	state, err := data.NewDataLayer(ctx, "data", &cfg.Data, onAWS)
	if err != nil {
		return nil, err
	}

	view := viewOf(state)
	r := &resolver{cfg: cfg, data: view}
	cfg.Access.GatedHosts = cfg.GatedHosts()
	cfg.Access.CDN = cfg.UsesCDN()
	cfg.Access.CDNHosts = cfg.CDNHosts()
	cfg.Access.LargeBodyPaths = cfg.largeBodyPaths()
	cfg.Access.ExecutionSecretARNs, cfg.Access.ExecutionParameterARNs = r.executionSecrets()
	if cfg.NeedsEdgeCertificate() {
		// CloudFront takes certificates from us-east-1 only.
		edge, err := aws.NewProvider(ctx, "aws-"+edgeRegion, &aws.ProviderArgs{Region: pulumi.String(edgeRegion), DefaultTags: tags})
		if err != nil {
			return nil, err
		}
		cfg.Access.CDNProvider = edge
	}
	acc, err := access.NewAccessLayer(ctx, "access", &cfg.Access, onAWS)
	if err != nil {
		return nil, err
	}
	if cfg.Access.MailDomain != "" {
		view.sendMailPolicy = acc.SendMailPolicyArn
	}
	cdnCertificate := acc.CDNCertificateArn
	if !cfg.NeedsEdgeCertificate() {
		cdnCertificate = acc.CertificateArn
	}

	cluster, err := compute.NewCluster(ctx, "cluster", &compute.ClusterArgs{
		VpcID:           net.VpcID,
		PublicSubnetIDs: net.PublicSubnetIDs,
		CertificateArn:  acc.CertificateArn,
		WebACLArn:       acc.WebACLArn,
		Protect:         defaultsByTier[cfg.Tier].Protect,
		// Previews gate on dev's cluster, so dev's tier decides, not its hosts.
		AuthenticatesUsers: cfg.Gate,
	}, onAWS)
	if err != nil {
		return nil, err
	}
	// Repositories exist from the first `up`; a workload rolls out once its image is there.
	notRolledOut := cfg.holdBack()
	for _, line := range notRolledOut {
		if err := ctx.Log.Warn("not rolled out: "+line, nil); err != nil {
			return nil, err
		}
	}
	place := compute.Placement{
		Cluster:          cluster,
		SubnetIDs:        net.PrivateSubnetIDs,
		ExecutionRoleArn: acc.ExecutionRoleArn,
		LogRetentionDays: cfg.Observability.LogRetentionDays,
		// The execution role's secret permission is a child of the layer.
		ExecutionRoleReady: []pulumi.Resource{acc},
	}
	services, err := r.workloads(ctx, place, acc.ZoneID, acc.Gate, edgeEntry{certificate: cdnCertificate, webACL: acc.CDNWebACLArn}, onAWS)
	if err != nil {
		return nil, err
	}
	if err := cfg.restartOnRotation(ctx, state, cluster, onAWS); err != nil {
		return nil, err
	}

	var edge pulumi.ProviderResource
	if cfg.NeedsEdgeCertificate() {
		edge = cfg.Access.CDNProvider
	}
	watch, err := cfg.observe(ctx, state, cluster, services, edge, tags, onAWS)
	if err != nil {
		return nil, err
	}

	urls := pulumi.StringMap{}
	for name, s := range services {
		urls[name] = pulumi.String(s.URL)
	}
	outputs := pulumi.Map{
		"environment":       pulumi.String(cfg.Tier),
		"region":            pulumi.String(cfg.Region),
		"domain":            pulumi.String(cfg.Domain),
		"vpcId":             net.VpcID,
		"vpcCidr":           net.CIDR,
		"publicSubnetIds":   net.PublicSubnetIDs,
		"privateSubnetIds":  net.PrivateSubnetIDs,
		"isolatedSubnetIds": net.IsolatedSubnetIDs,
		"zoneId":            acc.ZoneID,
		"nameServers":       acc.NameServers,
		"certificateArn":    acc.CertificateArn,
		"executionRoleArn":  acc.ExecutionRoleArn,
		"deployRoleArn":     acc.DeployRoleArn,
		"previewRoleArn":    acc.PreviewRoleArn,
		"webAclArn":         acc.WebACLArn,
		"clusterArn":        cluster.Arn,
		"albDnsName":        cluster.ALBDNSName,
		"httpsListenerArn":  cluster.HTTPSListenerArn,
		"urls":              urls,
		"alertsTopicArn":    watch.TopicArn,
		"dashboard":         watch.DashboardName,
		// What a preview stack reads back through a StackReference.
		"data":               view.exports(),
		"clusterName":        cluster.Name,
		"albZoneId":          cluster.ALBZoneID,
		"albSecurityGroupId": cluster.ALBSecurityGroupID,
		"namespaceId":        cluster.NamespaceID,
	}
	if len(notRolledOut) > 0 {
		outputs["notRolledOut"] = pulumi.ToStringArray(notRolledOut)
	}
	if gate := acc.Gate; gate != nil {
		outputs["userPoolArn"] = gate.UserPoolArn
		outputs["userPoolId"] = gate.UserPoolID
		outputs["userPoolDomain"] = gate.UserPoolDomain
	}
	if db := state.Database; db != nil {
		outputs["databaseHost"] = db.Host
		outputs["databaseSecretArn"] = db.SecretArn
	}
	if cache := state.Cache; cache != nil {
		outputs["cacheHost"] = cache.Host
	}
	if broker := state.Broker; broker != nil {
		outputs["brokerEndpoint"] = broker.Endpoint
	}
	return outputs, nil
}

// DefaultTags are the tags the AWS provider puts on every resource it manages.
func (c *Config) DefaultTags() map[string]string {
	tags := map[string]string{}
	for k, v := range c.Tags {
		tags[k] = v
	}
	tags["environment"] = string(c.Tier)
	tags["project"] = c.Project
	tags["stack"] = c.Stack
	tags["managed-by"] = ManagedBy
	tags["owner"] = c.Owner
	return tags
}
