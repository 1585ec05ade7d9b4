package stacks

import (
	"errors"
	"maps"
	"slices"

	"platform/internal/schema"
	"platform/internal/validate"
)

// validateEnvironment refuses plain variables that would silently replace
// what the platform injects into a workload's task (the endpoints of its
// data parts, its buckets' and queues' names, the mail domain) and plain
// variables that are also secrets of it, which the container would get only
// one of. The injected names are the task builder's own (injectedNames).
func (c *Config) validateEnvironment() error {
	r := &resolver{cfg: c, data: placeholderView(c)}
	w := c.Workloads
	var errs []error
	check := func(name string, t schema.Task, extraSecrets map[string]schema.SecretRef, extraGrants []schema.Grant) {
		secrets := slices.Collect(maps.Keys(t.Secrets))
		secrets = append(secrets, slices.Collect(maps.Keys(extraSecrets))...)
		errs = append(errs, checkEnvironment(c.workloadPath(name), t.Environment, r.injectedNames(t, extraSecrets, extraGrants), secrets))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		check(name, w.Services[name].Task, nil, nil)
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		wk := w.Workers[name]
		check(name, wk.Task, brokerSecrets(wk), workerQueues(wk))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Schedules)) {
		check(name, w.Schedules[name].Task, nil, nil)
	}
	for _, name := range slices.Sorted(maps.Keys(w.Migrations)) {
		check(name, w.Migrations[name].Task, nil, nil)
	}
	return errors.Join(errs...)
}

// injectedNames are the variables the task builder sets on its own for t:
// those of the task built without the user's environment.
func (r *resolver) injectedNames(t schema.Task, extraSecrets map[string]schema.SecretRef, extraGrants []schema.Grant) []string {
	t.Environment = nil
	return slices.Sorted(maps.Keys(r.task(t, extraSecrets, extraGrants).Environment))
}

// checkEnvironment is the one check of a workload's plain variables against
// the names the platform injects and the names of its secrets.
func checkEnvironment(path string, env map[string]string, injected, secrets []string) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(env)) {
		switch {
		case slices.Contains(injected, k):
			errs = append(errs, validate.Field(path+".environment."+k, env[k], "would replace the value the platform injects from the workload's secrets and grants",
				"another name, or no "+k+": the platform sets it"))
		case slices.Contains(secrets, k):
			errs = append(errs, validate.Field(path+".environment."+k, "(value hidden)", "is also a secret of the workload, and the container gets only one of the two",
				"the name under secrets or under environment, not both"))
		}
	}
	return errors.Join(errs...)
}
