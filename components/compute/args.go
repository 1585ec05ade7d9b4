// Package compute provides the workloads: platform:compute:Cluster (ECS, ALB,
// listeners, service discovery), FargateService (a web service behind the ALB
// or the CDN), WorkerService (queue consumers), ScheduledTask and
// MigrationTask. Adding a service is one component call.
package compute

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/validate"
)

// Architecture is the task's CPU architecture.
type Architecture string

// The architectures.
const (
	ARM64 Architecture = "ARM64"
	X8664 Architecture = "X86_64"
)

// ArchitectureFor is the cheapest architecture a long-running workload with
// spotShare percent on Fargate Spot can run on: Graviton (ARM64) costs about
// 20% less on demand, but Fargate Spot runs only X86_64 Linux tasks, at about
// 70% off (awsfacts.SpotRuns, cost/prices.go).
func ArchitectureFor(spotShare int) Architecture {
	if spotShare > 0 {
		return X8664
	}
	return ARM64
}

// spotFits refuses a Spot share for a task Fargate Spot cannot run.
func spotFits(t TaskArgs, s Scaling) error {
	if s.SpotShare > 0 && !awsfacts.SpotRuns(string(t.Architecture)) {
		return validate.Field("architecture", t.Architecture, fmt.Sprintf("cannot run on Fargate Spot (spotShare %d): the platform runs only X86_64 Linux tasks on Fargate Spot, as the ECS Developer Guide says", s.SpotShare),
			"architecture X86_64 with a Spot share, or spotShare 0 for ARM64")
	}
	return nil
}

// Defaults of the task arguments.
const (
	DefaultCPU          = 256
	DefaultMemory       = 512
	DefaultArchitecture = ARM64
	DefaultPort         = 8080
	DefaultHealthPath   = "/health"
	DefaultGraceSeconds = 60
	DefaultIntervalSecs = 30
	DefaultHealthy      = 2
	DefaultUnhealthy    = 3
	DefaultMinTasks     = 1
	DefaultMaxTasks     = 4
	DefaultCPUTarget    = 60
	DefaultMemoryTarget = 70
	// DefaultBacklogPerTask is how many visible messages one worker task is
	// expected to keep up with before another starts.
	DefaultBacklogPerTask = 10
	maxPriority           = 50000
)

// fargateMemory lists the memory sizes (MiB) each Fargate CPU size accepts.
var fargateMemory = func() map[int][]int {
	steps := func(from, to, step int) []int {
		var out []int
		for m := from; m <= to; m += step {
			out = append(out, m)
		}
		return out
	}
	return map[int][]int{
		256:   {512, 1024, 2048},
		512:   steps(1024, 4096, 1024),
		1024:  steps(2048, 8192, 1024),
		2048:  steps(4096, 16384, 1024),
		4096:  steps(8192, 30720, 1024),
		8192:  steps(16384, 61440, 4096),
		16384: steps(32768, 122880, 8192),
	}
}()

// FargateCPUs are the CPU sizes (units of 1/1024 vCPU) Fargate offers.
var FargateCPUs = []int{256, 512, 1024, 2048, 4096, 8192, 16384}

var (
	serviceName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)
	envName     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	pathPattern = regexp.MustCompile(`^/[A-Za-z0-9._~\-/*?]*$`)
	subdomain   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)
)

// Secret is one value injected into the container from Secrets Manager or SSM.
type Secret struct {
	// Name is the environment variable the container sees.
	Name string
	// ARN is the secret's or parameter's ARN; the execution role must be able to read it.
	ARN pulumi.StringInput
	// Key picks one field of a JSON secret ("password"); empty for the whole value.
	Key string
}

// ValueFrom is the `valueFrom` ECS reads the secret through.
func (s Secret) ValueFrom() pulumi.StringOutput {
	if s.Key == "" {
		return s.ARN.ToStringOutput()
	}
	return pulumi.Sprintf("%s:%s::", s.ARN, s.Key)
}

// DataHop is one data-layer part a task may connect to: the task joins the
// part's client group, which the part admits on its port.
type DataHop struct {
	// Name names the part ("database", "cache").
	Name          string
	ClientGroupID pulumi.StringInput
}

// TaskArgs describe the container and its permissions; every kind of task has them.
type TaskArgs struct {
	// Image is the full reference: repository URL plus ":tag" or "@sha256:digest". Required.
	Image pulumi.StringInput
	// CPU in 1/1024 vCPU and Memory in MiB must be a Fargate combination
	// (256 with 512-2048, 512 with 1024-4096, ...). Default: DefaultCPU, DefaultMemory.
	CPU, Memory int
	// Architecture is "ARM64" or "X86_64". Default: for a service or worker,
	// ArchitectureFor its Spot share (X86_64 with Spot, else ARM64); for
	// migrations and schedules, which never run on Spot, DefaultArchitecture.
	Architecture Architecture
	// Command overrides the image's command. Default: the image's.
	Command []string
	// Environment are plain variables (values may be known only at deploy,
	// like a database host); names that look like secrets (PASSWORD, TOKEN,
	// ...) are refused: declare them in Secrets.
	Environment map[string]pulumi.StringInput
	// Secrets are injected with `valueFrom`, never as plain environment.
	Secrets []Secret
	// ReadonlyRootFilesystem makes the image's file system read-only; /tmp
	// stays writable. Default: true.
	ReadonlyRootFilesystem *bool
	// HealthCommand is the container health check, e.g.
	// ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]. Default: none.
	HealthCommand []string
	// Exec turns on ECS Exec (shell into a running task). Default: false.
	Exec bool
	// Tracing runs the X-Ray daemon beside the app and lets the task send
	// traces to it on 127.0.0.1:2000. Default: false.
	Tracing bool
	// PlainVariables are environment names allowed although they look like
	// secrets (the stack's allowPlainVariables, e.g. PASSWORD_MIN_LENGTH).
	// Default: none.
	PlainVariables []string
	// Statements are the task role's permissions, least privilege.
	Statements []iamdoc.Statement
	// PolicyARNs are managed policies the task role takes (e.g. send mail).
	PolicyARNs []pulumi.StringInput
	// DataHops are the data-layer parts the task connects to.
	DataHops []DataHop
	// Sidecars are the task's other containers (at most 9 with the main one
	// and the tracing daemon making 10). Default: none.
	Sidecars []Sidecar
	// Mounts are the shared volumes the main container mounts. Default: none.
	Mounts []Mount
	// DependsOn orders the main container's start after sidecars. Default: none.
	DependsOn []Dependency
	// WritablePaths are absolute paths of the main container mounted as
	// scratch volumes (task ephemeral storage) under the read-only root,
	// besides /tmp; not "/", not under /proc, /sys or /dev, each once.
	// Default: none.
	WritablePaths []string
	// Entry is the sidecar the load balancer targets, which listens on the
	// service's port; empty targets the main container. Default: "".
	Entry string
}

func (t TaskArgs) withDefaults() TaskArgs {
	if t.CPU == 0 {
		t.CPU = DefaultCPU
	}
	if t.Memory == 0 {
		t.Memory = DefaultMemory
	}
	if t.Architecture == "" {
		t.Architecture = DefaultArchitecture
	}
	if t.ReadonlyRootFilesystem == nil {
		t.ReadonlyRootFilesystem = pulumi.BoolRef(true)
	}
	return t
}

func (t TaskArgs) validate(workload string) error {
	var errs []error
	if t.Image == nil {
		errs = append(errs, validate.Missing("image", "an image reference"))
	}
	if memories, ok := fargateMemory[t.CPU]; !ok {
		errs = append(errs, validate.Field("cpu", t.CPU, "is not a Fargate size", "one of "+joinInts(FargateCPUs)))
	} else if !slices.Contains(memories, t.Memory) {
		errs = append(errs, validate.Field("memory", t.Memory, fmt.Sprintf("does not fit cpu %d", t.CPU), "one of "+joinInts(memories)))
	}
	errs = append(errs, validate.OneOf("architecture", t.Architecture, ARM64, X8664), t.validateVariables(), t.validateContainers(workload))
	return errors.Join(errs...)
}

// validateVariables checks a container's environment and secret names.
func (t TaskArgs) validateVariables() error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(t.Environment)) {
		switch {
		case !envName.MatchString(name):
			errs = append(errs, validate.Field("environment", name, "is not a variable name", "letters, digits and _"))
		case validate.SecretName(name) && !slices.Contains(t.PlainVariables, name):
			errs = append(errs, validate.Field("environment."+name, "(value hidden)", "looks like a secret", "declare it under secrets so it is injected with valueFrom"))
		}
	}
	seen := map[string]bool{}
	for _, s := range t.Secrets {
		switch {
		case !envName.MatchString(s.Name):
			errs = append(errs, validate.Field("secrets", s.Name, "is not a variable name", "letters, digits and _"))
		case seen[s.Name] || t.Environment[s.Name] != nil:
			errs = append(errs, validate.Field("secrets."+s.Name, s.Name, "is set twice", "each variable once, in environment or secrets"))
		}
		seen[s.Name] = true
	}
	return errors.Join(errs...)
}

// HealthCheck is the target group's check of a web service.
type HealthCheck struct {
	// Path is requested over HTTP. Default: DefaultHealthPath.
	Path string
	// GraceSeconds ignores failing checks after a task starts, 0 to 2147483647.
	// Default: DefaultGraceSeconds.
	GraceSeconds int
	// IntervalSeconds between checks, 5 to 300. Default: DefaultIntervalSecs.
	IntervalSeconds int
	// HealthyThreshold and UnhealthyThreshold count consecutive results, 2 to 10.
	// Default: DefaultHealthy, DefaultUnhealthy.
	HealthyThreshold   int
	UnhealthyThreshold int
}

func (h HealthCheck) withDefaults() HealthCheck {
	h.Path = cmp.Or(h.Path, DefaultHealthPath)
	h.GraceSeconds = cmp.Or(h.GraceSeconds, DefaultGraceSeconds)
	h.IntervalSeconds = cmp.Or(h.IntervalSeconds, DefaultIntervalSecs)
	h.HealthyThreshold = cmp.Or(h.HealthyThreshold, DefaultHealthy)
	h.UnhealthyThreshold = cmp.Or(h.UnhealthyThreshold, DefaultUnhealthy)
	return h
}

func (h HealthCheck) validate() error {
	var errs []error
	if !strings.HasPrefix(h.Path, "/") {
		errs = append(errs, validate.Field("path", h.Path, "is not an absolute path", "e.g. /health"))
	}
	return errors.Join(append(errs,
		validate.Range("graceSeconds", h.GraceSeconds, 0, 2147483647),
		validate.Range("intervalSeconds", h.IntervalSeconds, 5, 300),
		validate.Range("healthyThreshold", h.HealthyThreshold, 2, 10),
		validate.Range("unhealthyThreshold", h.UnhealthyThreshold, 2, 10),
	)...)
}

// Scaling bounds a service's task count and sets its target-tracking targets.
type Scaling struct {
	// Min and Max bound the task count, 0 to 1000 (both 0 for a paused
	// stack); Min runs at deploy. Default: DefaultMinTasks, and
	// max(DefaultMaxTasks, Min).
	Min *int
	Max int
	// CPUTarget and MemoryTarget are average utilisation percentages the
	// service tracks, 10 to 95. Default: DefaultCPUTarget, DefaultMemoryTarget.
	CPUTarget    int
	MemoryTarget int
	// SpotShare is the percentage of tasks above the first on Fargate Spot,
	// 0 to 100; above 0 the task must be X86_64 (Fargate Spot runs no ARM64).
	// Default: 0.
	SpotShare int
}

func (s Scaling) withDefaults() Scaling {
	if s.Min == nil {
		s.Min = pulumi.IntRef(DefaultMinTasks)
	}
	// Min and Max both 0 is a paused workload, and stays so.
	if s.Max == 0 && *s.Min > 0 {
		s.Max = max(DefaultMaxTasks, *s.Min)
	}
	s.CPUTarget = cmp.Or(s.CPUTarget, DefaultCPUTarget)
	s.MemoryTarget = cmp.Or(s.MemoryTarget, DefaultMemoryTarget)
	return s
}

func (s Scaling) validate() error {
	errs := []error{
		validate.Range("min", *s.Min, 0, 1000),
		validate.Range("max", s.Max, 0, 1000),
		validate.Range("cpuTarget", s.CPUTarget, 10, 95),
		validate.Range("memoryTarget", s.MemoryTarget, 10, 95),
		validate.Range("spotShare", s.SpotShare, 0, 100),
	}
	if *s.Min > s.Max {
		errs = append(errs, validate.Field("min", *s.Min, "is above max", fmt.Sprintf("at most %d", s.Max)))
	}
	return errors.Join(errs...)
}

func joinInts(values []int) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}

// validName checks a workload's name: it becomes part of AWS names with
// 32-character limits.
func validName(name string) error {
	if !serviceName.MatchString(name) {
		return validate.Field("name", name, "is not a valid workload name", "lower-case letters, digits and '-', starting with a letter, at most 20 characters")
	}
	return nil
}
