package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"platform/internal/evaluate"
	"platform/internal/offline"
	"platform/internal/promote"
	"platform/internal/schema"
	"platform/internal/validate"
	"platform/stacks"
)

var imageRef = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$`)

// stackImages is what the image commands know of one stack, read from its
// file and Pulumi.yaml without evaluating the program.
type stackImages struct {
	// Namespace is the project's name: the config namespace of its keys.
	Namespace string
	// Stack is the stack's name, Tier its `<namespace>:environment`.
	Stack, Tier string
	// Repositories are the image repositories the stack knows: those its
	// workloads use and those `<namespace>:data.repositories` lists.
	Repositories []string
}

// imagesKey is the config key that pins each repository's image.
func (s stackImages) imagesKey() string { return s.Namespace + ":images" }

// needsDigest: only dev-tier stacks (dev and pull-request previews) may
// deploy a tag; every other stack deploys digests, which promotion copies.
func (s stackImages) needsDigest() bool { return s.Tier != string(stacks.Dev) }

func loadStackImages(dir, stack string) (stackImages, error) {
	project, cfg, err := loadStackFile(dir, stack)
	if err != nil {
		return stackImages{}, err
	}
	ns := project.Name
	out := stackImages{Namespace: ns, Stack: stack, Tier: cfg.Values[ns+":environment"]}
	product, err := schema.LoadProduct(dir)
	if err != nil {
		return stackImages{}, err
	}
	in, err := schema.Decode(ns, schema.Raw{"workloads": cfg.Values[ns+":workloads"]})
	if err != nil {
		return stackImages{}, fmt.Errorf("%s: %w", stackFile(dir, stack), err)
	}
	workloads, err := product.Merge(in.Workloads, ns+":workloads")
	if err != nil {
		return stackImages{}, err
	}
	var data struct {
		Repositories []string `json:"repositories"`
	}
	if raw := cfg.Values[ns+":data"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &data); err != nil {
			return stackImages{}, fmt.Errorf("%s: %s:data: %w", stackFile(dir, stack), ns, err)
		}
	}
	known := append(workloads.Repositories(), data.Repositories...)
	slices.Sort(known)
	out.Repositories = slices.Compact(known)
	return out, nil
}

// checkImage validates one image reference for a stack: a repository the
// stack knows, and a digest wherever the stack deploys digests.
func (s stackImages) checkImage(repository, image string) error {
	path := s.imagesKey() + "." + repository
	if !slices.Contains(s.Repositories, repository) {
		return validate.Field(path, repository, "is not a repository of stack "+s.Stack, "one of "+strings.Join(s.Repositories, ", "))
	}
	if !imageRef.MatchString(image) {
		return validate.Field(path, image, "is not an image tag or digest", "a tag such as 1.4.2 or sha256:<64 hex>")
	}
	if s.needsDigest() && !promote.IsDigest(image) {
		return validate.Field(path, image, "is a tag, but a "+s.Tier+" stack deploys digests only", "sha256:<64 hex>")
	}
	return nil
}

// setImage records the image a repository deploys in a stack file, keeping
// its comments: what CI does when an image is built or rolled back. Nothing
// is written unless the reference passes checkImage.
func setImage(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("set-image", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack whose file is edited")
	repository := fs.String("repository", "", "repository name (a workload's repository or one of data.repositories)")
	image := fs.String("image", "", "tag or sha256 digest (a digest outside dev-tier stacks)")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || *repository == "" || *image == "" {
		fmt.Fprintln(stderr, "platform set-image: --stack, --repository and --image are required")
		return 2
	}
	facts, err := loadStackImages(*dir, *stack)
	if err == nil {
		err = facts.checkImage(*repository, *image)
	}
	if err == nil {
		err = editImages(*dir, facts, func(images map[string]string) { images[*repository] = *image })
	}
	if err != nil {
		fmt.Fprintln(stderr, "platform set-image:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s.%s = %s\n", *stack, facts.imagesKey(), *repository, *image)
	return 0
}

func stackFile(dir, stack string) string { return filepath.Join(dir, "Pulumi."+stack+".yaml") }

// editImages rewrites the images key of a stack file in place, leaving the
// rest of the file, comments included, as it was.
// readStackConfig reads a stack file as a YAML tree, for edits that keep its
// comments, and returns the document and its config mapping.
func readStackConfig(path string) (*yaml.Node, *yaml.Node, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil, fmt.Errorf("%s is empty", path)
	}
	config := mapValue(doc.Content[0], "config")
	if config == nil {
		return nil, nil, fmt.Errorf("%s has no config", path)
	}
	return &doc, config, nil
}

func editImages(dir string, s stackImages, edit func(map[string]string)) error {
	path := stackFile(dir, s.Stack)
	doc, config, err := readStackConfig(path)
	if err != nil {
		return err
	}
	images := mapValue(config, s.imagesKey())
	if images == nil {
		images = &yaml.Node{Kind: yaml.MappingNode}
		config.Content = append(config.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: s.imagesKey()}, images)
	}
	current := map[string]string{}
	for i := 0; i+1 < len(images.Content); i += 2 {
		current[images.Content[i].Value] = images.Content[i+1].Value
	}
	edit(current)
	for _, repo := range slices.Sorted(maps.Keys(current)) {
		if node := mapValue(images, repo); node != nil {
			node.Value, node.Tag, node.Style = current[repo], "!!str", 0
			continue
		}
		images.Content = append(images.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: repo},
			&yaml.Node{Kind: yaml.ScalarNode, Value: current[repo], Tag: "!!str"})
	}
	return writeStackFile(path, doc)
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// writeStackFile writes an edited stack file back with the two-space indent
// Pulumi writes; the document's comments are kept.
func writeStackFile(path string, doc *yaml.Node) error {
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// loadStackFile reads the project and one stack's config as the plan does:
// every key the program reads may be set (Pulumi.yaml declares those with a
// default).
func loadStackFile(dir, stack string) (*offline.Project, *offline.StackConfig, error) {
	project, err := evaluate.LoadProject(dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := project.LoadStack(stack)
	return project, cfg, err
}
