// Package routing places browser-facing services on load balancers and
// numbers their listener rules, from the config alone: a stack cannot read
// its previous state while it plans, so placement and priorities are
// functions of each service's name, its pins and the placement recorded in
// the stack file (platform place), and adding a service moves or renumbers
// no recorded one (see Place).
package routing

import (
	"errors"
	"hash/fnv"
	"maps"
	"slices"

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

// Capacity is how many target groups placement puts on one load balancer:
// its target groups (100, not adjustable) and rules (100 by default) with
// room to spare. Each service puts one rule and one target group there, its
// canary one more target group (Route.targetGroups), so counting target
// groups keeps the rules within their quota too. A stack that hosts
// previews keeps half of each for them.
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
	// places it by its record, else by its name.
	LoadBalancer *int
	// Priority pins its listener rule; 0 allocates one.
	Priority int
	// Paths says the rule has path conditions, so it goes before host-only rules.
	Paths bool
	// Recorded is the spot the stack file's recorded placement gives the
	// service; nil when it was never recorded.
	Recorded *Spot
	// Canary says a canary of the service is in flight: its target group
	// goes on the service's load balancer too, forwarded to by the
	// service's rule.
	Canary bool
}

// targetGroups is how many target groups the route puts on its load
// balancer: its own, and its canary's while one is in flight. Its rule is
// one either way (a canary is a weighted forward in the same rule).
func (r Route) targetGroups() int {
	if r.Canary {
		return 2
	}
	return 1
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

// number validates the pinned priorities of one listener (lb) and allocates
// the rest: a recorded priority is kept while it is free and in the range of
// the rule's kind; new services take hash(name) in that range, in name order,
// after every recorded one, so adding a service renumbers no recorded rule.
func number(lb int, on []Route, paths Paths) (map[string]int, error) {
	out := map[string]int{}
	taken := map[int]string{}
	var errs []error
	for _, r := range on {
		if r.Priority == 0 {
			continue
		}
		if err := validate.Range(paths.Service(r.Name)+".priority", r.Priority, 1, MaxPinned); err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := taken[r.Priority]; dup {
			errs = append(errs, validate.Field(paths.Service(r.Name)+".priority", r.Priority, "is already the priority of "+other+" on its load balancer", "a priority no other service on that load balancer uses"))
			continue
		}
		taken[r.Priority] = r.Name
		out[r.Name] = r.Priority
	}
	var fresh []Route
	kept := map[string]bool{}
	for _, r := range on {
		if r.Priority != 0 {
			continue
		}
		base := autoBase(r)
		if rec := r.Recorded; rec != nil && rec.LoadBalancer == lb && rec.Priority >= base && rec.Priority < base+autoSpan {
			switch other := taken[rec.Priority]; {
			case other == "":
				taken[rec.Priority], out[r.Name], kept[r.Name] = r.Name, rec.Priority, true
				continue
			case kept[other]:
				errs = append(errs, validate.Field(paths.Recorded(r.Name)+".priority", rec.Priority, "is also the recorded priority of "+other+" on its load balancer",
					"one recorded priority per rule of a load balancer: delete one of the entries and run platform place"))
				continue
			}
			// A pinned priority took it: the pin wins and this rule gets a new number.
		}
		fresh = append(fresh, r)
	}
	for _, r := range fresh {
		base := autoBase(r)
		p := base + int(hash(r.Name)%autoSpan)
		for taken[p] != "" {
			p = base + (p-base+1)%autoSpan
		}
		taken[p] = r.Name
		out[r.Name] = p
	}
	return out, errors.Join(errs...)
}

// autoBase is the start of a rule's automatic range: a rule with path
// conditions is evaluated before a rule for its whole host.
func autoBase(r Route) int {
	if r.Paths {
		return pathRules
	}
	return hostRules
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
