// Package graph is the model of one evaluated stack: the resources the program
// registered, their inputs and dependencies, the stack outputs, the plan JSON
// contract and the diff of two plans. It knows nothing of the mock that records it.
package graph

import (
	"sort"
	"strings"
)

// SecretMarker stands for every secret value in a recorded graph.
const SecretMarker = "[secret]"

// UnknownMarker stands for a value not known until deployment.
const UnknownMarker = "[unknown]"

// Resource is one resource the program registered (or read), as the engine saw it.
type Resource struct {
	URN  string
	Type string
	// Name is the logical name given to the constructor.
	Name string
	// Parent is the URN of the parent resource; empty for children of the stack.
	Parent string
	// Provider is the URN of the explicit provider; empty for components and
	// for resources on a default provider.
	Provider string
	// ID is the physical id the mock answered.
	ID string
	// Custom is false for component resources.
	Custom bool
	// Read is true for resources read rather than managed (Get, StackReference).
	Read bool
	// Remote is true for multi-language components such as awsx:ec2:Vpc.
	Remote bool
	// Dependencies are the URNs this resource depends on, explicit and through its inputs.
	Dependencies        []string
	Protect             bool
	RetainOnDelete      bool
	DeleteBeforeReplace bool
	IgnoreChanges       []string
	Aliases             []string
	// Inputs are the resource's inputs with Pulumi's property names; secrets are SecretMarker.
	Inputs map[string]any
	// State is what the mock answered as the resource's outputs.
	State map[string]any
}

// Graph is everything one offline run of a stack registered.
type Graph struct {
	Project string
	Stack   string
	// Resources in URN order.
	Resources []*Resource
	// Outputs are the stack outputs; secrets are SecretMarker.
	Outputs map[string]any

	byURN map[string]*Resource
}

// New returns a graph of the resources, sorted by URN.
func New(project, stack string, resources []*Resource) *Graph {
	g := &Graph{Project: project, Stack: stack, Resources: resources, Outputs: map[string]any{}, byURN: map[string]*Resource{}}
	sort.Slice(g.Resources, func(i, j int) bool { return g.Resources[i].URN < g.Resources[j].URN })
	for _, r := range g.Resources {
		g.byURN[r.URN] = r
	}
	return g
}

// Get returns the resource with the given URN, or nil.
func (g *Graph) Get(urn string) *Resource { return g.byURN[urn] }

// ByType returns the resources of a type token, in URN order.
func (g *Graph) ByType(typ string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Named returns the resources with a logical name, in URN order.
func (g *Graph) Named(name string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// One returns the single resource of typ with logical name, or nil when there
// is none or more than one.
func (g *Graph) One(typ, name string) *Resource {
	var found *Resource
	for _, r := range g.ByType(typ) {
		if r.Name == name {
			if found != nil {
				return nil
			}
			found = r
		}
	}
	return found
}

// ChildrenOf returns the direct children of a resource.
func (g *Graph) ChildrenOf(urn string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Parent == urn {
			out = append(out, r)
		}
	}
	return out
}

// DescendantsOf returns every resource below urn in the parent tree.
func (g *Graph) DescendantsOf(urn string) []*Resource {
	var out []*Resource
	for _, c := range g.ChildrenOf(urn) {
		out = append(out, c)
		out = append(out, g.DescendantsOf(c.URN)...)
	}
	return out
}

// DependsOn reports whether from depends on to, directly or through other
// dependencies, where depending on a component means depending on all of its
// descendants.
func (g *Graph) DependsOn(from, to string) bool {
	seen := map[string]bool{}
	var walk func(urn string) bool
	walk = func(urn string) bool {
		if seen[urn] {
			return false
		}
		seen[urn] = true
		r := g.byURN[urn]
		if r == nil {
			return false
		}
		for _, d := range r.Dependencies {
			if d == to || g.isAncestor(d, to) || walk(d) {
				return true
			}
		}
		return false
	}
	return walk(from)
}

// isAncestor reports whether ancestor is above urn in the parent tree.
func (g *Graph) isAncestor(ancestor, urn string) bool {
	for r := g.byURN[urn]; r != nil && r.Parent != ""; r = g.byURN[r.Parent] {
		if r.Parent == ancestor {
			return true
		}
	}
	return false
}

// CountByType counts resources per type token.
func (g *Graph) CountByType() map[string]int {
	counts := map[string]int{}
	for _, r := range g.Resources {
		counts[r.Type]++
	}
	return counts
}

// Input returns the input at a dotted path ("defaultTags.tags.environment"),
// or nil when any step is missing. Array elements are addressed by index ("ingress.0.fromPort").
func (r *Resource) Input(path string) any {
	return lookup(r.Inputs, path)
}

// Output returns the mock's answer at a dotted path, like Input.
func (r *Resource) Output(path string) any {
	return lookup(r.State, path)
}

func lookup(root map[string]any, path string) any {
	var cur any = root
	for _, step := range strings.Split(path, ".") {
		switch t := cur.(type) {
		case map[string]any:
			cur = t[step]
		case []any:
			i := 0
			for _, c := range step {
				if c < '0' || c > '9' {
					return nil
				}
				i = i*10 + int(c-'0')
			}
			if i >= len(t) {
				return nil
			}
			cur = t[i]
		default:
			return nil
		}
	}
	return cur
}
