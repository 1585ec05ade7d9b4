package tests

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// A scheduled pause or resume commits only dev's stack file; the push it
// makes deploys dev and skips staging and production (which needs staging,
// so no production approval waits on a schedule). The skipped messages are
// exactly the ones pause.yml commits, for each of its actions.
func TestScheduledPausesDeployOnlyDev(t *testing.T) {
	var pause struct {
		On struct {
			WorkflowDispatch struct {
				Inputs struct {
					Action struct {
						Options []string `yaml:"options"`
					} `yaml:"action"`
				} `yaml:"inputs"`
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Jobs map[string]job `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(mustRead(t, repoRoot+"/.github/workflows/pause.yml")), &pause))
	actions := pause.On.WorkflowDispatch.Inputs.Action.Options
	require.Equal(t, []string{"pause", "resume"}, actions)
	var template string
	for _, s := range pause.Jobs["record"].Steps {
		if m := regexp.MustCompile(`scripts/commit\.sh "([^"]*)\$ACTION([^"]*)" scripts/pause\.sh dev `).FindStringSubmatch(s.Run); m != nil {
			template = m[1] + "%s" + m[2]
		}
	}
	require.Equal(t, "Scheduled %s of dev", template, "pause.yml commits one message per action")

	var skips []string
	for _, action := range actions {
		skips = append(skips, "github.event.head_commit.message != '"+strings.Replace(template, "%s", action, 1)+"'")
	}
	deploy := readWorkflows(t)["deploy.yml"]
	assert.Equal(t, strings.Join(skips, " && "), deploy.Jobs["staging"].If, "staging skips the scheduled commits")
	assert.Empty(t, deploy.Jobs["dev"].If, "dev deploys every push, the scheduled ones included")
	assert.True(t, deploy.Jobs["dev"].needs("test"))
	production := deploy.Jobs["production"]
	assert.True(t, production.needs("staging"), "production is skipped with staging")
	assert.NotRegexp(t, `always\(\)|cancelled\(\)|failure\(\)`, production.If, "a status function would run production after a skipped staging")
}
