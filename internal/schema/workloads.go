package schema

import (
	"slices"
	"strings"
)

// Workloads is `workloads`: the product, by kind and name.
type Workloads struct {
	// Services are web services behind the load balancer (or the CDN).
	Services map[string]Service `json:"services"`
	// Workers are queue consumers with no ingress.
	Workers map[string]Worker `json:"workers"`
	// Schedules are tasks run on a schedule.
	Schedules map[string]Schedule `json:"schedules"`
	// Migrations are one-off tasks run before the services that name them.
	Migrations map[string]Migration `json:"migrations"`
	// Functions are Lambda functions triggered by a queue or a schedule.
	Functions map[string]Function `json:"functions"`
}

// Task is what every workload declares about its container.
type Task struct {
	// Repository is a repository name of the stack's registry (its image
	// comes from images), or a full external reference with a tag or digest
	// such as public.ecr.aws/nginx/nginx:1.27. Required.
	Repository string `json:"repository"`
	// CPU in 1/1024 vCPU, a Fargate size. Default: 256.
	CPU *int `json:"cpu"`
	// Memory in MiB, fitting CPU. Default: 512.
	Memory *int `json:"memory"`
	// Architecture is ARM64 or X86_64. Default: ARM64.
	Architecture string `json:"architecture"`
	// Command overrides the image's command. Default: the image's.
	Command []string `json:"command"`
	// Environment are plain variables, never secrets. A value may refer to
	// the stack: ${domain}, ${host} (a service's own host), ${stack},
	// ${region}, ${project}, ${service.<name>.url}; $${ is a literal ${.
	Environment map[string]string `json:"environment"`
	// Secrets map a variable to a secret: secret:<name> (a secret the stack
	// creates, see secretValues), a Secrets Manager or SSM ARN
	// (optionally "#jsonKey"), or a data part: database#username,
	// database#password, cache (the AUTH token), broker#username,
	// broker#password.
	Secrets map[string]SecretRef `json:"secrets"`
	// Grants are task-role permissions: bucket:<name>:read|write|readwrite,
	// queue:<name>:consume|send, mail:send.
	Grants []Grant `json:"grants"`
	// ReadonlyRootFilesystem keeps the image read-only (/tmp writable).
	// Default: true.
	ReadonlyRootFilesystem *bool `json:"readonlyRootFilesystem"`
	// HealthCommand is the container health check. Default: none.
	HealthCommand []string `json:"healthCommand"`
	// Exec turns on ECS Exec. Default: false.
	Exec bool `json:"exec"`
	// Tracing runs the X-Ray daemon sidecar. Default: false.
	Tracing bool `json:"tracing"`
	// Naming names the variables injected for what the task reaches (endpoints.go).
	Naming `json:",inline"`
	// Containers are the task's sidecars, volumes and writable paths (sidecars.go).
	Containers `json:",inline"`
}

// Service is one entry of `workloads.services`.
type Service struct {
	Task `json:",inline"`
	// Port is the container port, 1 to 65535. Default: 8080.
	Port *int `json:"port"`
	// Subdomain is the service's label under the domain. Required.
	Subdomain string `json:"subdomain"`
	// Entry is the sidecar the load balancer targets; it listens on port.
	// Default: the main container.
	Entry string `json:"entry"`
	// Paths limit the service to these path patterns of its host. Default: all.
	Paths []string `json:"paths"`
	// Priority pins its listener rule's priority, 1 to 29999 (30000 and up
	// are the previews'), unique on its load balancer; rules with lower
	// numbers are matched first. Default: allocated from the name, path rules
	// before host rules (10000-29999), and stable when services are added.
	Priority int `json:"priority"`
	// LoadBalancer pins the service to one of the stack's load balancers, 0
	// for the first; one past the others adds one. Default: placed by the
	// name so that at most 90 services share one (50 on dev, which keeps
	// room for previews); once recorded (platform place), adding a service
	// moves no other.
	LoadBalancer *int `json:"loadBalancer"`
	// HealthCheck is the load balancer's check.
	HealthCheck HealthCheck `json:"healthCheck"`
	// Cognito false keeps the host public where the environment is gated
	// (a webhook). Default: true.
	Cognito *bool `json:"cognito"`
	// CDN puts CloudFront in front of the host in staging and production;
	// dev serves it from the load balancer. Default: false.
	CDN bool `json:"cdn"`
	// StaticPaths are the paths the CDN caches. Default: none.
	StaticPaths []string `json:"staticPaths"`
	// Scaling are the service's bounds and targets.
	Scaling Scaling `json:"scaling"`
	// After names the migrations that must succeed before it rolls.
	After []string `json:"after"`
	// Preview runs the service in pull-request previews (always behind
	// the preview's gate, public services too). Default: true for gated
	// services, false for those with cognito false.
	Preview *bool `json:"preview"`
	// Release is how a new image reaches the service's traffic (release.go).
	Release Release `json:"release"`
}

// Worker is one entry of `workloads.workers`.
type Worker struct {
	Task `json:",inline"`
	// Queues are the SQS queues it consumes; their visible messages, summed
	// and divided by the running tasks, drive its scaling.
	Queues []string `json:"queues"`
	// Broker consumes RabbitMQ: its credentials are injected and it scales on CPU.
	Broker bool `json:"broker"`
	// BacklogPerTask is the queue backlog one task should face, 1 or more. Default: 10.
	BacklogPerTask *int `json:"backlogPerTask"`
	// Scaling are the worker's bounds and targets.
	Scaling Scaling `json:"scaling"`
	// After names the migrations that must succeed before it rolls.
	After []string `json:"after"`
	// Preview runs the worker in pull-request previews, on the preview's
	// own queues; not with broker (a preview shares the base's broker).
	// Default: true when a previewed service or schedule sends to one of its queues
	// and the preview has its own queues, else false.
	Preview *bool `json:"preview"`
	// Singleton runs exactly one task, never scaled and never on Spot, replaced
	// without overlap (a scheduler, a consumer that must not run twice); a
	// product file says kind: singleton. Scaling and backlogPerTask do not
	// apply to it. Default: false.
	Singleton bool `json:"singleton"`
}

// Schedule is one entry of `workloads.schedules`.
type Schedule struct {
	Task `json:",inline"`
	// Schedule is an EventBridge Scheduler expression, e.g. rate(1 minute)
	// or cron(0 3 * * ? *). Required.
	Schedule string `json:"schedule"`
	// Preview runs the schedule in pull-request previews, sending to the
	// preview's own queues. Default: false.
	Preview *bool `json:"preview"`
	// Spot runs each run on Fargate Spot, about 70% off; the platform runs
	// only X86_64 on Spot (the ECS guide's rule), and a run AWS interrupts
	// is lost (the next one comes).
	// Default: true on dev unless the task asks for ARM64, false on
	// staging and production.
	Spot *bool `json:"spot"`
}

// Migration is one entry of `workloads.migrations`.
type Migration struct {
	Task `json:",inline"`
	// TimeoutMinutes stops the migration's task and fails the deployment when
	// it has not stopped after this many minutes, 1 to 45 (the deploy role's
	// one-hour session must still stop it and finish the up). Default: 20.
	TimeoutMinutes *int `json:"timeoutMinutes"`
}

// HealthCheck is a service's `healthCheck`.
type HealthCheck struct {
	// Path is requested over HTTP. Default: /health.
	Path string `json:"path"`
	// GraceSeconds ignores failing checks after a task starts. Default: 60.
	GraceSeconds *int `json:"graceSeconds"`
	// IntervalSeconds between checks, 5 to 300. Default: 30.
	IntervalSeconds *int `json:"intervalSeconds"`
	// HealthyThreshold counts consecutive passes, 2 to 10. Default: 2.
	HealthyThreshold *int `json:"healthyThreshold"`
	// UnhealthyThreshold counts consecutive failures, 2 to 10. Default: 3.
	UnhealthyThreshold *int `json:"unhealthyThreshold"`
}

// Scaling is a service's or worker's `scaling`.
type Scaling struct {
	// Min is the task count at deploy, 0 to 1000. Default: sizes, then the
	// tier (1 dev and staging, 2 production).
	Min *int `json:"min"`
	// Max is the most tasks, Min to 1000. Default: sizes, then the tier (2
	// dev, 4 staging, 10 production).
	Max *int `json:"max"`
	// CPUTarget is the average CPU percentage it tracks, 10 to 95. Default: 60.
	CPUTarget *int `json:"cpuTarget"`
	// MemoryTarget is the average memory percentage it tracks, 10 to 95. Default: 70.
	MemoryTarget *int `json:"memoryTarget"`
	// SpotShare is the percentage of tasks above the first on Fargate Spot,
	// 0 to 100. Default: sizes, then the tier (100 dev, 50 staging, 0 production).
	SpotShare *int `json:"spotShare"`
}

// External reports whether the task's image is a full reference outside the
// stack's registry (it has a "/"), rather than one of the stack's repositories.
func (t Task) External() bool { return strings.Contains(t.Repository, "/") }

// Repositories are the stack's own image repositories the workloads use
// (an external reference, with a "/", is not one), sorted.
func (w Workloads) Repositories() []string {
	var repos []string
	add := func(t Task) {
		for _, r := range t.RegistryImages() {
			if !slices.Contains(repos, r) {
				repos = append(repos, r)
			}
		}
	}
	for _, t := range w.Tasks() {
		add(t)
	}
	for _, v := range w.Functions {
		add(Task{Repository: v.Repository})
	}
	slices.Sort(repos)
	return repos
}
