package awsfacts

import (
	"strings"
	"testing"
)

func TestFargateSizes(t *testing.T) {
	cases := []struct {
		cpu, memory int
		windows     bool
		ok          bool
	}{
		{256, 512, false, true},
		{256, 3072, false, false},
		{512, 4096, false, true},
		{1024, 9216, false, false},
		{2048, 16384, false, true},
		{4096, 30720, false, true},
		{4096, 31744, false, false},
		{8192, 20480, false, true},
		{8192, 18432, false, false},
		{16384, 122880, false, true},
		{16384, 36864, false, false},
		{256, 512, true, false},
		{1024, 2048, true, true},
		{300, 512, false, false},
	}
	for _, c := range cases {
		ok, want := FargateMemoryAllowed(c.cpu, c.memory, c.windows)
		if ok != c.ok || (!ok && want == "") {
			t.Errorf("cpu %d memory %d windows %v: ok %v (%q), want %v", c.cpu, c.memory, c.windows, ok, want, c.ok)
		}
	}
}

func TestFargatePlatforms(t *testing.T) {
	cases := []struct {
		os, arch string
		known    bool
		spot     bool
	}{
		{"", "", true, true},
		{"LINUX", "X86_64", true, true},
		{"LINUX", "ARM64", true, false},
		{"WINDOWS_SERVER_2022_CORE", "X86_64", true, false},
		{"WINDOWS_SERVER_2022_CORE", "ARM64", false, false},
	}
	for _, c := range cases {
		p, known := FargatePlatformOf(c.os, c.arch)
		if known != c.known || p.Spot != c.spot {
			t.Errorf("%s/%s: known %v spot %v, want %v %v", c.os, c.arch, known, p.Spot, c.known, c.spot)
		}
	}
}

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

func TestQuotasNameTheirService(t *testing.T) {
	for _, q := range Quotas {
		if q.Service == "" || q.Name == "" || q.Default <= 0 || !strings.Contains(q.Document, "https://") {
			t.Errorf("quota %+v lacks its service, name, default or document", q)
		}
	}
}
