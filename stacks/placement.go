package stacks

import (
	"errors"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/internal/routing"
)

// placement puts every service of the product on a load balancer and gives
// it a listener priority (routing.Place). It reads only the product, so a
// base stack and its previews agree on it; held-back services are placed
// too, so rolling one out later moves no other.
func (c *Config) placement() (routing.Plan, error) {
	var routes []routing.Route
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		s := c.Workloads.Services[name]
		routes = append(routes, routing.Route{Name: name, LoadBalancer: s.LoadBalancer, Priority: s.Priority, Paths: len(s.Paths) > 0})
	}
	plan, err := routing.Place(append(routes, c.functionRoutes()...), routing.Capacity(c.hostsPreviews()), c.workloadPath)
	return plan, errors.Join(err, c.sharedHostsTogether(plan))
}

// mustPlacement is the placement of a validated config.
func (c *Config) mustPlacement() routing.Plan {
	plan, err := c.placement()
	if err != nil {
		panic("placement of a validated config: " + err.Error())
	}
	return plan
}

// loadBalancers is how many load balancers the cluster makes: one even
// without services, where previews and the zone's records point.
func loadBalancers(plan routing.Plan) int { return max(1, plan.LoadBalancers) }

// gateClients are the gated hosts of each load balancer (services' and
// function routes', each once): one app client each.
func (c *Config) gateClients(plan routing.Plan) [][]string {
	var out [][]string
	for lb := range loadBalancers(plan) {
		var hosts []string
		for _, name := range plan.Hosted(lb) {
			if s, ok := c.Workloads.Services[name]; ok && c.Gated(s) {
				hosts = append(hosts, c.Host(s))
			}
		}
		out = append(out, withNew(hosts, c.gatedRouteHosts(func(fn string) bool { return plan.Spots[fn].LoadBalancer == lb })))
	}
	return out
}

// targetPorts are the container ports of the services, each once, sorted:
// the load balancers may send to web tasks on these.
func (c *Config) targetPorts() []int {
	seen := map[int]bool{}
	for _, s := range c.Workloads.Services {
		seen[*s.Port] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// gatesOf are the gates of each load balancer: the same user pool, with the
// load balancer's own app client.
func gatesOf(arn, domain pulumi.StringInput, clients []pulumi.StringOutput) []*compute.Gate {
	var out []*compute.Gate
	for _, id := range clients {
		out = append(out, &compute.Gate{UserPoolArn: arn, UserPoolClientID: id, UserPoolDomain: domain})
	}
	return out
}

// runningLoadBalancers is how many load balancers the stack runs: none while
// paused (nothing serves; the access logs and the groups stay).
func (c *Config) runningLoadBalancers(plan routing.Plan) int {
	if c.Paused {
		return 0
	}
	return loadBalancers(plan)
}
