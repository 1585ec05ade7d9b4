package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The product files feed every stack: a pull request that changes
// workloads/ (or a function's source folder, wherever it is) gets a
// `pulumi preview` of each stack, like a change of the Go program.
func TestChangedStacksCountsTheProductAsTheProgram(t *testing.T) {
	const every = `{"include":[` +
		`{"stack":"live","role":"AWS_PREVIEW_ROLE_ARN_LIVE","region":"us-east-1"},` +
		`{"stack":"prod","role":"AWS_PREVIEW_ROLE_ARN_PROD","region":"eu-west-1"},` +
		`{"stack":"sandbox","role":"AWS_PREVIEW_ROLE_ARN_SANDBOX","region":"us-east-1"}]}` + "\n"
	const none = `{"include":[]}` + "\n"
	base := map[string]string{
		"workloads/api.yaml":      "kind: service\nrepository: api\n",
		"workloads/resize.yaml":   "kind: function\nsource: ./functions/resize/\n",
		"functions/resize/app.py": "def handler(event, context): pass\n",
		"functions/other/app.py":  "",
		"Pulumi.pr.yaml.template": "config: {}\n",
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"a workload file", "workloads/api.yaml", every},
		{"a new workload file", "workloads/web.yaml", every},
		{"a file in a function's source folder outside workloads/", "functions/resize/app.py", every},
		{"a folder that is no function's source", "functions/other/app.py", none},
		{"a folder whose name only begins like a source", "functions/resize-old/app.py", none},
		{"the preview template (no persistent stack)", "Pulumi.pr.yaml.template", none},
		{"documentation", "docs/workloads.md", none},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := scriptsFixture(t)
			write := func(name, text string) {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
			}
			commit := func(message string) {
				git(t, dir, "add", ".")
				git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message)
			}
			for name, text := range base {
				write(name, text)
			}
			commit("product")
			write(c.file, "changed\n")
			commit("change")
			assert.Equal(t, c.want, runScript(t, dir, "changed-stacks.sh", "HEAD~1"))
		})
	}
}
