package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// The shapes init accepts. The project name is the config namespace and the
// first part of every physical name (<project>-<stack>-<role>), so it is held
// to what every named AWS type takes: S3 buckets, ECR repositories and RDS
// identifiers want lower case, RDS identifiers a leading letter and no double
// or trailing hyphen. Pulumi itself allows more ("alphanumeric characters,
// hyphens, underscores, and periods", Pulumi project file reference
// https://www.pulumi.com/docs/iac/concepts/projects/project-file/, stored copy).
var (
	projectName    = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	domainName     = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	repositoryName = regexp.MustCompile(`^[A-Za-z0-9](-?[A-Za-z0-9])*/[A-Za-z0-9._-]+$`)
)

// exampleWorkload is the product init starts with: one public image, so every
// stack plans and deploys before the product has a registry or an image.
const exampleWorkload = `# The example service: replace it with your product, one file per workload
# (kind: service, worker, schedule or migration; see the README's configuration
# reference). A repository without a registry host is one of the stack's own
# ECR repositories and takes its image from each stack file's images.
kind: service
repository: public.ecr.aws/nginx/nginx:1.27
subdomain: www
port: 80
priority: 100
healthCheck:
  path: /
`

// initStack is one stack file init writes.
type initStack struct {
	name, domain string
	// cidr is the stack's VPC range: distinct per stack, so stacks can peer.
	cidr string
	// nat is the NAT mode when it is not the tier's default.
	nat string
	// alerts is who alarms notify; dev has none.
	alerts string
	// zone is the hosted zone setting: production looks up the apex domain's
	// zone, which usually exists already; dev and staging create theirs,
	// delegated from parentZone.
	zone, parentZone string
}

func initStacks(domain string) []initStack {
	return []initStack{
		{name: "dev", domain: "dev." + domain, cidr: "10.0.0.0/16", nat: "instance", parentZone: domain},
		{name: "staging", domain: "staging." + domain, cidr: "10.1.0.0/16", alerts: "alerts@" + domain, parentZone: domain},
		{name: "production", domain: domain, cidr: "10.2.0.0/16", alerts: "oncall@" + domain, zone: "lookup"},
	}
}

func stackFileText(ns, region, repository string, s initStack) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("config:")
	line("  aws:region: %s", region)
	line(`  # aws:allowedAccountIds: ["<12 digits>"]  # the stack's account`)
	line("  NS:environment: %s", s.name)
	line("  NS:domain: %s", s.domain)
	line("  NS:network:")
	line("    cidr: %s", s.cidr)
	if s.nat != "" {
		line("    nat: %s", s.nat)
	}
	line("  NS:access:")
	if s.zone != "" {
		line("    zone: %s", s.zone)
	} else {
		// The zone this stack creates is delegated from the apex zone, which
		// production looks up in the account: the first up writes the NS
		// record itself, so nothing waits on a delegation (README: First deploy).
		line("    parentZone: %s  # or delegated: false, if the apex zone is elsewhere", s.parentZone)
	}
	line("    mailDomain: %s", s.domain)
	line("    github:")
	line("      repository: %s", repository)
	line("      # oidcProvider: lookup  # where another stack of the same account creates it")
	line("  # Data parts are off until listed: database, cache, broker, queues, buckets.")
	line("  NS:data: {}")
	line("  # The image each of the stack's own repositories deploys (a tag or a sha256 digest).")
	line("  NS:images: {}")
	if s.alerts != "" {
		line("  NS:observability:")
		line("    emails: [%s]", s.alerts)
	}
	return strings.ReplaceAll(b.String(), "NS:", ns+":")
}

func previewTemplateText(ns, region, domain string) string {
	return strings.ReplaceAll(`# A pull request's preview stack. The preview workflow writes Pulumi.pr-<number>.yaml
# from this file, replacing ${PR_NUMBER} and ${IMAGE_TAG}; `+"`platform plan --stack pr-<number>`"+`
# does the same offline. It layers onto dev: same region and domain.
config:
  aws:region: `+region+`
  NS:environment: dev
  NS:domain: dev.`+domain+`
  NS:preview:
    base: organization/`+ns+`/dev
    number: ${PR_NUMBER}
    database: own # its own database on dev's server, migrated; shared: dev's
    queues: own   # its own queues and workers; shared: dev's workers take its jobs
  # The repositories a preview builds: repository: ${IMAGE_TAG}
  NS:images: {}
`, "NS:", ns+":")
}

// initOptions are init's flags.
type initOptions struct {
	project, domain, repository, region, dir string
	force                                    bool
}

func (o initOptions) validate() error {
	var errs []error
	if !projectName.MatchString(o.project) {
		errs = append(errs, validate.Field("--project", o.project, "is not a project name", "lower-case letters, digits and single hyphens, starting with a letter (it starts every AWS name)"))
	}
	if len(o.domain) > 253 || !domainName.MatchString(o.domain) {
		errs = append(errs, validate.Field("--domain", o.domain, "is not a DNS name", "lower-case labels separated by dots, e.g. example.com"))
	}
	if !repositoryName.MatchString(o.repository) {
		errs = append(errs, validate.Field("--repository", o.repository, "is not a GitHub repository", "OWNER/REPO"))
	}
	if _, ok := awsfacts.LookupRegion(o.region); !ok {
		errs = append(errs, validate.Field("--region", o.region, "is not an AWS Region", awsfacts.RegionWant(o.region)))
	}
	return errors.Join(errs...)
}

func initCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o initOptions
	fs.StringVar(&o.project, "project", "", "project name: config namespace and first part of every AWS name")
	fs.StringVar(&o.domain, "domain", "", "production domain; dev and staging live under dev. and staging.")
	fs.StringVar(&o.repository, "repository", "", "GitHub OWNER/REPO whose workflows deploy the stacks")
	fs.StringVar(&o.region, "region", "us-east-1", "AWS Region of every stack")
	fs.StringVar(&o.dir, "dir", ".", "directory of the platform's Pulumi.yaml")
	fs.BoolVar(&o.force, "force", false, "replace the product and stack files that are there")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "platform init: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := o.validate(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if err := initProject(o); err != nil {
		fmt.Fprintln(stderr, "platform init:", err)
		return 2
	}
	writeNextSteps(stdout, o)
	return 0
}

// productFiles are the files of the product in dir that init replaces: the
// stack files, the preview template, the workloads and their folders (a
// function's source).
func productFiles(dir string) ([]string, error) {
	var files []string
	for _, pattern := range []string{"Pulumi.*.yaml", "Pulumi.pr.yaml.template", filepath.Join("workloads", "*.yaml")} {
		found, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "workloads"))
	for _, e := range entries {
		if e.IsDir() {
			files = append(files, filepath.Join(dir, "workloads", e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

// initProject rewrites Pulumi.yaml's name and namespace and replaces the
// product. Nothing is written when it refuses.
func initProject(o initOptions) error {
	projectFile := filepath.Join(o.dir, "Pulumi.yaml")
	text, err := os.ReadFile(projectFile)
	if err != nil {
		return fmt.Errorf("%s: %w (run init in the platform's repository, or pass --dir)", projectFile, err)
	}
	renamed, err := renameProject(string(text), o.project)
	if err != nil {
		return fmt.Errorf("%s: %w", projectFile, err)
	}
	old, err := productFiles(o.dir)
	if err != nil {
		return err
	}
	if len(old) > 0 && !o.force {
		names := make([]string, len(old))
		for i, f := range old {
			names[i], _ = filepath.Rel(o.dir, f)
		}
		return fmt.Errorf("%s already holds a product (%s); pass --force to replace it", o.dir, strings.Join(names, ", "))
	}
	for _, f := range old {
		if err := os.RemoveAll(f); err != nil {
			return err
		}
	}
	files := map[string]string{
		"Pulumi.yaml":             renamed,
		"Pulumi.pr.yaml.template": previewTemplateText(o.project, o.region, o.domain),
		"workloads/web.yaml":      exampleWorkload,
	}
	for _, s := range initStacks(o.domain) {
		files["Pulumi."+s.name+".yaml"] = stackFileText(o.project, o.region, o.repository, s)
	}
	if err := os.MkdirAll(filepath.Join(o.dir, "workloads"), 0o755); err != nil {
		return err
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(o.dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var nameLine = regexp.MustCompile(`(?m)^name:[ \t]*["']?([^"'\s]+)["']?[ \t]*$`)

// renameProject sets the project's name and moves every key it declares
// under the old namespace to the new one.
func renameProject(text, name string) (string, error) {
	m := nameLine.FindStringSubmatch(text)
	if m == nil {
		return "", errors.New("has no name: line")
	}
	declared := regexp.MustCompile(`(?m)^([ \t]+)` + regexp.QuoteMeta(m[1]) + `:`)
	text = nameLine.ReplaceAllLiteralString(text, "name: "+name)
	return declared.ReplaceAllString(text, "${1}"+name+":"), nil
}

func writeNextSteps(w io.Writer, o initOptions) {
	fmt.Fprintf(w, `Wrote project %s: Pulumi.yaml, Pulumi.dev.yaml, Pulumi.staging.yaml, Pulumi.production.yaml,
Pulumi.pr.yaml.template and workloads/web.yaml (the example service).

Next steps:
  1. Check it offline:     go run ./cmd/platform plan --stack dev   (and staging, production)
  2. Replace workloads/ with your product and list its data parts and images in the stack files.
  3. State backend:        pulumi login (Pulumi Cloud), or scripts/bootstrap-state.sh <bucket> %s
                           and pulumi login s3://<bucket>
  4. First up, per stack:  pulumi stack init dev && pulumi up --stack dev   (from an admin session);
                           dev and staging delegate their zones from the apex zone, which must be a
                           hosted zone of the account (else see README: First deploy)
  5. GitHub environments:  go run ./cmd/platform github   (environments, variables, secrets of %s)
`, o.project, o.region, o.repository)
}
