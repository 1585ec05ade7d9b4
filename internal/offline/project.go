package offline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"platform/internal/validate"
)

// Project is what the offline run needs from Pulumi.yaml, read by the Pulumi
// SDK's own project loader (schema, config declarations and their defaults
// checked as `pulumi up` checks them).
type Project struct {
	// Dir holds Pulumi.yaml and the stack files.
	Dir string
	// Name is the project name; its config namespace too.
	Name string
	// Config declares the config keys, by full key ("platform:domain").
	Config map[string]ConfigDecl
	// Optional are keys of the project's namespace, without it, that the
	// program reads although Pulumi.yaml need not declare them: optional keys
	// whose default depends on the stack (the engine refuses a stack that
	// leaves out a declared key without a default). A key neither declared
	// nor optional is refused as a typo.
	Optional []string

	sdk *workspace.Project
}

// ConfigDecl is one entry of Pulumi.yaml's `config:` block.
type ConfigDecl struct {
	// Type is "string", "integer", "boolean", "object" or "array"; empty when
	// the key is untyped (provider keys such as aws:region).
	Type        string
	Description string
	// Secret keys must be `secure:` in every stack file.
	Secret bool
	// Default (project keys) or Value (other namespaces) applies when a stack
	// file does not set the key.
	Default, Value any

	sdk workspace.ProjectConfigType
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

// LoadProject reads Pulumi.yaml in dir with the SDK's loader.
func LoadProject(dir string) (*Project, error) {
	path := filepath.Join(dir, "Pulumi.yaml")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no Pulumi project here: %w", err)
	}
	sdk, err := workspace.LoadProject(path)
	if err != nil {
		return nil, err
	}
	p := &Project{Dir: dir, Name: sdk.Name.String(), Config: map[string]ConfigDecl{}, sdk: sdk}
	for k, decl := range sdk.Config {
		p.Config[p.fullKey(k)] = ConfigDecl{
			Type: decl.TypeName(), Description: decl.Description, Secret: decl.Secret,
			Default: decl.Default, Value: decl.Value, sdk: decl,
		}
	}
	return p, nil
}

// fullKey adds the project namespace to a bare key, as the engine does.
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

// LoadStack reads Pulumi.<stack>.yaml with the SDK's stack loader (bare keys
// namespaced with the project name, `secure:` values blinded), checks each
// value against its declaration the way the engine does and applies the
// defaults of Pulumi.yaml, as `pulumi up` would.
func (p *Project) LoadStack(stack string) (*StackConfig, error) {
	file := "Pulumi." + stack + ".yaml"
	path := filepath.Join(p.Dir, file)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = p.previewFromTemplate(stack)
	}
	if errors.Is(err, fs.ErrNotExist) {
		known, _ := p.Stacks()
		want := strings.Join(known, ", ")
		if _, err := os.Stat(filepath.Join(p.Dir, PreviewTemplate)); err == nil {
			want += ", or pr-<n> for the preview of pull request <n> (from " + PreviewTemplate + ")"
		} else if previewStack.MatchString(stack) {
			want += "; a pr-<n> preview needs " + PreviewTemplate
		}
		return nil, fmt.Errorf("unknown stack %q: no %s, want one of %s", stack, file, want)
	}
	if err != nil {
		return nil, err
	}
	written, err := checkStackLayout(file, p.Name, p.namespaces(), data)
	if err != nil {
		return nil, err
	}
	ps, err := workspace.LoadProjectStackBytes(nil, p.sdk, data, path, encoding.YAML)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}

	out := &StackConfig{Values: map[string]string{}}
	var errs []error
	// Plain-text values by key as written, checked together for AWS keys so
	// that a secret access key beside its key id is found.
	plain := map[string]any{}
	for key, value := range ps.Config {
		full := key.String()
		at, ok := written[full]
		if !ok {
			at = writtenKey{Key: full}
		}
		text, err := p.checkValue(full, at.Key, value)
		if err != nil {
			errs = append(errs, at.wrap(file, err))
			continue
		}
		if !value.Secure() {
			plain[at.Key] = plainContent(text, value.Object())
		}
		out.Values[full] = text
		if value.Secure() {
			out.SecretKeys = append(out.SecretKeys, full)
		}
	}
	for _, err := range validate.Flatten(validate.AWSKeys("", plain)) {
		errs = append(errs, fmt.Errorf("%s: %w", file, err))
	}
	for _, full := range slices.Sorted(maps.Keys(p.Config)) {
		decl := p.Config[full]
		if _, set := out.Values[full]; set {
			continue
		}
		text, ok, err := defaultText(decl)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("Pulumi.yaml: config %q default: %w", full, err))
		case ok:
			out.Values[full] = text
		case strings.HasPrefix(full, p.Name+":"):
			// The engine's own rule (pkg/workspace/config.go, mergeConfig):
			// a declared key with no default must be set by every stack.
			errs = append(errs, fmt.Errorf("%s: %w", file, validate.Missing(full, "a value: Pulumi.yaml declares it without a default, so pulumi up refuses a stack without it")))
		}
	}
	sort.Strings(out.SecretKeys)
	return out, errors.Join(errs...)
}

// plainContent is a value as decoded data: an object or list as parsed, a
// scalar as its text.
func plainContent(text string, object bool) any {
	var v any
	if object && json.Unmarshal([]byte(text), &v) == nil {
		return v
	}
	return text
}

// wrap puts the file and line in front of an error about this key.
func (w writtenKey) wrap(file string, err error) error {
	if w.Line == 0 {
		return fmt.Errorf("%s: %w", file, err)
	}
	return fmt.Errorf("%s:%d: %w", file, w.Line, err)
}

// namespaces are the config namespaces a stack file may use: the project's
// and those Pulumi.yaml declares (aws).
func (p *Project) namespaces() map[string]bool {
	out := map[string]bool{p.Name: true}
	for k := range p.Config {
		ns, _, _ := strings.Cut(k, ":")
		out[ns] = true
	}
	return out
}

// PreviewTemplate is the stack file template of pull-request previews.
const PreviewTemplate = "Pulumi.pr.yaml.template"

var previewStack = regexp.MustCompile(`^pr-([1-9][0-9]*)$`)

// previewFromTemplate renders the stack file of preview stack pr-<n> from
// PreviewTemplate as the preview workflow does, with image tag pr-<n>.
func (p *Project) previewFromTemplate(stack string) ([]byte, error) {
	m := previewStack.FindStringSubmatch(stack)
	if m == nil {
		return nil, fs.ErrNotExist
	}
	template, err := os.ReadFile(filepath.Join(p.Dir, PreviewTemplate))
	if err != nil {
		return nil, err
	}
	return []byte(strings.NewReplacer("${PR_NUMBER}", m[1], "${IMAGE_TAG}", stack).Replace(string(template))), nil
}

// knownKeys are the project-namespace keys a stack file may set.
func (p *Project) knownKeys() []string {
	var keys []string
	for k := range p.Config {
		if strings.HasPrefix(k, p.Name+":") {
			keys = append(keys, k)
		}
	}
	for _, k := range p.Optional {
		if _, declared := p.Config[p.Name+":"+k]; !declared {
			keys = append(keys, p.Name+":"+k)
		}
	}
	sort.Strings(keys)
	return keys
}

// defaultText is the value the engine gives a key the stack file leaves out:
// scalars as text, objects and arrays as JSON (its createConfigValue).
func defaultText(decl ConfigDecl) (string, bool, error) {
	v := decl.Default
	if v == nil {
		v = decl.Value
	}
	switch t := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return t, true, nil
	case int, bool:
		return fmt.Sprint(t), true, nil
	}
	data, err := json.Marshal(v)
	return string(data), err == nil, err
}
