package routing

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorded is routes with the spots of plan recorded, as platform place
// writes them.
func recorded(routes []Route, plan Plan) []Route {
	out := make([]Route, 0, len(routes))
	for _, r := range routes {
		if spot, ok := plan.Spots[r.Name]; ok {
			r.Recorded = &spot
		}
		out = append(out, r)
	}
	return out
}

func place(t *testing.T, routes []Route, capacity int) Plan {
	t.Helper()
	plan, err := Place(routes, capacity, paths)
	require.NoError(t, err)
	return plan
}

// A full load balancer of recorded services stays as it is: the next
// service opens the second one.
func TestAFullRecordedLoadBalancerKeepsItsServices(t *testing.T) {
	routes := generated(90)
	before := place(t, routes, 90)
	require.Equal(t, 1, before.LoadBalancers)
	after := place(t, append(recorded(routes, before), Route{Name: "svc-045a"}), 90)
	assert.Equal(t, 2, after.LoadBalancers)
	for name, spot := range before.Spots {
		assert.Equal(t, spot, after.Spots[name], name)
	}
	assert.Equal(t, 1, after.Spots["svc-045a"].LoadBalancer)
}

// Growing from 150 to 300 services one at a time, recording after each, no
// recorded service ever moves or is renumbered, and a load balancer is added
// only when every other one is full.
func TestRecordedServicesNeverMoveWhileTheProductGrows(t *testing.T) {
	all := generated(300)
	routes := all[:150]
	plan := place(t, routes, Capacity(false))
	for n := 151; n <= len(all); n++ {
		next := place(t, append(recorded(routes, plan), all[n-1]), Capacity(false))
		for name, spot := range plan.Spots {
			require.Equal(t, spot, next.Spots[name], "%s when %s is added", name, all[n-1].Name)
		}
		if next.LoadBalancers > plan.LoadBalancers {
			for lb := range plan.LoadBalancers {
				require.Len(t, plan.Hosted(lb), Capacity(false), "load balancer %d was full before %d was added", lb, next.LoadBalancers-1)
			}
		}
		routes, plan = all[:n], next
	}
	assert.Equal(t, 4, plan.LoadBalancers, "300 services at 90 each")
}

// Removing services leaves holes; new services fill them before a load
// balancer is added, and the others stay.
func TestNewServicesFillTheHolesOfRemovedOnes(t *testing.T) {
	routes := generated(180)
	plan := place(t, routes[:150], 90)
	for n := 151; n <= len(routes); n++ {
		plan = place(t, recorded(routes[:n], plan), 90)
	}
	require.Equal(t, 2, plan.LoadBalancers)
	for lb := range 2 {
		require.Len(t, plan.Hosted(lb), 90)
	}
	var kept []Route
	for i, r := range recorded(routes, plan) {
		if i%10 != 0 {
			kept = append(kept, r)
		}
	}
	for i := range 18 {
		kept = append(kept, Route{Name: fmt.Sprintf("new-%02d", i)})
	}
	after := place(t, kept, 90)
	assert.Equal(t, 2, after.LoadBalancers, "18 holes take 18 services")
	require.Len(t, after.Spots, len(kept))
	freed := map[int]int{}
	for i, r := range recorded(routes, plan) {
		if i%10 == 0 {
			freed[r.Recorded.LoadBalancer]++
		}
	}
	landed := map[int]int{}
	for _, r := range kept {
		if r.Recorded != nil {
			assert.Equal(t, *r.Recorded, after.Spots[r.Name], r.Name)
		} else {
			landed[after.Spots[r.Name].LoadBalancer]++
		}
	}
	assert.Equal(t, freed, landed, "each load balancer takes as many new services as it lost")
}

// A new service whose automatic priority is a recorded service's takes the
// next free number, even when it sorts first; unrecorded, it would take it.
func TestANewServiceRenumbersNoRecordedRule(t *testing.T) {
	old := Route{Name: "zz-old"}
	var newcomer Route
	for i := 0; newcomer.Name == ""; i++ {
		if name := fmt.Sprintf("aa-%d", i); hash(name)%autoSpan == hash(old.Name)%autoSpan {
			newcomer.Name = name
		}
	}
	first := place(t, []Route{old}, 90)
	unrecorded := place(t, []Route{old, newcomer}, 90)
	require.Equal(t, first.Spots[old.Name], unrecorded.Spots[newcomer.Name], "the test needs a collision the newcomer wins without a record")
	after := place(t, recorded([]Route{old, newcomer}, first), 90)
	assert.Equal(t, first.Spots[old.Name], after.Spots[old.Name])
	assert.Equal(t, first.Spots[old.Name].Priority+1, after.Spots[newcomer.Name].Priority)
	again := place(t, recorded([]Route{old, newcomer}, after), 90)
	assert.Equal(t, after.Spots, again.Spots, "once both are recorded, each keeps its number")
}

// Without any record, placement is the jump hash over the fewest load
// balancers it fits: a stack placed before records existed records where its
// services are.
func TestWithoutRecordsPlacementIsTheJumpHash(t *testing.T) {
	plan := place(t, generated(200), Capacity(true))
	assert.Equal(t, 5, plan.LoadBalancers)
	require.Len(t, plan.Spots, 200)
	for name, spot := range plan.Spots {
		assert.Equal(t, jump(hash(name), 5), spot.LoadBalancer, name)
	}
}

// A pin wins over a record; a recorded priority outside the rule's automatic
// range (its paths changed, or a pin was removed) is allocated anew.
func TestPinsAndChangedRulesOverrideTheRecord(t *testing.T) {
	two := 2
	routes := []Route{
		{Name: "api", LoadBalancer: &two, Recorded: &Spot{LoadBalancer: 0, Priority: 20001}},
		{Name: "hooks", Paths: true, Recorded: &Spot{LoadBalancer: 0, Priority: 20002}},
		{Name: "web", Recorded: &Spot{LoadBalancer: 0, Priority: 20003}},
	}
	plan := place(t, routes, 90)
	assert.Equal(t, 2, plan.Spots["api"].LoadBalancer)
	assert.NotEqual(t, 20001, plan.Spots["api"].Priority, "its record was for another listener")
	assert.GreaterOrEqual(t, plan.Spots["hooks"].Priority, pathRules)
	assert.Less(t, plan.Spots["hooks"].Priority, hostRules)
	assert.Equal(t, Spot{LoadBalancer: 0, Priority: 20003}, plan.Spots["web"])
}

func TestRecordedPlacementRefusals(t *testing.T) {
	var full []Route
	for _, r := range generated(Capacity(false) + 1) {
		r.Recorded = &Spot{LoadBalancer: 0, Priority: 20000 + len(full)}
		full = append(full, r)
	}
	for _, c := range []struct {
		name   string
		routes []Route
		want   string
	}{
		{"no such load balancer", []Route{{Name: "a", Recorded: &Spot{LoadBalancer: 50, Priority: 20000}}},
			`"placement.a.loadBalancer": 50 is out of range, want 0 to 49`},
		{"priority out of range", []Route{{Name: "a", Recorded: &Spot{LoadBalancer: 0, Priority: 30000}}},
			`"placement.a.priority": 30000 is out of range, want 1 to 29999`},
		{"one priority twice", []Route{{Name: "a", Recorded: &Spot{Priority: 20000}}, {Name: "b", Recorded: &Spot{Priority: 20000}}},
			`"placement.b.priority": 20000 is also the recorded priority of a on its load balancer`},
		{"past capacity", full,
			`"placement.svc-000.loadBalancer": 0 puts 91 services on one load balancer, want at most 90 on each (Target Groups per Application Load Balancer: 100, not adjustable`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Place(c.routes, Capacity(false), paths)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// BenchmarkPlaceThreeHundredRecorded places 300 recorded services and 10 new
// ones (`go test ./internal/routing -bench Place -run '^$'`).
func BenchmarkPlaceThreeHundredRecorded(b *testing.B) {
	all := generated(310)
	plan, err := Place(all[:300], Capacity(false), paths)
	require.NoError(b, err)
	routes := recorded(all, plan)
	for b.Loop() {
		if _, err := Place(routes, Capacity(false), paths); err != nil {
			b.Fatal(err)
		}
	}
}
