package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/schema"
	"platform/stacks"
)

func validRaw() schema.Raw {
	return schema.Raw{"environment": "staging", "domain": "staging.example.com", "owner": "shop",
		"access": `{"github":{"repository":"acme/shop"}}`}
}

func TestParseConfigAcceptsAValidStack(t *testing.T) {
	cfg, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: "eu-west-1"}, validRaw())
	require.NoError(t, err)
	assert.Equal(t, stacks.Staging, cfg.Tier)
	assert.Equal(t, "eu-west-1", cfg.Region)
	assert.Equal(t, "staging.example.com", cfg.Domain)
}

func TestParseConfigTrimsTheRootDotOfTheDomain(t *testing.T) {
	raw := validRaw()
	raw["domain"] = "staging.example.com."
	cfg, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: "us-east-1"}, raw)
	require.NoError(t, err)
	assert.Equal(t, "staging.example.com", cfg.Domain)
}

func TestParseConfigRejectsBadInputNamingKeyValueAndAllowed(t *testing.T) {
	cases := []struct {
		name   string
		region string
		edit   func(schema.Raw)
		want   string
	}{
		{"missing region", "", func(schema.Raw) {},
			`validate "aws:region": is required, want an AWS region such as us-east-1`},
		{"bad region", "mars-1", func(schema.Raw) {},
			`validate "aws:region": "mars-1" is not an AWS commercial Region, want an AWS commercial Region code such as us-east-1 or eu-west-1`},
		{"missing environment", "us-east-1", func(r schema.Raw) { delete(r, "environment") },
			`validate "platform:environment": is required, want one of dev, staging, production`},
		{"unknown environment", "us-east-1", func(r schema.Raw) { r["environment"] = "prod" },
			`validate "platform:environment": "prod" is not allowed, want one of dev, staging, production`},
		{"missing domain", "us-east-1", func(r schema.Raw) { delete(r, "domain") },
			`validate "platform:domain": is required, want the base DNS name of the environment, e.g. staging.example.com`},
		{"upper-case domain", "us-east-1", func(r schema.Raw) { r["domain"] = "Staging.Example.com" },
			`validate "platform:domain": "Staging.Example.com" is not a lower-case DNS name, want e.g. staging.example.com`},
		{"domain without a dot", "us-east-1", func(r schema.Raw) { r["domain"] = "localhost" },
			`validate "platform:domain": "localhost" is not a lower-case DNS name, want e.g. staging.example.com`},
		{"tags not an object", "us-east-1", func(r schema.Raw) { r["tags"] = `["a"]` },
			`validate "platform:tags": is a list, want an object of names to values`},
		{"tag value not a string", "us-east-1", func(r schema.Raw) { r["tags"] = `{"team":1}` },
			`validate "platform:tags.team": 1 is a number, want a string`},
		{"reserved tag", "us-east-1", func(r schema.Raw) { r["tags"] = `{"Environment":"x"}` },
			`validate "platform:tags.Environment": "x" is set by the platform, want a tag key other than environment, project, stack, managed-by, owner`},
		{"aws: tag prefix", "us-east-1", func(r schema.Raw) { r["tags"] = `{"aws:x":"y"}` },
			`validate "platform:tags.aws:x": the key starts with aws:, which is reserved for AWS in any case, want at most 50 tags, keys of 1 to 127 and values of up to 256 letters, digits, spaces and _.:/=+-@, not starting with aws:`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := validRaw()
			tc.edit(raw)
			_, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: tc.region}, raw)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestParseConfigReportsEveryProblemAtOnce(t *testing.T) {
	_, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: ""}, schema.Raw{"environment": "qa"})
	require.Error(t, err)
	for _, key := range []string{"aws:region", "platform:environment", "platform:domain"} {
		assert.Contains(t, err.Error(), `"`+key+`"`)
	}
}

func TestDefaultTagsCarryThePlatformTagsOverTheUsersTags(t *testing.T) {
	raw := validRaw()
	raw["tags"] = `{"cost-center":"shop"}`
	cfg, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: "us-east-1"}, raw)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"cost-center": "shop", "environment": "staging", "project": "platform",
		"stack": "staging", "managed-by": "pulumi", "owner": "shop",
	}, cfg.DefaultTags())
}

func TestRegionsTagsAndSchedulesFollowAWSTables(t *testing.T) {
	cases := []struct {
		name, region string
		edit         func(schema.Raw)
		want         string
	}{
		{"a region written as its name", "US West 2", func(schema.Raw) {},
			`validate "aws:region": "US West 2" is not an AWS commercial Region, want an AWS commercial Region code such as us-west-2`},
		{"a backup copy to an unknown region", "us-east-1", func(r schema.Raw) {
			r["observability"] = `{"emails":["ops@example.com"],"backupCopyRegion":"us-west-9"}`
		},
			`validate "platform:observability.backupCopyRegion": "us-west-9" is not an AWS commercial Region`},
		{"a backup copy to the stack's own region", "us-east-1", func(r schema.Raw) {
			r["observability"] = `{"emails":["ops@example.com"],"backupCopyRegion":"us-east-1"}`
		},
			`validate "platform:observability.backupCopyRegion": "us-east-1" is the stack's own region`},
		{"a tag value over 256 characters", "us-east-1", func(r schema.Raw) { r["tags"] = `{"team":"` + strings.Repeat("x", 257) + `"}` },
			`validate "platform:tags.team":`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := validRaw()
			tc.edit(raw)
			_, err := stacks.ParseConfig(stacks.Environment{Project: "platform", Stack: "staging", Region: tc.region}, raw)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
