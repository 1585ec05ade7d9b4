package routing

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withCanary is routes with a canary in flight for the named ones.
func withCanary(routes []Route, names ...string) []Route {
	out := make([]Route, 0, len(routes))
	for _, r := range routes {
		for _, n := range names {
			if r.Name == n {
				r.Canary = true
			}
		}
		out = append(out, r)
	}
	return out
}

// targetGroupsOn is how many target groups plan puts on each load balancer.
func targetGroupsOn(plan Plan, routes []Route) []int {
	load := make([]int, plan.LoadBalancers)
	for _, r := range routes {
		load[plan.Spots[r.Name].LoadBalancer] += r.targetGroups()
	}
	return load
}

// A canary's target group is counted on its service's load balancer: the
// services that fit one load balancer without canaries need a second with
// them, and every load balancer stays within capacity in target groups.
func TestPlacementCountsCanaryTargetGroups(t *testing.T) {
	full, threeFull := generated(Capacity(false)), generated(3*Capacity(false))
	recordedFull := recorded(full, place(t, full, Capacity(false)))
	for _, c := range []struct {
		name          string
		routes        []Route
		capacity      int
		loadBalancers int
	}{
		{"a full load balancer without canaries", full, Capacity(false), 1},
		{"a full load balancer with one canary", withCanary(full, "svc-042"), Capacity(false), 2},
		{"three full ones with canaries", withCanary(threeFull, "svc-001", "svc-100", "svc-200"), Capacity(false), 4},
		{"previews' half with a canary", withCanary(generated(Capacity(true)), "svc-000"), Capacity(true), 2},
		{"a recorded load balancer with room for the canary", withCanary(recordedFull[1:], "svc-042"), Capacity(false), 1},
		{"a new service with a canary beside a full recorded one",
			append(slices.Clone(recordedFull[:Capacity(false)-1]), Route{Name: "svc-new", Canary: true}), Capacity(false), 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			capacity := c.capacity
			plan := place(t, c.routes, capacity)
			assert.Equal(t, c.loadBalancers, plan.LoadBalancers)
			for lb, n := range targetGroupsOn(plan, c.routes) {
				assert.LessOrEqual(t, n, capacity, "target groups on load balancer %d", lb)
			}
			for _, r := range c.routes {
				if r.Recorded != nil {
					assert.Equal(t, *r.Recorded, plan.Spots[r.Name], "%s moved", r.Name)
				}
			}
		})
	}
}

// A canary that would overflow the load balancer its service is recorded or
// pinned on is refused with its key, the load balancer and a pin to make
// room; nothing moves.
func TestACanaryOnAFullKeptLoadBalancerIsRefused(t *testing.T) {
	full := generated(Capacity(false))
	recordedFull := recorded(full, place(t, full, Capacity(false)))
	pinned := make([]Route, 0, len(full))
	for _, r := range full {
		r.LoadBalancer = new(0)
		pinned = append(pinned, r)
	}
	for _, c := range []struct {
		name   string
		routes []Route
		want   string
	}{
		{"recorded", withCanary(recordedFull, "svc-042"),
			`"canary.svc-042": "svc-042" adds its canary's target group to load balancer 0, where svc-042 is pinned or recorded: 91 target groups of services that stay there, ` +
				`want at most 90 target groups on each (Target Groups per Application Load Balancer: 100, not adjustable, with room to spare): pin a service of load balancer 0 to another (loadBalancer) before starting the canary`},
		{"pinned", withCanary(pinned, "svc-007", "svc-008"), `"canary.svc-007": "svc-007" adds its canary's target group to load balancer 0, where svc-007 is pinned or recorded: 92 target groups`},
		{"too many services name the services", withCanary(append(slices.Clone(pinned), Route{Name: "svc-zzz", LoadBalancer: new(0)}), "svc-007"),
			`"workloads.services.svc-000.loadBalancer": 0 puts 91 services on one load balancer`},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan, err := Place(c.routes, Capacity(false), paths)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			for _, r := range c.routes {
				if r.Recorded != nil {
					assert.Equal(t, *r.Recorded, plan.Spots[r.Name], "%s moved", r.Name)
				}
			}
		})
	}
}

// Without records, a canary on a full load balancer moves only what it
// pushes out, onto a load balancer with room; the spread stays.
func TestACanaryMovesOnlyWhatItPushesOut(t *testing.T) {
	routes := generated(170) // two load balancers, the second full
	before := place(t, routes, Capacity(false))
	require.Equal(t, 2, before.LoadBalancers)
	require.Len(t, before.Hosted(1), Capacity(false))
	canary := before.Hosted(1)[0]
	after := place(t, withCanary(routes, canary), Capacity(false))
	assert.Equal(t, 2, after.LoadBalancers)
	moved := 0
	for name, spot := range before.Spots {
		if after.Spots[name].LoadBalancer != spot.LoadBalancer {
			moved++
		}
	}
	assert.Equal(t, 1, moved, "one service makes room for the canary's target group")
	assert.LessOrEqual(t, targetGroupsOn(after, withCanary(routes, canary))[1], Capacity(false))
}

// On a stack whose only load balancer is full, the canary's target group
// adds one: only the service it pushes out moves there, the hash of the
// rest keeps them where they were.
func TestACanaryOnTheOnlyFullLoadBalancerMovesOneService(t *testing.T) {
	for _, capacity := range []int{Capacity(false), Capacity(true)} {
		routes := generated(capacity)
		before := place(t, routes, capacity)
		require.Equal(t, 1, before.LoadBalancers)
		canary := before.Hosted(0)[0]
		after := place(t, withCanary(routes, canary), capacity)
		assert.Equal(t, 2, after.LoadBalancers, "capacity %d", capacity)
		moved := 0
		for name, spot := range before.Spots {
			if after.Spots[name].LoadBalancer != spot.LoadBalancer {
				moved++
			}
		}
		assert.Equal(t, 1, moved, "capacity %d: one service makes room for the canary's target group", capacity)
		assert.LessOrEqual(t, targetGroupsOn(after, withCanary(routes, canary))[0], capacity)
	}
}
