package cli

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"

	"platform/internal/routing"
	"platform/internal/schema"
	"platform/stacks"
)

// placeCmd records where the stack puts each service in its stack file,
// under <project>:placement, so that no recorded service moves when others
// are added (routing.Place). The deploy runs it before every up and commits
// the edit; it is idempotent: a stack file already recording the placement
// is left as it is.
func placeCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("place", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack whose placement to record")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" {
		fmt.Fprintln(stderr, "platform place: --stack is required")
		return 2
	}
	project, values, err := loadStackFile(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, "platform place:", err)
		return 1
	}
	cfg, err := stacks.ReadConfig(project.Name, *stack, project.Dir, func(key string) string { return values.Values[key] })
	if err == nil && cfg.Preview != nil {
		fmt.Fprintf(stderr, "platform place: %s is a preview: its services follow the placement of its base stack %s\n", *stack, cfg.Preview.BaseStack())
		return 2
	}
	var plan routing.Plan
	if err == nil {
		plan, err = cfg.PlacementPlan()
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return evaluationExit(err)
	}
	key := project.Name + ":placement"
	changes := placementChanges(cfg.Placement, plan)
	if len(changes) == 0 {
		fmt.Fprintf(stdout, "%s: %s records all %d services; nothing to change\n", *stack, key, len(plan.Spots))
		return 0
	}
	if err := recordPlacement(stackFile(project.Dir, *stack), key, plan); err != nil {
		fmt.Fprintln(stderr, "platform place:", err)
		return 1
	}
	for _, line := range changes {
		fmt.Fprintf(stdout, "%s: %s.%s\n", *stack, key, line)
	}
	return 0
}

// placementChanges are what recording plan changes in the recorded
// placement, one line each in name order: services added, respotted (a pin
// or a rule's kind changed) and dropped (no longer a service).
func placementChanges(recorded map[string]schema.Placed, plan routing.Plan) []string {
	var out []string
	names := slices.Sorted(maps.Keys(plan.Spots))
	for _, name := range names {
		spot := plan.Spots[name]
		was, ok := recorded[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s added: load balancer %d, priority %d", name, spot.LoadBalancer, spot.Priority))
		case was.LoadBalancer == nil || was.Priority == nil || *was.LoadBalancer != spot.LoadBalancer || *was.Priority != spot.Priority:
			out = append(out, fmt.Sprintf("%s changed: load balancer %d, priority %d", name, spot.LoadBalancer, spot.Priority))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(recorded)) {
		if _, ok := plan.Spots[name]; !ok {
			out = append(out, name+" dropped: no longer a service")
		}
	}
	return out
}

// recordPlacement sets key to plan's spots in a stack file, one flow mapping
// per service in name order, leaving the rest of the file, comments
// included, as it was; no service, no key.
func recordPlacement(path, key string, plan routing.Plan) error {
	doc, config, err := readStackConfig(path)
	if err != nil {
		return err
	}
	placement := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range slices.Sorted(maps.Keys(plan.Spots)) {
		spot := plan.Spots[name]
		placement.Content = append(placement.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: name}, &yaml.Node{
			Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "loadBalancer"}, {Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(spot.LoadBalancer)},
				{Kind: yaml.ScalarNode, Value: "priority"}, {Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(spot.Priority)},
			},
		})
	}
	at := -1
	for i := 0; i+1 < len(config.Content); i += 2 {
		if config.Content[i].Value == key {
			at = i
		}
	}
	switch {
	case at >= 0 && len(placement.Content) == 0:
		config.Content = slices.Delete(config.Content, at, at+2)
	case at >= 0:
		config.Content[at+1] = placement
	case len(placement.Content) > 0:
		config.Content = append(config.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, placement)
	}
	return writeStackFile(path, doc)
}
