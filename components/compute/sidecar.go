package compute

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Sidecar is one more container in a workload's task, beside the main one
// (named after the workload): nginx in front of php-fpm, an exporter, a
// one-shot setup step.
type Sidecar struct {
	// Name is the container's name, unique in the task and not the
	// workload's: letters, digits, '-' and '_', at most 255. Required.
	Name string
	// Image is the full reference, like the main container's. Required.
	Image pulumi.StringInput
	// Port is the container port it listens on, 1 to 65535, unique in the
	// task (its containers share one network namespace). Default: none.
	Port int
	// Command overrides the image's command. Default: the image's.
	Command []string
	// Environment are plain variables; secret-looking names are refused.
	Environment map[string]pulumi.StringInput
	// Secrets are injected with valueFrom.
	Secrets []Secret
	// HealthCommand is its container health check. Default: none.
	HealthCommand []string
	// DependsOn orders its start after other containers of the task.
	DependsOn []Dependency
	// Mounts are the task's shared volumes it mounts.
	Mounts []Mount
	// CPU (1/1024 vCPU) reserves part of the task for it and Memory (MiB) is
	// its hard limit, both within the task's size; 0 shares the task's.
	// Default: 0.
	CPU, Memory int
	// Essential stops the task when it stops. A container others wait for
	// with COMPLETE or SUCCESS must not be essential. Default: true.
	Essential *bool
}

// Dependency is a container a container waits for, and for what.
type Dependency struct {
	// Container is a sidecar's name; empty for the main container (named
	// after the workload, which a preview renames).
	Container string
	// Condition is START, HEALTHY (the container has a health check),
	// COMPLETE or SUCCESS (the container is not essential).
	Condition string
}

// Mount mounts a shared task volume (ephemeral, task-scoped storage) at Path.
type Mount struct {
	// Volume names the shared volume: lower-case letters, digits and '-'.
	Volume string
	// Path is an absolute path in the container.
	Path string
	// ReadOnly mounts it read-only. Default: false.
	ReadOnly bool
}

// maxContainers is the containers a task definition may have.
var maxContainers = awsfacts.QuotaContainersPerTaskDef.Default

var (
	containerName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$`)
	volumeName    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)
)

// reservedPaths are file systems of the kernel and the runtime, never scratch.
var reservedPaths = []string{"/proc", "/sys", "/dev", "/etc/hosts", "/etc/resolv.conf"}

// essential reports whether a sidecar stops the task when it stops.
func (s Sidecar) essential() bool { return s.Essential == nil || *s.Essential }

// entryName is the container the load balancer targets.
func (t TaskArgs) entryName(workload string) string {
	if t.Entry != "" {
		return t.Entry
	}
	return workload
}

// entryFits checks that the entry container exists and listens on port.
func (t TaskArgs) entryFits(port int) error {
	if t.Entry == "" {
		return nil
	}
	i := slices.IndexFunc(t.Sidecars, func(s Sidecar) bool { return s.Name == t.Entry })
	switch {
	case i < 0:
		return validate.Field("entry", t.Entry, "is not a sidecar of the task", "a sidecar's name, or unset for the main container")
	case t.Sidecars[i].Port != port:
		return validate.Field("entry", t.Entry, fmt.Sprintf("listens on port %d, not the service's port %d", t.Sidecars[i].Port, port), "the sidecar's port as the service's port")
	}
	return nil
}

// validateContainers checks the task's containers together: names, ports,
// start order, shared volumes, writable paths and their share of the task.
func (t TaskArgs) validateContainers(workload string) error {
	var errs []error
	names := []string{workload}
	if t.Tracing {
		names = append(names, tracingContainer)
	}
	health := map[string]bool{workload: len(t.HealthCommand) > 0}
	essential := map[string]bool{workload: true}
	ports := map[int]string{}
	if t.Tracing {
		ports[tracingPort] = tracingContainer
	}
	var cpu, memory int
	for i, s := range t.Sidecars {
		at := fmt.Sprintf("sidecars[%d]", i)
		switch {
		case !containerName.MatchString(s.Name):
			errs = append(errs, validate.Field(at+".name", s.Name, "is not a container name", "letters, digits, '-' and '_', at most 255"))
		case slices.Contains(names, s.Name):
			errs = append(errs, validate.Field(at+".name", s.Name, "is already a container of the task", "a name of its own (the main container is named after the workload)"))
		}
		names = append(names, s.Name)
		health[s.Name], essential[s.Name] = len(s.HealthCommand) > 0, s.essential()
		if s.Image == nil {
			errs = append(errs, validate.Missing(at+".image", "an image reference"))
		}
		if s.Port != 0 {
			errs = append(errs, validate.Range(at+".port", s.Port, 1, 65535))
			if other, dup := ports[s.Port]; dup {
				errs = append(errs, validate.Field(at+".port", s.Port, "is already the port of "+other, "a port no other container of the task uses: they share one network namespace"))
			}
			ports[s.Port] = s.Name
		}
		errs = append(errs, validate.Nest(at, TaskArgs{Environment: s.Environment, Secrets: s.Secrets}.validateVariables()),
			validate.Range(at+".cpu", s.CPU, 0, t.CPU), validate.Range(at+".memory", s.Memory, 0, t.Memory))
		cpu, memory = cpu+s.CPU, memory+s.Memory
	}
	if len(names) > maxContainers {
		errs = append(errs, validate.Field("sidecars", len(t.Sidecars), fmt.Sprintf("make %d containers in one task", len(names)), fmt.Sprintf("at most %d containers per task definition", maxContainers)))
	}
	if cpu > t.CPU || memory > t.Memory {
		errs = append(errs, validate.Field("sidecars", fmt.Sprintf("cpu %d, memory %d", cpu, memory), fmt.Sprintf("reserve more than the task's cpu %d and memory %d", t.CPU, t.Memory), "sidecar reservations within the task size"))
	}
	check := func(at, self string, deps []Dependency) {
		for j, d := range deps {
			where := strings.TrimPrefix(fmt.Sprintf("%s.dependsOn[%d]", at, j), ".")
			others := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == self || n == tracingContainer })
			d.Container = cmp.Or(d.Container, workload)
			switch {
			case !slices.Contains(others, d.Container):
				errs = append(errs, validate.Field(where+".container", d.Container, "is not another container of the task", "one of: "+cmp.Or(strings.Join(others, ", "), "(none: declare sidecars)")))
			case !slices.Contains(awsfacts.DependencyConditions, d.Condition):
				errs = append(errs, validate.Field(where+".condition", d.Condition, "is not a dependency condition", "one of "+strings.Join(awsfacts.DependencyConditions, ", ")))
			case d.Condition == "HEALTHY" && !health[d.Container]:
				errs = append(errs, validate.Field(where+".condition", d.Condition, "needs a health check on "+d.Container, "a healthCommand on "+d.Container+", or START"))
			case awsfacts.DependencyNeedsNonEssential(d.Condition) && essential[d.Container]:
				errs = append(errs, validate.Field(where+".condition", d.Condition, d.Container+" is essential: ECS refuses COMPLETE and SUCCESS on an essential container", "essential false on "+d.Container+", or START or HEALTHY"))
			}
		}
	}
	check("", workload, t.DependsOn)
	for i, s := range t.Sidecars {
		check(fmt.Sprintf("sidecars[%d]", i), s.Name, s.DependsOn)
		errs = append(errs, validateMounts(fmt.Sprintf("sidecars[%d].volumes", i), s.Mounts))
	}
	return errors.Join(append(errs, validateMounts("volumes", t.Mounts), validateWritablePaths(t.WritablePaths))...)
}

// validateMounts checks one container's shared-volume mounts.
func validateMounts(at string, mounts []Mount) error {
	var errs []error
	seen := map[string]bool{}
	for i, m := range mounts {
		where := fmt.Sprintf("%s[%d]", at, i)
		if !volumeName.MatchString(m.Volume) || strings.HasPrefix(m.Volume, writableVolumePrefix) || m.Volume == scratchVolume {
			errs = append(errs, validate.Field(where+".name", m.Volume, "is not a shared volume name", "lower-case letters, digits and '-', not tmp or writable-*"))
		}
		errs = append(errs, scratchPath(where+".path", m.Path, seen))
	}
	return errors.Join(errs...)
}

// validateWritablePaths checks the main container's writable paths.
func validateWritablePaths(paths []string) error {
	var errs []error
	seen := map[string]bool{"/tmp": true}
	for i, p := range paths {
		errs = append(errs, scratchPath(fmt.Sprintf("writablePaths[%d]", i), p, seen))
	}
	return errors.Join(errs...)
}

// scratchPath checks one mount path: absolute, clean, not the root, not a
// kernel or runtime file system, and not mounted twice in the container.
func scratchPath(at, p string, seen map[string]bool) error {
	reserved := slices.ContainsFunc(reservedPaths, func(r string) bool { return p == r || strings.HasPrefix(p, r+"/") })
	switch {
	case !strings.HasPrefix(p, "/") || path.Clean(p) != p:
		return validate.Field(at, p, "is not a clean absolute path", "e.g. /var/www/html/storage")
	case p == "/":
		return validate.Field(at, p, "is the root file system", "a folder under it; or readonlyRootFilesystem false with a posture waiver")
	case reserved:
		return validate.Field(at, p, "is a kernel or runtime file system", "a folder of the application, e.g. /var/www/html/storage")
	case seen[p]:
		return validate.Field(at, p, "is mounted twice in the container", "each path once (/tmp is always writable)")
	}
	seen[p] = true
	return nil
}

// containerSpec is what a container takes from outputs: its image,
// environment and secrets.
type containerSpec struct {
	name        string
	image       pulumi.StringInput
	environment map[string]pulumi.StringInput
	secrets     []Secret
}

func sidecarSpecs(sidecars []Sidecar) []containerSpec {
	var out []containerSpec
	for _, s := range sidecars {
		out = append(out, containerSpec{name: s.Name, image: s.Image, environment: s.Environment, secrets: s.Secrets})
	}
	return out
}

// inputs are the spec's three outputs: image, secret valueFroms and
// environment values (sorted by name).
func (c containerSpec) inputs() []any {
	valueFroms := pulumi.StringArray{}
	for _, s := range c.secrets {
		valueFroms = append(valueFroms, s.ValueFrom())
	}
	values := pulumi.StringArray{}
	for _, k := range slices.Sorted(maps.Keys(c.environment)) {
		values = append(values, c.environment[k])
	}
	return []any{c.image, valueFroms, values}
}

// definition is the container with its resolved image, secrets and
// environment; the caller sets the rest.
func (c containerSpec) definition(v []any, logs LogConfiguration) ContainerDefinition {
	d := ContainerDefinition{Name: c.name, Image: v[0].(string), Environment: []KeyValue{}, Secrets: []SecretRef{},
		LogConfiguration: logs, LinuxParameters: LinuxParameters{InitProcessEnabled: true}}
	for i, k := range slices.Sorted(maps.Keys(c.environment)) {
		d.Environment = append(d.Environment, KeyValue{Name: k, Value: v[2].([]string)[i]})
	}
	for i, s := range c.secrets {
		d.Secrets = append(d.Secrets, SecretRef{Name: s.Name, ValueFrom: v[1].([]string)[i]})
	}
	return d
}

// containerHealth is a container health check on the platform's timings.
func containerHealth(command []string) *ContainerHealth {
	return &ContainerHealth{Command: command, Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 30}
}

func dependsOn(deps []Dependency, workload string) []ContainerDependency {
	var out []ContainerDependency
	for _, d := range deps {
		out = append(out, ContainerDependency{ContainerName: cmp.Or(d.Container, workload), Condition: d.Condition})
	}
	return out
}

func sharedMounts(mounts []Mount) []MountPoint {
	var out []MountPoint
	for _, m := range mounts {
		out = append(out, MountPoint{SourceVolume: m.Volume, ContainerPath: m.Path, ReadOnly: m.ReadOnly})
	}
	return out
}

// volumeNames are the task volumes beyond /tmp: one scratch volume per
// writable path, and every shared volume a container mounts, once.
func (t TaskArgs) volumeNames() []string {
	var out []string
	for i := range t.WritablePaths {
		out = append(out, fmt.Sprintf("%s%d", writableVolumePrefix, i+1))
	}
	add := func(mounts []Mount) {
		for _, m := range mounts {
			if !slices.Contains(out, m.Volume) {
				out = append(out, m.Volume)
			}
		}
	}
	add(t.Mounts)
	for _, s := range t.Sidecars {
		add(s.Mounts)
		if t.Exec {
			add(mountsOf(sidecarExecScratch(s.Name)))
		}
	}
	return out
}

// sidecarExecScratch are a sidecar's own volumes for the SSM agent ECS Exec
// injects into every container: its state is the container's, not shared.
func sidecarExecScratch(sidecar string) []MountPoint {
	var out []MountPoint
	for _, m := range execScratch {
		out = append(out, MountPoint{SourceVolume: sidecar + "-" + m.SourceVolume, ContainerPath: m.ContainerPath})
	}
	return out
}

func mountsOf(points []MountPoint) []Mount {
	var out []Mount
	for _, p := range points {
		out = append(out, Mount{Volume: p.SourceVolume, Path: p.ContainerPath})
	}
	return out
}

// ContainerDependency is one entry of a container's dependsOn.
type ContainerDependency struct {
	ContainerName string `json:"containerName"`
	Condition     string `json:"condition"`
}
