package stacks

import (
	"errors"
	"strings"

	"platform/internal/schema"
	"platform/internal/validate"
)

// writtenWhere moves every error about a workload to where the user wrote
// the value: a size the stack's sizes set to "<project>:sizes.web.cpu", a key
// the stack's overrides set to "<project>:overrides.web.release.steps[1]",
// any other key of a product-file workload to its file ("<project>:workloads.
// services.web.port" becomes "workloads/web.yaml: port"). Validation names
// workloads by their config path, which the user may never have written.
func writtenWhere(project string, sizes map[string]schema.Sizing, overrides map[string]schema.Override, product schema.Workloads, err error) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range validate.Flatten(err) {
		var ve *validate.Error
		if !errors.As(e, &ve) {
			out = append(out, e)
			continue
		}
		moved := *ve
		moved.Path = productPath(project, overriddenPath(project, sizedPath(project, ve.Path, sizes), overrides), product)
		out = append(out, &moved)
	}
	return errors.Join(out...)
}

// productPath is path as the product file writes it, or path unchanged.
func productPath(project, path string, product schema.Workloads) string {
	rest, ok := strings.CutPrefix(path, project+":workloads.")
	if !ok {
		return path
	}
	kind, rest, _ := strings.Cut(rest, ".")
	end := strings.IndexAny(rest, ".[")
	if end < 0 {
		end = len(rest)
	}
	name, key := rest[:end], strings.TrimPrefix(rest[end:], ".")
	if declaredKind(product, name) != kind {
		return path
	}
	file := schema.ProductDir + "/" + name + ".yaml"
	if key == "" {
		return file
	}
	return file + ": " + key
}

// sizedPath is path in the stack's sizes when the value there set it, or path
// unchanged: a workload's cpu, memory, scaling.min, scaling.max and
// scaling.spotShare come from sizes first.
func sizedPath(project, path string, sizes map[string]schema.Sizing) string {
	name, key, ok := workloadKey(project, path)
	z, known := sizes[name]
	if !ok || !known {
		return path
	}
	set := map[string]*int{"cpu": z.CPU, "memory": z.Memory, "scaling.min": z.Min, "scaling.max": z.Max, "scaling.spotShare": z.SpotShare}
	if v, known := set[key]; known && v != nil {
		return project + ":sizes." + name + "." + strings.TrimPrefix(key, "scaling.")
	}
	return path
}

// overriddenPath is path in the stack's overrides when an override set the
// value, or path unchanged.
func overriddenPath(project, path string, overrides map[string]schema.Override) string {
	name, key, ok := workloadKey(project, path)
	if o, overridden := overrides[name]; ok && overridden && o.Sets(key) {
		return project + ":overrides." + name + "." + key
	}
	return path
}

// workloadKey splits a workload's config path ("<project>:workloads.
// services.web.release.steps[1]") into the workload's name and the key below
// it; ok is false for any other path.
func workloadKey(project, path string) (name, key string, ok bool) {
	rest, ok := strings.CutPrefix(path, project+":workloads.")
	if !ok {
		return "", "", false
	}
	_, rest, _ = strings.Cut(rest, ".")
	name, key, _ = strings.Cut(rest, ".")
	return name, key, true
}
