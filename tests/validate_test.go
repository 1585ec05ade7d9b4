package tests

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"platform/internal/validate"
)

func TestValidateErrorsNameThePathValueAndWhatIsAllowed(t *testing.T) {
	assert.EqualError(t, validate.Field("cpu", 300, "is not a Fargate size", "one of 256, 512"),
		`validate "cpu": 300 is not a Fargate size, want one of 256, 512`)
	assert.EqualError(t, validate.OneOf("mode", "x", "a", "b"), `validate "mode": "x" is not allowed, want one of a, b`)
	assert.NoError(t, validate.OneOf("mode", "a", "a", "b"))
	assert.EqualError(t, validate.Range("azCount", 7, 2, 6), `validate "azCount": 7 is out of range, want 2 to 6`)
	assert.NoError(t, validate.Range("azCount", 2, 2, 6))
	assert.EqualError(t, validate.Missing("domain", "a DNS name"), `validate "domain": is required, want a DNS name`)
}

func TestNestPrefixesEveryJoinedError(t *testing.T) {
	err := errors.Join(
		validate.Field("cpu", 300, "is bad", ""),
		validate.Field("[web].memory", 1, "is bad", ""),
		errors.New("plain"),
	)
	nested := validate.Nest("services", err)
	assert.Equal(t, "validate \"services.cpu\": 300 is bad\nvalidate \"services[web].memory\": 1 is bad\nservices: plain", nested.Error())
	assert.NoError(t, validate.Nest("x", nil))
	assert.Len(t, validate.Flatten(nested), 3)
}

func TestSecretNamesAreRecognisedOneWay(t *testing.T) {
	for _, name := range []string{"AWS_ACCESS_KEY_ID", "aws_secret_access_key", "ECS_ENGINE_AUTH_DATA", "DB_PASSWORD", "STRIPE_API_KEY", "GITHUB_TOKEN", "JWT_PRIVATE_KEY", "SERVICE_CREDENTIALS"} {
		assert.True(t, validate.SecretName(name), name)
	}
	for _, name := range []string{"DATABASE_HOST", "AWS_REGION", "NODE_ENV", "QUEUE_DEFAULT_URL", "AWS_XRAY_DAEMON_ADDRESS"} {
		assert.False(t, validate.SecretName(name), name)
	}
}
