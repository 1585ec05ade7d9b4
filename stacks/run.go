// Package stacks composes the platform's components for one Pulumi stack from
// its typed, validated config.
package stacks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"platform/policy"

	"platform/components/access"
	"platform/components/compute"
	"platform/components/data"
	"platform/components/ingress"
	"platform/components/network"
	"platform/internal/graph"
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
	provider, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String(cfg.Region), DefaultTags: tags, AllowedAccountIds: cfg.allowedAccounts()})
	if err != nil {
		return nil, err
	}
	onAWS := pulumi.Providers(provider)
	// Every role of the stack carries its boundary; it exists before the first role.
	boundary, err := access.NewPermissionsBoundary(ctx, "boundary", &access.PermissionsBoundaryArgs{
		GrantsPreviews: cfg.hostsPreviews(), PromotesFrom: cfg.promotesFrom(),
	}, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	bound, err := access.StackRoles(ctx, boundary.Arn, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterStackTransformation(bound); err != nil {
		return nil, err
	}
	if !cfg.delegated() {
		return cfg.awaitDelegation(ctx, boundary.Arn, onAWS)
	}

	net, err := network.NewNetwork(ctx, "network", networkArgs(cfg), onAWS)
	if err != nil {
		return nil, err
	}
	state, err := data.NewDataLayer(ctx, "data", dataArgs(cfg, net.VpcID, net.IsolatedSubnetIDs), onAWS)
	if err != nil {
		return nil, err
	}

	view := viewOf(state)
	r := &resolver{cfg: cfg, data: view}
	plan := cfg.mustPlacement()
	in := cfg.accessInputsOf(boundary.Arn)
	in.gateClients = cfg.gateClients(plan)
	if !cfg.Paused {
		// Paused, no task runs: the execution role reads no secret.
		in.executionSecrets, in.executionParameterARNs = r.executionSecrets(cfg.deployed())
	}
	var edge pulumi.ProviderResource
	if cfg.NeedsEdgeCertificate() {
		// CloudFront takes certificates from us-east-1 only.
		edge, err = aws.NewProvider(ctx, "aws-"+edgeRegion, &aws.ProviderArgs{Region: pulumi.String(edgeRegion), DefaultTags: tags, AllowedAccountIds: cfg.allowedAccounts()})
		if err != nil {
			return nil, err
		}
		in.cdnProvider = edge
	}
	acc, err := access.NewAccessLayer(ctx, "access", cfg.accessArgs(in), onAWS)
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

	var webACL pulumi.StringInput // none without the regional web ACL
	if *cfg.Access.WAF {
		webACL = acc.WebACLArn
	}
	balancers, targetPorts := cfg.clusterBalancers(cfg.runningLoadBalancers(plan))
	cluster, err := compute.NewCluster(ctx, "cluster", &compute.ClusterArgs{
		VpcID:           net.VpcID,
		PublicSubnetIDs: net.PublicSubnetIDs,
		CertificateArn:  acc.CertificateArn,
		WebACLArn:       webACL,
		Protect:         defaultsByTier[cfg.Tier].Protect,
		LoadBalancers:   balancers,
		TargetPorts:     targetPorts,
		// Previews gate on dev's cluster, so dev's tier decides, not its hosts.
		AuthenticatesUsers: cfg.gated(),
	}, onAWS)
	if err != nil {
		return nil, err
	}
	// Repositories exist from the first `up`; a workload rolls out once its image is there.
	notRolledOut := cfg.notRolledOutLines()
	for _, line := range notRolledOut {
		if err := ctx.Log.Warn("not rolled out: "+line, nil); err != nil {
			return nil, err
		}
	}
	at := site{
		place: compute.Placement{
			Cluster:            cluster,
			SubnetIDs:          net.PrivateSubnetIDs,
			ExecutionRoleArn:   acc.ExecutionRoleArn,
			LogRetentionDays:   *cfg.Observability.LogRetentionDays,
			LogClass:           cfg.Observability.LogClass,
			ExecutionRoleReady: []pulumi.Resource{acc.ExecutionRolePolicy},
		},
		zoneID: acc.ZoneID,
		routes: plan,
		gates:  gatesOf(acc.UserPoolArn, acc.UserPoolDomain, acc.UserPoolClientIDs),
		edge:   edgeEntry{certificate: cdnCertificate, webACL: acc.CDNWebACLArn},
	}
	var link *ingress.VpcLink
	if at.registry, link, err = cfg.vpcLink(ctx, net, onAWS); err != nil {
		return nil, err
	}
	deployed, err := r.workloads(ctx, at, onAWS)
	if err != nil {
		return nil, err
	}
	if deployed.apis, err = cfg.httpAPIs(ctx, link, acc, deployed.services, onAWS); err != nil {
		return nil, err
	}
	if err := cfg.restartOnRotation(ctx, state, cluster, onAWS); err != nil {
		return nil, err
	}

	watch, err := cfg.observe(ctx, state, cluster, deployed, edge, tags, onAWS)
	if err != nil {
		return nil, err
	}

	urls := pulumi.StringMap{}
	for name, s := range deployed.services {
		urls[name] = pulumi.String(s.URL)
	}
	outputs := pulumi.Map{
		"environment":       pulumi.String(cfg.Tier),
		"region":            pulumi.String(cfg.Region),
		"domain":            pulumi.String(cfg.Domain),
		"vpcCidr":           net.CIDR,
		"publicSubnetIds":   net.PublicSubnetIDs,
		"isolatedSubnetIds": net.IsolatedSubnetIDs,
		"nameServers":       acc.NameServers,
		"certificateArn":    acc.CertificateArn,
		"executionRoleArn":  acc.ExecutionRoleArn,
		"deployRoleArn":     acc.DeployRoleArn,
		"previewRoleArn":    acc.PreviewRoleArn,
		"urls":              urls,
		"alertsTopicArn":    watch.TopicArn,
	}
	if !cfg.Paused && !cfg.usesAPIGateway() {
		outputs["dashboard"] = watch.DashboardName
		if *cfg.Access.WAF {
			outputs["webAclArn"] = acc.WebACLArn
		}
	}
	cfg.pauseOutputs(ctx, outputs)
	apiClientOutputs(outputs, acc)
	addGrafanaOutputs(outputs, cfg, watch)
	if len(notRolledOut) > 0 {
		outputs["notRolledOut"] = pulumi.ToStringArray(notRolledOut)
	}
	if waivers := cfg.waiversOutput(); len(waivers) > 0 {
		outputs[policy.WaiversKey] = waivers
	}
	outputs[graph.DeployFactsKey] = pulumi.ToMap(cfg.deployFacts().Output())
	if !cfg.Paused {
		// Nothing runs while paused, and the parts it would reach may be gone.
		outputs[VariablesKey] = r.variables(cfg.deployed())
	}
	if empty := cfg.emptySecrets(); len(empty) > 0 {
		outputs[EmptySecretsKey] = pulumi.ToStringArray(empty)
		for _, name := range empty {
			if err := ctx.Log.Warn("secret "+name+" is created empty: put its value (aws secretsmanager put-secret-value) before a task that reads it starts", nil); err != nil {
				return nil, err
			}
		}
	}
	base := baseStack{
		ClusterArn: cluster.Arn, ClusterName: cluster.Name, VpcID: net.VpcID,
		ALBDNSName: cluster.ALBDNSName, NamespaceID: cluster.NamespaceID, ZoneID: acc.ZoneID,
		PrivateSubnetIDs: net.PrivateSubnetIDs, Data: view.exports(), Plan: cfg.basePlan(),
		TasksSecurityGroupID: cluster.TasksSecurityGroupID, LoadBalancers: loadBalancerOutputs(cluster.LoadBalancers),
	}
	if cfg.Paused || cfg.usesAPIGateway() {
		// No load balancer: a preview of a paused base has nothing to attach to.
		base.ALBDNSName = nil
	}
	if acc.UserPoolArn.OutputState != nil {
		base.UserPoolArn, base.UserPoolID, base.UserPoolDomain = acc.UserPoolArn, acc.UserPoolID, acc.UserPoolDomain
	}
	base.exports(outputs)
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
