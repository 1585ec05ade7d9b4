package tests

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
)

// The delivery invariants (issue 15): images, stack-file commits, record
// first and deploy the latest, and stacks found from stack files.

// ociPlatform is the image platform of an ECS cpuArchitecture.
var ociPlatform = map[string]string{"ARM64": "linux/arm64", "X86_64": "linux/amd64"}

func TestImageBuildCoversEveryArchitectureTheStacksRunAndScansEach(t *testing.T) {
	stacks, err := filepath.Glob(filepath.Join(projectDir, "Pulumi.*.yaml"))
	require.NoError(t, err)
	needed := map[string]bool{}
	for _, file := range append(stacks, "Pulumi.pr-42.yaml") {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "Pulumi."), ".yaml")
		for _, td := range Evaluate(t, stack).ByType("aws:ecs/taskDefinition:TaskDefinition") {
			rp, _ := td.Inputs["runtimePlatform"].(map[string]any)
			arch, _ := rp["cpuArchitecture"].(string)
			require.Contains(t, ociPlatform, arch, "%s %s: runtimePlatform.cpuArchitecture", stack, td.Name)
			needed[ociPlatform[arch]] = true
		}
	}
	require.NotEmpty(t, needed)

	build := readWorkflows(t)["build-image.yml"].Jobs["build"]
	var built, scanned []string
	for _, s := range build.Steps {
		if strings.HasPrefix(s.Uses, "docker/build-push-action@") {
			built = strings.Split(s.With["platforms"].(string), ",")
			assert.Empty(t, scanned, "the build comes before the scans")
			for _, tag := range strings.Split(s.With["tags"].(string), ",") {
				assert.True(t, strings.HasPrefix(tag, "localhost:5000/"), "the build pushes only to the job's own registry, got %s", tag)
			}
		}
		if strings.HasPrefix(s.Uses, "aquasecurity/trivy-action@") {
			scanned = append(scanned, s.Env["TRIVY_PLATFORM"])
			assert.Equal(t, "HIGH,CRITICAL", s.With["severity"])
			assert.Equal(t, "1", s.With["exit-code"])
			assert.Equal(t, "localhost:5000/candidate@${{ steps.build.outputs.digest }}", s.With["image-ref"], "the scan reads the built digest")
		}
		assert.NotContains(t, s.Run, "amazonaws.com", "the build job reaches no AWS registry")
	}
	for platform := range needed {
		assert.Contains(t, built, platform, "a stack runs %s", platform)
		assert.Contains(t, scanned, platform, "%s is scanned", platform)
	}
}

func TestImagesReachTheRegistriesOnlyAfterTheScanAndByDigest(t *testing.T) {
	w := readWorkflows(t)["build-image.yml"]
	push := w.Jobs["push"]
	assert.True(t, push.needs("build"), "the push waits for the build job and its scans")
	assert.Equal(t, "${{ matrix.stack }}", push.Environment, "each stack's registry is pushed with its own environment's role")
	pushes := 0
	for _, s := range push.Steps {
		if strings.Contains(s.Run, "crane\" push") {
			pushes++
			assert.Contains(t, s.Run, `[ "$pushed" = "$DIGEST" ]`, "the pushed digest is the scanned one")
			assert.Equal(t, "${{ needs.build.outputs.digest }}", s.Env["DIGEST"])
		}
		assert.NotContains(t, s.Uses, "docker/build-push-action", "the push job never builds")
	}
	assert.Equal(t, 1, pushes)
	for name, j := range w.Jobs {
		for _, s := range j.Steps {
			assert.NotContains(t, s.Run, "docker push", "%s pushes with crane, by digest", name)
		}
	}
	record := w.Jobs["record"]
	assert.Equal(t, "github.event_name != 'pull_request'", record.If, "pull requests only push their pr-<n> tag")
	assert.True(t, record.needs("push"))
}

func TestTheScanStepWorksWithAndWithoutAnIgnoreFile(t *testing.T) {
	build := readWorkflows(t)["build-image.yml"].Jobs["build"]
	var ignore step
	for _, s := range build.Steps {
		if s.ID == "ignore" {
			ignore = s
		}
		if strings.HasPrefix(s.Uses, "aquasecurity/trivy-action@") {
			assert.Equal(t, "${{ steps.ignore.outputs.file }}", s.With["trivyignores"])
		}
	}
	require.NotEmpty(t, ignore.Run)
	for _, present := range []bool{false, true} {
		dir := t.TempDir()
		if present {
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".trivyignore"), []byte("CVE-2024-0001\n"), 0o644))
		}
		output := filepath.Join(dir, "output")
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", ignore.Run)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "GITHUB_OUTPUT="+output)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		written, _ := os.ReadFile(output)
		if present {
			assert.Equal(t, "file=.trivyignore\n", string(written))
		} else {
			assert.Empty(t, string(written), "no ignore file: trivyignores stays empty")
		}
	}
}

// committers are the jobs that write stack files to main.
func committers(t *testing.T) map[string]job {
	out := map[string]job{}
	for file, w := range readWorkflows(t) {
		for name, j := range w.Jobs {
			for _, s := range j.Steps {
				if strings.Contains(s.Run, "scripts/commit.sh") {
					out[file+"/"+name] = j
				}
			}
		}
	}
	return out
}

func TestStackFilesReachMainOnlyAsTheDeployBot(t *testing.T) {
	for file, w := range readWorkflows(t) {
		for name, j := range w.Jobs {
			assert.NotEqual(t, "write", j.Permissions["contents"], "%s/%s: GITHUB_TOKEN never writes the repository", file, name)
			for _, s := range j.Steps {
				assert.NotContains(t, s.Run, "git push", "%s/%s pushes only through scripts/commit.sh", file, name)
			}
		}
	}
	jobs := committers(t)
	assert.ElementsMatch(t, []string{"deploy.yml/record", "deploy.yml/production", "rollback.yml/rollback"}, slices.Collect(mapsKeys(jobs)))
	for name, j := range jobs {
		require.GreaterOrEqual(t, len(j.Steps), 2, name)
		assert.True(t, strings.HasPrefix(j.Steps[0].Uses, "actions/create-github-app-token@"), "%s first gets the deploy bot's token", name)
		assert.True(t, strings.HasPrefix(j.Steps[1].Uses, "actions/checkout@"), name)
		assert.Equal(t, "${{ steps.bot.outputs.token }}", j.Steps[1].With["token"], "%s checks out (and so pushes) as the bot", name)
	}
	commit := mustRead(t, filepath.Join(projectDir, "scripts", "commit.sh"))
	assert.Contains(t, commit, "git add -- 'Pulumi.*.yaml'", "only stack files are committed")
	assert.Contains(t, commit, "git push --quiet origin HEAD:main")
}

func TestImageReferencesAreCheckedBeforeTheyAreCommittedOrDeployed(t *testing.T) {
	for name, j := range committers(t) {
		committed := false
		for _, s := range j.Steps {
			if strings.Contains(s.Run, "scripts/commit.sh") {
				committed = true
				assert.Regexp(t, `scripts/commit\.sh "[^"]+" scripts/(record-image|promote-images)\.sh `, s.Run, "%s commits only through a checked edit", name)
			}
			if strings.HasPrefix(s.Uses, "pulumi/actions@") {
				assert.True(t, committed, "%s deploys only after it committed the checked reference", name)
			}
		}
	}
	record := mustRead(t, filepath.Join(projectDir, "scripts", "record-image.sh"))
	setImage, plan := strings.Index(record, "platform set-image"), strings.Index(record, "platform plan")
	assert.True(t, setImage > 0 && plan > setImage, "record-image.sh checks the reference, then plans every stack")
}

func TestNoDispatchedImageIsLostToConcurrency(t *testing.T) {
	deploy := readWorkflows(t)["deploy.yml"]
	record := deploy.Jobs["record"]
	assert.Nil(t, record.Concurrency, "GitHub keeps one pending run per group: recording has none")
	assert.Equal(t, "github.event_name == 'repository_dispatch'", record.If)
	for _, s := range record.Steps {
		assert.NotContains(t, s.Uses, "pulumi/actions", "recording deploys nothing; the push it makes does")
	}
	for _, name := range []string{"dev", "staging", "production"} {
		j := deploy.Jobs[name]
		assert.Equal(t, map[string]any{"group": "stack-" + name, "cancel-in-progress": false}, j.Concurrency)
		assert.Equal(t, "main", j.Steps[checkoutIndex(t, j)].With["ref"], "%s deploys the newest main, whatever push started it", name)
	}
	assert.Contains(t, mustRead(t, filepath.Join(projectDir, "scripts", "commit.sh")), "applying the edit again", "a record that loses a race is re-applied, not dropped")
}

func checkoutIndex(t *testing.T, j job) int {
	for i, s := range j.Steps {
		if strings.HasPrefix(s.Uses, "actions/checkout@") {
			return i
		}
	}
	t.Fatal("no checkout")
	return -1
}

func mapsKeys(m map[string]job) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestNoScriptOrWorkflowSpellsTheProjectOrListsStacks(t *testing.T) {
	project := strings.TrimSpace(runScript(t, projectDir, "project-name.sh"))
	require.Equal(t, "platform", project)
	stacks := strings.Fields(runScript(t, projectDir, "stacks.sh"))
	spelled := regexp.MustCompile(`\b` + project + `(:[a-z]|-(` + strings.Join(stacks, "|") + `)\b)`)
	listed := regexp.MustCompile(`(?m)^\s*for stack in [a-z]`)
	var files []string
	for _, pattern := range []string{".github/workflows/*.yml", "scripts/*.sh", ".ci/run"} {
		matches, err := filepath.Glob(filepath.Join(projectDir, pattern))
		require.NoError(t, err)
		files = append(files, matches...)
	}
	for _, file := range files {
		text := mustRead(t, file)
		assert.NotRegexp(t, spelled, text, "%s derives the project name from Pulumi.yaml", file)
		assert.NotRegexp(t, listed, text, "%s finds stacks from the stack files", file)
	}
	for _, file := range []string{".ci/run", "scripts/graph-diff.sh"} {
		assert.Contains(t, mustRead(t, filepath.Join(projectDir, file)), "scripts/stacks.sh --preview", file)
	}
}

// runScript runs a script of the project's scripts/ with dir as its project.
func runScript(t *testing.T, dir, script string, args ...string) string {
	t.Helper()
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
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
		require.NoError(t, os.WriteFile(filepath.Join(dir, "scripts", script), []byte(mustRead(t, filepath.Join(projectDir, "scripts", script))), 0o755))
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

var settingRef = regexp.MustCompile(`\b(vars|secrets)\.([A-Z][A-Z0-9_]*)`)

func TestGithubListsEverySettingTheWorkflowsRead(t *testing.T) {
	code, stdout, stderr := runCLI("github", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	platform, application, found := strings.Cut(stdout, "## Each application repository")
	require.True(t, found)
	seen := 0
	for file := range readWorkflows(t) {
		text := mustRead(t, filepath.Join(projectDir, ".github", "workflows", file))
		section := platform
		if file == "build-image.yml" {
			section = application
		}
		for _, m := range settingRef.FindAllStringSubmatch(text, -1) {
			if m[2] == "GITHUB_TOKEN" {
				continue
			}
			seen++
			assert.Contains(t, section, m[2], "%s reads %s.%s", file, m[1], m[2])
		}
	}
	assert.Greater(t, seen, 5)
	for _, stack := range []string{"dev", "staging", "production"} {
		assert.Contains(t, platform, cli.PreviewRoleVariable(stack), "pull-request.yml reads vars[matrix.role]")
	}
}

// commitFixture is a clone of a bare origin holding scripts/commit.sh and two
// stack files; it returns the clone and the origin.
func commitFixture(t *testing.T) (clone, origin string) {
	t.Helper()
	root := t.TempDir()
	origin, seed := filepath.Join(root, "origin.git"), filepath.Join(root, "seed")
	git(t, root, "init", "-q", "--bare", "-b", "main", origin)
	require.NoError(t, os.MkdirAll(filepath.Join(seed, "scripts"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(seed, "scripts", "commit.sh"), []byte(mustRead(t, filepath.Join(projectDir, "scripts", "commit.sh"))), 0o755))
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

func TestPullAccountsMayPullFromEveryRepositoryAndNobodyElse(t *testing.T) {
	g := withData(t, "staging", `{"repositories":["web","api"],"pullAccounts":["222222222222","333333333333"]}`)
	repos := g.ByType("aws:ecr/repository:Repository")
	require.Len(t, repos, 2)
	for _, repo := range repos {
		policy := only(t, g, "aws:ecr/repositoryPolicy:RepositoryPolicy", repo.Name+"-pull")
		assert.Equal(t, repo.Output("name"), policy.Input("repository"))
		doc := policyAt(t, policy, "policy")
		require.Len(t, doc.Statement, 2, repo.Name)
		for i, account := range []string{"222222222222", "333333333333"} {
			s := doc.Statement[i]
			assert.Equal(t, "Allow", s.Effect)
			assert.Equal(t, map[string]string{"AWS": "arn:aws:iam::" + account + ":root"}, s.Principal)
			assert.Equal(t, []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, s.Action, "pull only, never push")
			assert.Empty(t, s.Resource)
		}
	}

	none := withData(t, "staging", `{"repositories":["web"]}`)
	assert.Empty(t, none.ByType("aws:ecr/repositoryPolicy:RepositoryPolicy"), "no pullAccounts, no repository policy")
}

func TestPullAccountsAreCheckedBeforeAnyResource(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"pullAccounts":["12345"]}`, `validate "platform:data.pullAccounts[0]": "12345" is not an AWS account id, want 12 digits, quoted`},
		{`{"pullAccounts":["222222222222","222222222222"]}`, `validate "platform:data.pullAccounts[1]": "222222222222" is a duplicate, want each account once`},
	} {
		t.Run(tc.doc, func(t *testing.T) {
			g, err := EvaluateAlone(t, "staging", map[string]string{"platform:data": tc.doc})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}
