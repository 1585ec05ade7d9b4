package schema

// Containers is what a workload declares beyond its main container: other
// containers, the volumes they share, start order, writable paths under the
// read-only root, and posture waivers.
type Containers struct {
	// Sidecars are more containers in the task (nginx in front of php-fpm),
	// at most 9 with the main container (the tracing daemon counts too).
	// Default: none.
	Sidecars []Sidecar `json:"sidecars"`
	// Volumes are shared task volumes (ephemeral storage) the main container
	// mounts; a sidecar mounting the same name shares the files. Default: none.
	Volumes []VolumeMount `json:"volumes"`
	// DependsOn orders the main container's start after sidecars. Default: none.
	DependsOn []Dependency `json:"dependsOn"`
	// WritablePaths are absolute paths of the main container mounted as
	// scratch volumes (task ephemeral storage, emptied with each task) under
	// the read-only root, e.g. /var/www/html/storage; not /, /proc, /sys or
	// /dev, each once. /tmp is always writable. Default: none.
	WritablePaths []string `json:"writablePaths"`
	// Waivers accept a posture finding on this workload's resources, each
	// with the policy rule's id (e.g. ECS.5) and a reason; plan --policy
	// lists them as waived, not failing. Default: none.
	Waivers []Waiver `json:"waivers"`
}

// Sidecar is one entry of a workload's `sidecars`.
type Sidecar struct {
	// Name is the container's name, unique in the task and not the
	// workload's: letters, digits, '-' and '_'. Required.
	Name string `json:"name"`
	// Repository is a repository of the stack's registry (its image comes
	// from images, like the main container's) or a full external reference
	// with a tag or digest such as public.ecr.aws/nginx/nginx:1.27. Required.
	Repository string `json:"repository"`
	// Port is the container port it listens on, unique in the task. Default: none.
	Port *int `json:"port"`
	// Command overrides the image's command. Default: the image's.
	Command []string `json:"command"`
	// Environment are plain variables, never secrets.
	Environment map[string]string `json:"environment"`
	// Secrets map a variable to a secret, as the main container's secrets do.
	Secrets map[string]SecretRef `json:"secrets"`
	// HealthCommand is its container health check. Default: none.
	HealthCommand []string `json:"healthCommand"`
	// DependsOn orders its start after other containers. Default: none.
	DependsOn []Dependency `json:"dependsOn"`
	// Volumes are the shared task volumes it mounts. Default: none.
	Volumes []VolumeMount `json:"volumes"`
	// CPU in 1/1024 vCPU reserved for it within the task. Default: 0, shared.
	CPU *int `json:"cpu"`
	// Memory in MiB is its hard limit within the task. Default: 0, shared.
	Memory *int `json:"memory"`
	// Essential stops the task when it stops; false for a one-shot step others
	// wait for with COMPLETE or SUCCESS. Default: true.
	Essential *bool `json:"essential"`
}

// Dependency is one entry of a container's `dependsOn`.
type Dependency struct {
	// Container is another container of the task: the workload's name for
	// the main container, or a sidecar's name. Required.
	Container string `json:"container"`
	// Condition is START, HEALTHY (it has a healthCommand), COMPLETE or
	// SUCCESS (it is not essential). Default: START.
	Condition string `json:"condition"`
}

// VolumeMount is one entry of a container's `volumes`.
type VolumeMount struct {
	// Name is the shared volume: lower-case letters, digits and '-'. Required.
	Name string `json:"name"`
	// Path is where the container sees it, an absolute path. Required.
	Path string `json:"path"`
	// ReadOnly mounts it read-only. Default: false.
	ReadOnly bool `json:"readOnly"`
}

// Waiver is one entry of a workload's `waivers`.
type Waiver struct {
	// Rule is a posture rule's id, as plan --policy names it (e.g. ECS.5). Required.
	Rule string `json:"rule"`
	// Reason says why the finding is accepted. Required.
	Reason string `json:"reason"`
}

// RegistryImages are the repositories of the stack's own registry a task's
// containers run, the main one first, then each sidecar's; full external
// references are left out.
func (t Task) RegistryImages() []string {
	images := []string{t.Repository}
	for _, s := range t.Sidecars {
		images = append(images, s.Repository)
	}
	var out []string
	for _, r := range images {
		if r != "" && !(Task{Repository: r}).External() {
			out = append(out, r)
		}
	}
	return out
}
