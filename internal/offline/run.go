// Package offline runs the Pulumi program for a named stack with no cloud and
// no pulumi CLI: it loads the stack's config the way the engine would, answers
// the program through an AWS-shaped mock, and records the resource graph.
package offline

import (
	"context"
	"fmt"
	"platform/internal/graph"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Program is a Pulumi program that returns its stack outputs rather than
// exporting them, so that an offline run can record them.
type Program func(ctx *pulumi.Context) (pulumi.Map, error)

// Run describes one offline evaluation.
type Run struct {
	// Project is the loaded Pulumi.yaml.
	Project *Project
	// Stack names the stack whose Pulumi.<stack>.yaml is evaluated.
	Stack string
	// Program is evaluated.
	Program Program
	// Overrides replace config values after the stack file is read (full keys,
	// objects as JSON), as `pulumi config set` would.
	Overrides map[string]string
	// References answer StackReference reads: stack name to its outputs.
	References map[string]map[string]any
}

// Evaluate runs the program for the stack and returns what it registered.
// A config or program error is returned as the program returned it.
func (r Run) Evaluate() (*graph.Graph, error) {
	cfg, err := r.Project.LoadStack(r.Stack)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Overrides {
		cfg.Values[k] = v
	}
	monitor := NewMonitor(r.Project.Name, r.Stack, cfg.Values["aws:region"], r.References)

	var exports pulumi.Map
	var programErr error
	runErr := pulumi.RunErr(func(ctx *pulumi.Context) error {
		exports, programErr = r.Program(ctx)
		for name, value := range exports {
			ctx.Export(name, value)
		}
		return programErr
	},
		pulumi.WithMocks(r.Project.Name, r.Stack, monitor),
		withConfig(cfg),
		// The program finds the project's stack files where the engine says.
		func(info *pulumi.RunInfo) { info.RootDirectory = r.Project.Dir },
	)
	if programErr != nil {
		return nil, programErr
	}
	if runErr != nil {
		return nil, fmt.Errorf("offline run of stack %q: %w", r.Stack, runErr)
	}

	g := monitor.Graph()
	names := make([]string, 0, len(exports))
	for name := range exports {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		result, err := internals.UnsafeAwaitOutput(context.Background(), pulumi.ToOutput(exports[name]))
		if err != nil {
			return nil, fmt.Errorf("stack output %q: %w", name, err)
		}
		switch {
		case result.Secret:
			g.Outputs[name] = graph.SecretMarker
		case !result.Known:
			g.Outputs[name] = graph.UnknownMarker
		default:
			g.Outputs[name] = plainGo(result.Value)
		}
	}
	return g, nil
}

// withConfig hands config to the run the way the engine does.
func withConfig(cfg *StackConfig) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = cfg.Values
		info.ConfigSecretKeys = cfg.SecretKeys
	}
}

// plainGo turns an awaited output value (maps and slices of any) into plain
// JSON-able values.
func plainGo(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = plainGo(e)
		}
		return out
	case map[string]string:
		out := map[string]any{}
		for k, e := range t {
			out[k] = e
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plainGo(e)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	}
	return v
}
