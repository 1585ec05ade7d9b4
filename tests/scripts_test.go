package tests

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
)

// The scripts the workflows run, run for real on small fixture projects.

// runScript runs a script of the project's scripts/ with dir as its project.
func runScript(t *testing.T, dir, script string, args ...string) string {
	t.Helper()
	// The scripts work on the project beside them: run the platform's
	// scripts in a copy of dir, never on the repository's own product.
	abs := t.TempDir()
	require.NoError(t, os.CopyFS(abs, os.DirFS(dir)))
	if _, err := os.Stat(filepath.Join(abs, "scripts")); err != nil {
		require.NoError(t, os.CopyFS(filepath.Join(abs, "scripts"), os.DirFS(filepath.Join(repoRoot, "scripts"))))
	}
	cmd := exec.Command("bash", append([]string{filepath.Join(abs, "scripts", script)}, args...)...)
	cmd.Dir = abs
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("%s: %v: %s", script, err, exit.Stderr)
	}
	require.NoError(t, err)
	return string(out)
}

// scriptsFixture is imagesFixture with the project's scripts, as a git
// repository with one commit.
func scriptsFixture(t *testing.T) string {
	t.Helper()
	dir := imagesFixture(t)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "scripts"), 0o755))
	for _, script := range []string{"stacks.sh", "project-name.sh", "build-targets.sh", "changed-stacks.sh"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "scripts", script), []byte(mustRead(t, filepath.Join(repoRoot, "scripts", script))), 0o755))
	}
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", ".")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
}

func TestStackScriptsFindStacksFromTheStackFiles(t *testing.T) {
	dir := scriptsFixture(t)
	assert.Equal(t, "shop\n", runScript(t, dir, "project-name.sh"))
	assert.Equal(t, "live\nprod\nsandbox\n", runScript(t, dir, "stacks.sh"))
	assert.Equal(t, "live\nsandbox\n", runScript(t, dir, "build-targets.sh"), "a push feeds every stack but production-tier ones")
	assert.Equal(t, "sandbox\n", runScript(t, dir, "build-targets.sh", "--pull-request"), "a pull request feeds dev-tier stacks")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.qa-eu.yaml"), []byte("config:\n  aws:region: eu-central-1\n  shop:environment: staging\n"), 0o644))
	git(t, dir, "add", ".")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "new stack")
	assert.Equal(t, "live\nprod\nqa-eu\nsandbox\n", runScript(t, dir, "stacks.sh"), "a new stack file is a new stack")
	assert.Equal(t, `{"include":[{"stack":"qa-eu","role":"`+cli.PreviewRoleVariable("qa-eu")+`","region":"eu-central-1"}]}`+"\n",
		runScript(t, dir, "changed-stacks.sh", "HEAD~1"), "a stack file touches its own stack")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("docs\n"), 0o644))
	git(t, dir, "add", ".")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "docs")
	assert.Equal(t, `{"include":[]}`+"\n", runScript(t, dir, "changed-stacks.sh", "HEAD~1"), "documentation touches no stack")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644))
	git(t, dir, "add", ".")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "code")
	assert.Contains(t, runScript(t, dir, "changed-stacks.sh", "HEAD~1"), `{"stack":"sandbox","role":"AWS_PREVIEW_ROLE_ARN_SANDBOX","region":"us-east-1"}]}`, "the program touches every stack")
}

// commitFixture is a clone of a bare origin holding scripts/commit.sh and two
// stack files; it returns the clone and the origin.
func commitFixture(t *testing.T) (clone, origin string) {
	t.Helper()
	root := t.TempDir()
	origin, seed := filepath.Join(root, "origin.git"), filepath.Join(root, "seed")
	git(t, root, "init", "-q", "--bare", "-b", "main", origin)
	require.NoError(t, os.MkdirAll(filepath.Join(seed, "scripts"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(seed, "scripts", "commit.sh"), []byte(mustRead(t, filepath.Join(repoRoot, "scripts", "commit.sh"))), 0o755))
	for _, name := range []string{"Pulumi.a.yaml", "Pulumi.b.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(seed, name), []byte("config: {}\n"), 0o644))
	}
	git(t, seed, "init", "-q", "-b", "main")
	git(t, seed, "add", ".")
	git(t, seed, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "seed")
	git(t, seed, "push", "-q", origin, "main")
	clone = filepath.Join(root, "clone")
	git(t, root, "clone", "-q", origin, clone)
	return clone, origin
}

func TestCommitReappliesItsEditWhenMainMovesUnderIt(t *testing.T) {
	clone, origin := commitFixture(t)
	other := filepath.Join(filepath.Dir(clone), "other")
	git(t, filepath.Dir(clone), "clone", "-q", origin, other)
	// The edit races a second deploy once: before its first push, another
	// record lands on main.
	race := filepath.Join(filepath.Dir(clone), "raced")
	edit := `echo "  a: ` + digestOf("a1") + `" >> Pulumi.a.yaml
if [ ! -e ` + race + ` ]; then
  touch ` + race + `
  cd ` + other + ` && echo "  b: other" >> Pulumi.b.yaml && git -c user.name=o -c user.email=o@example.com commit -qam other && git push -q origin main
fi`
	cmd := exec.Command("bash", "scripts/commit.sh", "Deploy a", "bash", "-c", edit)
	cmd.Dir = clone
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "main moved; applying the edit again")
	assert.Contains(t, string(out), "(attempt 2)")

	log := exec.Command("git", "log", "--format=%s", "main")
	log.Dir = origin
	subjects, err := log.Output()
	require.NoError(t, err)
	assert.Equal(t, "Deploy a\nother\nseed\n", string(subjects), "both records are on main, ours on top")
	show := exec.Command("git", "show", "main:Pulumi.a.yaml")
	show.Dir = origin
	a, err := show.Output()
	require.NoError(t, err)
	assert.Equal(t, "config: {}\n  a: "+digestOf("a1")+"\n", string(a), "the edit is applied once, on the new main")
}

func TestCommitPushesNothingButStackFiles(t *testing.T) {
	clone, origin := commitFixture(t)
	cmd := exec.Command("bash", "scripts/commit.sh", "sneak", "bash", "-c", "echo x >> Pulumi.a.yaml; echo y > main.go")
	cmd.Dir = clone
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "changed files other than stack files")
	log := exec.Command("git", "log", "--format=%s", "main")
	log.Dir = origin
	subjects, _ := log.Output()
	assert.Equal(t, "seed\n", string(subjects))
}

// Production deploys the newest main after recording its images and
// placement; same-code.sh lets it go on only when main differs from what
// staging ran in stack files alone.
func TestProductionDeploysOnlyTheCodeStagingRan(t *testing.T) {
	clone, _ := commitFixture(t)
	require.NoError(t, os.WriteFile(filepath.Join(clone, "scripts", "same-code.sh"), []byte(mustRead(t, filepath.Join(repoRoot, "scripts", "same-code.sh"))), 0o755))
	commit := func(file, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(clone, file), []byte(text), 0o644))
		git(t, clone, "add", file)
		git(t, clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "edit "+file)
	}
	sameCode := func(ref string) (string, error) {
		cmd := exec.Command("bash", "scripts/same-code.sh", ref)
		cmd.Dir = clone
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	commit("scripts/same-code.sh", mustRead(t, filepath.Join(repoRoot, "scripts", "same-code.sh")))
	staged := strings.TrimSpace(gitOutput(t, clone, "rev-parse", "HEAD"))
	commit("Pulumi.b.yaml", "config: {b: recorded}\n")
	out, err := sameCode(staged)
	require.NoError(t, err, out)
	commit("main.go", "package main\n")
	out, err = sameCode(staged)
	require.Error(t, err, "code staging never ran")
	assert.Contains(t, out, "main.go")
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	require.NoError(t, err)
	return string(out)
}
