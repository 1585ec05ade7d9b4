package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"platform/policy"
)

// A posture finding names the workload or layer its resource belongs to, so
// that it points at what the user configured.
func TestPostureFindingsNameTheirWorkloadOrLayer(t *testing.T) {
	messages := map[string]string{}
	for _, f := range policy.Evaluate(Evaluate(t, "production"), "production").Findings {
		messages[f.Name] = f.Message
	}
	assert.Regexp(t, `^aws:cloudfront/distribution:Distribution frontend-cdn: .* \(part of platform:compute:\w+ frontend\)$`, messages["frontend-cdn"])
	assert.Regexp(t, `\(part of platform:data:\w+ data\)$`, messages["data-cache-auth-secret"])
}
