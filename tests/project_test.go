package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
	"platform/internal/schema"
)

const fixtureProject = `name: demo
runtime: go
config:
  demo:size:
    type: integer
    default: 2
  tier:
    type: string
    default: dev
  demo:labels:
    type: object
  aws:region:
    value: eu-west-1
`

func TestLoadStackAppliesPulumiYamlDefaultsAndTypes(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Pulumi.yaml": fixtureProject,
		"Pulumi.a.yaml": `config:
  demo:tier: staging
  demo:labels:
    team: shop
    sizes: [1, 2]
`,
	})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	cfg, err := project.LoadStack("a")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"demo:size":   "2",                             // Pulumi.yaml default
		"demo:tier":   "staging",                       // stack value wins over the default
		"demo:labels": `{"sizes":[1,2],"team":"shop"}`, // objects reach the program as JSON
		"aws:region":  "eu-west-1",                     // a provider key's project value
	}, cfg.Values)
	assert.Empty(t, cfg.SecretKeys)
}

func TestLoadStackTurnsSecureValuesIntoPlaceholderSecrets(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Pulumi.yaml": fixtureProject,
		"Pulumi.a.yaml": `config:
  demo:tier:
    secure: v1:Zm9vYmFy
  demo:labels:
    token:
      secure: v1:YmF6
`,
	})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	cfg, err := project.LoadStack("a")
	require.NoError(t, err)
	assert.Equal(t, []string{"demo:labels", "demo:tier"}, cfg.SecretKeys)
	assert.Equal(t, offline.SecretPlaceholder("demo:tier"), cfg.Values["demo:tier"])
	assert.NotContains(t, cfg.Values["demo:labels"], "v1:YmF6")
}

func TestLoadStackRejectsBadStackFiles(t *testing.T) {
	cases := []struct {
		name, stackFile, want string
	}{
		{"undeclared key", "config:\n  demo:sise: 3\n",
			`Pulumi.a.yaml: config key "demo:sise" is not declared in Pulumi.yaml, want one of demo:labels, demo:size, demo:tier`},
		{"wrong type", "config:\n  demo:size: big\n",
			`Pulumi.a.yaml: config key "demo:size": is a string, want a integer as declared in Pulumi.yaml`},
		{"no namespace", "config:\n  size: 3\n",
			`Pulumi.a.yaml: config key "size" has no namespace, want demo:size`},
		{"malformed yaml", "config: [\n",
			"Pulumi.a.yaml: yaml: line 1: did not find expected node content"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{"Pulumi.yaml": fixtureProject, "Pulumi.a.yaml": tc.stackFile})
			project, err := offline.LoadProject(dir)
			require.NoError(t, err)
			_, err = project.LoadStack("a")
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestLoadStackNamesTheKnownStacksForAnUnknownOne(t *testing.T) {
	dir := writeProject(t, map[string]string{"Pulumi.yaml": fixtureProject, "Pulumi.a.yaml": "config: {}\n", "Pulumi.b.yaml": "config: {}\n"})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	_, err = project.LoadStack("nope")
	require.EqualError(t, err, `unknown stack "nope": no Pulumi.nope.yaml, want one of a, b`)
}

func TestEveryPlatformKeyIsDeclaredWithTypeAndDescription(t *testing.T) {
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	assert.Equal(t, "platform", project.Name)
	for key, decl := range project.Config {
		if key == "aws:region" {
			continue
		}
		assert.NotEmpty(t, decl.Type, key)
		assert.NotEmpty(t, decl.Description, key)
	}
}

func TestTheProgramReadsEveryKeyPulumiYamlDeclares(t *testing.T) {
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	var declared []string
	for key := range project.Config {
		if strings.HasPrefix(key, "platform:") {
			declared = append(declared, strings.TrimPrefix(key, "platform:"))
		}
	}
	assert.ElementsMatch(t, schema.Keys, declared)
}
