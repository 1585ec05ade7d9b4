package awsfacts

import "testing"

func TestMaxConnectionsStaysUnderTheRealDefault(t *testing.T) {
	// real is the default AWS applies: published (Aurora MySQL's table),
	// reported from running instances (PostgreSQL db.t2.small 198,
	// db.t2.medium 413, db.r4.large 1660; db.t4g.micro about 87), or the
	// formula at the smallest observed share of nominal memory, 0.8 (MySQL,
	// Serverless). Every estimate must be at or under it, so an alarm at a
	// share of the estimate fires before connections are refused.
	cases := []struct {
		engine, class string
		acu           float64
		low, real     int
	}{
		{"postgres", "db.t4g.micro", 0, 60, 87},
		{"postgres", "db.t4g.small", 0, 150, 198},
		{"postgres", "db.t4g.medium", 0, 300, 413},
		{"postgres", "db.r7g.large", 0, 1200, 1700},
		{"postgres", "db.r7g.4xlarge", 0, 5000, 5000},
		{"mysql", "db.t4g.micro", 0, 50, 66},
		{"aurora-postgresql", "db.r6g.large", 0, 1200, 1700},
		{"aurora-postgresql", ServerlessClass, 4, 600, 900},
		{"aurora-mysql", "db.r6g.large", 0, 1000, 1000},
		{"aurora-mysql", "db.t4g.medium", 0, 90, 90},
		{"aurora-mysql", ServerlessClass, 4, 90, 135}, // 8 GiB, as db.t4g.large
	}
	for _, c := range cases {
		got, ok := MaxConnections(c.engine, c.class, c.acu)
		if !ok || got < c.low || got > c.real {
			t.Errorf("MaxConnections(%s, %s, %v) = %d, %v; want %d to %d", c.engine, c.class, c.acu, got, ok, c.low, c.real)
		}
	}
}

func TestMaxConnectionsKnowsEveryOfferedClass(t *testing.T) {
	for class := range rdsClassMemoryGiB {
		for _, engine := range []string{"postgres", "mysql", "aurora-postgresql"} {
			if n, ok := MaxConnections(engine, class, 0); !ok || n <= 0 {
				t.Errorf("%s %s: %d, %v", engine, class, n, ok)
			}
		}
	}
	for _, bad := range [][2]string{{"postgres", "db.x9.huge"}, {"oracle", "db.t4g.micro"}, {"aurora-mysql", "db.t4g.micro"}, {"aurora-postgresql", ServerlessClass}} {
		if _, ok := MaxConnections(bad[0], bad[1], 0); ok {
			t.Errorf("%v: want unknown", bad)
		}
	}
}

func TestBrokerConnections(t *testing.T) {
	for typ, want := range map[string]int{"mq.t3.micro": 500, "mq.m5.large": 5000, "mq.m5.4xlarge": 40000} {
		if got, ok := BrokerConnections(typ); !ok || got != want {
			t.Errorf("%s: %d, %v; want %d", typ, got, ok, want)
		}
	}
	if _, ok := BrokerConnections("mq.m7g.huge"); ok {
		t.Error("unknown type: want false")
	}
}
