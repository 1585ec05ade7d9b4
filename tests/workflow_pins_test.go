package tests

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The image scanner is a third-party action: it is pinned by commit (its
// unprefixed tags such as 0.28.0 were removed after the 2026 compromise, so a
// tag pin stops resolving), and no checkout of the job that runs it leaves a
// token in .git/config for it to read.
func TestTheScannerIsPinnedByCommitAndFindsNoPersistedToken(t *testing.T) {
	build := readWorkflows(t)["build-image.yml"].Jobs["build"]
	commit := regexp.MustCompile(`^aquasecurity/trivy-action@[0-9a-f]{40}$`)
	scans, checkouts := 0, 0
	for _, s := range build.Steps {
		if strings.HasPrefix(s.Uses, "aquasecurity/trivy-action@") {
			scans++
			assert.Regexp(t, commit, s.Uses, "%s", s.Name)
		}
		if strings.HasPrefix(s.Uses, "actions/checkout@") {
			checkouts++
			assert.Equal(t, false, s.With["persist-credentials"], "checkout %q keeps no token in .git/config", s.Name)
		}
	}
	assert.Equal(t, 2, scans, "one scan per architecture")
	assert.Equal(t, 2, checkouts, "the application and the platform's stack files")
}
