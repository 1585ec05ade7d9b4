package stacks

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/access"
	"platform/components/compute"
	"platform/components/ingress"
	"platform/components/network"
	"platform/internal/schema"
	"platform/internal/validate"
)

// An environment is reached through Application Load Balancers (alb) or
// through API Gateway HTTP APIs (api-gateway): one API per host, a VPC link
// into the private subnets, the services registered in Cloud Map, and the
// Cognito gate as a JWT authorizer on the gated hosts' routes.

// resolveIngress applies the tier's ingress and the APIs' throttling defaults.
func resolveIngress(r *schema.Stack, d tierDefaults) {
	r.Ingress = cmp.Or(r.Ingress, d.Ingress, schema.IngressALB)
	if r.Ingress != schema.IngressAPIGateway {
		return
	}
	r.APIGateway.ThrottlingBurstLimit = or(r.APIGateway.ThrottlingBurstLimit, ingress.DefaultBurstLimit)
	r.APIGateway.ThrottlingRateLimit = or(r.APIGateway.ThrottlingRateLimit, float64(ingress.DefaultRateLimit))
}

// usesAPIGateway reports whether the stack's hosts are served by HTTP APIs.
func (c *Config) usesAPIGateway() bool { return c.Ingress == schema.IngressAPIGateway }

// validateIngress refuses what an HTTP API cannot do: CloudFront in front,
// load-balancer pins, path patterns without a route key, and throttling
// beyond the account's default quota. A priority is kept and unused: it
// orders listener rules, and an HTTP API picks the most specific route.
func (c *Config) validateIngress() error {
	if err := validate.OneOf(c.key("ingress"), c.Ingress, schema.IngressALB, schema.IngressAPIGateway); err != nil {
		return err
	}
	g := c.APIGateway
	if !c.usesAPIGateway() {
		if g.ThrottlingBurstLimit != nil || g.ThrottlingRateLimit != nil {
			return validate.Field(c.key("apiGateway"), "set", "sizes HTTP APIs the stack does not have", c.key("ingress")+" api-gateway, or no "+c.key("apiGateway"))
		}
		return nil
	}
	errs := []error{validate.Range(c.key("apiGateway")+".throttlingBurstLimit", *g.ThrottlingBurstLimit, 1, ingress.MaxBurstLimit)}
	if rate := *g.ThrottlingRateLimit; rate < 1 || rate > float64(ingress.MaxRateLimit) {
		errs = append(errs, validate.Field(c.key("apiGateway")+".throttlingRateLimit", rate, "is outside the account's default throttle quota", fmt.Sprintf("1 to %d requests per second", ingress.MaxRateLimit)))
	}
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		s, path := c.Workloads.Services[name], c.workloadPath(name)
		if s.CDN {
			errs = append(errs, validate.Field(path+".cdn", true, "puts CloudFront in front of a load balancer the api-gateway ingress does not have", "cdn false, or "+c.key("ingress")+" alb"))
		}
		if s.LoadBalancer != nil {
			errs = append(errs, validate.Field(path+".loadBalancer", *s.LoadBalancer, "pins a load balancer the api-gateway ingress does not have", "only with "+c.key("ingress")+" alb"))
		}
		if s.Release.Canary() {
			errs = append(errs, validate.Field(path+".release.strategy", s.Release.Strategy, "splits traffic by a load balancer's weighted forward, which the api-gateway ingress does not have", "rolling, or "+c.key("ingress")+" alb"))
		}
		if _, err := ingress.RouteKeys(s.Paths); err != nil {
			errs = append(errs, validate.Nest(path, err))
		}
	}
	for _, name := range c.routedFunctions() {
		errs = append(errs, validate.Field(c.workloadPath(name)+".http", "set", "routes through a load balancer the api-gateway ingress does not have", "no http trigger, or "+c.key("ingress")+" alb"))
	}
	return errors.Join(errs...)
}

// clusterBalancers is how many load balancers the cluster runs and the
// ports they send to: none with api-gateway.
func (c *Config) clusterBalancers(running int) (int, []int) {
	if c.usesAPIGateway() {
		return 0, nil
	}
	return running, c.targetPorts()
}

// vpcLink is API Gateway's way to the services, and the services' hook to
// it; none with alb or while paused (nothing runs to reach).
func (c *Config) vpcLink(ctx *pulumi.Context, net *network.Network, opts ...pulumi.ResourceOption) (*compute.Registry, *ingress.VpcLink, error) {
	if !c.usesAPIGateway() || c.Paused {
		return nil, nil, nil
	}
	link, err := ingress.NewVpcLink(ctx, "ingress", &ingress.VpcLinkArgs{VpcID: net.VpcID, SubnetIDs: net.PrivateSubnetIDs}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return &compute.Registry{LinkSecurityGroupID: link.SecurityGroupID}, link, nil
}

// httpAPIs creates one HTTP API per host of the deployed services, its
// routes through the link to their Cloud Map services, and the JWT
// authorizer on gated hosts; it returns the API ids by component name.
func (c *Config) httpAPIs(ctx *pulumi.Context, link *ingress.VpcLink, acc *access.AccessLayer, services map[string]*compute.FargateService, opts ...pulumi.ResourceOption) (map[string]pulumi.StringInput, error) {
	if link == nil {
		return nil, nil
	}
	ids := map[string]pulumi.StringInput{}
	for _, host := range c.apiHosts(services) {
		args := &ingress.HttpApiArgs{
			Host: host.name, ZoneID: acc.ZoneID, CertificateArn: acc.CertificateArn, VpcLinkID: link.ID,
			BurstLimit: *c.APIGateway.ThrottlingBurstLimit, RateLimit: *c.APIGateway.ThrottlingRateLimit,
			LogRetentionDays: *c.Observability.LogRetentionDays,
		}
		for _, name := range host.services {
			s := c.Workloads.Services[name]
			args.Routes = append(args.Routes, ingress.Route{Service: name, Paths: s.Paths, Registry: services[name].RegistryArn, Gated: c.Gated(s)})
			if c.Gated(s) && args.Authorizer == nil {
				args.Authorizer = c.jwtOf(acc)
			}
		}
		api, err := ingress.NewHttpApi(ctx, host.component, args, opts...)
		if err != nil {
			return nil, validate.Nest(c.key("ingress"), err)
		}
		ids[host.component] = api.ApiID
	}
	return ids, nil
}

// apiHost is one host's API: its name, its component's name and the
// services it routes to, sorted.
type apiHost struct {
	name, component string
	services        []string
}

// apiHosts groups the deployed services by host, sorted by host.
func (c *Config) apiHosts(services map[string]*compute.FargateService) []apiHost {
	byHost := map[string]*apiHost{}
	for _, name := range slices.Sorted(maps.Keys(services)) {
		s := c.Workloads.Services[name]
		h := c.Host(s)
		if byHost[h] == nil {
			byHost[h] = &apiHost{name: h, component: "ingress-" + strings.ReplaceAll(s.Subdomain, ".", "-")}
		}
		byHost[h].services = append(byHost[h].services, name)
	}
	var out []apiHost
	for _, h := range slices.Sorted(maps.Keys(byHost)) {
		out = append(out, *byHost[h])
	}
	return out
}

// apiClient asks the access layer for the public app client that issues
// the HTTP APIs' tokens; the ALB ingress has a login page instead.
func (c *Config) apiClient() *access.APIClientArgs {
	if !c.usesAPIGateway() {
		return nil
	}
	return &access.APIClientArgs{}
}

// jwtOf is the gate as a JWT authorizer: tokens of the stack's user pool
// for the public API client, the one audience it accepts. A load balancer's
// confidential client is not one: no load balancer serves here to use it,
// and its secret is not something to hand to each developer.
func (c *Config) jwtOf(acc *access.AccessLayer) *ingress.JWT {
	return &ingress.JWT{
		Issuer:   pulumi.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", c.Region, acc.UserPoolID),
		Audience: acc.APIClientID,
	}
}

// apiClientOutputs export the API client's id, with which a developer's
// OAuth tool asks the hosted UI for a token; none without the client.
func apiClientOutputs(outputs pulumi.Map, acc *access.AccessLayer) {
	if acc.APIClientID.OutputState != nil {
		outputs["apiClientId"] = acc.APIClientID
	}
}

// refuseIngress: a preview routes through its base's load balancers, which
// a base served by API Gateway does not have.
func (p basePlan) refuseIngress(project, base, preview string) error {
	if p.Ingress != schema.IngressAPIGateway {
		return nil
	}
	return fmt.Errorf("%s is served by API Gateway (%s:ingress api-gateway), and previews need its load balancer: preview %s cannot be deployed on it", base, project, preview)
}
