package awsfacts

import "testing"

// The platform keeps ARM64 off Spot although the English API Reference now
// allows it: the Developer Guide still refuses it (fargate.go).
func TestSpotRunsOnlyX86(t *testing.T) {
	for arch, want := range map[string]bool{"X86_64": true, "ARM64": false} {
		if got := SpotRuns(arch); got != want {
			t.Errorf("SpotRuns(%s) = %v, want %v", arch, got, want)
		}
	}
}

func TestPerformanceInsightsSupported(t *testing.T) {
	for _, c := range []struct {
		engine, class string
		want          bool
	}{
		{"mysql", "db.t4g.micro", false},
		{"mysql", "db.t4g.small", false},
		{"mysql", "db.t4g.medium", true},
		{"mysql", "db.r7g.large", true},
		{"postgres", "db.t4g.micro", true},
		{"aurora-mysql", "db.t3.medium", false},
		{"aurora-mysql", "db.t4g.medium", true},
		{"aurora-mysql", "db.serverless", true},
		{"aurora-postgresql", "db.t4g.micro", true},
	} {
		if got := PerformanceInsightsSupported(c.engine, c.class); got != c.want {
			t.Errorf("PerformanceInsightsSupported(%s, %s) = %v, want %v", c.engine, c.class, got, c.want)
		}
	}
}
