package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The README's caller workflow for application repositories passes exactly
// the inputs and secrets build-image.yml declares, with the secret name
// `platform github` tells the application repository to create.
func TestTheREADMECallerMatchesTheReusableBuild(t *testing.T) {
	readme := mustRead(t, filepath.Join(repoRoot, "README.md"))
	const marker = "# .github/workflows/image.yml in <owner>/<app>\n"
	start := strings.Index(readme, marker)
	require.GreaterOrEqual(t, start, 0, "the README shows the caller workflow")
	block := readme[start : start+strings.Index(readme[start:], "```")]
	var caller struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			With    map[string]string `yaml:"with"`
			Secrets map[string]string `yaml:"secrets"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(block), &caller))
	image := caller.Jobs["image"]

	data, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "build-image.yml"))
	require.NoError(t, err)
	var build struct {
		On struct {
			WorkflowCall struct {
				Inputs  map[string]struct{ Required bool } `yaml:"inputs"`
				Secrets map[string]struct{ Required bool } `yaml:"secrets"`
			} `yaml:"workflow_call"`
		} `yaml:"on"`
	}
	require.NoError(t, yaml.Unmarshal(data, &build))
	call := build.On.WorkflowCall

	for name := range image.Secrets {
		assert.Contains(t, call.Secrets, name, "the README passes secret %s", name)
	}
	for name, s := range call.Secrets {
		if s.Required {
			assert.Contains(t, image.Secrets, name, "build-image.yml requires secret %s", name)
		}
	}
	for name := range image.With {
		assert.Contains(t, call.Inputs, name, "the README passes input %s", name)
	}
	for name, in := range call.Inputs {
		if in.Required {
			assert.Contains(t, image.With, name, "build-image.yml requires input %s", name)
		}
	}
	assert.Equal(t, "${{ secrets.PLATFORM_TOKEN }}", image.Secrets["platform-token"], "the secret `platform github` lists")
	code, stdout, stderr := runCLI("github", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "  PLATFORM_TOKEN ")
	assert.Contains(t, caller.On, "pull_request", "pull requests build the pr-<n> tags previews pull")
}

// `platform github` tells the application repository which environments let
// pull-request builds in: the dev-tier ones, where build-targets.sh sends them.
func TestGithubLetsPullRequestBuildsIntoDevTierEnvironmentsOnly(t *testing.T) {
	dir := imagesFixture(t)
	code, stdout, stderr := runCLI("github", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "sandbox\n", runScript(t, scriptsFixture(t), "build-targets.sh", "--pull-request"))
	assert.Regexp(t, `(?m)^  sandbox +AWS_IMAGE_ROLE_ARN .*; deployments: main and pull requests$`, stdout)
	assert.Regexp(t, `(?m)^  live +AWS_IMAGE_ROLE_ARN .*; deployments: main only$`, stdout)
}
