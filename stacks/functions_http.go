package stacks

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/functions"
	"platform/internal/routing"
	"platform/internal/schema"
	"platform/internal/validate"
)

// routedFunctions are the functions with an HTTP route, in name order.
func (c *Config) routedFunctions() []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Functions)) {
		if c.Workloads.Functions[name].HTTP != nil {
			out = append(out, name)
		}
	}
	return out
}

// hostService is the service whose host a function route shares; "" when
// the route has a host of its own.
func (c *Config) hostService(h schema.FunctionHTTP) string {
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if c.Workloads.Services[name].Subdomain == h.Subdomain {
			return name
		}
	}
	return ""
}

// routeGated reports whether a function's route is behind the Cognito gate:
// as for a service, wherever the environment is gated unless cognito is false.
func (c *Config) routeGated(h schema.FunctionHTTP) bool { return c.gated() && *h.Cognito }

// functionRoutes are the function routes placement takes part in, like
// services: a route on a service's host is pinned where that service is
// pinned, and must land on the same load balancer (sharedHostsTogether), as
// the host's record points there.
func (c *Config) functionRoutes() []routing.Route {
	var out []routing.Route
	for _, name := range c.routedFunctions() {
		h := *c.Workloads.Functions[name].HTTP
		route := routing.Route{Name: name, Paths: len(h.Paths) > 0}
		if s := c.hostService(h); s != "" {
			route.LoadBalancer = c.Workloads.Services[s].LoadBalancer
		}
		out = append(out, route)
	}
	return out
}

// sharedHostsTogether refuses a placement that puts a function route on
// another load balancer than the service whose host it shares.
func (c *Config) sharedHostsTogether(plan routing.Plan) error {
	var errs []error
	for _, name := range c.routedFunctions() {
		h := *c.Workloads.Functions[name].HTTP
		s := c.hostService(h)
		if s == "" || plan.Spots[name].LoadBalancer == plan.Spots[s].LoadBalancer {
			continue
		}
		errs = append(errs, validate.Field(c.workloadPath(s)+".loadBalancer", "unset",
			"leaves service "+s+" on another load balancer than function "+name+"'s route on its host",
			"pin loadBalancer on service "+s+" so the route follows it"))
	}
	return errors.Join(errs...)
}

// gatedRouteHosts are the hosts of the gated function routes that on accepts.
func (c *Config) gatedRouteHosts(on func(function string) bool) []string {
	var out []string
	for _, name := range c.routedFunctions() {
		h := *c.Workloads.Functions[name].HTTP
		if c.routeGated(h) && on(name) {
			out = append(out, h.Subdomain+"."+c.Domain)
		}
	}
	return out
}

// validateFunctionRoutes checks what the schema cannot: a route on a
// service's host names paths of its own, and no two routes share a host and paths.
func (c *Config) validateFunctionRoutes() error {
	var errs []error
	routes := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		s := c.Workloads.Services[name]
		routes[s.Subdomain+"|"+strings.Join(slices.Sorted(slices.Values(s.Paths)), ",")] = "service " + name
	}
	for _, name := range c.routedFunctions() {
		h := *c.Workloads.Functions[name].HTTP
		path := c.workloadPath(name) + ".http"
		switch s := c.hostService(h); {
		case h.Subdomain == "":
			errs = append(errs, validate.Missing(path+".subdomain", "the host's label under the domain, or a service's subdomain to share its host"))
			continue
		case s != "" && c.Workloads.Services[s].CDN:
			// The load balancer takes that host only with CloudFront's
			// secret header; a rule without it would open a way around the CDN.
			errs = append(errs, validate.Field(path+".subdomain", h.Subdomain, "is the host of service "+s+", which CloudFront serves",
				"a subdomain of its own, or a service's without cdn"))
		case s != "" && len(h.Paths) == 0:
			errs = append(errs, validate.Missing(path+".paths", "path patterns: the host is service "+s+"'s, which takes every other path"))
		}
		key := h.Subdomain + "|" + strings.Join(slices.Sorted(slices.Values(h.Paths)), ",")
		if other, dup := routes[key]; dup {
			errs = append(errs, validate.Field(path+".subdomain", h.Subdomain, "routes the same host and paths as "+other, "a host and path combination of its own"))
		}
		routes[key] = "function " + name
	}
	return errors.Join(errs...)
}

// routeArgs is a function's route on its load balancer, from the placement.
func (r *resolver) routeArgs(name string, h schema.FunctionHTTP, at site) *functions.HTTPRoute {
	spot := at.routes.Spots[name]
	route := &functions.HTTPRoute{Priority: spot.Priority, Cognito: r.cfg.routeGated(h), Host: h.Subdomain + "." + r.cfg.Domain, Paths: h.Paths, MultiValueHeaders: h.MultiValueHeaders}
	if cluster := at.place.Cluster; cluster != nil && spot.LoadBalancer < len(cluster.LoadBalancers) {
		balancer := cluster.LoadBalancers[spot.LoadBalancer]
		route.ListenerArn = balancer.HTTPSListenerArn
		if r.cfg.hostService(h) == "" {
			route.Record = &functions.Record{ZoneID: at.zoneID, AliasName: balancer.DNSName, AliasZoneID: balancer.ZoneID}
		}
	} else {
		// While validating there is no load balancer yet.
		route.ListenerArn = pulumi.String("placeholder")
	}
	if route.Cognito && spot.LoadBalancer < len(at.gates) && at.gates[spot.LoadBalancer] != nil {
		g := at.gates[spot.LoadBalancer]
		route.Gate = &functions.Gate{UserPoolArn: g.UserPoolArn, UserPoolClientID: g.UserPoolClientID, UserPoolDomain: g.UserPoolDomain}
	}
	return route
}

// anyFunction accepts every function.
func anyFunction(string) bool { return true }

// withNew appends the hosts of more that hosts lacks, keeping the order.
func withNew(hosts, more []string) []string {
	for _, h := range more {
		if !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return hosts
}
