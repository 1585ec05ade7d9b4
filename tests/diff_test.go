package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
)

// baseOfStaging is staging before a change: no webhooks service, the admin
// service on another priority, and an "archive" bucket since removed.
func baseOfStaging(t *testing.T) *graph.Graph {
	t.Helper()
	var workloads map[string]map[string]any
	var images map[string]string
	require.NoError(t, json.Unmarshal([]byte(stagingValue(t, "platform:workloads")), &workloads))
	require.NoError(t, json.Unmarshal([]byte(stagingValue(t, "platform:images")), &images))
	delete(images, "webhooks")
	imageDoc, err := json.Marshal(images)
	require.NoError(t, err)
	delete(workloads["services"], "webhooks")
	workloads["services"]["admin"].(map[string]any)["priority"] = 510
	doc, err := json.Marshal(workloads)
	require.NoError(t, err)
	g, err := EvaluateWith(t, "staging", map[string]string{
		"platform:workloads": string(doc),
		"platform:images":    string(imageDoc),
		"platform:data":      `{"database":{"engine":"postgres"},"cache":{},"broker":{},"queues":[{"name":"default"},{"name":"priority","visibilityTimeoutSeconds":60}],"buckets":[{"name":"uploads"},{"name":"archive"}]}`,
	})
	require.NoError(t, err)
	return g
}

// stagingValue is a config value of staging, Pulumi.yaml defaults applied.
func stagingValue(t *testing.T, key string) string {
	t.Helper()
	if key == "platform:workloads" {
		return productJSON(t)
	}
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	cfg, err := project.LoadStack("staging")
	require.NoError(t, err)
	return cfg.Values[key]
}

func TestDiffShowsAddedChangedAndRemovedResources(t *testing.T) {
	d := graph.Diff(baseOfStaging(t).Plan(), Evaluate(t, "staging").Plan())
	var added []string
	for _, c := range d.Added {
		added = append(added, c.Name)
	}
	assert.Contains(t, added, "webhooks")
	assert.Contains(t, added, "webhooks-rule")
	for _, name := range added {
		assert.Contains(t, name, "webhooks", "only the new service's resources are added")
	}
	var removed []string
	for _, c := range d.Removed {
		removed = append(removed, c.Name)
	}
	assert.Contains(t, removed, "data-bucket-archive")
	for _, name := range removed {
		assert.True(t, strings.HasPrefix(name, "data-bucket-archive"), name)
	}
	changed := map[string][]string{}
	for _, c := range d.Changed {
		changed[c.Name] = c.Paths
	}
	assert.Equal(t, []string{"priority"}, changed["admin-rule"])
	assert.NotContains(t, changed, "access-alb-client", "the webhook is public: no new callback URL")

	var md bytes.Buffer
	d.WriteMarkdown(&md)
	assert.Contains(t, md.String(), "| ~ | `aws:lb/listenerRule:ListenerRule` | `admin-rule` | `priority` |")
	assert.Contains(t, md.String(), "| - | `aws:s3/bucketV2:BucketV2` | `data-bucket-archive` | |")
	assert.True(t, graph.Diff(Evaluate(t, "staging").Plan(), Evaluate(t, "staging").Plan()).Empty())
}

func TestDiffCommandReadsABasePlan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "base.json")
	require.NoError(t, os.WriteFile(path, planJSON(t, baseOfStaging(t)), 0o644))
	code, stdout, stderr := runCLI("diff", "--stack", "staging", "--base", path, "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `^Stack staging: \d+ to add, \d+ to change, \d+ to replace, \d+ to remove\n`, stdout)
	assert.Contains(t, stdout, "  ~ aws:lb/listenerRule:ListenerRule admin-rule: priority\n")

	require.NoError(t, os.WriteFile(path, []byte(`{"not":"a plan"}`), 0o644))
	code, _, stderr = runCLI("diff", "--stack", "staging", "--base", path, "--dir", projectDir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `not a platform plan: json: unknown field "not"`)
}
