package routing

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var paths = Paths{
	Service:  func(name string) string { return "workloads.services." + name },
	Recorded: func(name string) string { return "placement." + name },
	Canary:   func(name string) string { return "canary." + name },
}

func generated(n int) []Route {
	var out []Route
	for i := range n {
		out = append(out, Route{Name: fmt.Sprintf("svc-%03d", i)})
	}
	return out
}

func TestFewServicesShareOneLoadBalancer(t *testing.T) {
	plan, err := Place(generated(Capacity(true)), Capacity(true), paths)
	require.NoError(t, err)
	assert.Equal(t, 1, plan.LoadBalancers)
	empty, err := Place(nil, Capacity(true), paths)
	require.NoError(t, err)
	assert.Equal(t, 0, empty.LoadBalancers, "no service, no load balancer")
}

func TestTwoHundredServicesFitTheQuotas(t *testing.T) {
	for _, previews := range []bool{true, false} {
		plan, err := Place(generated(200), Capacity(previews), paths)
		require.NoError(t, err)
		assert.Greater(t, plan.LoadBalancers, 1)
		require.Len(t, plan.Spots, 200)
		for lb := range plan.LoadBalancers {
			assert.LessOrEqual(t, len(plan.Hosted(lb)), Capacity(previews))
		}
		seen := map[Spot]string{}
		for name, spot := range plan.Spots {
			_, dup := seen[spot]
			assert.False(t, dup, "%s shares %v", name, spot)
			seen[spot] = name
			assert.True(t, spot.Priority >= hostRules && spot.Priority < hostRules+autoSpan, "%s: %d", name, spot.Priority)
		}
	}
}

// Adding a service in the middle of the alphabet moves no other service and
// renumbers none, while the load balancer count stays.
func TestAddingAServiceMovesNoOther(t *testing.T) {
	routes := generated(120)
	before, err := Place(routes, Capacity(false), paths)
	require.NoError(t, err)
	after, err := Place(append(routes, Route{Name: "svc-050a"}), Capacity(false), paths)
	require.NoError(t, err)
	require.Equal(t, before.LoadBalancers, after.LoadBalancers)
	require.Len(t, before.Spots, 120)
	require.Len(t, after.Spots, 121)
	require.Contains(t, after.Spots, "svc-050a")
	for name, spot := range before.Spots {
		assert.Equal(t, spot, after.Spots[name], name)
	}
}

// When a new service needs one more load balancer, services only move onto
// the new one, never between the old ones.
func TestGrowingMovesOnlyOntoTheNewLoadBalancer(t *testing.T) {
	all := generated(400)
	var before Plan
	for n := 1; n <= len(all); n++ {
		plan, err := Place(all[:n], Capacity(false), paths)
		require.NoError(t, err)
		if plan.LoadBalancers == 3 && before.LoadBalancers == 2 {
			moved := 0
			for name, spot := range before.Spots {
				if got := plan.Spots[name].LoadBalancer; got != spot.LoadBalancer {
					assert.Equal(t, 2, got, name)
					moved++
				}
			}
			assert.Positive(t, moved)
			return
		}
		before = plan
	}
	t.Fatal("never grew from 2 to 3 load balancers")
}

func TestPinsAndPriorities(t *testing.T) {
	one := 1
	plan, err := Place([]Route{
		{Name: "api", Priority: 10},
		{Name: "hooks", Paths: true},
		{Name: "admin", LoadBalancer: &one, Priority: 10},
	}, Capacity(false), paths)
	require.NoError(t, err)
	assert.Equal(t, 2, plan.LoadBalancers, "a pin makes the load balancer")
	assert.Equal(t, Spot{LoadBalancer: 1, Priority: 10}, plan.Spots["admin"], "priorities are unique per listener only")
	assert.Equal(t, Spot{LoadBalancer: 0, Priority: 10}, plan.Spots["api"])
	hooks := plan.Spots["hooks"].Priority
	assert.True(t, hooks >= pathRules && hooks < hostRules, "path rules go before host rules: %d", hooks)
}

func TestPlacementRefusals(t *testing.T) {
	zero := 0
	var full []Route
	for _, r := range generated(Capacity(false) + 1) {
		r.LoadBalancer = &zero
		full = append(full, r)
	}
	for _, c := range []struct {
		name   string
		routes []Route
		want   string
	}{
		{"duplicate on one listener", []Route{{Name: "a", Priority: 7}, {Name: "b", Priority: 7}},
			`"workloads.services.b.priority": 7 is already the priority of a on its load balancer, want a priority no other service on that load balancer uses`},
		{"preview range", []Route{{Name: "a", Priority: PreviewBase}}, `"workloads.services.a.priority": 30000 is out of range, want 1 to 29999`},
		{"zero is automatic, negative refused", []Route{{Name: "a", Priority: -1}}, `"workloads.services.a.priority": -1 is out of range, want 1 to 29999`},
		{"no such load balancer", []Route{{Name: "a", LoadBalancer: new(-1)}}, `"workloads.services.a.loadBalancer": -1 is out of range, want 0 to 49`},
		{"pinned past capacity", full, `"workloads.services.svc-000.loadBalancer": 0 puts 91 services on one load balancer, want at most 90 on each (Target Groups per Application Load Balancer: 100, not adjustable`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Place(c.routes, Capacity(false), paths)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestPreviewPrioritiesNeverCollideWithinTheWrap(t *testing.T) {
	for _, previewed := range []int{1, 3, 5, 8, 40} {
		seen := map[int]string{}
		wrap := PreviewWrap(previewed)
		for n := 1; n <= wrap; n++ {
			for i := range previewed {
				p := PreviewPriority(n, i, previewed)
				require.True(t, p >= PreviewBase && p <= 50000, "%d", p)
				key := fmt.Sprintf("pr %d service %d", n, i)
				require.Empty(t, seen[p], "%s and %s share %d", key, seen[p], p)
				seen[p] = key
			}
		}
	}
	assert.Equal(t, PreviewPriority(7, 2, 5), PreviewPriority(7+PreviewWrap(5), 2, 5), "numbers a wrap apart share a block")
	assert.Equal(t, 2500, PreviewWrap(5), "5 previewed services take blocks of 8: 20001/8")
}
