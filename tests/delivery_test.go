package tests

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gopkg.in/yaml.v3"

	"platform/internal/cli"
	"platform/internal/promote"
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
	assert.ElementsMatch(t, []string{"deploy.yml/record", "deploy.yml/dev", "deploy.yml/staging", "deploy.yml/production", "rollback.yml/rollback", "pause.yml/record"}, slices.Collect(maps.Keys(jobs)))
	for name, j := range jobs {
		require.GreaterOrEqual(t, len(j.Steps), 2, name)
		assert.True(t, strings.HasPrefix(j.Steps[0].Uses, "actions/create-github-app-token@"), "%s first gets the deploy bot's token", name)
		assert.True(t, strings.HasPrefix(j.Steps[1].Uses, "actions/checkout@"), name)
		assert.Equal(t, "${{ steps.bot.outputs.token }}", j.Steps[1].With["token"], "%s checks out (and so pushes) as the bot", name)
	}
	commit := mustRead(t, filepath.Join(repoRoot, "scripts", "commit.sh"))
	assert.Contains(t, commit, "git add -- 'Pulumi.*.yaml'", "only stack files are committed")
	assert.Contains(t, commit, "git push --quiet origin HEAD:main")
}

func TestImageReferencesAreCheckedBeforeTheyAreCommittedOrDeployed(t *testing.T) {
	for name, j := range committers(t) {
		committed := false
		for _, s := range j.Steps {
			if strings.Contains(s.Run, "scripts/commit.sh") {
				committed = true
				assert.Regexp(t, `scripts/commit\.sh "[^"]+" scripts/(record-image|promote-images|pause|place)\.sh `, s.Run, "%s commits only through a checked edit", name)
			}
			if strings.HasPrefix(s.Uses, "pulumi/actions@") {
				assert.True(t, committed, "%s deploys only after it committed the checked reference", name)
			}
		}
	}
	record := mustRead(t, filepath.Join(repoRoot, "scripts", "record-image.sh"))
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
	assert.Contains(t, mustRead(t, filepath.Join(repoRoot, "scripts", "commit.sh")), "applying the edit again", "a record that loses a race is re-applied, not dropped")
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

func TestNoScriptOrWorkflowSpellsTheProjectOrListsStacks(t *testing.T) {
	project := strings.TrimSpace(runScript(t, projectDir, "project-name.sh"))
	require.Equal(t, "platform", project)
	stacks := strings.Fields(runScript(t, projectDir, "stacks.sh"))
	spelled := regexp.MustCompile(`\b` + project + `(:[a-z]|-(` + strings.Join(stacks, "|") + `)\b)`)
	listed := regexp.MustCompile(`(?m)^\s*for stack in [a-z]`)
	var files []string
	for _, pattern := range []string{".github/workflows/*.yml", "scripts/*.sh", ".ci/run"} {
		matches, err := filepath.Glob(filepath.Join(repoRoot, pattern))
		require.NoError(t, err)
		files = append(files, matches...)
	}
	for _, file := range files {
		text := mustRead(t, file)
		assert.NotRegexp(t, spelled, text, "%s derives the project name from Pulumi.yaml", file)
		assert.NotRegexp(t, listed, text, "%s finds stacks from the stack files", file)
	}
	for _, file := range []string{".ci/run", "scripts/graph-diff.sh"} {
		assert.Contains(t, mustRead(t, filepath.Join(repoRoot, file)), "scripts/stacks.sh --preview", file)
	}
}

// settingRef is a workflow's read of a repository or environment setting.
var settingRef = regexp.MustCompile(`\b(vars|secrets)\.([A-Z][A-Z0-9_]*)`)

func TestGithubListsEverySettingTheWorkflowsRead(t *testing.T) {
	code, stdout, stderr := runCLI("github", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	platform, application, found := strings.Cut(stdout, "## Each application repository")
	require.True(t, found)
	seen := 0
	for file := range readWorkflows(t) {
		text := mustRead(t, filepath.Join(repoRoot, ".github", "workflows", file))
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

func TestEveryCranePinIsTheVersionPromotionWasWrittenFor(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "build-image.yml"))
	require.NoError(t, err)
	var build struct {
		Env map[string]string `yaml:"env"`
	}
	require.NoError(t, yaml.Unmarshal(data, &build))
	assert.Equal(t, promote.CraneVersion, build.Env["CRANE_VERSION"], "build-image.yml")
	assert.Contains(t, mustRead(t, filepath.Join(repoRoot, "scripts", "promote-images.sh")), "crane_version="+promote.CraneVersion+" ", "promote-images.sh")
}

func TestTheBuildPushesToTheRepositoriesTheDataLayerNames(t *testing.T) {
	build := readWorkflows(t)["build-image.yml"].Jobs["push"]
	var formula string
	for _, s := range build.Steps {
		if r, ok := s.Env["REPOSITORY"]; ok {
			formula = r
		}
	}
	require.Equal(t, "${{ needs.build.outputs.project }}-${{ matrix.stack }}-${{ inputs.repository }}", formula)
	project := strings.TrimSpace(runScript(t, projectDir, "project-name.sh"))
	for _, stack := range strings.Fields(runScript(t, projectDir, "build-targets.sh")) {
		repos := Evaluate(t, stack).ByType("aws:ecr/repository:Repository")
		require.NotEmpty(t, repos, stack)
		for _, repo := range repos {
			role := strings.TrimPrefix(repo.Name, "data-repository-")
			assert.Equal(t, strings.ToLower(project+"-"+stack+"-"+role), repo.Input("name"), "the workflow's formula gives the data layer's name")
		}
	}
}
