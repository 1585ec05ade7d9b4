package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"platform/internal/schema"
	"platform/stacks"
)

// canaryCmd moves a service's canary release through the stack file:
// start writes <project>:canary.<service> at step 0, the warm-up (the canary
// runs with none of the traffic until its tasks are healthy), stamped with
// the time it started (its ECS service's name hashes it), promote moves it
// to the next step, keeping the stamp and so the name, and, past the last, makes its image the repository's
// in <project>:images and removes it; abort removes it. The next deploy
// applies the change; nothing else of the file changes.
func canaryCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 || !slices.Contains([]string{"start", "promote", "abort"}, args[0]) {
		fmt.Fprintln(stderr, "platform canary: want start|promote|abort <service> --stack S [--image TAG|DIGEST]")
		return 2
	}
	action, service := args[0], args[1]
	fs := flag.NewFlagSet("canary "+action, flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack whose file is edited")
	image := fs.String("image", "", "tag or sha256 digest the canary runs (start only; a digest outside dev-tier stacks)")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args[2:]); err != nil {
		return 2
	}
	if *stack == "" || (action == "start") != (*image != "") {
		fmt.Fprintln(stderr, "platform canary: --stack is required, and --image with start only")
		return 2
	}
	release, err := loadRelease(*dir, *stack, service, action == "abort")
	if err != nil {
		fmt.Fprintln(stderr, "platform canary "+action+":", err)
		return 2
	}
	var line string
	switch action {
	case "start":
		line, err = release.start(*image)
	case "promote":
		line, err = release.promote()
	case "abort":
		line, err = release.abort()
	}
	if err != nil {
		fmt.Fprintln(stderr, "platform canary "+action+":", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s\n", *stack, line)
	return 0
}

// Now is the clock canary start stamps a canary with; a variable so a test
// can start, abort and start again at times it chooses.
var Now = time.Now

// canaryRelease is what the canary commands know of one service in one stack.
type canaryRelease struct {
	dir, service string
	images       stackImages
	// repository is the service's, steps its release's steps.
	repository string
	steps      []int
	// inFlight is the service's canary entry, nil when none.
	inFlight *schema.Canary
}

// key is the stack file's canary key.
func (r canaryRelease) key() string { return r.images.Namespace + ":canary" }

// loadRelease reads the service's release from the stack. For an abort, a
// stack that refuses only this canary (a later pin or platform version
// counting its target group over a load balancer's room) is read without it:
// abort is the way out, and what it writes is that stack.
func loadRelease(dir, stack, service string, abort bool) (canaryRelease, error) {
	project, values, err := loadStackFile(dir, stack)
	if err != nil {
		return canaryRelease{}, err
	}
	get := func(key string) string { return values.Values[key] }
	cfg, err := stacks.ReadConfig(project.Name, stack, project.Dir, get)
	refused := false
	if err != nil && abort {
		without, found := withoutCanary(get, project.Name+":canary", service)
		if alone, errWithout := stacks.ReadConfig(project.Name, stack, project.Dir, without); found && errWithout == nil {
			cfg, err, refused = alone, nil, true
		}
	}
	if err != nil {
		return canaryRelease{}, fmt.Errorf("%s: %w", stackFile(dir, stack), err)
	}
	s, ok := cfg.Workloads.Services[service]
	if !ok {
		return canaryRelease{}, fmt.Errorf("%q is not a service of stack %s", service, stack)
	}
	if !s.Release.Canary() {
		return canaryRelease{}, fmt.Errorf("%s releases %s: set release.strategy canary in its workload file or %s:overrides.%s", service, s.Release.Strategy, project.Name, service)
	}
	images, err := loadStackImages(dir, stack)
	if err != nil {
		return canaryRelease{}, err
	}
	r := canaryRelease{dir: dir, service: service, images: images, repository: s.Repository, steps: s.Release.Steps}
	if entry, ok := cfg.Canary[service]; ok {
		r.inFlight = &entry
	} else if refused {
		r.inFlight = &schema.Canary{}
	}
	return r, nil
}

// withoutCanary is the stack's config with the service's entry left out of
// the canary key (a JSON object), and whether there was one.
func withoutCanary(get func(string) string, key, service string) (func(string) string, bool) {
	var canaries map[string]json.RawMessage
	if json.Unmarshal([]byte(get(key)), &canaries) != nil {
		return get, false
	}
	if _, ok := canaries[service]; !ok {
		return get, false
	}
	delete(canaries, service)
	rest := ""
	if len(canaries) > 0 {
		text, _ := json.Marshal(canaries)
		rest = string(text)
	}
	return func(k string) string {
		if k == key {
			return rest
		}
		return get(k)
	}, true
}

func (r canaryRelease) start(image string) (string, error) {
	if r.inFlight != nil {
		return "", fmt.Errorf("%s.%s is already at step %d (%s): promote or abort it first", r.key(), r.service, *r.inFlight.Step, r.inFlight.Image)
	}
	if err := r.images.checkImage(r.repository, image); err != nil {
		return "", err
	}
	path := stackFile(r.dir, r.images.Stack)
	before, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	started := schema.StartCanary(Now())
	if err := r.write(image, 0, started); err != nil {
		return "", err
	}
	// The stack may refuse the canary where it refuses no service (its target
	// group would overflow a recorded load balancer): say so now, and leave
	// the file as it was rather than a plan that fails.
	if _, err := loadRelease(r.dir, r.images.Stack, r.service, false); err != nil {
		return "", errors.Join(err, os.WriteFile(path, before, 0o644))
	}
	return fmt.Sprintf("%s.%s = {image: %s, step: 0, started: %s}: the canary warms up with none of %s's traffic; promote it to %d%% once the deploy has finished (its tasks are healthy)", r.key(), r.service, image, started, r.service, r.steps[0]), nil
}

func (r canaryRelease) promote() (string, error) {
	if r.inFlight == nil {
		return "", fmt.Errorf("%s has no canary in flight: start one first", r.service)
	}
	image, next := r.inFlight.Image.String(), *r.inFlight.Step+1
	if next <= len(r.steps) {
		var started schema.CanaryStarted // none in an entry written before starts were recorded: its name stays
		if r.inFlight.Started != nil {
			started = *r.inFlight.Started
		}
		if err := r.write(image, next, started); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s.%s.step = %d: the canary takes %d%% of %s's traffic", r.key(), r.service, next, stacks.CanaryWeight(r.steps, next), r.service), nil
	}
	if err := editImages(r.dir, r.images, func(images map[string]string) { images[r.repository] = image }); err != nil {
		return "", err
	}
	if err := r.write("", -1, ""); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s.%s = %s and %s.%s removed: %s runs the canary's image", r.images.imagesKey(), r.repository, image, r.key(), r.service, r.service), nil
}

func (r canaryRelease) abort() (string, error) {
	if r.inFlight == nil {
		return "", fmt.Errorf("%s has no canary in flight", r.service)
	}
	if err := r.write("", -1, ""); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s.%s removed: all of %s's traffic goes back to its image", r.key(), r.service, r.service), nil
}

// write sets the service's canary entry in the stack file to image at step,
// started then (none: no started key), or removes it (and the key when it
// was the last) with step -1, keeping the rest of the file, comments included.
func (r canaryRelease) write(image string, step int, started schema.CanaryStarted) error {
	path := stackFile(r.dir, r.images.Stack)
	doc, config, err := readStackConfig(path)
	if err != nil {
		return err
	}
	if step < 0 {
		canary := mapValue(config, r.key())
		removeKey(canary, r.service)
		if canary != nil && len(canary.Content) == 0 {
			removeKey(config, r.key())
		}
	} else {
		entry := child(child(config, r.key()), r.service)
		entry.Kind, entry.Style, entry.Content = yaml.MappingNode, yaml.FlowStyle, []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "image"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: image},
			{Kind: yaml.ScalarNode, Value: "step"}, {Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(step)},
		}
		if started != "" {
			entry.Content = append(entry.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "started"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(started)})
		}
	}
	return writeStackFile(path, doc)
}

// removeKey removes key and its value from mapping m, if there.
func removeKey(m *yaml.Node, key string) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}
