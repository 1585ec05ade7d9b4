// Package routing places browser-facing services on load balancers and
// numbers their listener rules, from the config alone: a stack cannot read
// its previous state while it plans, so placement and priorities are pure
// functions of each service's name and pins, and adding a service cannot
// move or renumber the others (see Place).
package routing

import (
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// The listener-rule priority ranges (1 to 50000 per listener, "Listener
// rules for your Application Load Balancer"). Lower numbers are evaluated first.
const (
	// MaxPinned is the highest priority a service may pin: 30000 and up
	// belong to previews on every stack, so a product file works on dev too.
	MaxPinned = PreviewBase - 1
	// pathRules and hostRules are the automatic ranges: a rule with path
	// conditions is evaluated before a rule for its whole host.
	pathRules = 10000
	hostRules = 20000
	autoSpan  = 10000
	// PreviewBase is where preview rules start on dev's listeners.
	PreviewBase = 30000
	previewSpan = awsfacts.MaxListenerPriority - PreviewBase + 1
)

// Capacity is how many services one load balancer takes: its target groups
// (100, not adjustable) and rules (100 by default) with room to spare. A
// stack that hosts previews keeps half of each for them.
func Capacity(hostsPreviews bool) int {
	if hostsPreviews {
		return awsfacts.QuotaTargetGroupsPerALB.Default / 2
	}
	return awsfacts.QuotaTargetGroupsPerALB.Default * 9 / 10
}

// Route is what placement knows of one browser-facing service.
type Route struct {
	// Name is the service's name, its stable key.
	Name string
	// LoadBalancer pins the service to load balancer n (0 is the first); nil
	// places it by its name.
	LoadBalancer *int
	// Priority pins its listener rule; 0 allocates one.
	Priority int
	// Paths says the rule has path conditions, so it goes before host-only rules.
	Paths bool
}

// Spot is where one service's rule lives.
type Spot struct {
	LoadBalancer int
	Priority     int
}

// Plan is the placement of every service of a stack.
type Plan struct {
	// LoadBalancers is how many load balancers the services need: at least
	// one when there is a service, none without.
	LoadBalancers int
	Spots         map[string]Spot
}

// Hosted lists the services of load balancer n, in name order.
func (p Plan) Hosted(n int) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(p.Spots)) {
		if p.Spots[name].LoadBalancer == n {
			out = append(out, name)
		}
	}
	return out
}

// Place puts each service on a load balancer and gives it a priority; path
// is how errors name a service ("platform:workloads.services.<name>").
//
// A service without a pin goes to jump-hash(name, n) of the first n load
// balancers, n being the fewest that keep every one within capacity; a pin
// past them adds a load balancer of its own. While n
// stays, a service's place depends only on its own name: adding one (in the
// middle of the alphabet or not) moves no other. When the new one makes n
// grow, jump hashing moves only services onto the new load balancer (about
// 1/n of them) and none between the old ones; pinning loadBalancer keeps a
// service where it is regardless.
//
// An automatic priority is hash(name) in its range; on a collision the
// service later in name order takes the next free number. Adding a service
// renumbers another only when it takes that one's number, an in-place
// update (SetRulePriorities) of rules with different hosts.
func Place(routes []Route, capacity int, path func(name string) string) (Plan, error) {
	plan := Plan{Spots: map[string]Spot{}}
	if len(routes) == 0 {
		return plan, nil
	}
	routes = slices.SortedFunc(slices.Values(routes), func(a, b Route) int { return strings.Compare(a.Name, b.Name) })
	pinnedMax := 0
	var errs []error
	for i, r := range routes {
		if r.LoadBalancer == nil {
			continue
		}
		if err := validate.Range(path(r.Name)+".loadBalancer", *r.LoadBalancer, 0, awsfacts.QuotaALBsPerRegion.Default-1); err != nil {
			errs = append(errs, err)
			routes[i].LoadBalancer = nil
			continue
		}
		pinnedMax = max(pinnedMax, *r.LoadBalancer+1)
	}
	spread := 1
	for ; ; spread++ {
		load := make([]int, max(spread, pinnedMax))
		for _, r := range routes {
			load[shardOf(r, spread)]++
		}
		if slices.Max(load) <= capacity || spread >= len(routes) {
			plan.LoadBalancers = len(load)
			for i, l := range load {
				if l > capacity {
					errs = append(errs, validate.Field(path(pinnedOn(routes, i, spread))+".loadBalancer", i,
						fmt.Sprintf("puts %d services on one load balancer", l), fmt.Sprintf("at most %d on each", capacity)))
				}
			}
			break
		}
	}
	for lb := range plan.LoadBalancers {
		var on []Route
		for _, r := range routes {
			if shardOf(r, spread) == lb {
				on = append(on, r)
			}
		}
		priorities, err := number(on, path)
		errs = append(errs, err)
		for _, r := range on {
			plan.Spots[r.Name] = Spot{LoadBalancer: lb, Priority: priorities[r.Name]}
		}
	}
	return plan, errors.Join(errs...)
}

// number validates the pinned priorities of one listener and allocates the rest.
func number(on []Route, path func(string) string) (map[string]int, error) {
	out := map[string]int{}
	taken := map[int]string{}
	var errs []error
	for _, r := range on {
		if r.Priority == 0 {
			continue
		}
		if err := validate.Range(path(r.Name)+".priority", r.Priority, 1, MaxPinned); err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := taken[r.Priority]; dup {
			errs = append(errs, validate.Field(path(r.Name)+".priority", r.Priority, "is already the priority of "+other+" on its load balancer", "a priority no other service on that load balancer uses"))
			continue
		}
		taken[r.Priority] = r.Name
		out[r.Name] = r.Priority
	}
	for _, r := range on {
		if r.Priority != 0 {
			continue
		}
		base := hostRules
		if r.Paths {
			base = pathRules
		}
		p := base + int(hash(r.Name)%autoSpan)
		for taken[p] != "" {
			p = base + (p-base+1)%autoSpan
		}
		taken[p] = r.Name
		out[r.Name] = p
	}
	return out, errors.Join(errs...)
}

// PreviewPriority is the rule priority of the i-th of previewed services of
// the preview of pull request number. A preview cannot see the others, so
// its block is a pure function of its number: blocks of slots (previewed
// rounded up to a power of two, so blocks stay aligned when services are
// added) wrap every PreviewWrap numbers. Two open previews collide only when
// their numbers differ by a multiple of PreviewWrap; AWS then refuses the
// later one's rules (PriorityInUse) until the earlier closes.
func PreviewPriority(number, i, previewed int) int {
	slots := previewSlots(previewed)
	return PreviewBase + (number%PreviewWrap(previewed))*slots + i
}

// PreviewWrap is how many pull-request numbers the preview range holds
// before it wraps, for previewed services per preview.
func PreviewWrap(previewed int) int { return previewSpan / previewSlots(previewed) }

func previewSlots(previewed int) int {
	slots := 1
	for slots < previewed {
		slots *= 2
	}
	return slots
}

// shardOf is a route's load balancer among n.
func shardOf(r Route, n int) int {
	if r.LoadBalancer != nil {
		return *r.LoadBalancer
	}
	return jump(hash(r.Name), n)
}

// pinnedOn names a service on load balancer i, for an error about it.
func pinnedOn(routes []Route, i, n int) string {
	for _, r := range routes {
		if shardOf(r, n) == i && r.LoadBalancer != nil {
			return r.Name
		}
	}
	for _, r := range routes {
		if shardOf(r, n) == i {
			return r.Name
		}
	}
	return ""
}

// jump is Lamping and Veach's jump consistent hash ("A Fast, Minimal Memory,
// Consistent Hash Algorithm", 2014): key to one of n buckets; going from n
// to n+1 buckets moves only keys into the new bucket.
func jump(key uint64, n int) int {
	var b, j int64 = -1, 0
	for j < int64(n) {
		b = j
		key = key*2862933555777941757 + 1
		j = int64(float64(b+1) * (float64(int64(1)<<31) / float64((key>>33)+1)))
	}
	return int(b)
}

func hash(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}
