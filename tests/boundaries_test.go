package tests

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goPackage is what `go list -json` says about one package of the module.
type goPackage struct {
	ImportPath string
	Imports    []string // direct imports
	Deps       []string // every package it links, transitively
}

// boundary is one rule of the package layout: packages under From must not
// depend, directly or not, on a package that Forbids matches.
type boundary struct {
	From   string
	Forbid func(from, dep string) bool
	Why    string
}

const components = "platform/components/"

// under reports whether path is root or a package below it.
func under(path, root string) bool { return path == root || strings.HasPrefix(path, root+"/") }

// componentOf is the component a package under components/ belongs to
// ("internal" for the shared pieces); "" outside components/.
func componentOf(path string) string {
	rest, ok := strings.CutPrefix(path, components)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// programSide links the Pulumi program or the mock runner: the graph model,
// policy and cost read graphs and never run the program.
func programSide(_, dep string) bool {
	for _, root := range []string{"platform/internal/offline", "platform/internal/evaluate", "platform/internal/cli", "platform/stacks"} {
		if under(dep, root) {
			return true
		}
	}
	return strings.HasPrefix(dep, components)
}

var boundaries = []boundary{
	{From: "platform/components", Why: "components do not import each other; shared pieces live in components/internal/, or the consumer owns the type",
		Forbid: func(from, dep string) bool {
			other := componentOf(dep)
			return other != "" && other != "internal" && other != componentOf(from)
		}},
	{From: "platform/internal/graph", Forbid: programSide, Why: "the graph model has no mock or program dependency"},
	{From: "platform/policy", Forbid: programSide, Why: "policy, and the CrossGuard pack it builds, depend on the graph model only"},
	{From: "platform/cost", Forbid: programSide, Why: "cost depends on the graph model only"},
	{From: "platform/internal/tier", Why: "tiers are plain data: the standard library and internal/validate only",
		Forbid: func(_, dep string) bool {
			return dep != "platform/internal/validate" && (strings.HasPrefix(dep, "platform/") || strings.Contains(strings.SplitN(dep, "/", 2)[0], "."))
		}},
}

// violations lists every dependency of pkgs that a boundary forbids, and every
// boundary that matches no package (a renamed package would hide a rule).
func violations(pkgs []goPackage, rules []boundary) []string {
	var out []string
	for _, rule := range rules {
		matched := false
		for _, p := range pkgs {
			if !under(p.ImportPath, rule.From) {
				continue
			}
			matched = true
			for _, dep := range p.Deps {
				if !rule.Forbid(p.ImportPath, dep) {
					continue
				}
				how := "depends on"
				for _, direct := range p.Imports {
					if direct == dep {
						how = "imports"
					}
				}
				out = append(out, p.ImportPath+" "+how+" "+dep+": "+rule.Why)
			}
		}
		if !matched {
			out = append(out, "no package under "+rule.From+": the rule checks nothing")
		}
	}
	return out
}

// listModule runs `go list -json` over the module's packages.
func listModule(t *testing.T) []goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("go list: %v\n%s", err, exit.Stderr)
	}
	require.NoError(t, err)
	var pkgs []goPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

func TestPackagesKeepTheirBoundaries(t *testing.T) {
	pkgs := listModule(t)
	assert.Empty(t, violations(pkgs, boundaries))
	// The CrossGuard pack is a binary: what it links is its Deps.
	for _, p := range pkgs {
		if p.ImportPath == "platform/policy/pack" {
			assert.NotContains(t, p.Deps, "platform/internal/offline", "the policy pack links the mock runner")
			return
		}
	}
	t.Fatal("go list has no platform/policy/pack")
}

func TestBoundariesCatchEveryCrossing(t *testing.T) {
	fixture := []goPackage{
		{ImportPath: "platform/components/compute", Imports: []string{"platform/components/access", "platform/components/internal/secgroup"},
			Deps: []string{"platform/components/access", "platform/components/internal/secgroup", "platform/components/network"}},
		{ImportPath: "platform/components/compute/sub", Imports: []string{"platform/components/compute"}, Deps: []string{"platform/components/compute"}},
		{ImportPath: "platform/components/internal/secgroup", Imports: []string{"platform/components/network"}, Deps: []string{"platform/components/network"}},
		{ImportPath: "platform/components/network"},
		{ImportPath: "platform/internal/graph", Imports: []string{"platform/internal/offline"}, Deps: []string{"platform/internal/offline"}},
		{ImportPath: "platform/policy/pack", Imports: []string{"platform/policy"}, Deps: []string{"platform/policy", "platform/internal/evaluate", "platform/internal/offline"}},
		{ImportPath: "platform/cost", Imports: []string{"platform/internal/graph", "platform/components/data"}, Deps: []string{"platform/internal/graph", "platform/components/data"}},
		{ImportPath: "platform/internal/tier", Imports: []string{"platform/internal/validate", "fmt", "github.com/pulumi/pulumi/sdk/v3/go/pulumi"},
			Deps: []string{"fmt", "platform/internal/validate", "github.com/pulumi/pulumi/sdk/v3/go/pulumi"}},
	}
	const (
		apart  = ": components do not import each other; shared pieces live in components/internal/, or the consumer owns the type"
		policy = ": policy, and the CrossGuard pack it builds, depend on the graph model only"
	)
	assert.Equal(t, []string{
		"platform/components/compute imports platform/components/access" + apart,
		"platform/components/compute depends on platform/components/network" + apart,
		"platform/components/internal/secgroup imports platform/components/network" + apart,
		"platform/internal/graph imports platform/internal/offline: the graph model has no mock or program dependency",
		"platform/policy/pack depends on platform/internal/evaluate" + policy,
		"platform/policy/pack depends on platform/internal/offline" + policy,
		"platform/cost imports platform/components/data: cost depends on the graph model only",
		"platform/internal/tier imports github.com/pulumi/pulumi/sdk/v3/go/pulumi: tiers are plain data: the standard library and internal/validate only",
	}, violations(fixture, boundaries))

	var tierRule []boundary
	for _, rule := range boundaries {
		if rule.From == "platform/internal/tier" {
			tierRule = append(tierRule, rule)
		}
	}
	assert.Equal(t, []string{"no package under platform/internal/tier: the rule checks nothing"},
		violations([]goPackage{{ImportPath: "platform/internal/tiers"}}, tierRule))
}
