// Package cli is the `platform` command: flags, printing and exit codes. The
// evaluation itself is package evaluate, which the tests call too.
package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
	"platform/preflight"
)

const usage = `usage: platform <command> [flags]

Commands:
  plan --stack NAME [--format tree|json|mermaid|dot] [--policy] [--cost [--usage FILE]] [--dir DIR]
      Evaluate the stack offline (no AWS, no pulumi CLI) and print what it would create,
      its security posture (--policy: every finding), its preflight findings (what AWS
      would refuse at deploy time) and its monthly cost (--cost; --usage overrides the
      usage assumptions, see README "Security posture and cost"). mermaid and dot draw
      the stack's architecture instead: layers, workloads, data parts, the ports security
      groups admit and the queues and buckets IAM grants.
      Exits 2 on a usage error or invalid config, 3 when a posture control fails that
      no exception covers, 4 when a preflight rule fails, 1 when the stack cannot be evaluated.
  diff --stack NAME --base PLAN.json [--format text|markdown|json] [--dir DIR]
      Compare the stack's plan now with a plan written earlier (e.g. on the base branch):
      replacements (+-) first, values old -> new, the keys changed in JSON documents, and,
      when the base plan was made with --cost and --policy, cost and posture deltas.
  comment DIFF.json...
      Write the pull-request comment from diffs written by diff --format json: each
      stack's cost before -> after and replacements first, then each stack's changes.
  budget --stack NAME [--usage FILE] [--dir DIR]
      Record the stack's monthly estimate (plan --cost's total) in its stack file as
      platform:observability.budget.estimate: the deploy sets the stack's AWS Budget
      to it plus the margin. Run it again when the estimate changes.
  place --stack NAME [--dir DIR]
      Record in the stack file, as platform:placement, the load balancer and rule
      priority of every service, so that adding services never moves a recorded one
      (README "Scale"). The deploy runs it before every up; prints what it added.
  set-image --stack NAME --repository REPO --image TAG|sha256:DIGEST [--dir DIR]
      Record in the stack file the image a repository deploys (CI does this). The
      repository must be one the stack knows; only dev-tier stacks take tags.
  promote --from STACK --to STACK [--crane PATH] [--registries] [--dir DIR]
      Copy every image of one stack into the other's registry by digest (accounts and
      regions from aws:allowedAccountIds and aws:region) and record the digests.
  github [--dir DIR]
      Print the GitHub environments, variables and secrets the workflows need.
  canary start|promote|abort SERVICE --stack S [--image TAG|DIGEST] [--dir DIR]
      Move a canary release of a service (release.strategy canary) through the
      stack file: start runs the image beside the service at its first step,
      promote moves to the next step and, past the last, makes it the image;
      abort sends all traffic back. The next deploy applies it.
  init --project NAME --domain DOMAIN --repository OWNER/REPO [--region R] [--force] [--dir DIR]
      Start a new product: name the project, write dev, staging and production stack
      files, a preview template and one example workload. Refuses to replace an
      existing product without --force.
`

// Main runs the command line and returns the process exit code (see the
// exit* constants in preflight.go).
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "plan":
		return plan(args[1:], stdout, stderr)
	case "diff":
		return diff(args[1:], stdout, stderr)
	case "comment":
		return commentCmd(args[1:], stdout, stderr)
	case "budget":
		return budgetCmd(args[1:], stdout, stderr)
	case "place":
		return placeCmd(args[1:], stdout, stderr)
	case "set-image":
		return setImage(args[1:], stdout, stderr)
	case "promote":
		return promoteCmd(args[1:], stdout, stderr)
	case "canary":
		return canaryCmd(args[1:], stdout, stderr)
	case "github":
		return githubCmd(args[1:], stdout, stderr)
	case "init":
		return initCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "platform: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

func plan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack to evaluate (a Pulumi.<stack>.yaml must exist)")
	format := fs.String("format", "tree", "output format: tree, json, mermaid or dot")
	dir := fs.String("dir", "", "directory of Pulumi.yaml (default: the nearest one above the working directory)")
	findings := fs.Bool("policy", false, "list every posture finding")
	costs := fs.Bool("cost", false, "estimate the monthly cost")
	usageFile := fs.String("usage", "", "usage file overriding the cost estimate's assumptions (with --cost)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *usageFile != "" && !*costs {
		fmt.Fprintln(stderr, "platform plan: --usage needs --cost")
		return 2
	}
	assumptions, err := readUsage(*usageFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *stack == "" {
		fmt.Fprintln(stderr, "platform plan: --stack is required")
		return 2
	}
	if *format != "tree" && *format != "json" && *format != "mermaid" && *format != "dot" {
		fmt.Fprintf(stderr, "platform plan: --format %q is not allowed, want tree, json, mermaid or dot\n", *format)
		return 2
	}
	graph, err := evaluate.Stack(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return evaluationExit(err)
	}
	posture := policy.Evaluate(graph, evaluate.TierOf(graph))
	checks := preflight.Run(graph)
	switch *format {
	case "mermaid":
		graph.Architecture().WriteMermaid(stdout)
		return planExit(stderr, posture, checks)
	case "dot":
		graph.Architecture().WriteDot(stdout)
		return planExit(stderr, posture, checks)
	}
	var estimate cost.Estimate
	if *costs {
		if estimate, err = cost.OfWith(graph, cost.Options{Usage: assumptions}); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	if *format == "json" {
		extra := map[string]any{"preflight": checks}
		if *findings {
			extra["policy"] = posture
		}
		if *costs {
			extra["cost"] = estimate
		}
		err = graph.WriteJSONWith(stdout, extra)
	} else {
		err = graph.WriteTree(stdout)
		if err == nil {
			writeNotRolledOut(stdout, graph)
			writeVariables(stdout, graph)
			writePreviewNotes(stdout, graph)
			writePosture(stdout, posture, *findings)
			writePreflight(stdout, checks)
		}
		if err == nil && *costs {
			writeCost(stdout, estimate)
			writeBudget(stdout, graph, estimate)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return planExit(stderr, posture, checks)
}

// writeNotRolledOut names the workloads the stack holds back (no image yet),
// one line each, so the first-deploy sequence says what is still to push.
func writeNotRolledOut(w io.Writer, g *graph.Graph) {
	held, _ := g.Outputs["notRolledOut"].([]any)
	if len(held) > 0 {
		fmt.Fprintln(w)
	}
	for _, line := range held {
		fmt.Fprintf(w, "not rolled out: %v\n", line)
	}
}

// writeCost prints the monthly estimate per resource and per layer.
func writeCost(w io.Writer, e cost.Estimate) {
	fmt.Fprintf(w, "\nMonthly cost estimate, %s (%s)\n", e.Region, e.Source)
	for _, region := range e.NotPriced {
		fmt.Fprintf(w, "  not priced: %s is not in the price table; its resources count 0 (cost/prices.go RegionFactors)\n", region)
	}
	fmt.Fprintf(w, "  %10s  %-58s  %s\n", "USD/month", "resource", "assumption")
	for _, i := range e.Items {
		if i.Monthly > 0 {
			fmt.Fprintf(w, "  %10.2f  %-58s  %s\n", i.Monthly, i.Type[strings.LastIndex(i.Type, ":")+1:]+" "+i.Name, i.Assumption)
		}
	}
	fmt.Fprintln(w, "  by layer:")
	layers := e.ByLayer()
	names := make([]string, 0, len(layers))
	for name := range layers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %10.2f  %s\n", layers[name], name)
	}
	fmt.Fprintf(w, "  %10.2f  total per month, %s\n", e.MonthlyTotal, e.Currency)
}

// writePosture prints the posture summary and, when asked, every finding.
func writePosture(w io.Writer, r policy.Report, all bool) {
	failed := r.FailedBy()
	fmt.Fprintf(w, "\nPosture (AWS Foundational Security Best Practices): %d passed, %d excepted, %d failed", r.Passed, r.Excepted, r.Failed)
	if r.Failed > 0 {
		fmt.Fprint(w, " (")
		for i, s := range policy.Severities {
			if i > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprintf(w, "%s %d", strings.ToLower(string(s)), failed[s])
		}
		fmt.Fprint(w, ")")
	}
	fmt.Fprintln(w)
	if !all {
		return
	}
	for _, f := range r.Findings {
		state := "FAIL"
		if f.Excepted != "" {
			state = "excepted: " + f.Excepted
		}
		fmt.Fprintf(w, "  %-16s %-8s %s [%s]\n", f.Control, f.Severity, f.Message, state)
	}
}
