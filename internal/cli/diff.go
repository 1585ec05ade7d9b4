package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
)

func diff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack to evaluate")
	basePath := fs.String("base", "", "plan JSON to compare with (platform plan --format json)")
	format := fs.String("format", "text", "output format: text, markdown or json")
	dir := fs.String("dir", "", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || *basePath == "" {
		fmt.Fprintln(stderr, "platform diff: --stack and --base are required")
		return 2
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		fmt.Fprintf(stderr, "platform diff: --format %q is not allowed, want text, markdown or json\n", *format)
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
	head, err := evaluate.Stack(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	d := graph.Diff(base, head.Plan())
	d.Cost, d.Posture = costDelta(base, head), postureDelta(base, head)
	switch *format {
	case "markdown":
		d.WriteMarkdown(stdout)
	case "json":
		if err := d.WriteJSON(stdout); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	default:
		d.WriteText(stdout)
	}
	return 0
}

// commentCmd writes the pull-request comment from per-stack JSON diffs.
func commentCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "platform comment: name at least one diff (platform diff --format json)")
		return 2
	}
	var diffs []graph.PlanDiff
	for _, path := range args {
		file, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		d, err := graph.ReadDiff(file)
		file.Close()
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			return 1
		}
		diffs = append(diffs, d)
	}
	graph.WriteComment(stdout, diffs)
	return 0
}

// costDelta compares the estimate with the base plan's, per resource; nil
// when the base plan carries no estimate. A base plan with no resources (a
// new stack) costs nothing.
func costDelta(base graph.Plan, head *graph.Graph) *graph.CostChange {
	var before cost.Estimate
	if len(base.Cost) > 0 {
		if json.Unmarshal(base.Cost, &before) != nil {
			return nil
		}
	} else if len(base.Resources) > 0 {
		return nil
	}
	after := cost.Of(head)
	return graph.CompareCost(after.Currency, costRows(before, false), costRows(after, true))
}

func costRows(e cost.Estimate, after bool) []graph.ResourceCost {
	var out []graph.ResourceCost
	for _, i := range e.Items {
		row := graph.ResourceCost{URN: i.URN, Type: i.Type, Name: i.Name}
		if after {
			row.After = i.Monthly
		} else {
			row.Before = i.Monthly
		}
		out = append(out, row)
	}
	return out
}

// postureDelta compares the posture findings with the base plan's; nil when
// the base plan carries none. A base plan with no resources had no findings.
func postureDelta(base graph.Plan, head *graph.Graph) *graph.PostureChange {
	var before policy.Report
	if len(base.Policy) > 0 {
		if json.Unmarshal(base.Policy, &before) != nil {
			return nil
		}
	} else if len(base.Resources) > 0 {
		return nil
	}
	after := policy.Evaluate(head, evaluate.TierOf(head))
	counts := func(r policy.Report) graph.PostureCounts {
		return graph.PostureCounts{Passed: r.Passed, Excepted: r.Excepted, Failed: r.Failed}
	}
	return graph.ComparePosture(counts(before), counts(after), findings(before), findings(after))
}

func findings(r policy.Report) []graph.Finding {
	var out []graph.Finding
	for _, f := range r.Findings {
		out = append(out, graph.Finding{Control: f.Control, Severity: string(f.Severity), URN: f.URN, Name: f.Name, Message: f.Message, Excepted: f.Excepted})
	}
	return out
}
