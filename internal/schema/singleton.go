package schema

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"platform/internal/validate"
)

// singletonRefused are the worker keys that make no sense for exactly one
// task: it is never scaled, so it has no bounds, targets or backlog.
var singletonRefused = []string{"scaling", "backlogPerTask", "singleton"}

// addSingleton decodes a kind: singleton file: a worker that runs exactly one task.
func (w *Workloads) addSingleton(name, file, body string) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &keys); err != nil {
		return err
	}
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if slices.Contains(singletonRefused, k) {
			errs = append(errs, validate.Field(file+":"+k, "(set)", "does not apply to a singleton, which runs exactly one task and never scales", "kind: worker to scale"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := decodeInto(&w.Workers, name, file, body); err != nil {
		return err
	}
	v := w.Workers[name]
	v.Singleton = true
	w.Workers[name] = v
	return nil
}
