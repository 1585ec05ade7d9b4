package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

// imageKey is the stack config key that pins each repository's image.
const imageKey = "platform:images"

var imageRef = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$`)

// setImage records the image a repository deploys in a stack file, keeping
// its comments: what CI does when an image is built or rolled back.
func setImage(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("set-image", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack whose file is edited")
	repository := fs.String("repository", "", "repository name under platform:images")
	image := fs.String("image", "", "tag or sha256 digest")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || *repository == "" || !imageRef.MatchString(*image) {
		fmt.Fprintf(stderr, "platform set-image: --stack, --repository and --image (a tag or sha256:<64 hex>) are required; got image %q\n", *image)
		return 2
	}
	if err := editImages(*dir, *stack, func(images map[string]string) error {
		images[*repository] = *image
		return nil
	}); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s.%s = %s\n", *stack, imageKey, *repository, *image)
	return 0
}

// promote copies every repository's image from one stack file to another:
// production deploys exactly the digests staging ran.
func promote(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("promote", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "stack whose images are promoted")
	to := fs.String("to", "", "stack that receives them")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || *to == "" {
		fmt.Fprintln(stderr, "platform promote: --from and --to are required")
		return 2
	}
	source, err := readImages(*dir, *from)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := editImages(*dir, *to, func(images map[string]string) error {
		for repo, image := range source {
			images[repo] = image
		}
		return nil
	}); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, repo := range slices.Sorted(maps.Keys(source)) {
		fmt.Fprintf(stdout, "%s %s -> %s\n", repo, source[repo], *to)
	}
	return 0
}

func stackFile(dir, stack string) string { return filepath.Join(dir, "Pulumi."+stack+".yaml") }

// readImages returns a stack file's platform:images.
func readImages(dir, stack string) (map[string]string, error) {
	data, err := os.ReadFile(stackFile(dir, stack))
	if err != nil {
		return nil, err
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, err
	}
	images := map[string]string{}
	raw, _ := file.Config[imageKey].(map[string]any)
	for k, v := range raw {
		images[k] = fmt.Sprint(v)
	}
	if len(images) == 0 {
		return nil, fmt.Errorf("%s has no %s to promote", stackFile(dir, stack), imageKey)
	}
	return images, nil
}

// editImages rewrites platform:images of a stack file in place, leaving the
// rest of the file, comments included, as it was.
func editImages(dir, stack string, edit func(map[string]string) error) error {
	path := stackFile(dir, stack)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return fmt.Errorf("%s is empty", path)
	}
	config := mapValue(doc.Content[0], "config")
	if config == nil {
		return fmt.Errorf("%s has no config", path)
	}
	images := mapValue(config, imageKey)
	if images == nil {
		images = &yaml.Node{Kind: yaml.MappingNode}
		config.Content = append(config.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: imageKey}, images)
	}
	current := map[string]string{}
	for i := 0; i+1 < len(images.Content); i += 2 {
		current[images.Content[i].Value] = images.Content[i+1].Value
	}
	if err := edit(current); err != nil {
		return err
	}
	for _, repo := range slices.Sorted(maps.Keys(current)) {
		if node := mapValue(images, repo); node != nil {
			node.Value, node.Tag, node.Style = current[repo], "!!str", 0
			continue
		}
		images.Content = append(images.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: repo},
			&yaml.Node{Kind: yaml.ScalarNode, Value: current[repo], Tag: "!!str"})
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
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
