package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/stacks"
)

func validRaw() stacks.RawConfig {
	return stacks.RawConfig{"environment": "staging", "domain": "staging.example.com", "owner": "shop",
		"access": `{"github":{"repository":"acme/shop"}}`}
}

func TestParseConfigAcceptsAValidStack(t *testing.T) {
	cfg, err := stacks.ParseConfig("platform", "staging", "eu-west-1", validRaw())
	require.NoError(t, err)
	assert.Equal(t, stacks.Staging, cfg.Tier)
	assert.Equal(t, "eu-west-1", cfg.Region)
	assert.Equal(t, "staging.example.com", cfg.Domain)
}

func TestParseConfigTrimsTheRootDotOfTheDomain(t *testing.T) {
	raw := validRaw()
	raw["domain"] = "staging.example.com."
	cfg, err := stacks.ParseConfig("platform", "staging", "us-east-1", raw)
	require.NoError(t, err)
	assert.Equal(t, "staging.example.com", cfg.Domain)
}

func TestParseConfigRejectsBadInputNamingKeyValueAndAllowed(t *testing.T) {
	cases := []struct {
		name   string
		region string
		edit   func(stacks.RawConfig)
		want   string
	}{
		{"missing region", "", func(stacks.RawConfig) {},
			`validate "aws:region": is required, want an AWS region such as us-east-1`},
		{"bad region", "mars-1", func(stacks.RawConfig) {},
			`validate "aws:region": "mars-1" is not an AWS region, want a region such as us-east-1 or eu-west-1`},
		{"missing environment", "us-east-1", func(r stacks.RawConfig) { delete(r, "environment") },
			`validate "platform:environment": is required, want one of dev, staging, production`},
		{"unknown environment", "us-east-1", func(r stacks.RawConfig) { r["environment"] = "prod" },
			`validate "platform:environment": "prod" is not allowed, want one of dev, staging, production`},
		{"missing domain", "us-east-1", func(r stacks.RawConfig) { delete(r, "domain") },
			`validate "platform:domain": is required, want the base DNS name of the environment, e.g. staging.example.com`},
		{"upper-case domain", "us-east-1", func(r stacks.RawConfig) { r["domain"] = "Staging.Example.com" },
			`validate "platform:domain": "Staging.Example.com" is not a lower-case DNS name, want e.g. staging.example.com`},
		{"domain without a dot", "us-east-1", func(r stacks.RawConfig) { r["domain"] = "localhost" },
			`validate "platform:domain": "localhost" is not a lower-case DNS name, want e.g. staging.example.com`},
		{"missing owner", "us-east-1", func(r stacks.RawConfig) { delete(r, "owner") },
			`validate "platform:owner": is required, want the owning team's name, used as the owner tag`},
		{"tags not an object", "us-east-1", func(r stacks.RawConfig) { r["tags"] = `["a"]` },
			`validate "platform:tags": "[\"a\"]" does not fit this key: a value must be an object, not array, want the shape documented in Pulumi.yaml`},
		{"tag value not a string", "us-east-1", func(r stacks.RawConfig) { r["tags"] = `{"team":1}` },
			`validate "platform:tags": "{\"team\":1}" does not fit this key: a value must be a string, not number, want the shape documented in Pulumi.yaml`},
		{"reserved tag", "us-east-1", func(r stacks.RawConfig) { r["tags"] = `{"Environment":"x"}` },
			`validate "platform:tags.Environment": "x" is set by the platform, want a tag key other than environment, project, stack, managed-by, owner`},
		{"aws: tag prefix", "us-east-1", func(r stacks.RawConfig) { r["tags"] = `{"aws:x":"y"}` },
			`validate "platform:tags": "aws:x" is not a valid tag key, want 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := validRaw()
			tc.edit(raw)
			_, err := stacks.ParseConfig("platform", "staging", tc.region, raw)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestParseConfigReportsEveryProblemAtOnce(t *testing.T) {
	_, err := stacks.ParseConfig("platform", "staging", "", stacks.RawConfig{"environment": "qa"})
	require.Error(t, err)
	for _, key := range []string{"aws:region", "platform:environment", "platform:domain", "platform:owner"} {
		assert.Contains(t, err.Error(), `"`+key+`"`)
	}
}

func TestDefaultTagsCarryThePlatformTagsOverTheUsersTags(t *testing.T) {
	raw := validRaw()
	raw["tags"] = `{"cost-center":"shop"}`
	cfg, err := stacks.ParseConfig("platform", "staging", "us-east-1", raw)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"cost-center": "shop", "environment": "staging", "project": "platform",
		"stack": "staging", "managed-by": "pulumi", "owner": "shop",
	}, cfg.DefaultTags())
}
