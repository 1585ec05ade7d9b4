package awsfacts

import "testing"

func TestRDSClasses(t *testing.T) {
	cases := []struct {
		engine, class string
		supported     bool
		known         bool
		insights      bool
	}{
		{"postgres", "db.t4g.micro", true, true, true},
		{"mysql", "db.t4g.micro", true, true, false},
		{"mysql", "db.t4g.medium", true, true, true},
		{"aurora-mysql", "db.t3.large", true, true, false},
		{"aurora-postgresql", "db.m7g.large", false, true, true},
		{"aurora-postgresql", "db.serverless", true, true, true},
		{"oracle-ee", "db.r7i.large", false, false, true},
	}
	for _, c := range cases {
		supported, known := RDSClassSupported(c.engine, c.class)
		if supported != c.supported || known != c.known || PerformanceInsightsSupported(c.engine, c.class) != c.insights {
			t.Errorf("%s %s: supported %v known %v insights %v", c.engine, c.class, supported, known, PerformanceInsightsSupported(c.engine, c.class))
		}
	}
}
