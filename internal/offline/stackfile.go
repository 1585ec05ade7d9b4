package offline

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// stackFileKeys are the top-level keys of a stack file the offline run reads
// or can ignore safely (workspace.ProjectStack's fields). `environment`
// (Pulumi ESC) is absent on purpose: its values cannot be opened offline.
var stackFileKeys = []string{"config", "encryptedkey", "encryptionsalt", "secretsprovider"}

// writtenKey is a config key as it stands in the stack file.
type writtenKey struct {
	// Key is the key as the user wrote it ("size" or "demo:size").
	Key string
	// Line is its line in the file, from 1.
	Line int
}

// checkStackLayout reads a stack file's YAML structure before the SDK parses
// it: the SDK's parser silently drops keys at the wrong level, so a key at the
// root, a non-mapping `config:` or a config key indented into another key's
// value would otherwise vanish or reach the program as part of an object. It
// returns each config key by its namespaced form, with where it was written.
func checkStackLayout(file, project string, namespaces map[string]bool, data []byte) (map[string]writtenKey, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		if strings.Contains(msg, "mapping values are not allowed in this context") {
			msg += " (is a key indented under a key that already has a value?)"
		}
		return nil, fmt.Errorf("%s: %s", file, msg)
	}
	keys := map[string]writtenKey{}
	if len(doc.Content) == 0 {
		return keys, nil // an empty file: no config, as in Pulumi
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the file is %s, want a mapping with a config: key", file, root.Line, describeNode(root))
	}
	var errs []error
	var config *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case k.Value == "config":
			config = v
		case k.Value == "environment":
			errs = append(errs, fmt.Errorf("%s:%d: environment: Pulumi ESC environments cannot be opened offline, want the values under config:", file, k.Line))
		case strings.Contains(k.Value, ":"):
			errs = append(errs, fmt.Errorf("%s:%d: config key %q is at the root of the file, want it indented under config:", file, k.Line, k.Value))
		case !slices.Contains(stackFileKeys, k.Value):
			errs = append(errs, fmt.Errorf("%s:%d: unknown top-level key %q, want one of %s", file, k.Line, k.Value, strings.Join(stackFileKeys, ", ")))
		}
	}
	if config == nil && len(errs) > 0 {
		errs = append(errs, fmt.Errorf("%s: the file has no config: key; config keys go indented under a config: line", file))
	}
	if config == nil || len(errs) > 0 {
		return keys, errors.Join(errs...)
	}
	if config.Kind == yaml.ScalarNode && config.Tag == "!!null" {
		return keys, nil // `config:` with nothing under it
	}
	if config.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: config: is %s, want a mapping of config keys to values", file, config.Line, describeNode(config))
	}
	for i := 0; i+1 < len(config.Content); i += 2 {
		k, v := config.Content[i], config.Content[i+1]
		full := k.Value
		if !strings.Contains(full, ":") {
			full = project + ":" + full // the engine's namespacing of bare keys
		}
		if earlier, twice := keys[full]; twice {
			errs = append(errs, fmt.Errorf("%s:%d: config key %q is set twice, also as %q on line %d", file, k.Line, full, earlier.Key, earlier.Line))
			continue
		}
		keys[full] = writtenKey{Key: k.Value, Line: k.Line}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			errs = append(errs, fmt.Errorf("%s:%d: config key %q has no value, want a value on the same line or indented under it", file, k.Line, k.Value))
			continue
		}
		if nested := findNamespacedKey(v, namespaces); nested != nil {
			errs = append(errs, fmt.Errorf("%s:%d: config key %q is indented under %q, want it at the level of %q", file, nested.Line, nested.Value, k.Value, k.Value))
		}
		if secure := findLooseSecure(v); secure != nil {
			errs = append(errs, fmt.Errorf("%s:%d: a secure: key under %q is not an encrypted value, want it alone in its mapping with the ciphertext as text, as `pulumi config set --secret` writes it", file, secure.Line, k.Value))
		}
	}
	return keys, errors.Join(errs...)
}

// findNamespacedKey returns the first mapping key under n that is a config
// key of a known namespace ("platform:paused"): such a key was meant to stand
// beside its parent, not inside its value.
func findNamespacedKey(n *yaml.Node, namespaces map[string]bool) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if ns, _, ok := strings.Cut(n.Content[i].Value, ":"); ok && namespaces[ns] {
				return n.Content[i]
			}
		}
	}
	for _, c := range n.Content {
		if found := findNamespacedKey(c, namespaces); found != nil {
			return found
		}
	}
	return nil
}

// findLooseSecure returns a `secure:` key that Pulumi would not read as an
// encrypted value (beside other keys, or not text): the engine passes such a
// mapping on as plain data, ciphertext included, so it is always a mistake.
func findLooseSecure(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "secure" && (len(n.Content) != 2 || v.Kind != yaml.ScalarNode || v.Tag != "!!str") {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if found := findLooseSecure(c); found != nil {
			return found
		}
	}
	return nil
}

// describeNode says what the parser saw, for a message.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return fmt.Sprintf("the text %q", n.Value)
	}
	return "an alias or empty document"
}
