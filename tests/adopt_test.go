package tests

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenarioEnv is set in the copy the scenario tests, so the copy's own run of
// the suite does not start the scenario again.
const scenarioEnv = "PLATFORM_ADOPTION_SCENARIO"

// secondFixture is the product of another shape the scenario adopts: the
// globex Laravel app (web, api, an SQS worker, a schedule, a migration,
// MySQL, a cache; no broker, no CDN) with a perf stack in eu-west-1.
const secondFixture = "testdata/laravel"

// TestAdoptionScenario does what an adopter does: copy the repository, rename
// the project and replace the product (platform init), put in their own product
// and stack files, add a stack in another region, then plan every stack and run
// the whole test suite there. The copy's root product is not the shop, so the
// suite passing there also shows it never reads the root product.
func TestAdoptionScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs go test ./... in it (about two minutes): skipped under -short")
	}
	if os.Getenv(scenarioEnv) != "" {
		t.Skip("already inside the scenario's copy")
	}
	dir := copyRepository(t)
	platform := filepath.Join(t.TempDir(), "platform")
	runIn(t, dir, "go", "build", "-o", platform, "./cmd/platform")

	// 1. Rename the project; init removes the sample product and writes its
	// example, which plans in every stack.
	code, _, stderr := runCLI("init", "--project", "globex", "--domain", "globex.example.com",
		"--repository", "globex/laravel-app", "--dir", dir, "--force")
	require.Equal(t, 0, code, stderr)
	assert.NoFileExists(t, filepath.Join(dir, "workloads", "frontend.yaml"), "the shop's workloads are gone")
	assert.Equal(t, []string{"dev", "production", "staging", "pr-42"}, planEveryStack(t, dir, platform))
	// The copy's own CI passes on what init wrote (gofmt reads git's file list).
	runIn(t, dir, "git", "init", "-q")
	runIn(t, dir, "git", "add", "-A")
	ci := runIn(t, dir, "bash", ".ci/run")
	assert.Contains(t, ci, "--- tests (the README's test command)")

	// 2. Replace the product and the stack files with the adopter's, and add
	// the perf stack in eu-west-1.
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "workloads")))
	require.NoError(t, os.CopyFS(filepath.Join(dir, "workloads"), os.DirFS(filepath.Join(secondFixture, "workloads"))))
	for _, file := range []string{"Pulumi.dev.yaml", "Pulumi.staging.yaml", "Pulumi.production.yaml", "Pulumi.pr.yaml.template", "Pulumi.perf.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, file), []byte(mustRead(t, filepath.Join(secondFixture, file))), 0o644))
	}
	assert.Equal(t, mustRead(t, filepath.Join(secondFixture, "Pulumi.yaml")), mustRead(t, filepath.Join(dir, "Pulumi.yaml")),
		"init's rename gives the project file the fixture's")
	assert.Equal(t, "globex\n", runIn(t, dir, "scripts/project-name.sh"))

	// 3. Plan every stack the copy's CI would plan.
	assert.Equal(t, []string{"dev", "perf", "production", "staging", "pr-42"}, planEveryStack(t, dir, platform))
	perf := runPlan(t, dir, platform, "perf")
	assert.Contains(t, perf, `"region": "eu-west-1"`)

	// 4. The test suite passes in the copy.
	runIn(t, dir, "go", "vet", "./...")
	runIn(t, dir, "go", "test", "./...")
}

// planEveryStack plans, in dir, each stack CI plans (scripts/stacks.sh
// --preview) and returns their names.
func planEveryStack(t *testing.T, dir, platform string) []string {
	t.Helper()
	stacks := strings.Fields(runIn(t, dir, "scripts/stacks.sh", "--preview"))
	for _, stack := range stacks {
		runPlan(t, dir, platform, stack)
	}
	return stacks
}

// runPlan is `platform plan --stack stack --format json` in dir.
func runPlan(t *testing.T, dir, platform, stack string) string {
	t.Helper()
	cmd := exec.Command(platform, "plan", "--stack", stack, "--format", "json")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	// Exit 4 while the platform has preflight defects (knownDefects in
	// preflight_test.go); any other failure is the scenario's.
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 4 {
		err = nil
	}
	require.NoError(t, err, "platform plan --stack %s:\n%s", stack, tail(out))
	return string(out)
}

// copyRepository copies the repository's files, without its git data and
// CI's installed tools, into a temporary directory. Builds and tests there
// reuse the build and module caches.
func copyRepository(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	skip := map[string]bool{".git": true, filepath.Join(".ci", "bin"): true}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repoRoot, path)
		if err != nil || rel == "." {
			return err
		}
		if skip[rel] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Mkdir(target, 0o755)
		}
		return copyFile(path, target, info.Mode().Perm())
	})
	require.NoError(t, err)
	return dst
}

func copyFile(from, to string, mode fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// runIn runs a command in dir with the scenario marked, failing the test with
// the end of its output when it fails.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), scenarioEnv+"=1", "CI=true")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), tail(out))
	return string(out)
}

// tail is the last lines of a command's output, enough to see why it failed.
func tail(out []byte) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > 60 {
		lines = lines[len(lines)-60:]
	}
	return strings.Join(lines, "\n")
}

// Every fixture project declares the platform's config keys exactly as the
// shop does, under its own name: the declarations are the platform's, and
// `go test ./internal/schema -update` rewrites only the shop's.
func TestFixturesDeclareThePlatformsKeys(t *testing.T) {
	shop := mustRead(t, filepath.Join(projectDir, "Pulumi.yaml"))
	projects, err := filepath.Glob(filepath.Join("testdata", "*", "Pulumi.yaml"))
	require.NoError(t, err)
	for _, project := range projects {
		text := mustRead(t, project)
		name := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(text, "\n", 2)[0], "name:"))
		want := strings.Replace(shop, "name: platform\n", "name: "+name+"\n", 1)
		want = strings.ReplaceAll(want, "\n  platform:", "\n  "+name+":")
		assert.Equal(t, want, text, "%s: the shop's declarations under %s:", project, name)
	}
}
