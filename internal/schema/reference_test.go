package schema

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite the README's configuration table and the Pulumi.yaml descriptions")

const (
	readme = "../../README.md"
	// fixtureProjects are the fixtures' projects: tests never read the root
	// product. With -update, the root Pulumi.yaml's descriptions are rewritten too.
	fixtureProjects = "../../tests/testdata/*/Pulumi.yaml"
	rootProject     = "../../Pulumi.yaml"
	tableStart      = "<!-- config-reference:start (generated from internal/schema; go test ./internal/schema -update) -->\n"
	tableEnd        = "<!-- config-reference:end -->"
)

func TestEveryFieldIsDocumented(t *testing.T) {
	for _, e := range Reference() {
		if e.Doc == "" {
			t.Errorf("%s has no doc comment", e.Path)
		}
	}
}

func TestTheReadmeTableIsGeneratedFromTheSchema(t *testing.T) {
	text, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	start, end := strings.Index(s, tableStart), strings.Index(s, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md has no generated configuration table between %q and %q", tableStart, tableEnd)
	}
	want := s[:start+len(tableStart)] + Markdown("platform") + s[end:]
	if *update {
		if err := os.WriteFile(readme, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != s {
		t.Error("README.md's configuration table differs from the schema's doc comments: run go test ./internal/schema -update")
	}
}

func TestPulumiYamlDescriptionsAreGeneratedFromTheSchema(t *testing.T) {
	fixtures, err := filepath.Glob(fixtureProjects)
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixture projects at %s: %v", fixtureProjects, err)
	}
	for _, f := range fixtures {
		checkDescriptions(t, f)
	}
	if *update {
		checkDescriptions(t, rootProject)
	}
}

func checkDescriptions(t *testing.T, projectFile string) {
	text, err := os.ReadFile(projectFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	var namespace string
	var config *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "name":
			namespace = root.Content[i+1].Value
		case "config":
			config = root.Content[i+1]
		}
	}
	changed := false
	for i := 0; i+1 < len(config.Content); i += 2 {
		key, ok := strings.CutPrefix(config.Content[i].Value, namespace+":")
		if !ok {
			continue
		}
		decl := config.Content[i+1]
		want := Description(key)
		if want == "" {
			t.Errorf("%s:%s is declared but not in the schema", namespace, key)
			continue
		}
		for j := 0; j+1 < len(decl.Content); j += 2 {
			if decl.Content[j].Value == "description" && decl.Content[j+1].Value != want {
				if !*update {
					t.Errorf("%s:%s description differs from the schema:\n got  %s\n want %s", namespace, key, decl.Content[j+1].Value, want)
				}
				decl.Content[j+1].Value, decl.Content[j+1].Style = want, yaml.DoubleQuotedStyle
				changed = true
			}
		}
	}
	if *update && changed {
		var b strings.Builder
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(&doc); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(projectFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
