// Package cli is the `platform` command: offline plans of the Pulumi program.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"platform/internal/graph"
	"sort"
	"strings"

	"platform/cost"
	"platform/internal/offline"
	"platform/policy"
	"platform/stacks"
)

const usage = `usage: platform <command> [flags]

Commands:
  plan --stack NAME [--format tree|json] [--policy] [--cost] [--dir DIR]
      Evaluate the stack offline (no AWS, no pulumi CLI) and print what it would create,
      its security posture (--policy: every finding) and its monthly cost (--cost).
      Exits 1 when a control fails that no exception covers.
  diff --stack NAME --base PLAN.json [--format text|markdown] [--dir DIR]
      Compare the stack's plan now with a plan written earlier (e.g. on the base branch).
  set-image --stack NAME --repository REPO --image TAG|sha256:DIGEST [--dir DIR]
      Record in the stack file the image a repository deploys (CI does this).
  promote --from STACK --to STACK [--dir DIR]
      Copy every repository's image from one stack file to another (staging to production).
`

// Main runs the command line and returns the process exit code:
// 0 on success, 1 when the stack does not evaluate, 2 on a usage error.
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
	case "set-image":
		return setImage(args[1:], stdout, stderr)
	case "promote":
		return promote(args[1:], stdout, stderr)
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
	format := fs.String("format", "tree", "output format: tree or json")
	dir := fs.String("dir", "", "directory of Pulumi.yaml (default: the nearest one above the working directory)")
	findings := fs.Bool("policy", false, "list every posture finding")
	costs := fs.Bool("cost", false, "estimate the monthly cost")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" {
		fmt.Fprintln(stderr, "platform plan: --stack is required")
		return 2
	}
	if *format != "tree" && *format != "json" {
		fmt.Fprintf(stderr, "platform plan: --format %q is not allowed, want tree or json\n", *format)
		return 2
	}
	graph, err := Evaluate(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	posture := policy.Evaluate(graph, tierOf(graph))
	if *format == "json" {
		extra := map[string]any{}
		if *findings {
			extra["policy"] = posture
		}
		if *costs {
			extra["cost"] = cost.Of(graph)
		}
		err = graph.WriteJSONWith(stdout, extra)
	} else {
		err = graph.WriteTree(stdout)
		if err == nil {
			writeNotRolledOut(stdout, graph)
			writePosture(stdout, posture, *findings)
		}
		if err == nil && *costs {
			writeCost(stdout, cost.Of(graph))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if posture.Failed > 0 {
		fmt.Fprintf(stderr, "platform plan: %d posture finding(s) fail with no exception (see --policy)\n", posture.Failed)
		return 1
	}
	return 0
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
	fmt.Fprintf(w, "\nMonthly cost estimate (%s)\n", e.Source)
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

// tierOf is the environment tier a graph was evaluated for.
func tierOf(g *graph.Graph) string {
	tier, _ := g.Outputs["environment"].(string)
	return tier
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

func diff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack to evaluate")
	basePath := fs.String("base", "", "plan JSON to compare with (platform plan --format json)")
	format := fs.String("format", "text", "output format: text or markdown")
	dir := fs.String("dir", "", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || *basePath == "" {
		fmt.Fprintln(stderr, "platform diff: --stack and --base are required")
		return 2
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "platform diff: --format %q is not allowed, want text or markdown\n", *format)
		return 2
	}
	file, err := os.Open(*basePath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer file.Close()
	base, err := graph.ReadPlan(file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *basePath, err)
		return 1
	}
	head, err := Evaluate(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	d := graph.Diff(base, head.Plan())
	if *format == "markdown" {
		d.WriteMarkdown(stdout)
	} else {
		d.WriteText(stdout)
	}
	writeDeltas(stdout, base, head, *format == "markdown")
	return 0
}

// writeDeltas compares cost and posture with the base plan's, when it has them.
func writeDeltas(w io.Writer, base graph.Plan, graph *graph.Graph, markdown bool) {
	bullet := "  "
	if markdown {
		bullet = "\n- "
	}
	var baseCost cost.Estimate
	if len(base.Cost) > 0 && json.Unmarshal(base.Cost, &baseCost) == nil {
		now := cost.Of(graph).MonthlyTotal
		fmt.Fprintf(w, "%sCost: %.2f -> %.2f USD a month (%+.2f)\n", bullet, baseCost.MonthlyTotal, now, now-baseCost.MonthlyTotal)
	}
	var basePosture policy.Report
	if len(base.Policy) > 0 && json.Unmarshal(base.Policy, &basePosture) == nil {
		now := policy.Evaluate(graph, tierOf(graph))
		fmt.Fprintf(w, "%sPosture: failed %d -> %d, excepted %d -> %d, passed %d -> %d\n", bullet,
			basePosture.Failed, now.Failed, basePosture.Excepted, now.Excepted, basePosture.Passed, now.Passed)
	}
}

// Evaluate runs the platform program offline for a stack of the project in dir
// ("" for the nearest Pulumi.yaml above the working directory).
func Evaluate(dir, stack string) (*graph.Graph, error) {
	return EvaluateWith(dir, stack, nil)
}

// EvaluateWith is Evaluate with config overrides (full keys, objects as JSON).
// A preview stack's base is evaluated first, so that its StackReference is
// answered with the base's offline outputs.
func EvaluateWith(dir, stack string, overrides map[string]string) (*graph.Graph, error) {
	if dir == "" {
		found, err := findProject()
		if err != nil {
			return nil, err
		}
		dir = found
	}
	project, err := offline.LoadProject(dir)
	if err != nil {
		return nil, err
	}
	references, err := baseReferences(dir, project, stack, overrides)
	if err != nil {
		return nil, err
	}
	return offline.Run{Project: project, Stack: stack, Program: stacks.Deploy, Overrides: overrides, References: references}.Evaluate()
}

// baseReferences evaluates the base stack of a preview, if stack is one.
func baseReferences(dir string, project *offline.Project, stack string, overrides map[string]string) (map[string]map[string]any, error) {
	cfg, err := project.LoadStack(stack)
	if err != nil {
		return nil, err
	}
	raw, ok := overrides["platform:preview"]
	if !ok {
		raw, ok = cfg.Values["platform:preview"]
	}
	if !ok {
		return nil, nil
	}
	var preview stacks.PreviewConfig
	if err := json.Unmarshal([]byte(raw), &preview); err != nil || preview.Base == "" {
		return nil, nil // the program reports the bad value with its key
	}
	base, err := Evaluate(dir, preview.BaseStack())
	if err != nil {
		return nil, fmt.Errorf("base stack %s of preview %s: %w", preview.BaseStack(), stack, err)
	}
	return map[string]map[string]any{preview.Base: base.Outputs}, nil
}

// findProject returns the nearest directory at or above the working directory
// that holds a Pulumi.yaml.
func findProject() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Pulumi.yaml in the working directory or above it; pass --dir")
		}
		dir = parent
	}
}
