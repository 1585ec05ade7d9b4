package awsfacts

import "fmt"

// Fargate task sizes and platforms. RegisterTaskDefinition refuses any other
// task-level cpu/memory pair ("No Fargate configuration exists for given
// values"), and the capacity providers refuse some platforms.
//
// Spot and ARM64: the AWS documents disagree (re-read 2026-12-02). The
// English ECS API Reference, CapacityProviderStrategyItem, says "FARGATE_SPOT
// supports Linux tasks with the ARM64 architecture on platform version 1.4.0
// or later"; its zh_cn and fr_fr copies, and the Developer Guide's "Fargate
// capacity provider considerations", still say "Linux tasks with the ARM64
// architecture don't support the Fargate Spot capacity provider. Fargate Spot
// only supports Linux tasks with the X86_64 architecture". No What's New
// announcement of ARM64 on Spot was found. The platform keeps the guide's
// rule (FargatePlatforms): a Spot task Fargate cannot place fails the deploy,
// and dev loses nothing by running X86_64 there.
var _ = register(Source{
	Table: "Fargate task sizes, platforms and Spot support",
	Document: "Amazon ECS Developer Guide, Task CPU and memory (stored copy) https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html; " +
		"Amazon ECS Developer Guide, Fargate capacity providers (X86_64 only on Spot) https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html; " +
		"Amazon ECS API Reference, CapacityProviderStrategyItem (English: ARM64 on Spot from platform version 1.4.0) https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html",
	Checked: day("2026-12-02"),
})

// FargateSize is the memory a Fargate task of one cpu value may ask for.
type FargateSize struct {
	// CPU is the task cpu in CPU units (1024 = 1 vCPU).
	CPU int
	// MinMiB and MaxMiB bound the task memory in MiB; StepMiB is the increment
	// between them. Listed, when set, replaces the range.
	MinMiB, MaxMiB, StepMiB int
	Listed                  []int
	// Windows reports whether Windows containers may use the size.
	Windows bool
}

// FargateSizes are the task sizes Fargate accepts.
var FargateSizes = []FargateSize{
	{CPU: 256, Listed: []int{512, 1024, 2048}},
	{CPU: 512, Listed: []int{1024, 2048, 3072, 4096}},
	{CPU: 1024, MinMiB: 2048, MaxMiB: 8192, StepMiB: 1024, Windows: true},
	{CPU: 2048, MinMiB: 4096, MaxMiB: 16384, StepMiB: 1024, Windows: true},
	{CPU: 4096, MinMiB: 8192, MaxMiB: 30720, StepMiB: 1024, Windows: true},
	{CPU: 8192, MinMiB: 16384, MaxMiB: 61440, StepMiB: 4096},
	{CPU: 16384, MinMiB: 32768, MaxMiB: 122880, StepMiB: 8192},
}

// Memories lists the memory values (MiB) a size allows.
func (s FargateSize) Memories() []int {
	if s.Listed != nil {
		return s.Listed
	}
	var out []int
	for m := s.MinMiB; m <= s.MaxMiB; m += s.StepMiB {
		out = append(out, m)
	}
	return out
}

// FargateMemoryAllowed reports whether Fargate runs a task of cpu units and
// memory MiB on the operating system family ("LINUX" or a "WINDOWS_..." value).
// want describes what the cpu allows, for the error message.
func FargateMemoryAllowed(cpu, memory int, windows bool) (ok bool, want string) {
	for _, s := range FargateSizes {
		if s.CPU != cpu {
			continue
		}
		if windows && !s.Windows {
			return false, "cpu 1024 or more for Windows tasks"
		}
		mems := s.Memories()
		for _, m := range mems {
			if m == memory {
				return true, ""
			}
		}
		if s.Listed != nil {
			return false, fmt.Sprintf("memory one of %v MiB for cpu %d", mems, cpu)
		}
		return false, fmt.Sprintf("memory %d to %d MiB in steps of %d for cpu %d", s.MinMiB, s.MaxMiB, s.StepMiB, cpu)
	}
	return false, "cpu one of 256, 512, 1024, 2048, 4096, 8192, 16384"
}

// FargatePlatform is one operating system and CPU architecture Fargate runs.
type FargatePlatform struct {
	// OS is the runtimePlatform.operatingSystemFamily value ("LINUX", "WINDOWS_SERVER_2022_CORE", ...).
	OS string
	// Arch is the runtimePlatform.cpuArchitecture value ("X86_64" or "ARM64").
	Arch string
	// Spot reports whether the platform runs it on the FARGATE_SPOT capacity
	// provider. The ECS Developer Guide: "Linux tasks with the ARM64
	// architecture don't support the Fargate Spot capacity provider" and
	// Windows containers are not supported on Spot. The English API Reference
	// now allows ARM64 (see the source above); the platform follows the guide.
	Spot bool
}

// FargatePlatforms are the platforms Fargate runs.
var FargatePlatforms = []FargatePlatform{
	{OS: "LINUX", Arch: "X86_64", Spot: true},
	{OS: "LINUX", Arch: "ARM64", Spot: false},
	{OS: "WINDOWS_SERVER_2019_FULL", Arch: "X86_64"},
	{OS: "WINDOWS_SERVER_2019_CORE", Arch: "X86_64"},
	{OS: "WINDOWS_SERVER_2022_FULL", Arch: "X86_64"},
	{OS: "WINDOWS_SERVER_2022_CORE", Arch: "X86_64"},
}

// FargatePlatformOf returns the platform of os and arch ("" means LINUX and
// X86_64, ECS's defaults) and whether Fargate runs it.
func FargatePlatformOf(os, arch string) (FargatePlatform, bool) {
	if os == "" {
		os = "LINUX"
	}
	if arch == "" {
		arch = "X86_64"
	}
	for _, p := range FargatePlatforms {
		if p.OS == os && p.Arch == arch {
			return p, true
		}
	}
	return FargatePlatform{OS: os, Arch: arch}, false
}

// SpotRuns reports whether the platform puts a Linux task of architecture on
// Fargate Spot: X86_64 only, the Developer Guide's rule ("Linux tasks with the
// ARM64 architecture don't support the Fargate Spot capacity provider"), kept
// while the API Reference's newer ARM64 sentence is not in the guide.
func SpotRuns(architecture string) bool {
	p, ok := FargatePlatformOf("LINUX", architecture)
	return ok && p.Spot
}
