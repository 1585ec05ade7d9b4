package schema

import (
	"regexp"
	"slices"
)

// A stack's own secrets: a workload names one as secret:<name>, the stack
// creates one Secrets Manager secret per name (<project>/<stack>/<name>),
// and its value comes from platform:secretValues or is put out of band.

const namedSecretPrefix = "secret:"

const namedSecretWant = "secret:<name>, the name 1 to 64 lower-case letters, digits and -, starting with a letter or digit"

var (
	namedSecret = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	// Secrets Manager: "Do not end your secret name with a hyphen followed
	// by six characters": a partial ARN then matches the wrong secret
	// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, Name).
	arnSuffixLike = regexp.MustCompile(`-[a-z0-9]{6}$`)
)

// namedSecretProblem says what is wrong with a secret's name; "" when nothing is.
func namedSecretProblem(name string) string {
	switch {
	case !namedSecret.MatchString(name):
		return "is not a secret name"
	case arnSuffixLike.MatchString(name):
		return "ends in a hyphen and six characters, which Secrets Manager reads as the random suffix of an ARN"
	}
	return ""
}

// NamedSecrets are the stack's own secrets the workloads name, sorted, each
// with the workloads that read it, sorted.
func (w Workloads) NamedSecrets() map[string][]string {
	out := map[string][]string{}
	for name, t := range w.Tasks() {
		for _, ref := range t.Secrets {
			if ref.Named != "" && !slices.Contains(out[ref.Named], name) {
				out[ref.Named] = append(out[ref.Named], name)
			}
		}
	}
	for _, users := range out {
		slices.Sort(users)
	}
	return out
}

// Tasks are every workload's task by name.
func (w Workloads) Tasks() map[string]Task {
	out := map[string]Task{}
	w.EachTask(func(name string, t *Task) { out[name] = *t })
	return out
}

// EachTask calls edit with the task of every service, worker, schedule and
// migration, and keeps what edit changes.
func (w *Workloads) EachTask(edit func(name string, t *Task)) {
	for k, v := range w.Services {
		edit(k, &v.Task)
		w.Services[k] = v
	}
	for k, v := range w.Workers {
		edit(k, &v.Task)
		w.Workers[k] = v
	}
	for k, v := range w.Schedules {
		edit(k, &v.Task)
		w.Schedules[k] = v
	}
	for k, v := range w.Migrations {
		edit(k, &v.Task)
		w.Migrations[k] = v
	}
}
