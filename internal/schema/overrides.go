package schema

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"platform/internal/validate"
)

// Override is one workload's entry in `overrides`: what this stack changes
// of a workload the product declares. Precedence: the workload file, then
// the override, then the stack's sizes, then the tier. Maps (environment,
// secrets, endpoints) merge by key and a null value removes the key; lists
// (command) replace; a switch that is set replaces.
type Override struct {
	// Environment are plain variables merged over the workload's; null
	// removes one. Values may refer to the stack, as in the workload.
	Environment map[string]*string `json:"environment"`
	// Secrets are merged over the workload's; null removes one.
	Secrets map[string]*SecretRef `json:"secrets"`
	// Command replaces the workload's command. Default: the workload's.
	Command []string `json:"command"`
	// EndpointNames replaces the workload's preset. Default: the workload's.
	EndpointNames string `json:"endpointNames"`
	// Endpoints are merged over the workload's; "" injects nothing.
	Endpoints map[string]string `json:"endpoints"`
	// ReadonlyRootFilesystem replaces the workload's. Default: the workload's.
	ReadonlyRootFilesystem *bool `json:"readonlyRootFilesystem"`
	// Exec replaces the workload's. Default: the workload's.
	Exec *bool `json:"exec"`
	// Tracing replaces the workload's. Default: the workload's.
	Tracing *bool `json:"tracing"`
	// Cognito replaces a service's (not another kind's). Default: the service's.
	Cognito *bool `json:"cognito"`
	// Release replaces a service's (not another kind's), e.g. a canary in
	// production only. Default: the service's.
	Release *Release `json:"release"`
}

// Override applies the stack's overrides to the product's workloads and
// returns the result; w is not changed. An override of a workload that does
// not exist, or of cognito on a workload that is not a service, is refused.
// key is the overrides key as written ("<namespace>:overrides").
func (w Workloads) Override(overrides map[string]Override, key string) (Workloads, error) {
	out := Workloads{Services: maps.Clone(w.Services), Workers: maps.Clone(w.Workers),
		Schedules: maps.Clone(w.Schedules), Migrations: maps.Clone(w.Migrations), Functions: maps.Clone(w.Functions)}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		o, path := overrides[name], key+"."+name
		switch {
		case hasName(out.Services, name):
			s := out.Services[name]
			s.Task = o.apply(s.Task)
			if o.Cognito != nil {
				s.Cognito = o.Cognito
			}
			if o.Release != nil {
				s.Release = *o.Release
			}
			out.Services[name] = s
			continue
		case hasName(out.Workers, name):
			v := out.Workers[name]
			v.Task = o.apply(v.Task)
			out.Workers[name] = v
		case hasName(out.Schedules, name):
			v := out.Schedules[name]
			v.Task = o.apply(v.Task)
			out.Schedules[name] = v
		case hasName(out.Migrations, name):
			v := out.Migrations[name]
			v.Task = o.apply(v.Task)
			out.Migrations[name] = v
		case hasName(out.Functions, name):
			f := out.Functions[name]
			f.Environment, f.Secrets = mergeMap(f.Environment, o.Environment), mergeMap(f.Secrets, o.Secrets)
			if o.Command != nil {
				f.Command = slices.Clone(o.Command)
			}
			out.Functions[name] = f
			if o.EndpointNames != "" || o.Endpoints != nil || o.ReadonlyRootFilesystem != nil || o.Exec != nil || o.Tracing != nil {
				errs = append(errs, validate.Field(path, name, "is a function: only environment, secrets and command apply", "environment, secrets or command"))
			}
		default:
			names := append(slices.Collect(maps.Keys(w.Tasks())), slices.Collect(maps.Keys(w.Functions))...)
			errs = append(errs, validate.Field(path, name, "is not a workload", "one of: "+strings.Join(slices.Sorted(slices.Values(names)), ", ")))
			continue
		}
		if o.Cognito != nil {
			errs = append(errs, validate.Field(path+".cognito", *o.Cognito, "is a service's switch", "cognito only on a service"))
		}
		if o.Release != nil {
			errs = append(errs, validate.Field(path+".release", name, "is not a service: only a service releases by canary", "release only on a service"))
		}
	}
	return out, errors.Join(errs...)
}

// apply is the task with the override over it; t's maps are not changed.
func (o Override) apply(t Task) Task {
	t.Environment = mergeMap(t.Environment, o.Environment)
	t.Secrets = mergeMap(t.Secrets, o.Secrets)
	if o.Endpoints != nil {
		t.Endpoints = maps.Clone(t.Endpoints)
		if t.Endpoints == nil {
			t.Endpoints = map[string]string{}
		}
		maps.Copy(t.Endpoints, o.Endpoints)
	}
	if o.Command != nil {
		t.Command = slices.Clone(o.Command)
	}
	if o.EndpointNames != "" {
		t.EndpointNames = o.EndpointNames
	}
	if o.ReadonlyRootFilesystem != nil {
		t.ReadonlyRootFilesystem = o.ReadonlyRootFilesystem
	}
	if o.Exec != nil {
		t.Exec = *o.Exec
	}
	if o.Tracing != nil {
		t.Tracing = *o.Tracing
	}
	return t
}

// mergeMap is base with more over it, a nil value removing the key.
func mergeMap[V any](base map[string]V, more map[string]*V) map[string]V {
	if more == nil {
		return base
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]V{}
	}
	for k, v := range more {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = *v
	}
	return out
}

func hasName[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// Sets reports whether the override writes the workload key key, as
// validation names it below the workload ("release.steps[1]",
// "environment.APP_URL", "endpoints.cache.host"): a map key counts only when
// the override names it.
func (o Override) Sets(key string) bool {
	first, rest, _ := strings.Cut(key, ".")
	if i := strings.Index(first, "["); i >= 0 {
		first = first[:i]
	}
	entry, _, _ := strings.Cut(rest, ".")
	switch first {
	case "environment":
		return hasName(o.Environment, entry)
	case "secrets":
		return hasName(o.Secrets, entry)
	case "endpoints": // an endpoint's name has dots: "endpoints.cache.host"
		return hasName(o.Endpoints, rest)
	case "command":
		return o.Command != nil
	case "endpointNames":
		return o.EndpointNames != ""
	case "readonlyRootFilesystem":
		return o.ReadonlyRootFilesystem != nil
	case "exec":
		return o.Exec != nil
	case "tracing":
		return o.Tracing != nil
	case "cognito":
		return o.Cognito != nil
	case "release":
		return o.Release != nil
	}
	return false
}
