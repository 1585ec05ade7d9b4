package graph

import (
	"sort"
	"strings"

	"platform/internal/awsfacts"
)

// markReplacement sets c.Replace when one of its changed inputs is one the
// provider cannot update in place (awsfacts' replace-on-change table), or
// when the resource moved to another provider, which Pulumi replaces too.
func markReplacement(c *Change) {
	rule, known := awsfacts.ReplaceRuleOf(c.Type)
	because := map[string]bool{}
	for _, v := range c.Values {
		input := topInput(v.Path)
		switch {
		case input == "(provider)":
			because[input] = true
		case strings.HasPrefix(input, "("):
			// (protect) and (retainOnDelete) are the engine's, never the provider's.
		case known && rule.Replaces(v.Path):
			because[input] = true
		}
	}
	if len(because) == 0 {
		return
	}
	c.Replace, c.Note = true, rule.Note
	for input := range because {
		c.ReplacedBy = append(c.ReplacedBy, input)
	}
	sort.Strings(c.ReplacedBy)
}

// topInput is the top-level input a changed path lies in:
// "healthCheck.path" -> "healthCheck", "subnetIds[1]" -> "subnetIds".
func topInput(path string) string {
	if i := strings.IndexAny(path, ".["); i > 0 {
		return path[:i]
	}
	return path
}

// documentChanges groups the changes inside JSON documents by the input that
// holds the document: "policy.(json).Statement[0].Action[1]" is key
// "Statement[0].Action[1]" of document "policy".
func documentChanges(values []ValueChange) []DocumentChange {
	marker := "." + JSONDocumentKey
	var out []DocumentChange
	index := map[string]int{}
	for _, v := range values {
		at := strings.Index(v.Path, marker)
		if at < 0 {
			continue
		}
		input := v.Path[:at]
		key := strings.TrimPrefix(v.Path[at+len(marker):], ".")
		if key == "" {
			key = "(whole document)"
		}
		i, seen := index[input]
		if !seen {
			i = len(out)
			index[input] = i
			out = append(out, DocumentChange{Input: input})
		}
		out[i].Keys = append(out[i].Keys, key)
	}
	return out
}

// DocumentChange is one JSON document input that changed.
type DocumentChange struct {
	// Input is where the document is, e.g. "policy" or "containerDefinitions".
	Input string `json:"input"`
	// Keys are the paths inside the document that changed, e.g.
	// "[0].environment[2].value" or "Statement[1].Resource".
	Keys []string `json:"keys"`
}
