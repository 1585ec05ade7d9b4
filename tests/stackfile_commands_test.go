package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The commands the workflows run on the stack files (promote in deploy.yml's
// production job, github in the setup) read them as the plan does: a file
// that sets product overrides, secret values and, after `platform place`,
// platform:placement is accepted, not refused as "not a key of this project".
func TestPromoteAndGithubReadStackFilesWithOverridesAndPlacement(t *testing.T) {
	stackFile := func(stack, account string) string {
		return mustRead(t, filepath.Join(projectDir, "Pulumi."+stack+".yaml")) +
			"  aws:allowedAccountIds: [\"" + account + "\"]\n" +
			"  platform:secretValues:\n    app-key:\n      secure: v1:b3JkZXJzLWFwcC1rZXk=\n" +
			"  platform:overrides:\n    orders:\n      environment:\n        APP_ENV: " + stack + "\n      secrets:\n        APP_KEY: secret:app-key\n"
	}
	dir := copyFixture(t, map[string]string{
		// dev creates the GitHub OIDC provider staging looks up in their account.
		"Pulumi.dev.yaml":        mustRead(t, filepath.Join(projectDir, "Pulumi.dev.yaml")) + "  aws:allowedAccountIds: [\"111111111111\"]\n",
		"Pulumi.staging.yaml":    stackFile("staging", "111111111111"),
		"Pulumi.production.yaml": stackFile("production", "222222222222"),
	})
	place(t, dir, "staging")
	place(t, dir, "production")
	for _, stack := range []string{"staging", "production"} {
		text, err := os.ReadFile(filepath.Join(dir, "Pulumi."+stack+".yaml"))
		require.NoError(t, err)
		require.Contains(t, string(text), "platform:placement:", "place records the placement in %s", stack)
	}

	code, stdout, stderr := runCLI("promote", "--from", "staging", "--to", "production", "--registries", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "111111111111.dkr.ecr.us-east-1.amazonaws.com us-east-1\n222222222222.dkr.ecr.us-east-1.amazonaws.com us-east-1\n", stdout)

	code, stdout, stderr = runCLI("github", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "production")
}
