package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"platform/components/compute"
	"platform/internal/routing"
	"platform/internal/schema"
	"platform/internal/validate"
)

// placement puts every service of the product on a load balancer and gives
// it a listener priority (routing.Place). It reads the product and the
// recorded placement (a preview's is its base stack's), so a base stack and
// its previews agree on it; held-back services are placed too, so rolling
// one out later moves no other. Entries of services the product no longer
// has are ignored: their spots are free for new services. A service's canary
// in flight counts its target group on the service's load balancer.
func (c *Config) placement() (routing.Plan, error) {
	var routes []routing.Route
	var errs []error
	var all []routing.Route
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		s := c.Workloads.Services[name]
		_, canary := c.Canary[name] // its target group goes on the service's load balancer too
		all = append(all, routing.Route{Name: name, LoadBalancer: s.LoadBalancer, Priority: s.Priority, Paths: len(s.Paths) > 0, Canary: canary})
	}
	for _, route := range append(all, c.functionRoutes()...) {
		name := route.Name
		if placed, ok := c.Placement[name]; ok {
			spot, err := c.recordedSpot(name, placed)
			errs = append(errs, err)
			if err == nil {
				route.Recorded = &spot
			}
		}
		routes = append(routes, route)
	}
	plan, err := routing.Place(routes, routing.Capacity(c.hostsPreviews()), routing.Paths{Service: c.workloadPath, Recorded: c.recordPath, Canary: c.canaryPath})
	return plan, errors.Join(append(errs, err, c.sharedHostsTogether(plan))...)
}

// PlacementPlan is where the stack puts each service now: what platform
// place records.
func (c *Config) PlacementPlan() (routing.Plan, error) { return c.placement() }

// readBasePlacement is the recorded placement of a preview's base stack,
// read from its stack file beside the preview's (the preview workflow runs
// in a checkout that has it): a preview's services go where their base
// services are. Not a preview: nil.
func readBasePlacement(root, project string, raw schema.Raw) (map[string]schema.Placed, error) {
	if raw["preview"] == "" {
		return nil, nil
	}
	in, err := schema.Decode(project, schema.Raw{"preview": raw["preview"]})
	if err != nil || in.Preview == nil || in.Preview.Base == "" {
		return nil, err // ParseConfig names what is wrong with preview
	}
	file := "Pulumi." + in.Preview.BaseStack() + ".yaml"
	text, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		return nil, fmt.Errorf("%s:preview.base: the base stack's file %s holds the placement its previews follow: %w", project, file, err)
	}
	var stackFile struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(text, &stackFile); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	recorded, ok := stackFile.Config[project+":placement"]
	if !ok {
		return nil, nil
	}
	doc, err := json.Marshal(recorded)
	if err != nil {
		return nil, fmt.Errorf("%s: %s:placement: %w", file, project, err)
	}
	base, err := schema.Decode(project, schema.Raw{"placement": string(doc)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return base.Placement, nil
}

// recordPath is a service's entry in the recorded placement; a preview's is
// in its base stack's file.
func (c *Config) recordPath(name string) string {
	path := c.key("placement") + "." + name
	if c.Preview != nil {
		return "Pulumi." + c.Preview.BaseStack() + ".yaml: " + path
	}
	return path
}

// canaryPath is a service's canary in flight.
func (c *Config) canaryPath(name string) string { return c.key("canary") + "." + name }

// recordedSpot is one entry of the recorded placement, both fields required.
func (c *Config) recordedSpot(name string, placed schema.Placed) (routing.Spot, error) {
	var errs []error
	if placed.LoadBalancer == nil {
		errs = append(errs, validate.Missing(c.recordPath(name)+".loadBalancer", "the load balancer platform place recorded, 0 to 49"))
	}
	if placed.Priority == nil {
		errs = append(errs, validate.Missing(c.recordPath(name)+".priority", "the priority platform place recorded, 1 to 29999"))
	}
	if err := errors.Join(errs...); err != nil {
		return routing.Spot{}, err
	}
	return routing.Spot{LoadBalancer: *placed.LoadBalancer, Priority: *placed.Priority}, nil
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

// targetPorts are the ports the services take traffic on (an entry
// sidecar's, else the main container's), each once, sorted:
// the load balancers may send to web tasks on these.
func (c *Config) targetPorts() []int {
	seen := map[int]bool{}
	for _, s := range c.Workloads.Services {
		seen[entryPort(s)] = true
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
