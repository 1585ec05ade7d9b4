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

// workflow is the part of a GitHub Actions workflow the invariants read.
type workflow struct {
	Permissions any            `yaml:"permissions"`
	Jobs        map[string]job `yaml:"jobs"`
}

type job struct {
	If          string         `yaml:"if"`
	Needs       any            `yaml:"needs"`
	Environment any            `yaml:"environment"`
	Permissions map[string]any `yaml:"permissions"`
	Concurrency any            `yaml:"concurrency"`
	Steps       []step         `yaml:"steps"`
}

type step struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	With map[string]any    `yaml:"with"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
}

func readWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	out := map[string]workflow{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		var w workflow
		require.NoError(t, yaml.Unmarshal(data, &w), path)
		out[filepath.Base(path)] = w
	}
	return out
}

func (j job) uses(action string) bool {
	for _, s := range j.Steps {
		if strings.HasPrefix(s.Uses, action+"@") {
			return true
		}
	}
	return false
}

func (j job) needs(name string) bool {
	switch n := j.Needs.(type) {
	case string:
		return n == name
	case []any:
		for _, e := range n {
			if e == name {
				return true
			}
		}
	}
	return false
}

func TestEveryJobThatTouchesAWSUsesOIDCAndAnEnvironment(t *testing.T) {
	touched := 0
	for file, w := range readWorkflows(t) {
		assert.NotNil(t, w.Permissions, "%s sets least permissions at the top", file)
		for name, j := range w.Jobs {
			assert.NotNil(t, j.Permissions, "%s/%s declares its permissions", file, name)
			if !j.uses("aws-actions/configure-aws-credentials") && !j.uses("pulumi/actions") {
				continue
			}
			touched++
			assert.Equal(t, "write", j.Permissions["id-token"], "%s/%s needs id-token: write for OIDC", file, name)
			assert.NotNil(t, j.Environment, "%s/%s names a GitHub environment", file, name)
			for _, s := range j.Steps {
				if strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@") {
					assert.Contains(t, s.With, "role-to-assume", "%s/%s", file, name)
				}
			}
		}
	}
	assert.GreaterOrEqual(t, touched, 6)
}

func TestNoWorkflowReferencesAWSAccessKeys(t *testing.T) {
	for _, dir := range []string{".github", "scripts"} {
		err := filepath.WalkDir(filepath.Join(repoRoot, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, key := range []string{"aws-access-key-id", "aws-secret-access-key", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
				assert.NotContains(t, string(data), key, path)
			}
			return nil
		})
		require.NoError(t, err)
	}
}

func TestProductionDeploysOnlyAfterStagingAndNeverTwiceAtOnce(t *testing.T) {
	deploy := readWorkflows(t)["deploy.yml"]
	staging, production := deploy.Jobs["staging"], deploy.Jobs["production"]
	assert.Equal(t, "staging", staging.Environment)
	assert.Equal(t, "production", production.Environment)
	assert.True(t, production.needs("staging"), "production requires the staging job")
	assert.True(t, staging.needs("test"), "staging requires the tests")
	assert.Equal(t, map[string]any{"group": "stack-staging", "cancel-in-progress": false}, staging.Concurrency)
	assert.Equal(t, map[string]any{"group": "stack-production", "cancel-in-progress": false}, production.Concurrency)
	promotes := false
	for _, s := range production.Steps {
		promotes = promotes || strings.Contains(s.Run, "scripts/promote-images.sh staging production")
		assert.NotContains(t, s.Uses, "docker/build-push-action", "production never rebuilds")
	}
	assert.True(t, promotes, "production deploys staging's digests")
	rollback := readWorkflows(t)["rollback.yml"].Jobs["rollback"]
	assert.Equal(t, map[string]any{"group": "stack-${{ inputs.environment }}", "cancel-in-progress": false}, rollback.Concurrency)
}
