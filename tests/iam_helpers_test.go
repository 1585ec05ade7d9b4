package tests

import (
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/awsfacts"
	"platform/internal/graph"
	"platform/internal/iamdoc"
)

const (
	managedPolicyType = "aws:iam/policy:Policy"
	offlineAccount    = "123456789012"
)

// statement is one statement of a policy, with the policy it came from.
type statement struct {
	Sid       string
	Effect    string
	Action    []string
	Resource  []string
	Condition map[string]map[string][]string
	policy    string
}

// rolePolicies returns the statements of every managed policy attached to
// the role named name, and the policy documents.
func rolePolicies(t *testing.T, g *graph.Graph, name string) ([]statement, []string) {
	t.Helper()
	role := only(t, g, roleType, name)
	policies := map[any]*graph.Resource{}
	for _, p := range g.ByType(managedPolicyType) {
		policies[p.Output("arn")] = p
	}
	var out []statement
	var docs []string
	for _, a := range g.ByType(attachmentType) {
		if a.Input("role") != role.Output("name") {
			continue
		}
		p := policies[a.Input("policyArn")]
		require.NotNil(t, p, "%s: %v is attached but not a policy of the stack", name, a.Input("policyArn"))
		doc := p.Input("policy").(string)
		docs = append(docs, doc)
		var parsed struct{ Statement []statement }
		require.NoError(t, json.Unmarshal([]byte(doc), &parsed))
		for _, s := range parsed.Statement {
			s.policy = p.Input("name").(string)
			out = append(out, s)
		}
	}
	for _, p := range g.ByType(rolePolicyType) {
		assert.NotEqual(t, role.Output("name"), p.Input("role"), "%s has no inline policy", name)
	}
	require.NotEmpty(t, out, "%s has policies", name)
	return out, docs
}

// matches reports whether an IAM action pattern (with * and ?) covers action.
func matches(pattern, action string) bool {
	ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return ok
}

func (s statement) allows(action string) bool {
	return s.Effect == "Allow" && slices.ContainsFunc(s.Action, func(p string) bool { return matches(p, action) })
}

func (s statement) onAny() bool { return slices.Contains(s.Resource, "*") }

// stackScoped reports whether s limits its resources to the stacks: by the
// stack tag on the request or the resource, or by ARNs that name the
// stack's prefix (or carry a further condition).
func (s statement) stackScoped(stacks []string, prefix string) bool {
	for _, op := range []string{"StringEquals", "StringLike"} {
		for _, key := range []string{"aws:RequestTag/stack", "aws:ResourceTag/stack"} {
			if values, ok := s.Condition[op][key]; ok && slices.Equal(values, stacks) {
				return true
			}
		}
	}
	if s.onAny() || len(s.Resource) == 0 {
		return false
	}
	return len(s.Condition) > 0 || slices.ContainsFunc(s.Resource, func(r string) bool {
		return strings.Contains(r, prefix+"-") || r == "arn:aws:iam::"+offlineAccount+":oidc-provider/token.actions.githubusercontent.com"
	})
}

// required is what a full `pulumi up` of a graph needs, from the table.
type required struct {
	writes, unscoped, reads []string
	passedTo, linked        []string
}

func requiredBy(t *testing.T, g *graph.Graph) required {
	t.Helper()
	var req required
	for _, r := range g.Resources {
		if r.Read || strings.HasPrefix(r.Type, "platform:") || slices.Contains(awsfacts.NoAWS, r.Type) {
			continue
		}
		actions, ok := awsfacts.ResourceTypes[r.Type]
		if !assert.True(t, ok, "%s (%s) is missing from the IAM action table", r.Type, r.Name) {
			continue
		}
		req.writes = append(req.writes, actions.Writes...)
		req.unscoped = append(req.unscoped, actions.Unscoped...)
		req.reads = append(req.reads, actions.Reads...)
		if actions.ServiceLinkedRole != "" {
			req.linked = append(req.linked, actions.ServiceLinkedRole)
		}
		if r.Type == roleType {
			trust := policyAt(t, r, "assumeRolePolicy")
			for _, s := range trust.Statement {
				if service := s.Principal["Service"]; service != "" {
					req.passedTo = append(req.passedTo, service)
				}
			}
		}
	}
	for _, actions := range awsfacts.Invokes {
		req.reads = append(req.reads, actions...)
	}
	for _, list := range []*[]string{&req.writes, &req.unscoped, &req.reads, &req.passedTo, &req.linked} {
		slices.Sort(*list)
		*list = slices.Compact(*list)
	}
	return req
}

// checkGrants asserts that statements grant every required write scoped to
// stacks (or, where AWS allows only "*", on "*"), every read, iam:PassRole only
// to the services the stack's roles trust, and the service-linked roles.
func checkGrants(t *testing.T, statements []statement, req required, stacks []string, prefix string) {
	t.Helper()
	for _, action := range req.writes {
		var scoped, any bool
		for _, s := range statements {
			if s.allows(action) {
				scoped = scoped || s.stackScoped(stacks, prefix)
				any = any || (s.onAny() && len(s.Condition) == 0)
			}
		}
		assert.True(t, scoped, "%s is granted scoped to %v", action, stacks)
		assert.False(t, any && !awsfacts.IsUnscoped(action), "%s is granted on every resource", action)
	}
	for _, action := range append(req.unscoped, req.reads...) {
		assert.True(t, slices.ContainsFunc(statements, func(s statement) bool { return s.allows(action) }), "%s is granted", action)
	}
	for _, s := range statements {
		if s.allows("iam:PassRole") {
			assert.False(t, s.onAny(), "iam:PassRole names the stack's roles")
			assert.Subset(t, s.Condition["StringEquals"]["iam:PassedToService"], req.passedTo, "iam:PassRole to each service the stack's roles trust")
			assert.NotEmpty(t, s.Condition["StringEquals"]["iam:PassedToService"], "iam:PassRole carries iam:PassedToService")
		}
		if s.allows("iam:CreateServiceLinkedRole") {
			// Every linked role the stack's types need, and only roles some
			// type of the platform needs (a stack uses some of the types).
			granted := s.Condition["StringEquals"]["iam:AWSServiceName"]
			assert.Subset(t, granted, req.linked)
			for _, service := range granted {
				assert.True(t, slices.ContainsFunc(slices.Collect(maps.Values(awsfacts.ResourceTypes)), func(a awsfacts.TypeActions) bool { return a.ServiceLinkedRole == service }), "%s is some type's linked role", service)
			}
		}
		if s.allows("iam:CreateRole") {
			assert.NotEmpty(t, s.Condition["StringEquals"]["iam:PermissionsBoundary"], "%s: roles only with a boundary", s.Sid)
		}
		if s.Effect == "Allow" && s.onAny() && len(s.Condition) == 0 {
			for _, a := range s.Action {
				assert.True(t, awsfacts.IsUnscoped(a) || isMetadataRead(a), "%s on every resource is neither a metadata read nor an action AWS allows only on *", a)
			}
		}
	}
}

// isMetadataRead reports whether the table lists action as a read of some
// type, or of a look-up: the deploy roles may read any platform type's
// configuration, never its data.
func isMetadataRead(action string) bool {
	for _, t := range awsfacts.ResourceTypes {
		if slices.Contains(t.Reads, action) {
			return !slices.Contains(awsfacts.DataPlaneReads, action)
		}
	}
	for _, actions := range awsfacts.Invokes {
		if slices.Contains(actions, action) {
			return true
		}
	}
	return false
}

// checkSizes asserts IAM's limits: a managed policy's characters, and the
// managed policies a role may have.
func checkSizes(t *testing.T, role string, docs []string) {
	t.Helper()
	assert.LessOrEqual(t, len(docs), iamdoc.ManagedPoliciesPerRole, role)
	for _, doc := range docs {
		assert.LessOrEqual(t, iamdoc.Chars(doc), iamdoc.ManagedPolicyMaxChars, role)
	}
}
