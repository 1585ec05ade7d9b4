package tests

import (
	"testing"

	"github.com/stretchr/testify/require"

	"platform/components/access"
	"platform/internal/graph"
)

// Every service role the stacks create is handed to its service by the
// deploy role (CreateFunction, CreateWorkspace, RegisterTaskDefinition ...),
// which needs iam:PassRole for that service (IAM User Guide, "Grant a user
// permissions to pass a role to an AWS service"): a principal missing from
// access.PassedToServices is AccessDenied on the first `up`.
func TestTheDeployRoleMayPassEveryServiceRoleTheStacksMake(t *testing.T) {
	grafana, err := EvaluateWith(t, "staging", map[string]string{
		"platform:observability": `{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true}}`,
	})
	require.NoError(t, err)
	graphs := map[string]*graph.Graph{"dev": Evaluate(t, "dev"), "production": Evaluate(t, "production"), "staging with grafana": grafana, "api-gateway dev": apiDev(t, nil)}
	roles := 0
	for name, g := range graphs {
		for _, role := range g.ByType(roleType) {
			for _, s := range policyAt(t, role, "assumeRolePolicy").Statement {
				if service, ok := s.Principal["Service"]; ok {
					roles++
					require.Contains(t, access.PassedToServices, service, "%s: %s is assumed by %s", name, role.Name, service)
				}
			}
		}
	}
	require.Greater(t, roles, 10)
}
