package offline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Project is what the offline run needs from Pulumi.yaml.
type Project struct {
	// Dir holds Pulumi.yaml and the stack files.
	Dir string
	// Name is the project name; its config namespace too.
	Name string
	// Config declares the config keys, by full key ("platform:domain").
	Config map[string]ConfigDecl
}

// ConfigDecl is one entry of Pulumi.yaml's `config:` block.
type ConfigDecl struct {
	Type        string `yaml:"type"`
	Description string `yaml:"description"`
	Default     any    `yaml:"default"`
	Value       any    `yaml:"value"`
	Secret      bool   `yaml:"secret"`
	Items       any    `yaml:"items"`
}

// StackConfig is a stack's config as the Pulumi engine hands it to a program:
// full keys to strings, objects and arrays as JSON.
type StackConfig struct {
	Values map[string]string
	// SecretKeys are the keys whose values were `secure:` in the stack file;
	// their values are placeholders, never the ciphertext.
	SecretKeys []string
}

// SecretValuePrefix starts every secret value the offline run makes up (config
// placeholders, generated passwords, client secrets): none may appear in a plan.
const SecretValuePrefix = "offline-secret"

// SecretPlaceholder is the offline value of a `secure:` config key.
func SecretPlaceholder(key string) string { return SecretValuePrefix + "(" + key + ")" }

// LoadProject reads Pulumi.yaml in dir.
func LoadProject(dir string) (*Project, error) {
	path := filepath.Join(dir, "Pulumi.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("no Pulumi project here: %w", err)
	}
	var file struct {
		Name   string                `yaml:"name"`
		Config map[string]ConfigDecl `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if file.Name == "" {
		return nil, fmt.Errorf("%s: missing project name", path)
	}
	p := &Project{Dir: dir, Name: file.Name, Config: map[string]ConfigDecl{}}
	for k, decl := range file.Config {
		full := p.fullKey(k)
		if decl.Type != "" && !strings.HasPrefix(full, p.Name+":") {
			return nil, fmt.Errorf("%s: config %q: only the project's own keys may declare a type", path, k)
		}
		switch decl.Type {
		case "", "string", "integer", "boolean", "array", "object":
		default:
			return nil, fmt.Errorf("%s: config %q: unknown type %q, want string, integer, boolean, array or object", path, k, decl.Type)
		}
		p.Config[full] = decl
	}
	return p, nil
}

// fullKey adds the project namespace to a bare key.
func (p *Project) fullKey(k string) string {
	if strings.Contains(k, ":") {
		return k
	}
	return p.Name + ":" + k
}

// Stacks lists the stacks that have a Pulumi.<stack>.yaml file.
func (p *Project) Stacks() ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(p.Dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var stacks []string
	for _, m := range matches {
		stacks = append(stacks, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	sort.Strings(stacks)
	return stacks, nil
}

// LoadStack reads Pulumi.<stack>.yaml, checks each value against its
// declaration and applies the defaults of Pulumi.yaml, as `pulumi up` would.
func (p *Project) LoadStack(stack string) (*StackConfig, error) {
	path := filepath.Join(p.Dir, "Pulumi."+stack+".yaml")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = p.previewFromTemplate(stack)
	}
	if errors.Is(err, os.ErrNotExist) {
		known, _ := p.Stacks()
		return nil, fmt.Errorf("unknown stack %q: no %s, want one of %s", stack, filepath.Base(path), strings.Join(known, ", "))
	}
	if err != nil {
		return nil, err
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	out := &StackConfig{Values: map[string]string{}}
	var errs []error
	for k, v := range file.Config {
		if !strings.Contains(k, ":") {
			errs = append(errs, fmt.Errorf("%s: config key %q has no namespace, want %s:%s", filepath.Base(path), k, p.Name, k))
			continue
		}
		decl, declared := p.Config[k]
		if strings.HasPrefix(k, p.Name+":") && !declared {
			errs = append(errs, fmt.Errorf("%s: config key %q is not declared in Pulumi.yaml, want one of %s", filepath.Base(path), k, strings.Join(p.declaredKeys(), ", ")))
			continue
		}
		v, secret := replaceSecure(k, v)
		if secret {
			out.SecretKeys = append(out.SecretKeys, k)
		} else if err := checkType(decl.Type, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: config key %q: %w", filepath.Base(path), k, err))
			continue
		}
		text, err := configString(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: config key %q: %w", filepath.Base(path), k, err))
			continue
		}
		out.Values[k] = text
	}
	for k, decl := range p.Config {
		if _, set := out.Values[k]; set {
			continue
		}
		fallback := decl.Default
		if fallback == nil {
			fallback = decl.Value
		}
		if fallback == nil {
			continue
		}
		text, err := configString(fallback)
		if err != nil {
			errs = append(errs, fmt.Errorf("Pulumi.yaml: config %q default: %w", k, err))
			continue
		}
		out.Values[k] = text
	}
	sort.Strings(out.SecretKeys)
	return out, errors.Join(errs...)
}

// PreviewTemplate is the stack file template of pull-request previews.
const PreviewTemplate = "Pulumi.pr.yaml.template"

var previewStack = regexp.MustCompile(`^pr-([1-9][0-9]*)$`)

// previewFromTemplate renders the stack file of preview stack pr-<n> from
// PreviewTemplate as the preview workflow does, with image tag pr-<n>.
func (p *Project) previewFromTemplate(stack string) ([]byte, error) {
	m := previewStack.FindStringSubmatch(stack)
	if m == nil {
		return nil, os.ErrNotExist
	}
	template, err := os.ReadFile(filepath.Join(p.Dir, PreviewTemplate))
	if err != nil {
		return nil, err
	}
	return []byte(strings.NewReplacer("${PR_NUMBER}", m[1], "${IMAGE_TAG}", stack).Replace(string(template))), nil
}

func (p *Project) declaredKeys() []string {
	var keys []string
	for k := range p.Config {
		if strings.HasPrefix(k, p.Name+":") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// replaceSecure swaps every `secure:` value for a placeholder; the key becomes
// secret as a whole, as in Pulumi.
func replaceSecure(key string, v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		if s, ok := t["secure"]; ok && len(t) == 1 {
			if _, isString := s.(string); isString {
				return SecretPlaceholder(key), true
			}
		}
		secret := false
		out := map[string]any{}
		for k, e := range t {
			var s bool
			out[k], s = replaceSecure(key, e)
			secret = secret || s
		}
		return out, secret
	case []any:
		secret := false
		out := make([]any, len(t))
		for i, e := range t {
			var s bool
			out[i], s = replaceSecure(key, e)
			secret = secret || s
		}
		return out, secret
	}
	return v, false
}

func checkType(declared string, v any) error {
	got := "string"
	switch v.(type) {
	case bool:
		got = "boolean"
	case int, int64, uint64:
		got = "integer"
	case float64:
		got = "number"
	case []any:
		got = "array"
	case map[string]any:
		got = "object"
	}
	if declared == "" || declared == got {
		return nil
	}
	return fmt.Errorf("is a %s, want a %s as declared in Pulumi.yaml", got, declared)
}

// configString renders a value the way the Pulumi engine passes config to a
// program: scalars as text, objects and arrays as JSON.
func configString(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case map[string]any, []any:
		data, err := json.Marshal(t)
		return string(data), err
	default:
		return fmt.Sprint(t), nil
	}
}
