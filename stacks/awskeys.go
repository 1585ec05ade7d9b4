package stacks

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"platform/internal/schema"
	"platform/internal/validate"
)

// validateNoAWSKeys refuses plain-text AWS access keys anywhere in the
// stack's platform keys and in the product files' environment values and
// commands, naming where each is and never showing it.
func validateNoAWSKeys(project string, raw schema.Raw, product schema.Workloads) error {
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		var v any = raw[key]
		var doc any
		if json.Unmarshal([]byte(raw[key]), &doc) == nil {
			v = doc
		}
		errs = append(errs, validate.AWSKeys(project+":"+key, v))
	}
	all := tasks(product)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		file := schema.ProductDir + "/" + name + ".yaml: "
		env := map[string]any{}
		for k, v := range all[name].Environment {
			env[k] = v
		}
		var command []any
		for _, arg := range all[name].Command {
			command = append(command, arg)
		}
		errs = append(errs, validate.AWSKeys(file+"environment", env), validate.AWSKeys(file+"command", command))
	}
	return errors.Join(errs...)
}
