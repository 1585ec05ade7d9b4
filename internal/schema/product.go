package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"platform/internal/validate"
)

// ProductDir is the folder, beside Pulumi.yaml, that holds the product: one
// file per workload, workloads/<name>.yaml, owned by the team that adopts the
// platform. Pulumi.yaml holds only the platform's declarations.
const ProductDir = "workloads"

// Kinds a workload file can declare, as `kind:`.
var workloadKinds = []string{"service", "worker", "singleton", "schedule", "migration", "function"}

// LoadProduct reads every workloads/<name>.yaml under root. The file name is
// the workload's name; `kind:` says what it is; the other keys are the
// kind's fields, decoded as strictly as stack config. A project without the
// folder has no product files (its workloads may come from config).
func LoadProduct(root string) (Workloads, error) {
	var w Workloads
	entries, err := os.ReadDir(filepath.Join(root, ProductDir))
	if errors.Is(err, os.ErrNotExist) {
		return w, nil
	}
	if err != nil {
		return w, err
	}
	var errs []error
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if e.IsDir() || !ok {
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				errs = append(errs, validate.Field(ProductDir+"/"+e.Name(), e.Name(), "is not a workload file", "<name>.yaml"))
			}
			continue
		}
		file := ProductDir + "/" + e.Name()
		text, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, w.add(file, name, text))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Functions)) {
		if src := w.Functions[name].Source; src != "" {
			if _, err := os.Stat(filepath.Join(root, src)); err != nil {
				errs = append(errs, validate.Field(ProductDir+"/"+name+".yaml: source", src, "does not exist in the project", "a folder or .zip relative to the project root, e.g. workloads/"+name))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Workloads{}, err
	}
	return w, nil
}

// add decodes one workload file into w.
func (w *Workloads) add(file, name string, text []byte) error {
	var node yaml.Node
	if err := yaml.Unmarshal(text, &node); err != nil {
		return validate.Field(file, "(not shown)", "is not YAML: "+strings.TrimPrefix(err.Error(), "yaml: "), "a mapping of the workload's keys")
	}
	if len(node.Content) == 0 || node.Content[0].Kind != yaml.MappingNode {
		return validate.Field(file, nil, "is not a mapping", "kind: and the workload's keys at the top level")
	}
	top := node.Content[0]
	kind := ""
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "kind" {
			kind = top.Content[i+1].Value
			top.Content = slices.Delete(top.Content, i, i+2)
			break
		}
	}
	if !slices.Contains(workloadKinds, kind) {
		return validate.Field(file+": kind", kind, "is not a workload kind", "one of "+strings.Join(workloadKinds, ", "))
	}
	var generic any
	if err := top.Decode(&generic); err != nil {
		return validate.Field(file, "(not shown)", "cannot be read: "+err.Error(), "a mapping of the workload's keys")
	}
	text, err := json.Marshal(generic)
	if err != nil {
		return validate.Field(file, "(not shown)", "has a key that is not a string", "string keys only")
	}
	body := string(bytes.TrimSpace(text))
	var errDecode error
	switch kind {
	case "service":
		errDecode = decodeInto(&w.Services, name, file, body)
	case "worker":
		errDecode = decodeInto(&w.Workers, name, file, body)
	case "singleton":
		errDecode = w.addSingleton(name, file, body)
	case "schedule":
		errDecode = decodeInto(&w.Schedules, name, file, body)
	case "function":
		errDecode = decodeInto(&w.Functions, name, file, body)
	default:
		errDecode = decodeInto(&w.Migrations, name, file, body)
	}
	return atLine(errDecode, file, top)
}

// decodeInto decodes one workload's JSON and adds it under name.
func decodeInto[V any](m *map[string]V, name, file, body string) error {
	var v V
	if err := decodeJSON(file+":", body, &v); err != nil {
		return err
	}
	if *m == nil {
		*m = map[string]V{}
	}
	(*m)[name] = v
	return nil
}

// atLine tells where in the file each refused key is: "workloads/web.yaml:
// port (line 4)".
func atLine(err error, file string, top *yaml.Node) error {
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
		path := strings.TrimPrefix(strings.TrimPrefix(ve.Path, file+":"), ".")
		moved.Path = file + ": " + path
		if line := lineOf(top, path); line > 0 {
			moved.Path = fmt.Sprintf("%s: %s (line %d)", file, path, line)
		}
		out = append(out, &moved)
	}
	return errors.Join(out...)
}

// lineOf finds the line of a dotted path's last key in a YAML mapping.
func lineOf(n *yaml.Node, path string) int {
	line := 0
	for _, step := range strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		found := false
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == step {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
		case yaml.SequenceNode:
			var idx int
			if _, err := fmt.Sscan(step, &idx); err == nil && idx < len(n.Content) {
				n, found = n.Content[idx], true
				line = n.Line
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// Merge adds the workloads of more to w; a name declared in both is refused.
func (w Workloads) Merge(more Workloads, where string) (Workloads, error) {
	var errs []error
	out := Workloads{Services: mergeKind(w.Services, more.Services, where, &errs), Workers: mergeKind(w.Workers, more.Workers, where, &errs),
		Schedules: mergeKind(w.Schedules, more.Schedules, where, &errs), Migrations: mergeKind(w.Migrations, more.Migrations, where, &errs),
		Functions: mergeKind(w.Functions, more.Functions, where, &errs)}
	return out, errors.Join(errs...)
}

func mergeKind[V any](a, b map[string]V, where string, errs *[]error) map[string]V {
	if a == nil && b == nil {
		return nil
	}
	out := map[string]V{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if _, dup := out[k]; dup {
			*errs = append(*errs, validate.Field(ProductDir+"/"+k+".yaml", k, "is also declared in "+where, "each workload declared once"))
		}
		out[k] = v
	}
	return out
}
