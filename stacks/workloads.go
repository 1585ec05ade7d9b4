package stacks

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"platform/components/compute"
	"platform/components/data"
	"platform/internal/validate"
)

// Workloads is `platform:workloads`: the product's services, workers,
// schedules and migrations. It is declared once, as the default in
// Pulumi.yaml; stack files set only images (`platform:images`) and sizes
// (`platform:sizes`).
type Workloads struct {
	Services   map[string]ServiceSpec   `json:"services,omitempty"`
	Workers    map[string]WorkerSpec    `json:"workers,omitempty"`
	Schedules  map[string]ScheduleSpec  `json:"schedules,omitempty"`
	Migrations map[string]MigrationSpec `json:"migrations,omitempty"`
}

// TaskSpec is what every workload declares about its container.
type TaskSpec struct {
	// Repository is a name under platform:data.repositories (the image tag
	// comes from platform:images), or a full external image reference
	// with its tag, such as public.ecr.aws/nginx/nginx:1.27. Required.
	Repository string `json:"repository"`
	// CPU and Memory size the task (a Fargate combination). Default: 256 / 512.
	CPU    int `json:"cpu,omitempty"`
	Memory int `json:"memory,omitempty"`
	// Architecture is ARM64 or X86_64. Default: the cheapest that can run
	// it: X86_64 for a service or worker with a Spot share (Fargate Spot runs
	// no ARM64), else ARM64. ARM64 with a Spot share is refused.
	Architecture compute.Architecture `json:"architecture,omitempty"`
	// Command overrides the image's command.
	Command []string `json:"command,omitempty"`
	// Environment are plain variables; never secrets.
	Environment map[string]string `json:"environment,omitempty"`
	// Secrets map a variable to a secret: a Secrets Manager or SSM ARN
	// (optionally "#jsonKey"), or a data-layer part: "database#password",
	// "database#username", "cache" (the AUTH token), "broker#username",
	// "broker#password". A part referenced here is also reachable on the
	// network, and its endpoint is put in the environment.
	Secrets map[string]string `json:"secrets,omitempty"`
	// Grants are task-role permissions: "bucket:<name>:read|write|readwrite",
	// "queue:<name>:consume|send", "mail:send".
	Grants []string `json:"grants,omitempty"`
	// ReadonlyRootFilesystem keeps the image read-only (/tmp writable). Default: true.
	ReadonlyRootFilesystem *bool `json:"readonlyRootFilesystem,omitempty"`
	// HealthCommand is the container health check.
	HealthCommand []string `json:"healthCommand,omitempty"`
	// Exec turns on ECS Exec. Default: false.
	Exec bool `json:"exec,omitempty"`
	// Tracing runs the X-Ray daemon sidecar. Default: false.
	Tracing bool `json:"tracing,omitempty"`
}

// ServiceSpec is a web service behind the load balancer (or the CDN).
type ServiceSpec struct {
	TaskSpec
	// Port is the container port. Default: 8080.
	Port int `json:"port,omitempty"`
	// Subdomain is the service's label under platform:domain. Required.
	Subdomain string `json:"subdomain"`
	// Paths limit the service to these path patterns of its host.
	Paths []string `json:"paths,omitempty"`
	// Priority orders its listener rule, unique in the stack. Required.
	Priority int `json:"priority"`
	// HealthCheck is the load balancer's check.
	HealthCheck compute.HealthCheck `json:"healthCheck"`
	// Cognito: false keeps the host public even where the environment is
	// gated (a webhook). Default: true, gated wherever platform:gate is on.
	Cognito *bool `json:"cognito,omitempty"`
	// CDN puts CloudFront in front of the host. Default: false.
	CDN bool `json:"cdn,omitempty"`
	// StaticPaths are the paths the CDN caches.
	StaticPaths []string `json:"staticPaths,omitempty"`
	// Scaling are the service's own bounds and targets; platform:sizes and the tier fill the rest.
	Scaling compute.Scaling `json:"scaling"`
	// After names the migrations that must succeed before it rolls.
	After []string `json:"after,omitempty"`
}

// WorkerSpec is a queue consumer with no ingress.
type WorkerSpec struct {
	TaskSpec
	// Queues are the SQS queues it consumes (granted and, the first one,
	// driving its scaling).
	Queues []string `json:"queues,omitempty"`
	// Broker consumes RabbitMQ: its credentials are injected and it scales on CPU.
	Broker bool `json:"broker,omitempty"`
	// BacklogPerTask is the queue backlog one task should face. Default: 10.
	BacklogPerTask int             `json:"backlogPerTask,omitempty"`
	Scaling        compute.Scaling `json:"scaling"`
	After          []string        `json:"after,omitempty"`
}

// ScheduleSpec is a task on a schedule.
type ScheduleSpec struct {
	TaskSpec
	// Schedule is an EventBridge Scheduler expression, e.g. rate(1 minute). Required.
	Schedule string `json:"schedule"`
}

// MigrationSpec is a one-off task run before the services that name it in After.
type MigrationSpec struct {
	TaskSpec
}

// Sizing is a stack's override of one workload's size (`platform:sizes`).
type Sizing struct {
	CPU       int  `json:"cpu,omitempty"`
	Memory    int  `json:"memory,omitempty"`
	Min       *int `json:"min,omitempty"`
	Max       int  `json:"max,omitempty"`
	SpotShare *int `json:"spotShare,omitempty"`
}

var (
	imageTag       = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$`)
	externalImage  = regexp.MustCompile(`^[a-z0-9.-]+(:\d+)?/[a-z0-9._/-]+(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$`)
	grantPattern   = regexp.MustCompile(`^(bucket:[a-z0-9-]+:(read|write|readwrite)|queue:[a-z0-9-]+:(consume|send)|mail:send)$`)
	dataSecretRefs = []string{"database#username", "database#password", "cache", "broker#username", "broker#password"}
)

// isExternal reports whether a repository is a full reference outside the stack's ECR.
func isExternal(repository string) bool { return strings.Contains(repository, "/") }

// names lists every workload name with its kind, sorted.
func (w Workloads) names() []string {
	var all []string
	for _, m := range []map[string]bool{keySet(w.Services), keySet(w.Workers), keySet(w.Schedules), keySet(w.Migrations)} {
		for k := range m {
			all = append(all, k)
		}
	}
	sort.Strings(all)
	return all
}

func keySet[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// tasks returns every workload's TaskSpec by name.
func (w Workloads) tasks() map[string]TaskSpec {
	out := map[string]TaskSpec{}
	for k, v := range w.Services {
		out[k] = v.TaskSpec
	}
	for k, v := range w.Workers {
		out[k] = v.TaskSpec
	}
	for k, v := range w.Schedules {
		out[k] = v.TaskSpec
	}
	for k, v := range w.Migrations {
		out[k] = v.TaskSpec
	}
	return out
}

// Repositories are the stack's own image repositories the workloads use.
func (w Workloads) Repositories() []string {
	seen := map[string]bool{}
	var repos []string
	for _, t := range w.tasks() {
		if !isExternal(t.Repository) && t.Repository != "" && !seen[t.Repository] {
			seen[t.Repository] = true
			repos = append(repos, t.Repository)
		}
	}
	sort.Strings(repos)
	return repos
}

// validateWorkloads checks what only the stack can: names unique across
// kinds, images, secret and grant references to the data layer, priorities
// and hosts unique, migrations that exist.
func (c *Config) validateWorkloads() error {
	var errs []error
	w := c.Workloads
	seen := map[string]string{}
	add := func(kind, name string) {
		if other, dup := seen[name]; dup {
			errs = append(errs, validate.Field(key("workloads")+"."+kind+"["+name+"]", name, "is also the name of a "+other, "one name per workload: it names the ECS service and log group"))
		}
		seen[name] = kind
	}
	for _, n := range slices.Sorted(maps.Keys(w.Services)) {
		add("services", n)
	}
	for _, n := range slices.Sorted(maps.Keys(w.Workers)) {
		add("workers", n)
	}
	for _, n := range slices.Sorted(maps.Keys(w.Schedules)) {
		add("schedules", n)
	}
	for _, n := range slices.Sorted(maps.Keys(w.Migrations)) {
		add("migrations", n)
	}
	tasks := w.tasks()
	for _, name := range slices.Sorted(maps.Keys(tasks)) {
		errs = append(errs, c.validateTask(kindPath(w, name), tasks[name]))
	}
	priorities := map[int]string{}
	routes := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		s := w.Services[name]
		path := key("workloads") + ".services[" + name + "]"
		if s.Priority >= PreviewPriorityBase {
			errs = append(errs, validate.Field(path+".priority", s.Priority, "is in the range kept for preview stacks", fmt.Sprintf("1 to %d", PreviewPriorityBase-1)))
		}
		if other, dup := priorities[s.Priority]; dup && s.Priority != 0 {
			errs = append(errs, validate.Field(path+".priority", s.Priority, "is already the priority of "+other, "a priority no other service uses"))
		}
		priorities[s.Priority] = name
		paths := append([]string{}, s.Paths...)
		sort.Strings(paths)
		route := s.Subdomain + "|" + strings.Join(paths, ",")
		if other, dup := routes[route]; dup {
			errs = append(errs, validate.Field(path+".subdomain", s.Subdomain+strings.Join(s.Paths, ","), "routes the same host and paths as "+other, "a host and path combination of its own"))
		}
		routes[route] = name
		for _, m := range s.After {
			if _, ok := w.Migrations[m]; !ok {
				errs = append(errs, validate.Field(path+".after", m, "is not a migration", "one of: "+strings.Join(slices.Sorted(maps.Keys(w.Migrations)), ", ")))
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		wk := w.Workers[name]
		path := key("workloads") + ".workers[" + name + "]"
		for _, q := range wk.Queues {
			if !c.hasQueue(q) {
				errs = append(errs, validate.Field(path+".queues", q, "is not a queue of platform:data", "one of: "+strings.Join(c.queueNames(), ", ")))
			}
		}
		if wk.Broker && c.Data.Broker == nil {
			errs = append(errs, validate.Field(path+".broker", true, "needs a broker", "platform:data.broker"))
		}
		for _, m := range wk.After {
			if _, ok := w.Migrations[m]; !ok {
				errs = append(errs, validate.Field(path+".after", m, "is not a migration", "one of: "+strings.Join(slices.Sorted(maps.Keys(w.Migrations)), ", ")))
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Images)) {
		if !slices.Contains(w.Repositories(), name) {
			errs = append(errs, validate.Field(key("images")+"."+name, c.Images[name], "is not a repository any workload uses", "one of: "+strings.Join(w.Repositories(), ", ")))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Sizes)) {
		if _, ok := tasks[name]; !ok {
			errs = append(errs, validate.Field(key("sizes")+"."+name, name, "is not a workload", "one of: "+strings.Join(w.names(), ", ")))
		}
	}
	return errors.Join(errs...)
}

// kindPath is the config path of a workload, e.g. platform:workloads.services[web].
func kindPath(w Workloads, name string) string {
	kind := "migrations"
	switch {
	case hasKey(w.Services, name):
		kind = "services"
	case hasKey(w.Workers, name):
		kind = "workers"
	case hasKey(w.Schedules, name):
		kind = "schedules"
	}
	return key("workloads") + "." + kind + "[" + name + "]"
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

func (c *Config) validateTask(path string, t TaskSpec) error {
	var errs []error
	switch {
	case t.Repository == "":
		errs = append(errs, validate.Missing(path+".repository", "a platform:data repository or an external image"))
	case isExternal(t.Repository):
		if !externalImage.MatchString(t.Repository) {
			errs = append(errs, validate.Field(path+".repository", t.Repository, "is not an image reference with a tag or digest", "e.g. public.ecr.aws/nginx/nginx:1.27"))
		}
	default:
		// A stack holds back a workload whose first image is not pushed yet
		// (notRolledOut); a preview deploys a pull request's images, all of them.
		tag, ok := c.Images[t.Repository]
		if !ok && c.Preview != nil {
			errs = append(errs, validate.Missing(key("images")+"."+t.Repository, "the image tag or sha256 digest to deploy"))
		} else if ok && !imageTag.MatchString(tag) {
			errs = append(errs, validate.Field(key("images")+"."+t.Repository, tag, "is not an image tag or digest", "a tag such as 1.4.2 or sha256:<64 hex>"))
		}
	}
	// A preview's data and mail are the base stack's, checked where the base is.
	local := c.Preview == nil
	for _, name := range slices.Sorted(maps.Keys(t.Secrets)) {
		ref := t.Secrets[name]
		switch {
		case strings.HasPrefix(ref, "arn:aws:secretsmanager:"), strings.HasPrefix(ref, "arn:aws:ssm:"):
		case slices.Contains(dataSecretRefs, ref):
			if !local {
				continue
			}
			if part, _, _ := strings.Cut(ref, "#"); !c.hasPart(part) {
				errs = append(errs, validate.Field(path+".secrets."+name, ref, "refers to a part platform:data does not have", "platform:data."+part+" set"))
			} else if part == "cache" && c.Data.Cache.Mode == data.ServerlessCache {
				errs = append(errs, validate.Field(path+".secrets."+name, ref, "has no AUTH token: a serverless cache relies on TLS and its security group", "platform:data.cache.mode \"node\", or no cache secret"))
			}
		default:
			errs = append(errs, validate.Field(path+".secrets."+name, ref, "is not a secret reference", "a Secrets Manager or SSM ARN, or one of "+strings.Join(dataSecretRefs, ", ")))
		}
	}
	for _, g := range t.Grants {
		if !grantPattern.MatchString(g) {
			errs = append(errs, validate.Field(path+".grants", g, "is not a grant", "bucket:<name>:read|write|readwrite, queue:<name>:consume|send or mail:send"))
			continue
		}
		parts := strings.Split(g, ":")
		switch {
		case !local:
		case parts[0] == "bucket":
			if !c.hasBucket(parts[1]) {
				errs = append(errs, validate.Field(path+".grants", g, "names a bucket platform:data does not have", "one of: "+strings.Join(c.bucketNames(), ", ")))
			}
		case parts[0] == "queue":
			if !c.hasQueue(parts[1]) {
				errs = append(errs, validate.Field(path+".grants", g, "names a queue platform:data does not have", "one of: "+strings.Join(c.queueNames(), ", ")))
			}
		case parts[0] == "mail":
			if c.Access.MailDomain == "" {
				errs = append(errs, validate.Field(path+".grants", g, "needs a mail domain", "platform:access.mailDomain"))
			}
		}
	}
	return errors.Join(errs...)
}

func (c *Config) hasPart(part string) bool {
	switch part {
	case "database":
		return c.Data.Database != nil
	case "cache":
		return c.Data.Cache != nil
	case "broker":
		return c.Data.Broker != nil
	}
	return false
}

func (c *Config) queueNames() []string {
	var out []string
	for _, q := range c.Data.Queues {
		out = append(out, q.Name)
	}
	return out
}

func (c *Config) bucketNames() []string {
	var out []string
	for _, b := range c.Data.Buckets {
		out = append(out, b.Name)
	}
	return out
}

func (c *Config) hasQueue(name string) bool  { return slices.Contains(c.queueNames(), name) }
func (c *Config) hasBucket(name string) bool { return slices.Contains(c.bucketNames(), name) }

// Gated reports whether a service's host is behind the Cognito gate.
func (c *Config) Gated(s ServiceSpec) bool {
	return c.Gate && (s.Cognito == nil || *s.Cognito)
}

// Host is a service's host name.
func (c *Config) Host(s ServiceSpec) string { return s.Subdomain + "." + c.Domain }

// GatedHosts are the hosts behind the Cognito gate, sorted.
func (c *Config) GatedHosts() []string {
	var hosts []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; c.Gated(s) {
			hosts = append(hosts, c.Host(s))
		}
	}
	return hosts
}

// NeedsEdgeCertificate reports whether CloudFront needs a certificate of its
// own: some service uses the CDN and the stack is not in us-east-1.
func (c *Config) NeedsEdgeCertificate() bool {
	return c.UsesCDN() && c.Region != edgeRegion
}

// UsesCDN reports whether any service is behind CloudFront.
func (c *Config) UsesCDN() bool {
	for _, s := range c.Workloads.Services {
		if s.CDN {
			return true
		}
	}
	return false
}

// edgeRegion is where CloudFront takes certificates from.
const edgeRegion = "us-east-1"

// sizeOf applies tier, catalog and stack sizes to a task and its scaling, in
// that order of precedence from low to high.
func (c *Config) sizeOf(name string, t TaskSpec, scaling compute.Scaling) (int, int, compute.Scaling) {
	d := defaultsByTier[c.Tier]
	cpu, memory := t.CPU, t.Memory
	if scaling.Min == nil {
		scaling.Min = &d.MinTasks
	}
	if scaling.Max == 0 {
		scaling.Max = max(d.MaxTasks, *scaling.Min)
	}
	if scaling.SpotShare == 0 {
		scaling.SpotShare = d.SpotShare
	}
	if s, ok := c.Sizes[name]; ok {
		cpu = cmp.Or(s.CPU, cpu)
		memory = cmp.Or(s.Memory, memory)
		if s.Min != nil {
			scaling.Min = s.Min
		}
		scaling.Max = cmp.Or(s.Max, scaling.Max)
		if s.SpotShare != nil {
			scaling.SpotShare = *s.SpotShare
		}
	}
	if c.Preview != nil {
		// A preview runs one task, on Spot: it is for looking, not for load.
		one := 1
		scaling.Min, scaling.Max, scaling.SpotShare = &one, 1, 100
	}
	if c.Paused {
		// Paused: nothing runs and nothing can scale back up until resumed.
		zero := 0
		scaling.Min, scaling.Max = &zero, 0
	}
	return cpu, memory, scaling
}

// watchedWorkloads are the services and workers alarms can be set for.
func (c *Config) watchedWorkloads() []string {
	names := append(slices.Sorted(maps.Keys(c.Workloads.Services)), slices.Sorted(maps.Keys(c.Workloads.Workers))...)
	sort.Strings(names)
	return names
}
