package awsfacts

import "testing"

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
