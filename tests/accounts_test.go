package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/stacks"
)

// accountsProject is a project of the real Pulumi.yaml and one small stack
// file per tier in pins, pinned to the accounts given (a YAML flow list);
// extra adds lines under the stack's platform:access.github.
func accountsProject(t *testing.T, pins, extra map[string]string) string {
	t.Helper()
	project, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	require.NoError(t, err)
	files := map[string]string{"Pulumi.yaml": string(project)}
	for tier, accounts := range pins {
		files["Pulumi."+tier+".yaml"] = "config:\n  aws:region: us-east-1\n  aws:allowedAccountIds: " + accounts + "\n" +
			"  platform:environment: " + tier + "\n  platform:domain: " + tier + ".example.com\n" +
			"  platform:observability:\n    emails: [ops@example.com]\n" +
			"  platform:access:\n    github:\n      repository: acme/shop\n" + extra[tier]
	}
	return writeProject(t, files)
}

// bare evaluates a fixture stack without workloads.
func bare(dir, stack string) (*graph.Graph, error) {
	return evaluate.StackWith(dir, stack, map[string]string{"platform:workloads": "{}", "platform:images": "{}", "platform:sizes": "{}"})
}

func TestTheLowestTierPinnedToAnAccountCreatesItsOIDCProvider(t *testing.T) {
	owners := stacks.OIDCOwners([]stacks.StackAccounts{
		{Stack: "production", Tier: stacks.Production, Accounts: []string{"111111111111"}},
		{Stack: "staging", Tier: stacks.Staging, Accounts: []string{"111111111111"}},
		{Stack: "dev", Tier: stacks.Dev, Accounts: []string{"222222222222"}},
	})
	assert.Equal(t, map[string]string{"111111111111": "staging", "222222222222": "dev"}, owners)

	pins := map[string]string{"dev": `["111111111111"]`, "staging": `["111111111111"]`, "production": `["222222222222"]`}
	dir := accountsProject(t, pins, nil)
	for stack, creates := range map[string]bool{"dev": true, "staging": false, "production": true} {
		g, err := bare(dir, stack)
		require.NoError(t, err, stack)
		providers := g.ByType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
		if creates {
			assert.Len(t, providers, 1, "%s is the first pinned to its account", stack)
		} else {
			assert.Empty(t, providers, "%s looks up the provider its account's dev created", stack)
		}
		want := []any{pins[stack][2:14]}
		assert.Equal(t, want, only(t, g, "pulumi:providers:aws", "aws").Input("allowedAccountIds"), stack)
	}
}

func TestAPlanThatWouldCreateASecondOIDCProviderFails(t *testing.T) {
	pins := map[string]string{"dev": `["111111111111"]`, "production": `["111111111111"]`}
	dir := accountsProject(t, pins, map[string]string{"production": "      oidcProvider: create\n", "dev": "      oidcProvider: create\n"})
	_, err := bare(dir, "production")
	require.Error(t, err)
	assert.Equal(t, `validate "platform:access.github.oidcProvider": "create" would create a second GitHub OIDC provider in account 111111111111, which stack dev creates, want "lookup", or no setting`, err.Error())
	_, err = bare(dir, "dev")
	assert.NoError(t, err, "dev is the account's first stack")

	dir = accountsProject(t, pins, map[string]string{"dev": "      oidcProvider: lookup\n"})
	_, err = bare(dir, "dev")
	require.Error(t, err)
	assert.Equal(t, `validate "platform:access.github.oidcProvider": "lookup" leaves account 111111111111 without a GitHub OIDC provider: this stack is the first pinned to it, want "create", or no setting`, err.Error())

	_, err = bare(accountsProject(t, map[string]string{"dev": `["1111"]`}, nil), "dev")
	require.Error(t, err)
	assert.Equal(t, `validate "aws:allowedAccountIds[0]": "1111" is not an AWS account id, want 12 digits`, err.Error())
}

// Production's deploy pulls the images it promotes from staging's registry,
// in staging's account and region (one account per environment), not its own.
func TestProductionPullsPromotedImagesFromStagingsAccountAndRegion(t *testing.T) {
	pins := map[string]string{"staging": `["222222222222"]`, "production": `["333333333333"]`}
	dir := accountsProject(t, pins, nil)
	staging := filepath.Join(dir, "Pulumi.staging.yaml")
	text, err := os.ReadFile(staging)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(staging, []byte(strings.Replace(string(text), "aws:region: us-east-1", "aws:region: eu-west-1", 1)), 0o644))
	g, err := bare(dir, "production")
	require.NoError(t, err)
	var pulls []string
	for _, p := range g.ByType("aws:iam/policy:Policy") {
		doc, _ := p.Input("policy").(string)
		if !strings.Contains(doc, "PullPromotedImages") {
			continue
		}
		for _, s := range policyAt(t, p, "policy").Statement {
			if s.Sid == "PullPromotedImages" {
				pulls = append(pulls, s.Resource...)
			}
		}
	}
	assert.Equal(t, []string{"arn:aws:ecr:eu-west-1:222222222222:repository/platform-staging-*"}, pulls)
}
