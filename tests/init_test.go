package tests

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
)

// initFlags are valid flags of platform init, for a project in dir.
func initFlags(dir string, extra ...string) []string {
	return append([]string{"init", "--project", "acme", "--domain", "acme.example.com", "--repository", "acme/site", "--dir", dir}, extra...)
}

// projectFiles are the files under dir, relative, with their contents.
func projectFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[rel] = mustRead(t, path)
		return nil
	}))
	return files
}

func TestInitRefusesBadFlagsAndAnExistingProduct(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   func(dir string) []string
		stderr string
	}{
		{"no project", func(dir string) []string { return initFlags(dir, "--project", "") },
			`validate "--project": "" is not a project name, want lower-case letters, digits and single hyphens, starting with a letter (it starts every AWS name)` + "\n"},
		{"upper-case project", func(dir string) []string { return initFlags(dir, "--project", "Acme") },
			`validate "--project": "Acme" is not a project name, want lower-case letters, digits and single hyphens, starting with a letter (it starts every AWS name)` + "\n"},
		{"trailing hyphen", func(dir string) []string { return initFlags(dir, "--project", "acme-") },
			`validate "--project": "acme-" is not a project name, want lower-case letters, digits and single hyphens, starting with a letter (it starts every AWS name)` + "\n"},
		{"domain without a dot", func(dir string) []string { return initFlags(dir, "--domain", "localhost") },
			`validate "--domain": "localhost" is not a DNS name, want lower-case labels separated by dots, e.g. example.com` + "\n"},
		{"repository without an owner", func(dir string) []string { return initFlags(dir, "--repository", "site") },
			`validate "--repository": "site" is not a GitHub repository, want OWNER/REPO` + "\n"},
		{"unknown region", func(dir string) []string { return initFlags(dir, "--region", "eu-west-9") },
			`validate "--region": "eu-west-9" is not an AWS Region, want an AWS commercial Region code such as eu-west-1 or eu-west-2 or eu-west-3` + "\n"},
		{"every bad flag at once", func(dir string) []string {
			return []string{"init", "--project", "a_b", "--domain", "x", "--repository", "y", "--region", "mars-1", "--dir", dir}
		}, `validate "--project": "a_b" is not a project name, want lower-case letters, digits and single hyphens, starting with a letter (it starts every AWS name)` + "\n" +
			`validate "--domain": "x" is not a DNS name, want lower-case labels separated by dots, e.g. example.com` + "\n" +
			`validate "--repository": "y" is not a GitHub repository, want OWNER/REPO` + "\n" +
			`validate "--region": "mars-1" is not an AWS Region, want an AWS commercial Region code such as us-east-1 or eu-west-1` + "\n"},
		{"an argument", func(dir string) []string { return initFlags(dir, "acme") }, `platform init: unexpected argument "acme"` + "\n"},
		{"an existing product", func(dir string) []string { return initFlags(dir) }, "platform init: DIR already holds a product (Pulumi.dev.yaml, Pulumi.perf.yaml, Pulumi.pr.yaml.template, " +
			"Pulumi.production.yaml, Pulumi.staging.yaml, workloads/admin.yaml, workloads/catalog.yaml, workloads/frontend.yaml, workloads/jobs.yaml, " +
			"workloads/migrate.yaml, workloads/orders.yaml, workloads/recon.yaml, workloads/scheduler.yaml, workloads/webhooks.yaml); pass --force to replace it\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyFixture(t, nil)
			before := projectFiles(t, dir)
			code, stdout, stderr := runCLI(tc.args(dir)...)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tc.stderr, strings.ReplaceAll(stderr, dir, "DIR"))
			assert.Equal(t, before, projectFiles(t, dir), "a refused init writes nothing")
		})
	}
}

func TestInitNeedsThePlatformsPulumiYAML(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(initFlags(dir)...)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "platform init: "+filepath.Join(dir, "Pulumi.yaml")+": ")
	assert.Contains(t, stderr, "(run init in the platform's repository, or pass --dir)\n")
	assert.Empty(t, projectFiles(t, dir))
}

// TestInitWritesAProductThatPlansEveryStack runs init over a copy of the shop
// fixture, as an adopter runs it over a clone of the repository.
func TestInitWritesAProductThatPlansEveryStack(t *testing.T) {
	dir := copyFixture(t, nil)
	fixtureProject := mustRead(t, filepath.Join(dir, "Pulumi.yaml"))
	code, stdout, stderr := runCLI(initFlags(dir, "--region", "eu-west-1", "--force")...)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)

	files := projectFiles(t, dir)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	assert.Equal(t, []string{"Pulumi.dev.yaml", "Pulumi.pr.yaml.template", "Pulumi.production.yaml", "Pulumi.staging.yaml",
		"Pulumi.yaml", filepath.Join("workloads", "web.yaml")}, names, "the shop's product files are gone")

	// Only the name and the namespace of the declared keys change.
	want := strings.Replace(fixtureProject, "name: platform\n", "name: acme\n", 1)
	want = strings.ReplaceAll(want, "\n  platform:", "\n  acme:")
	assert.Equal(t, want, files["Pulumi.yaml"])
	assert.Contains(t, files["Pulumi.production.yaml"], "  acme:domain: acme.example.com\n")
	assert.Contains(t, files["Pulumi.staging.yaml"], "  acme:domain: staging.acme.example.com\n")
	assert.Contains(t, files["Pulumi.dev.yaml"], "  acme:domain: dev.acme.example.com\n")
	assert.Contains(t, files["Pulumi.pr.yaml.template"], "    base: organization/acme/dev\n")

	for _, step := range []string{"scripts/bootstrap-state.sh <bucket> eu-west-1", "pulumi up --stack dev", "go run ./cmd/platform github"} {
		assert.Contains(t, stdout, step, "the next steps name it")
	}

	for _, stack := range []string{"dev", "staging", "production", "pr-42"} {
		t.Run(stack, func(t *testing.T) {
			g, err := evaluate.Stack(dir, stack)
			require.NoError(t, err)
			assert.Equal(t, "acme", g.Project)
			provider := only(t, g, "pulumi:providers:aws", "aws")
			assert.Equal(t, "eu-west-1", provider.Input("region"))
			task := "web-task"
			if stack == "pr-42" {
				task = "pr-42-web-task"
			}
			web := only(t, g, "aws:ecs/taskDefinition:TaskDefinition", task)
			assert.Contains(t, web.Input("containerDefinitions"), `"image":"public.ecr.aws/nginx/nginx:1.27"`)

			code, _, stderr := runCLI("plan", "--stack", stack, "--dir", dir)
			// Exit 4 while the platform has preflight defects (knownDefects in
			// preflight_test.go): they are the platform's, not the new product's.
			assert.Contains(t, []int{0, 4}, code, stderr)
		})
	}
}
