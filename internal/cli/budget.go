package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"gopkg.in/yaml.v3"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
)

// budgetCmd records the stack's monthly estimate in its stack file, under
// <project>:observability.budget.estimate, where the deploy reads it: under
// a real `pulumi up` there is no offline graph to price (stacks/budget.go).
func budgetCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("budget", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack whose estimate to record")
	usageFile := fs.String("usage", "", "usage file overriding the estimate's assumptions")
	dir := fs.String("dir", "", "directory of Pulumi.yaml (default: the nearest one above the working directory)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" {
		fmt.Fprintln(stderr, "platform budget: --stack is required")
		return 2
	}
	assumptions, err := readUsage(*usageFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	g, err := evaluate.Stack(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return evaluationExit(err)
	}
	e, err := cost.OfWith(g, cost.Options{Usage: assumptions})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if len(e.NotPriced) > 0 {
		fmt.Fprintf(stderr, "platform budget: %v is not in the price table; set platform:observability.budget.amount instead\n", e.NotPriced)
		return 2
	}
	project, err := evaluate.LoadProject(*dir)
	if err == nil {
		err = recordEstimate(filepath.Join(project.Dir, "Pulumi."+*stack+".yaml"), project.Name+":observability", e.MonthlyTotal)
	}
	if err != nil {
		fmt.Fprintln(stderr, "platform budget:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s:observability.budget.estimate = %.2f (USD a month, %s)\n", *stack, project.Name, e.MonthlyTotal, e.Region)
	return 0
}

// recordEstimate sets key.budget.estimate in a stack file, leaving the rest
// of the file, comments included, as it was.
func recordEstimate(path, key string, estimate float64) error {
	doc, config, err := readStackConfig(path)
	if err != nil {
		return err
	}
	value := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(estimate, 'f', 2, 64)}
	observability := child(config, key)
	if observability.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: %s is not a mapping", path, key)
	}
	budget := child(observability, "budget")
	if budget.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: %s.budget is not a mapping", path, key)
	}
	if node := mapValue(budget, "estimate"); node != nil {
		*node = *value
	} else {
		budget.Content = append(budget.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "estimate"}, value)
	}
	return writeStackFile(path, doc)
}

// child returns the value of key in mapping m, adding an empty mapping when
// the key is absent.
func child(m *yaml.Node, key string) *yaml.Node {
	if node := mapValue(m, key); node != nil {
		return node
	}
	node := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, node)
	return node
}

// writeBudget compares the stack's budget with this estimate, so a stale
// recorded estimate shows in every `plan --cost`.
func writeBudget(w io.Writer, g *graph.Graph, e cost.Estimate) {
	budgets := g.ByType("aws:budgets/budget:Budget")
	if len(budgets) == 0 {
		fmt.Fprintf(w, "  budget: none; `platform budget --stack %s` records this estimate and the next deploy sets one\n", g.Stack)
	}
	for _, b := range budgets {
		limit, _ := strconv.ParseFloat(fmt.Sprint(b.Input("limitAmount")), 64)
		fmt.Fprintf(w, "  budget: %.2f USD a month; this estimate is %.0f%% of it", limit, 100*e.MonthlyTotal/limit)
		if e.MonthlyTotal > limit {
			fmt.Fprintf(w, ": over the limit, run `platform budget --stack %s`", g.Stack)
		}
		fmt.Fprintln(w)
	}
}

// readUsage reads --usage; no file is no override.
func readUsage(path string) (cost.Usage, error) {
	if path == "" {
		return cost.Usage{}, nil
	}
	return cost.ReadUsage(path)
}
