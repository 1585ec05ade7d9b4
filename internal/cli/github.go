package cli

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"platform/internal/evaluate"
	"platform/internal/offline"
	"platform/stacks"
)

// githubStack is what the GitHub settings of one stack depend on.
type githubStack struct {
	Name, Tier, Region string
	// DeployEnvironment is the environment the stack's deploy role trusts
	// (`<namespace>:access.github.deployEnvironment`, default the stack name).
	DeployEnvironment string
}

// githubStacks reads every stack file of the project; previews are not
// among them (they run in their base stack's environment).
func githubStacks(dir string) (*offline.Project, []githubStack, error) {
	project, err := evaluate.LoadProject(dir)
	if err != nil {
		return nil, nil, err
	}
	names, err := project.Stacks()
	if err != nil {
		return nil, nil, err
	}
	var out []githubStack
	for _, name := range names {
		cfg, err := project.LoadStack(name)
		if err != nil {
			return nil, nil, err
		}
		var access struct {
			GitHub struct {
				DeployEnvironment string `json:"deployEnvironment"`
			} `json:"github"`
		}
		_ = json.Unmarshal([]byte(cfg.Values[project.Name+":access"]), &access) // the program reports a bad value with its key
		out = append(out, githubStack{
			Name: name, Tier: cfg.Values[project.Name+":environment"], Region: cfg.Values["aws:region"],
			DeployEnvironment: cmp.Or(access.GitHub.DeployEnvironment, name),
		})
	}
	return project, out, nil
}

// buildTarget: the image build pushes to every stack but production-tier
// ones, which only ever receive promoted digests.
func (s githubStack) buildTarget() bool { return s.Tier != string(stacks.Production) }

// buildBranches is what the application repository's environment of a build
// target lets in: pull requests push their pr-<n> tags to dev-tier stacks
// only (scripts/build-targets.sh --pull-request).
func (s githubStack) buildBranches() string {
	if s.Tier == string(stacks.Dev) {
		return "main and pull requests"
	}
	return "main only"
}

// PreviewRoleVariable is the preview environment's variable holding a stack's
// read-only role, as pull-request.yml reads it.
func PreviewRoleVariable(stack string) string {
	return "AWS_PREVIEW_ROLE_ARN_" + strings.ToUpper(strings.ReplaceAll(stack, "-", "_"))
}

// githubCmd prints the GitHub environments, variables and secrets the
// workflows read, for the stacks that exist now.
func githubCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("github", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	project, list, err := githubStacks(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "platform github:", err)
		return 1
	}
	w := func(format string, a ...any) { fmt.Fprintf(stdout, format+"\n", a...) }
	w("# GitHub settings for project %s (%d stacks: one environment each; environment = stack name)", project.Name, len(list))
	w("")
	w("## This repository (the platform)")
	w("Secrets:")
	w("  PULUMI_ACCESS_TOKEN        Pulumi Cloud access token (leave unset with a self-managed backend)")
	w("  DEPLOY_BOT_PRIVATE_KEY     private key of the deploy-bot GitHub App, the one bypass actor of main's ruleset")
	w("Variables:")
	w("  DEPLOY_BOT_APP_ID          the deploy-bot GitHub App's id")
	w("  PULUMI_BACKEND_URL         s3://<bucket> of a self-managed backend (leave unset with Pulumi Cloud)")
	w("Environments:")
	for _, s := range list {
		reviewers := ""
		if s.Tier == string(stacks.Production) {
			reviewers = ", required reviewers"
		}
		w("  %-24s stack %s (tier %s, %s)%s", s.Name, s.Name, s.Tier, s.Region, reviewers)
		w("    AWS_DEPLOY_ROLE_ARN      variable: output deployRoleArn of stack %s", s.Name)
		w("    AWS_REGION               variable: %s", s.Region)
		if s.DeployEnvironment != s.Name {
			fmt.Fprintf(stderr, "platform github: stack %s: its deploy role trusts environment %q, but the workflows deploy it from environment %q\n", s.Name, s.DeployEnvironment, s.Name)
		}
	}
	w("  %-24s read-only pull-request previews of every stack", "preview")
	for _, s := range list {
		w("    %-36s variable: output previewRoleArn of stack %s", PreviewRoleVariable(s.Name), s.Name)
	}
	w("")
	w("## Each application repository that calls build-image.yml")
	w("Secrets:")
	w("  PLATFORM_TOKEN             token that may read this repository and send it repository_dispatch")
	w("Environments (the build pushes to each; production-tier stacks only receive promoted digests):")
	for _, s := range list {
		if s.buildTarget() {
			w("  %-24s AWS_IMAGE_ROLE_ARN (variable: stack %s's github-push role, which may only push to its repositories), AWS_REGION = %s; deployments: %s", s.Name, s.Name, s.Region, s.buildBranches())
		}
	}
	return 0
}
