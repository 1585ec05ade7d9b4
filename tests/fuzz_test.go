package tests

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"platform/internal/evaluate"
	"platform/internal/offline"
	"platform/internal/schema"
	"platform/stacks"
)

// The mutation test: every key the fixture's stack and workload files write
// is given a value of every other type, out-of-range numbers, an unknown key
// beside it and is deleted. Each mutation is refused with a message naming
// the mutated key as the user wrote it and nothing a user did not write, or it
// is accepted and a sample of the accepted ones is planned in full.

// mutation is one change to one file of the fixture.
type mutation struct {
	// file is the mutated file, relative to the project.
	file string
	// path is the mutated key as a message must name it.
	path string
	// what says what was done, e.g. "a list" or "deleted".
	what string
	// mustRefuse: no valid config can hold the mutation (an unknown key, a
	// negative or huge number).
	mustRefuse bool
	// apply changes the parsed file.
	apply func(doc *yaml.Node)
}

// fuzzSeed fixes the samples: the mutations a -short run tries and the
// accepted ones that are planned in full.
const fuzzSeed = 17

// plannedAccepted bounds the full offline runs the test makes.
const plannedAccepted = 4

// unclearMessage matches what no message may show: Go types and packages,
// pointers, documents.
var unclearMessage = regexp.MustCompile(`\b(schema|stacks|components|compute|data|network|access)\.[A-Z]|\*(int|bool|string|float64)\b|0xc[0-9a-f]{6,}|map\[|\[\](string|int)|\bstruct\b|TaskSpec|Args\b|[{\[]"`)

func TestMutatedStackAndWorkloadFilesAreRefusedClearlyOrPlanned(t *testing.T) {
	var muts []mutation
	for _, file := range []string{"Pulumi.staging.yaml", "Pulumi.dev.yaml"} {
		muts = append(muts, stackFileMutations(t, file)...)
	}
	entries, err := os.ReadDir(filepath.Join(projectDir, "workloads"))
	require.NoError(t, err)
	for _, e := range entries {
		muts = append(muts, workloadFileMutations(t, "workloads/"+e.Name())...)
	}
	require.Greater(t, len(muts), 300, "the fixture should give hundreds of mutations")

	rng := rand.New(rand.NewPCG(fuzzSeed, fuzzSeed))
	if testing.Short() {
		// A seeded half: the same mutations every run, in a loaded machine's seconds.
		rng.Shuffle(len(muts), func(i, j int) { muts[i], muts[j] = muts[j], muts[i] })
		muts = muts[:len(muts)/2]
	}
	dir := copyFixture(t, nil)
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	project.Optional = schema.Keys
	var accepted []mutation
	var problems []string
	refused := 0
	for _, m := range muts {
		original := mutateFile(t, dir, m)
		err := readMutated(t, project, dir, m)
		restoreFile(t, dir, m.file, original)
		if err == nil {
			if m.mustRefuse {
				problems = append(problems, fmt.Sprintf("%s %s as %s: accepted, want refused", m.file, m.path, m.what))
			}
			accepted = append(accepted, m)
			continue
		}
		refused++
		if p := messageProblem(err.Error(), m.path); p != "" {
			problems = append(problems, fmt.Sprintf("%s %s as %s: %s", m.file, m.path, m.what, p))
		}
	}
	require.Empty(t, problems, strings.Join(problems, "\n"))
	t.Logf("%d mutations: %d refused, %d accepted", len(muts), refused, len(accepted))

	rng.Shuffle(len(accepted), func(i, j int) { accepted[i], accepted[j] = accepted[j], accepted[i] })
	for _, m := range accepted[:min(plannedAccepted, len(accepted))] {
		t.Run("plan "+m.file+" "+m.path+" "+m.what, func(t *testing.T) {
			dir := copyFixture(t, nil)
			mutateFile(t, dir, m)
			_, err := evaluate.StackWith(dir, fuzzedStack(m.file), nil)
			require.NoError(t, err)
		})
	}
}

// messageProblem says what is unclear about a refusal of the key at path, or "".
func messageProblem(msg, path string) string {
	if !strings.Contains(msg, path) {
		return "the message does not name the key: " + msg
	}
	for _, line := range strings.Split(msg, "\n") {
		switch {
		case unclearMessage.MatchString(line):
			return "the message names what the user did not write: " + line
		case len(line) > 1200:
			return "a message line this long dumps a document: " + line[:200]
		}
	}
	return ""
}

// fuzzedStack is the stack a mutated file is read for: a workload file with staging.
func fuzzedStack(file string) string {
	if stack, ok := strings.CutPrefix(file, "Pulumi."); ok {
		return strings.TrimSuffix(stack, ".yaml")
	}
	return "staging"
}

// readMutated loads and validates the stack the way the program does,
// without registering anything; a panic is a failure of its own.
func readMutated(t *testing.T, project *offline.Project, dir string, m mutation) (err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s %s as %s: panic %v", m.file, m.path, m.what, p)
		}
	}()
	cfg, err := project.LoadStack(fuzzedStack(m.file))
	if err != nil {
		return err
	}
	_, err = stacks.ReadConfig(project.Name, fuzzedStack(m.file), dir, func(key string) string { return cfg.Values[key] })
	return err
}

func mutateFile(t *testing.T, dir string, m mutation) []byte {
	t.Helper()
	path := filepath.Join(dir, m.file)
	original, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(original, &doc))
	m.apply(&doc)
	text, err := yaml.Marshal(&doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, text, 0o644))
	return original
}

func restoreFile(t *testing.T, dir, file string, text []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, file), text, 0o644))
}

// stackFileMutations mutates every platform key under config: and aws:region.
func stackFileMutations(t *testing.T, file string) []mutation {
	t.Helper()
	doc := parseFixture(t, file)
	config := valueOf(doc.Content[0], "config")
	require.NotNil(t, config, file)
	var out []mutation
	for i := 0; i+1 < len(config.Content); i += 2 {
		key := config.Content[i].Value
		if !strings.HasPrefix(key, "platform:") && key != "aws:region" {
			continue
		}
		out = append(out, nodeMutations(file, key, []int{0, 1, i + 1}, config.Content[i+1])...)
		out = append(out, deletion(file, key, []int{0, 1}, i))
	}
	out = append(out, insertion(file, "platform:fuzzUnknown", []int{0, 1}, "platform:fuzzUnknown"))
	return out
}

// workloadFileMutations mutates every key of a workload file but kind.
func workloadFileMutations(t *testing.T, file string) []mutation {
	t.Helper()
	doc := parseFixture(t, file)
	top := doc.Content[0]
	out := []mutation{insertion(file, file+": fuzzUnknown", []int{0}, "fuzzUnknown")}
	for i := 0; i+1 < len(top.Content); i += 2 {
		key := top.Content[i].Value
		if key == "kind" {
			continue
		}
		out = append(out, nodeMutations(file, file+": "+key, []int{0, i + 1}, top.Content[i+1])...)
		out = append(out, deletion(file, file+": "+key, []int{0}, i))
	}
	return out
}

// nodeMutations are the mutations of the value n at path (as written) and of
// everything under it; at locates n by child indexes from the document.
func nodeMutations(file, path string, at []int, n *yaml.Node) []mutation {
	var out []mutation
	for _, v := range replacementsFor(n) {
		out = append(out, mutation{file: file, path: path, what: v.what, mustRefuse: v.mustRefuse, apply: func(doc *yaml.Node) {
			*locate(doc, at) = *v.node()
		}})
	}
	switch n.Kind {
	case yaml.MappingNode:
		out = append(out, insertion(file, path+".fuzzUnknown", at, "fuzzUnknown"))
		for i := 0; i+1 < len(n.Content); i += 2 {
			child := path + "." + n.Content[i].Value
			out = append(out, nodeMutations(file, child, append(slices.Clone(at), i+1), n.Content[i+1])...)
			out = append(out, deletion(file, child, at, i))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			out = append(out, nodeMutations(file, fmt.Sprintf("%s[%d]", path, i), append(slices.Clone(at), i), c)...)
		}
	}
	return out
}

// replacement is a value put where another was.
type replacement struct {
	what       string
	mustRefuse bool
	node       func() *yaml.Node
}

// replacementsFor are the values of every other type than n's, and for a
// whole number a negative and a huge one.
func replacementsFor(n *yaml.Node) []replacement {
	scalar := func(tag, value string) func() *yaml.Node {
		return func() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value} }
	}
	all := []replacement{
		{"a string", false, scalar("!!str", "fuzz")},
		{"a number", false, scalar("!!int", "7")},
		{"a boolean", false, scalar("!!bool", "true")},
		{"a list", false, func() *yaml.Node {
			return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{scalar("!!int", "1")()}}
		}},
		{"a mapping", false, func() *yaml.Node {
			return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("!!str", "fuzz")(), scalar("!!int", "1")()}}
		}},
	}
	own := map[yaml.Kind]string{yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}[n.Kind]
	if n.Kind == yaml.ScalarNode {
		own = map[string]string{"!!str": "a string", "!!int": "a number", "!!float": "a number", "!!bool": "a boolean"}[n.ShortTag()]
	}
	var out []replacement
	for _, r := range all {
		if r.what != own {
			out = append(out, r)
		}
	}
	if n.ShortTag() == "!!int" {
		out = append(out,
			replacement{"a negative number", true, scalar("!!int", "-1")},
			replacement{"a huge number", true, scalar("!!int", "10000000000")})
	}
	return out
}

// insertion adds the unknown key to the mapping at.
func insertion(file, path string, at []int, key string) mutation {
	return mutation{file: file, path: path, what: "an unknown key", mustRefuse: true, apply: func(doc *yaml.Node) {
		m := locate(doc, at)
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"})
	}}
}

// deletion removes the i-th key of the mapping at.
func deletion(file, path string, at []int, i int) mutation {
	return mutation{file: file, path: path, what: "deleted", apply: func(doc *yaml.Node) {
		m := locate(doc, at)
		m.Content = slices.Delete(m.Content, i, i+2)
	}}
}

// locate follows child indexes from the document node.
func locate(doc *yaml.Node, at []int) *yaml.Node {
	n := doc
	for _, i := range at {
		n = n.Content[i]
	}
	return n
}

func parseFixture(t *testing.T, file string) *yaml.Node {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(projectDir, file))
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(text, &doc))
	return &doc
}

// valueOf is the value of key in a mapping node, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
