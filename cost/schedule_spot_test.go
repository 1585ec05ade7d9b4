package cost

import (
	"math"
	"strings"
	"testing"

	"platform/internal/graph"
)

// spotSchedule is scheduled() with its runs on Fargate Spot.
func spotSchedule(arch string) []*graph.Resource {
	rs := scheduled("job", "rate(1 minute)", arch)
	ecs := rs[2].Inputs["target"].(map[string]any)["ecsParameters"].(map[string]any)
	delete(ecs, "launchType")
	ecs["capacityProviderStrategies"] = []any{map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 1.0}}
	return rs
}

func TestAScheduleOnSpotIsPricedAtTheSpotDiscount(t *testing.T) {
	x86Minute := (0.25*fargateVCPUX86 + 0.5*fargateGBX86) / 60
	for _, c := range []struct {
		name, arch string
		want       float64
		note       string
	}{
		{"X86_64 on Spot", "X86_64", 43200 * x86Minute * (1 - fargateSpotDiscount), "X86_64 on Spot at 70% off"},
		{"ARM64 never starts on Spot", "ARM64", 0, "no run starts: Fargate Spot runs no ARM64 task"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Of(graph.New("platform", "test", append(spotSchedule(c.arch), provider("aws", "us-east-1"))))
			got := item(t, e, "job-schedule")
			if math.Abs(got.Monthly-math.Round(c.want*100)/100) > 1e-9 || !strings.Contains(got.Assumption, c.note) {
				t.Fatalf("got %.2f %q, want %.2f and %q", got.Monthly, got.Assumption, c.want, c.note)
			}
		})
	}
}
