package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// productFiles are the files an adopter edits, as the README's "Make it
// yours" section lists them: the only files of the repository that may name
// the sample product.
var productFiles = []string{"Pulumi.yaml", "workloads/", "Pulumi.<stack>.yaml", "Pulumi.pr.yaml.template"}

// isProductFile reports whether a repository path is one of productFiles.
func isProductFile(path string) bool {
	base := filepath.Base(path)
	return path == "Pulumi.yaml" || strings.HasPrefix(path, "workloads/") || path == "Pulumi.pr.yaml.template" ||
		(filepath.Dir(path) == "." && strings.HasPrefix(base, "Pulumi.") && strings.HasSuffix(base, ".yaml"))
}

// sampleMarkers are strings only the sample product has, read from its
// fixture copy (tests/testdata/shop): its GitHub owner and repository, its
// base domain and the preview base its template names.
func sampleMarkers(t *testing.T) []string {
	t.Helper()
	var stack struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(mustRead(t, filepath.Join(projectDir, "Pulumi.dev.yaml"))), &stack))
	access, _ := stack.Config["platform:access"].(map[string]any)
	github, _ := access["github"].(map[string]any)
	repository, _ := github["repository"].(string)
	domain, _ := stack.Config["platform:domain"].(string)
	require.NotEmpty(t, repository)
	require.NotEmpty(t, domain)
	var preview struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(mustRead(t, filepath.Join(projectDir, "Pulumi.pr.yaml.template"))), &preview))
	previewKey, _ := preview.Config["platform:preview"].(map[string]any)
	base, _ := previewKey["base"].(string)
	require.NotEmpty(t, base)
	return []string{repository, strings.TrimPrefix(domain, "dev."), base}
}

func TestOnlyTheProductFilesNameTheSample(t *testing.T) {
	readme := mustRead(t, filepath.Join(repoRoot, "README.md"))
	start := strings.Index(readme, "## Make it yours")
	require.GreaterOrEqual(t, start, 0, "README.md has a Make it yours section")
	section := readme[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]
	for _, f := range productFiles {
		assert.Contains(t, section, "`"+f, "Make it yours lists %s", f)
	}

	out, err := exec.Command("git", "-C", repoRoot, "ls-files").Output()
	if err != nil {
		t.Skip("not a git checkout: no list of the repository's files")
	}
	markers := sampleMarkers(t)
	for _, path := range strings.Fields(string(out)) {
		if isProductFile(path) || strings.HasPrefix(path, "tests/") {
			continue // the product, and the tests with their fixture copy of it
		}
		text, err := os.ReadFile(filepath.Join(repoRoot, path))
		if err != nil {
			continue // deleted in the working tree
		}
		for _, m := range markers {
			assert.NotContains(t, string(text), m, "%s names the sample product; only %v may", path, productFiles)
		}
	}
}
