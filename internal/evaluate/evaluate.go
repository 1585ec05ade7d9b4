// Package evaluate runs the platform program offline for one stack and
// returns its graph: the library behind `platform plan` and `platform diff`,
// and what the tests call, so both see the same evaluation.
package evaluate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"platform/internal/graph"
	"platform/internal/offline"
	"platform/internal/schema"
	"platform/internal/tier"
	"platform/stacks"
)

// Stack runs the platform program offline for a stack of the project in dir
// ("" for the nearest Pulumi.yaml above the working directory).
func Stack(dir, stack string) (*graph.Graph, error) {
	return StackWith(dir, stack, nil)
}

// StackWith is Stack with config overrides (full keys, objects as JSON).
// A preview stack's base is evaluated first, so that its StackReference is
// answered with the base's offline outputs.
func StackWith(dir, stack string, overrides map[string]string) (*graph.Graph, error) {
	if dir == "" {
		found, err := findProject()
		if err != nil {
			return nil, err
		}
		dir = found
	}
	project, err := LoadProject(dir)
	if err != nil {
		return nil, err
	}
	references, err := baseReferences(dir, project, stack, overrides)
	if err != nil {
		return nil, err
	}
	return offline.Run{Project: project, Stack: stack, Program: stacks.Deploy, Overrides: overrides, References: references}.Evaluate()
}

// TierOf is the environment tier a graph was evaluated for; no tier when the
// stack exported none it knows, so no tier-bound policy exception applies.
func TierOf(g *graph.Graph) tier.Tier {
	name, _ := g.Outputs["environment"].(string)
	t, _ := tier.Parse(name)
	return t
}

// baseReferences evaluates the base stack of a preview, if stack is one.
func baseReferences(dir string, project *offline.Project, stack string, overrides map[string]string) (map[string]map[string]any, error) {
	cfg, err := project.LoadStack(stack)
	if err != nil {
		return nil, err
	}
	key := project.Name + ":preview"
	raw, ok := overrides[key]
	if !ok {
		raw, ok = cfg.Values[key]
	}
	if !ok {
		return nil, nil
	}
	var preview schema.Preview
	if err := json.Unmarshal([]byte(raw), &preview); err != nil || preview.Base == "" {
		return nil, nil // the program reports the bad value with its key
	}
	base, err := Stack(dir, preview.BaseStack())
	if err != nil {
		return nil, fmt.Errorf("base stack %s of preview %s: %w", preview.BaseStack(), stack, err)
	}
	// Paused first: a paused base may export less, and pausing is the cause.
	if err := stacks.RefuseBase(project.Name, base.Outputs, preview.BaseStack(), stack); err != nil {
		return nil, err
	}
	// A base held at its zone (delegated: false), without a gate (previews
	// are always gated) or not deployed has nothing for a preview to stand
	// on: say so rather than plan a broken graph.
	for _, key := range stacks.BaseOutputKeys() {
		if _, ok := base.Outputs[key]; !ok {
			return nil, fmt.Errorf("preview %s: its base stack %s exports no %s: deploy the base in full, with its gate on, first", stack, preview.BaseStack(), key)
		}
	}
	return map[string]map[string]any{preview.Base: base.Outputs}, nil
}

// findProject returns the nearest directory at or above the working directory
// that holds a Pulumi.yaml.
func findProject() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Pulumi.yaml in the working directory or above it; pass --dir")
		}
		dir = parent
	}
}

// LoadProject reads Pulumi.yaml in dir as the plan does: every key the
// program reads may be set in a stack file (Pulumi.yaml declares only those
// with a default). Every command that reads stack files loads them this way.
func LoadProject(dir string) (*offline.Project, error) {
	project, err := offline.LoadProject(dir)
	if err != nil {
		return nil, err
	}
	project.Optional = schema.Keys
	return project, nil
}
