package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"platform/internal/graph"
	"platform/internal/graph/engine"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Account is the AWS account id every offline ARN carries.
const Account = "123456789012"

// Monitor is a pulumi.MockResourceMonitor whose answers look like AWS and
// which records every resource into a Graph.
type Monitor struct {
	project, stack string
	// region is the stack's aws:region; a provider with its own region overrides it.
	region string
	// references answers StackReference reads: stack name to its outputs.
	references map[string]map[string]any

	mu        sync.Mutex
	resources []*graph.Resource
	// providerRegions maps an aws provider's URN to its region.
	providerRegions map[string]string
}

var _ pulumi.MockResourceMonitor = (*Monitor)(nil)

// NewMonitor returns a Monitor for one run of a stack in region.
func NewMonitor(project, stack, region string, references map[string]map[string]any) *Monitor {
	return &Monitor{project: project, stack: stack, region: region, references: references, providerRegions: map[string]string{}}
}

// NewResource answers a register or read with an id and AWS-shaped outputs.
func (m *Monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := &graph.Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, ID: args.ID, Inputs: engine.Plain(args.Inputs)}
	var parent string
	switch {
	case args.RegisterRPC != nil:
		rpc := args.RegisterRPC
		parent = rpc.GetParent()
		r.Remote = rpc.GetRemote()
		// Sorted: the SDK expands a dependency on a component into its
		// children in no fixed order, and a plan must be the same every run.
		r.Dependencies = slices.Sorted(slices.Values(rpc.GetDependencies()))
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.IgnoreChanges = append([]string(nil), rpc.GetIgnoreChanges()...)
		r.Aliases = append(r.Aliases, rpc.GetAliasURNs()...)
		for _, a := range rpc.GetAliases() {
			if urn := a.GetUrn(); urn != "" {
				r.Aliases = append(r.Aliases, urn)
			} else if spec := a.GetSpec(); spec != nil {
				r.Aliases = append(r.Aliases, "name="+spec.GetName())
			}
		}
	case args.ReadRPC != nil:
		parent = args.ReadRPC.GetParent()
		r.Read = true
		r.Custom = true
		r.Dependencies = append([]string(nil), args.ReadRPC.GetDependencies()...)
	}
	if strings.HasPrefix(parent, "urn:") && resource.URN(parent).QualifiedType() != resource.RootStackType {
		r.Parent = parent
	}
	r.URN = m.urn(parent, r.Type, r.Name)
	r.Provider = providerURN(args.Provider)

	region := m.region
	m.mu.Lock()
	if p, ok := m.providerRegions[r.Provider]; ok {
		region = p
	}
	if r.Type == "pulumi:providers:aws" {
		if reg, ok := r.Inputs["region"].(string); ok {
			m.providerRegions[r.URN] = reg
		}
	}
	m.mu.Unlock()

	id, outputs, err := m.answer(r, region)
	if err != nil {
		return "", nil, err
	}
	state := args.Inputs.Copy()
	for k, v := range resource.NewPropertyMapFromMap(outputs) {
		state[k] = v
	}
	r.ID = id
	r.State = engine.Plain(state)

	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
	return id, state, nil
}

// urn computes the URN the mock engine gives a resource.
func (m *Monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType, tokens.Type(typ), name))
}

// Graph returns what has been recorded so far.
func (m *Monitor) Graph() *graph.Graph {
	m.mu.Lock()
	defer m.mu.Unlock()
	return graph.New(m.project, m.stack, append([]*graph.Resource(nil), m.resources...))
}

// providerURN strips the id from a provider reference ("<urn>::<id>").
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i > 0 && strings.HasPrefix(ref, "urn:") {
		return ref[:i]
	}
	return ref
}

// digest returns n deterministic hex characters for seed, so offline ids are
// stable from run to run and goldens need no normalising.
func digest(seed string, n int) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:])[:n]
}

// errNoAnswer is returned for an invoke the mock cannot answer realistically;
// a program that needs it must teach the mock first.
func errNoAnswer(token string) error {
	return fmt.Errorf("offline: no realistic answer for invoke %q; add one to internal/offline/answers_invokes.go", token)
}
