package tests

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step that creates its stack (pulumi/actions with upsert) names the
// secrets provider: on the S3 backend `pulumi stack init` would otherwise
// pick the passphrase provider and fail without PULUMI_CONFIG_PASSPHRASE. The
// provider is the KMS alias scripts/bootstrap-state.sh creates, in the
// stack's region; with Pulumi Cloud (no PULUMI_BACKEND_URL) it stays unset.
func TestStacksCreatedByAWorkflowUseTheStateKey(t *testing.T) {
	script := mustRead(t, filepath.Join(repoRoot, "scripts", "bootstrap-state.sh"))
	alias := regexp.MustCompile(`--alias-name (alias/[A-Za-z0-9/_-]+)`).FindStringSubmatch(script)
	require.NotNil(t, alias, "bootstrap-state.sh creates the state key's alias")
	want := "${{ vars.PULUMI_BACKEND_URL && format('awskms://" + alias[1] + "?region={0}', vars.AWS_REGION) || '' }}"

	created := 0
	for file, w := range readWorkflows(t) {
		for name, j := range w.Jobs {
			for _, s := range j.Steps {
				if regexp.MustCompile(`^pulumi/actions@`).MatchString(s.Uses) && s.With["upsert"] == true {
					created++
					assert.Equal(t, want, s.With["secrets-provider"], "%s job %s", file, name)
				}
			}
		}
	}
	assert.Equal(t, 1, created, "the preview's up creates its stack; deploys run on stacks made at the first deploy")
}
