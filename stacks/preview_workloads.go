package stacks

import (
	"cmp"
	"errors"
	"maps"
	"slices"

	"platform/internal/schema"
	"platform/internal/validate"
)

// A preview's database and queues are its own or its base's (preview.database,
// preview.queues).
const (
	PreviewOwn    = "own"
	PreviewShared = "shared"
)

// resolvePreviewChoices sets which workloads previews run and what a preview
// shares with its base. It runs after the workloads are resolved: a service's
// default follows its gate, a worker's the services that feed it.
func resolvePreviewChoices(s *schema.Stack) {
	ownQueues := true
	if p := s.Preview; p != nil {
		p.Database = cmp.Or(p.Database, PreviewOwn)
		p.Queues = cmp.Or(p.Queues, PreviewOwn)
		ownQueues = p.Queues == PreviewOwn
	}
	w := &s.Workloads
	fed := map[string]bool{}
	feeds := func(t schema.Task) {
		for _, g := range t.Grants {
			if g.Kind == schema.QueueGrant && g.Mode == "send" {
				fed[g.Name] = true
			}
		}
	}
	for name, v := range w.Services {
		// A public service (a webhook) is for others to call: opted in, it
		// is gated like every preview host, so it stays out unless asked.
		v.Preview = or(v.Preview, *v.Cognito)
		w.Services[name] = v
		if *v.Preview {
			feeds(v.Task)
		}
	}
	for name, v := range w.Schedules {
		v.Preview = or(v.Preview, false)
		w.Schedules[name] = v
		if *v.Preview {
			feeds(v.Task)
		}
	}
	for name, v := range w.Workers {
		// A preview's jobs are consumed by its own worker, never by the base's.
		fedByPreview := slices.ContainsFunc(v.Queues, func(q string) bool { return fed[q] })
		v.Preview = or(v.Preview, ownQueues && !v.Broker && fedByPreview)
		w.Workers[name] = v
	}
}

// PreviewedServices are the services a preview runs (preview: true), in name order.
func (c *Config) PreviewedServices() []string {
	return previewed(c.Workloads.Services, func(s schema.Service) bool { return *s.Preview })
}

// previewedWorkers are the workers a preview runs, in name order.
func (c *Config) previewedWorkers() []string {
	return previewed(c.Workloads.Workers, func(w schema.Worker) bool { return *w.Preview })
}

// previewedSchedules are the schedules a preview runs, in name order.
func (c *Config) previewedSchedules() []string {
	return previewed(c.Workloads.Schedules, func(s schema.Schedule) bool { return *s.Preview })
}

// previewMigrations are the migrations a preview runs on its own database:
// those its services and workers wait for. Sharing the base's database, it
// runs none (the base's data is migrated by the base).
func (c *Config) previewMigrations() []string {
	if c.Preview.Database != PreviewOwn {
		return nil
	}
	var names []string
	add := func(after []string) {
		for _, m := range after {
			if _, ok := c.Workloads.Migrations[m]; ok && !slices.Contains(names, m) {
				names = append(names, m)
			}
		}
	}
	for _, name := range c.PreviewedServices() {
		add(c.Workloads.Services[name].After)
	}
	for _, name := range c.previewedWorkers() {
		add(c.Workloads.Workers[name].After)
	}
	slices.Sort(names)
	return names
}

// previewQueues are the queues the previewed workloads use, sorted: the
// preview's own copies with own queues, the base's with shared.
func (c *Config) previewQueues() []string {
	var names []string
	add := func(q string) {
		if !slices.Contains(names, q) {
			names = append(names, q)
		}
	}
	for _, t := range c.previewTasks() {
		for _, g := range t.Grants {
			if g.Kind == schema.QueueGrant {
				add(g.Name)
			}
		}
	}
	for _, name := range c.previewedWorkers() {
		for _, q := range c.Workloads.Workers[name].Queues {
			add(q)
		}
	}
	slices.Sort(names)
	return names
}

// previewTasks are the tasks of every workload a preview deploys, by name.
func (c *Config) previewTasks() map[string]schema.Task {
	w := c.Workloads
	out := map[string]schema.Task{}
	for _, name := range c.PreviewedServices() {
		out[name] = w.Services[name].Task
	}
	for _, name := range c.previewedWorkers() {
		out[name] = w.Workers[name].Task
	}
	for _, name := range c.previewedSchedules() {
		out[name] = w.Schedules[name].Task
	}
	for _, name := range c.previewMigrations() {
		out[name] = w.Migrations[name].Task
	}
	return out
}

// validatePreviewChoices refuses a preview that would touch the base's work:
// a worker on the base's queues or broker would take the base's jobs.
func (c *Config) validatePreviewChoices() error {
	p := c.key("preview")
	errs := []error{
		validate.OneOf(p+".database", c.Preview.Database, PreviewOwn, PreviewShared),
		validate.OneOf(p+".queues", c.Preview.Queues, PreviewOwn, PreviewShared),
	}
	if _, taken := c.previewTasks()[createDatabaseRole]; taken && c.Preview.Database == PreviewOwn {
		errs = append(errs, validate.Field(c.workloadPath(createDatabaseRole), createDatabaseRole, "is the name of the task that creates a preview's database", "another name, or "+p+".database shared"))
	}
	for _, name := range c.previewedWorkers() {
		path := c.workloadPath(name) + ".preview"
		switch {
		case c.Workloads.Workers[name].Broker:
			errs = append(errs, validate.Field(path, true, "would consume the base's broker messages: a preview shares the base's broker", "false"))
		case c.Preview.Queues == PreviewShared && len(c.Workloads.Workers[name].Queues) > 0:
			errs = append(errs, validate.Field(path, true, "would consume the base's queues with "+p+".queues shared", "false, or "+p+".queues own"))
		}
	}
	return errors.Join(errs...)
}

// previewed are the names of the workloads in m that on selects, sorted.
func previewed[T any](m map[string]T, on func(T) bool) []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if on(m[name]) {
			names = append(names, name)
		}
	}
	return names
}
