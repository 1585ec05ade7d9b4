package routing

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Paths name a service in errors: Service its workload key
// ("platform:workloads.services.<name>"), Recorded its entry in the recorded
// placement ("platform:placement.<name>"), Canary its canary in flight
// ("platform:canary.<name>").
type Paths struct {
	Service, Recorded, Canary func(name string) string
}

// Place puts each service on a load balancer and gives it a priority.
//
// A service pinned with loadBalancer goes there; an unpinned service whose
// spot is recorded stays on its recorded load balancer, so recording after
// every change (platform place) means no recorded service ever moves. The
// others, in name order, go to the load balancer jump-hash(name, n) picks
// among the n there are, or, when that one is full, to the one with room
// their name ranks first (rendezvous hashing); only when none has room is a
// load balancer added. The holes removed services leave are filled so.
//
// A stack without any recorded spot starts with the fewest n on which the
// jump hash alone keeps every load balancer within capacity: what a stack
// placed before placements were recorded has, so its first record moves
// nothing. Without records, adding a service moves another only when it
// needs a new load balancer (onto the new one) or fills one up.
//
// Load balancers fill by target groups (Capacity): a service with a canary in
// flight takes two. A canary that would overflow the load balancer its
// service is pinned or recorded on is refused, not moved.
//
// Priorities: see number.
func Place(routes []Route, capacity int, paths Paths) (Plan, error) {
	plan := Plan{Spots: map[string]Spot{}}
	if len(routes) == 0 {
		return plan, nil
	}
	routes = slices.SortedFunc(slices.Values(routes), func(a, b Route) int { return strings.Compare(a.Name, b.Name) })
	fixed, errs := fixedShards(routes, paths)
	shards := map[string]int{}
	n := 0
	for _, lb := range fixed {
		n = max(n, lb+1)
	}
	load := make([]int, n)
	for _, r := range routes {
		if lb, ok := fixed[r.Name]; ok {
			shards[r.Name] = lb
			load[lb] += r.targetGroups()
		}
	}
	for lb, l := range load {
		if l > capacity {
			errs = append(errs, overCapacity(routes, fixed, paths, lb, l, capacity))
		}
	}
	var unplaced []Route
	for _, r := range routes {
		if _, ok := fixed[r.Name]; !ok {
			unplaced = append(unplaced, r)
		}
	}
	spread := max(1, n)
	if !anyRecorded(routes) {
		spread = jumpSpread(unplaced, load, capacity)
	}
	// More load balancers only take what does not fit: the hash keeps its
	// spread, so a canary's target group on a full one moves only what it
	// pushes out, never a share of every service.
	for lbs := spread; ; lbs++ {
		placed, ok := fill(unplaced, load, spread, lbs, capacity)
		if ok {
			for name, lb := range placed {
				shards[name] = lb
			}
			break
		}
	}
	for _, lb := range shards {
		plan.LoadBalancers = max(plan.LoadBalancers, lb+1)
	}
	for lb := range plan.LoadBalancers {
		var on []Route
		for _, r := range routes {
			if shards[r.Name] == lb {
				on = append(on, r)
			}
		}
		priorities, err := number(lb, on, paths)
		errs = append(errs, err)
		for _, r := range on {
			plan.Spots[r.Name] = Spot{LoadBalancer: lb, Priority: priorities[r.Name]}
		}
	}
	return plan, errors.Join(errs...)
}

// fixedShards are the load balancers of pinned services and of recorded
// ones, each index validated: 0 to one below the ALBs a region allows.
func fixedShards(routes []Route, paths Paths) (map[string]int, []error) {
	last := awsfacts.QuotaALBsPerRegion.Default - 1
	fixed := map[string]int{}
	var errs []error
	for _, r := range routes {
		if r.LoadBalancer != nil {
			if err := validate.Range(paths.Service(r.Name)+".loadBalancer", *r.LoadBalancer, 0, last); err != nil {
				errs = append(errs, err)
			} else {
				fixed[r.Name] = *r.LoadBalancer
			}
		}
		if r.Recorded == nil {
			continue
		}
		err := errors.Join(validate.Range(paths.Recorded(r.Name)+".loadBalancer", r.Recorded.LoadBalancer, 0, last),
			validate.Range(paths.Recorded(r.Name)+".priority", r.Recorded.Priority, 1, MaxPinned))
		errs = append(errs, err)
		if _, pinned := fixed[r.Name]; !pinned && err == nil {
			fixed[r.Name] = r.Recorded.LoadBalancer
		}
	}
	return fixed, errs
}

func anyRecorded(routes []Route) bool {
	return slices.ContainsFunc(routes, func(r Route) bool { return r.Recorded != nil })
}

// jumpSpread is the fewest load balancers over which the jump hash alone
// keeps every one within capacity (at most one per service). It counts
// services, not target groups: the spread stays the one the services had
// before a canary started, and fill moves only what the canary's target
// group pushes out of a full load balancer onto one with room.
func jumpSpread(unplaced []Route, fixedLoad []int, capacity int) int {
	for spread := 1; ; spread++ {
		load := make([]int, max(spread, len(fixedLoad)))
		copy(load, fixedLoad)
		for _, r := range unplaced {
			load[jump(hash(r.Name), spread)]++
		}
		if slices.Max(load) <= capacity || spread >= len(unplaced) {
			return spread
		}
	}
}

// fill places the unplaced services by the hash over spread load balancers,
// beside the fixed load; one that finds no room there goes to the one of lbs
// load balancers (or more, when fixed ones are past it) with room that its
// name scores highest. False when one finds no room at all.
func fill(unplaced []Route, fixedLoad []int, spread, lbs, capacity int) (map[string]int, bool) {
	load := make([]int, max(spread, lbs, len(fixedLoad)))
	copy(load, fixedLoad)
	placed := map[string]int{}
	for _, r := range unplaced {
		lb, need := jump(hash(r.Name), spread), r.targetGroups()
		if load[lb]+need > capacity {
			lb = -1
			var best uint64
			for i := range load {
				if score := hash(r.Name + "/" + strconv.Itoa(i)); load[i]+need <= capacity && (lb < 0 || score > best) {
					lb, best = i, score
				}
			}
			if lb < 0 {
				return nil, false
			}
		}
		load[lb] += need
		placed[r.Name] = lb
	}
	return placed, true
}

// overCapacity names what puts load target groups on load balancer lb: when
// its pinned and recorded services alone are too many, one of them, a pinned
// one first; else the first canary among them, which is refused rather than
// moved.
func overCapacity(routes []Route, fixed map[string]int, paths Paths, lb, load, capacity int) error {
	q := awsfacts.QuotaTargetGroupsPerALB
	quota := fmt.Sprintf("(%s: %d, not adjustable, with room to spare)", q.Name, q.Default)
	var kept []Route
	for _, r := range routes {
		if at, ok := fixed[r.Name]; ok && at == lb {
			kept = append(kept, r)
		}
	}
	if len(kept) > capacity {
		want := fmt.Sprintf("at most %d on each %s", capacity, quota)
		problem := fmt.Sprintf("puts %d services on one load balancer", len(kept))
		for _, r := range kept {
			if r.LoadBalancer != nil {
				return validate.Field(paths.Service(r.Name)+".loadBalancer", lb, problem, want)
			}
		}
		return validate.Field(paths.Recorded(kept[0].Name)+".loadBalancer", lb, problem, want)
	}
	for _, r := range kept {
		if r.Canary {
			return validate.Field(paths.Canary(r.Name), r.Name,
				fmt.Sprintf("adds its canary's target group to load balancer %d, where %s is pinned or recorded: %d target groups of services that stay there", lb, r.Name, load),
				fmt.Sprintf("at most %d target groups on each %s: pin a service of load balancer %d to another (loadBalancer) before starting the canary; placement moves no recorded service", capacity, quota, lb))
		}
	}
	return nil
}
