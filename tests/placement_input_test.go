package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// appendTo appends text to a file: a stack file's config ends it.
func appendTo(t *testing.T, path, text string) {
	t.Helper()
	old, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(old, text...), 0o644))
}

// A recorded placement is read strictly: both fields, in range, known keys.
// A preview's own is refused (it follows its base's), and a bad record in
// the base stack's file is refused in the preview too, naming that file.
func TestRecordedPlacementRefusals(t *testing.T) {
	for _, c := range []struct {
		name, file, stack, text, want string
	}{
		{"priority missing", "Pulumi.staging.yaml", "staging", "  platform:placement:\n    frontend: {loadBalancer: 0}\n",
			`"platform:placement.frontend.priority": is required, want the priority platform place recorded, 1 to 29999`},
		{"no such load balancer", "Pulumi.staging.yaml", "staging", "  platform:placement:\n    frontend: {loadBalancer: 50, priority: 100}\n",
			`"platform:placement.frontend.loadBalancer": 50 is out of range, want 0 to 49`},
		{"unknown field", "Pulumi.staging.yaml", "staging", "  platform:placement:\n    frontend: {lb: 0, priority: 100}\n",
			`"platform:placement.frontend.lb": "lb" is not a key of platform:placement.frontend, want one of loadBalancer, priority`},
		{"a preview's own", "Pulumi.pr-5.yaml", "pr-5", "  platform:placement:\n    frontend: {loadBalancer: 0, priority: 100}\n",
			`"platform:placement": is ignored in a preview: a preview's services follow their base stack's recorded placement`},
		{"the base's, read by the preview", "Pulumi.dev.yaml", "pr-5", "  platform:placement:\n    frontend: {loadBalancer: -1, priority: 100}\n",
			`"Pulumi.dev.yaml: platform:placement.frontend.loadBalancer": -1 is out of range, want 0 to 49`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyFixture(t, map[string]string{"Pulumi.pr-5.yaml": previewFile("5", "")("")})
			appendTo(t, filepath.Join(dir, c.file), c.text)
			err := validateStack(t, dir, c.stack)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// An entry of a service the product no longer has is no error: its spot
// is free, and platform place drops it.
func TestARemovedServicesRecordIsDropped(t *testing.T) {
	dir := copyFixture(t, nil)
	appendTo(t, filepath.Join(dir, "Pulumi.staging.yaml"), "  platform:placement:\n    gone: {loadBalancer: 0, priority: 100}\n")
	require.NoError(t, validateStack(t, dir, "staging"))
	out := place(t, dir, "staging")
	assert.Contains(t, out, "staging: platform:placement.gone dropped: no longer a service\n")
	assert.Contains(t, out, "staging: platform:placement.frontend added: load balancer 0, priority ")
	text, err := os.ReadFile(filepath.Join(dir, "Pulumi.staging.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(text), "gone:")
	assert.Contains(t, string(text), "    frontend: {loadBalancer: 0, priority: ")
}
