package tests

import (
	"platform/internal/graph"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/access"
)

const (
	certType       = "aws:acm/certificate:Certificate"
	validationType = "aws:acm/certificateValidation:CertificateValidation"
	recordType     = "aws:route53/record:Record"
	roleType       = "aws:iam/role:Role"
	rolePolicyType = "aws:iam/rolePolicy:RolePolicy"
	attachmentType = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	userPoolType   = "aws:cognito/userPool:UserPool"
	clientType     = "aws:cognito/userPoolClient:UserPoolClient"
)

// accessArgs are valid component args for a stack named "test".
func accessArgs() *access.AccessLayerArgs {
	return &access.AccessLayerArgs{
		Domain: "test.example.com",
		GitHub: access.GitHubArgs{Repository: "acme/shop", DeployEnvironment: "test"},
	}
}

// evaluateAccess runs an AccessLayer alone, optionally with a us-east-1 CDN provider.
func evaluateAccess(t *testing.T, region string, args *access.AccessLayerArgs, cdn bool) *graph.Graph {
	t.Helper()
	g, err := evaluateProgram(t, region, withProvider(region, func(ctx *pulumi.Context, onAWS pulumi.ResourceOption) error {
		if cdn {
			edge, err := aws.NewProvider(ctx, "aws-us-east-1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
			if err != nil {
				return err
			}
			args.CDNProvider = edge
		}
		_, err := access.NewAccessLayer(ctx, "access", args, onAWS)
		return err
	}))
	require.NoError(t, err)
	return g
}

func TestCertificateCoversApexAndWildcardValidatedInTheZone(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			g := Evaluate(t, stack)
			domain := g.Outputs["domain"].(string)
			cert := only(t, g, certType, "access-certificate")
			assert.Equal(t, domain, cert.Input("domainName"))
			assert.Equal(t, []any{"*." + domain}, cert.Input("subjectAlternativeNames"))
			assert.Equal(t, "DNS", cert.Input("validationMethod"))

			record := only(t, g, recordType, "access-certificate-validation-record")
			assert.Equal(t, g.Outputs["zoneId"], record.Input("zoneId"))
			assert.Equal(t, cert.Output("domainValidationOptions.0.resourceRecordName"), record.Input("name"))
			assert.Equal(t, []any{cert.Output("domainValidationOptions.0.resourceRecordValue")}, record.Input("records"))
			// The wildcard's record is the apex's: one record validates both.
			assert.Equal(t, cert.Output("domainValidationOptions.0.resourceRecordName"), cert.Output("domainValidationOptions.1.resourceRecordName"))

			validation := only(t, g, validationType, "access-certificate-validation")
			assert.Equal(t, cert.Output("arn"), validation.Input("certificateArn"))
			assert.Equal(t, []any{record.Output("fqdn")}, validation.Input("validationRecordFqdns"))
			assert.Equal(t, validation.Output("certificateArn"), g.Outputs["certificateArn"], "the exported ARN waits for validation")
		})
	}
}

func TestZoneIsCreatedOrLookedUpAsConfigured(t *testing.T) {
	staging := Evaluate(t, "staging")
	zone := only(t, staging, "aws:route53/zone:Zone", "access-zone")
	assert.Equal(t, "staging.shop.example.com", zone.Input("name"))
	assert.Equal(t, zone.Output("zoneId"), staging.Outputs["zoneId"])
	assert.False(t, zone.Protect)

	production := Evaluate(t, "production")
	assert.Empty(t, production.ByType("aws:route53/zone:Zone"), "production looks its zone up")
	assert.Regexp(t, `^Z[0-9A-Z]{13}$`, production.Outputs["zoneId"])

	created, err := EvaluateAlone(t, "production", map[string]string{"platform:access": `{"zone":"create","github":{"repository":"acme/shop"}}`})
	require.NoError(t, err)
	assert.True(t, only(t, created, "aws:route53/zone:Zone", "access-zone").Protect, "a production zone is protected")
}

func TestCDNCertificateIsIssuedInUSEast1OnlyWhenAsked(t *testing.T) {
	g := evaluateAccess(t, "eu-west-1", accessArgs(), true)
	edge := only(t, g, certType, "access-cdn-certificate")
	regional := only(t, g, certType, "access-certificate")
	edgeProvider := only(t, g, "pulumi:providers:aws", "aws-us-east-1")
	assert.Equal(t, edgeProvider.URN, edge.Provider)
	assert.Equal(t, "us-east-1", edgeProvider.Input("region"))
	assert.True(t, strings.HasPrefix(edge.Output("arn").(string), "arn:aws:acm:us-east-1:"), edge.Output("arn"))
	assert.True(t, strings.HasPrefix(regional.Output("arn").(string), "arn:aws:acm:eu-west-1:"), regional.Output("arn"))
	assert.Equal(t, "test.example.com", edge.Input("domainName"))
	assert.Len(t, g.ByType(validationType), 2)

	without := evaluateAccess(t, "eu-west-1", accessArgs(), false)
	assert.Len(t, without.ByType(certType), 1)
}

func TestGitHubRolesTrustOnlyTheRepositoryThroughOIDC(t *testing.T) {
	cases := []struct {
		stack, oidcProvider string
	}{
		{"dev", ""}, {"staging", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, {"production", ""},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			g := Evaluate(t, tc.stack)
			providerArn := tc.oidcProvider
			if providers := g.ByType("aws:iam/openIdConnectProvider:OpenIdConnectProvider"); tc.oidcProvider == "" {
				require.Len(t, providers, 1)
				assert.Equal(t, "https://token.actions.githubusercontent.com", providers[0].Input("url"))
				assert.Equal(t, []any{"sts.amazonaws.com"}, providers[0].Input("clientIdLists"))
				providerArn = providers[0].Output("arn").(string)
			} else {
				assert.Empty(t, providers, "a stack that looks the provider up must not create a second one")
			}
			subjects := map[string][]string{
				"access-github-preview": {"repo:acme/shop:environment:preview"},
				"access-github-deploy":  {"repo:acme/shop:environment:" + tc.stack},
			}
			for role, subject := range subjects {
				trust := policyAt(t, only(t, g, roleType, role), "assumeRolePolicy")
				require.Len(t, trust.Statement, 1)
				s := trust.Statement[0]
				assert.Equal(t, "Allow", s.Effect)
				assert.Equal(t, []string{"sts:AssumeRoleWithWebIdentity"}, s.Action)
				assert.Equal(t, map[string]string{"Federated": providerArn}, s.Principal)
				assert.Equal(t, map[string]map[string][]string{"StringEquals": {
					"token.actions.githubusercontent.com:aud": {"sts.amazonaws.com"},
					"token.actions.githubusercontent.com:sub": subject,
				}}, s.Condition)
			}
			assert.Empty(t, g.ByType("aws:iam/user:User"), "no IAM users")
			assert.Empty(t, g.ByType("aws:iam/accessKey:AccessKey"), "no access keys")
		})
	}
}

func TestExecutionRoleReadsExactlyTheDeclaredSecrets(t *testing.T) {
	args := accessArgs()
	secret := "arn:aws:secretsmanager:us-east-1:123456789012:secret:platform-test-db-AbCdEf"
	parameter := "arn:aws:ssm:us-east-1:123456789012:parameter/platform-test/app-key"
	args.ExecutionSecretARNs = []pulumi.StringInput{pulumi.String(secret)}
	args.ExecutionParameterARNs = []pulumi.StringInput{pulumi.String(parameter)}
	g := evaluateAccess(t, "us-east-1", args, false)

	policy := policyAt(t, only(t, g, rolePolicyType, "access-execution-policy"), "policy")
	bySid := map[string][]string{}
	for _, s := range policy.Statement {
		assert.Equal(t, "Allow", s.Effect)
		bySid[s.Sid] = s.Resource
	}
	assert.Equal(t, map[string][]string{
		"EcrLogin":               {"*"},
		"PullStackImages":        {"arn:aws:ecr:us-east-1:123456789012:repository/platform-test-*"},
		"WriteStackTaskLogs":     {"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/platform-test-*:*"},
		"ReadDeclaredSecrets":    {secret},
		"ReadDeclaredParameters": {parameter},
	}, bySid)

	trust := policyAt(t, only(t, g, roleType, "access-execution-role"), "assumeRolePolicy")
	assert.Equal(t, map[string]string{"Service": "ecs-tasks.amazonaws.com"}, trust.Statement[0].Principal)

	// In the stacks, the role reads exactly the secrets the workloads declare.
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		var read []string
		for _, s := range policyAt(t, only(t, g, rolePolicyType, "access-execution-policy"), "policy").Statement {
			if s.Sid == "ReadDeclaredSecrets" {
				read = s.Resource
			}
		}
		assert.ElementsMatch(t, []string{
			only(t, g, dbInstanceType, "data-db").Output("masterUserSecrets.0.secretArn").(string),
			only(t, g, "aws:secretsmanager/secret:Secret", "data-cache-auth-secret").Output("arn").(string),
			only(t, g, "aws:secretsmanager/secret:Secret", "data-broker-secret").Output("arn").(string),
		}, read, stack)
	}
	without, err := EvaluateAlone(t, "staging", nil)
	require.NoError(t, err)
	for _, s := range policyAt(t, only(t, without, rolePolicyType, "access-execution-policy"), "policy").Statement {
		assert.NotContains(t, s.Action, "secretsmanager:GetSecretValue", "nothing declared, nothing readable")
	}
}

func TestCognitoGateExistsOnlyForGatedHosts(t *testing.T) {
	assert.Empty(t, Evaluate(t, "production").ByType(userPoolType), "production gates no host")
	assert.Len(t, Evaluate(t, "staging").ByType(userPoolType), 1)
	assert.Empty(t, evaluateAccess(t, "us-east-1", accessArgs(), false).ByType(userPoolType))

	args := accessArgs()
	args.GatedHosts = []string{"web.test.example.com", "admin.test.example.com"}
	args.MFA = access.MFARequired
	g := evaluateAccess(t, "us-east-1", args, false)
	pool := only(t, g, userPoolType, "access-user-pool")
	assert.Equal(t, true, pool.Input("adminCreateUserConfig.allowAdminCreateUserOnly"), "invitation only")
	assert.Equal(t, 14.0, pool.Input("passwordPolicy.minimumLength"))
	for _, rule := range []string{"requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"} {
		assert.Equal(t, true, pool.Input("passwordPolicy."+rule), rule)
	}
	assert.Equal(t, "ON", pool.Input("mfaConfiguration"))
	assert.Equal(t, true, pool.Input("softwareTokenMfaConfiguration.enabled"))

	client := only(t, g, clientType, "access-alb-client")
	assert.Equal(t, []any{"https://web.test.example.com/oauth2/idpresponse", "https://admin.test.example.com/oauth2/idpresponse"}, client.Input("callbackUrls"))
	assert.Equal(t, true, client.Input("generateSecret"))
	assert.Equal(t, []any{"code"}, client.Input("allowedOauthFlows"))
	assert.Equal(t, pool.ID, client.Input("userPoolId"))
	assert.Equal(t, graph.SecretMarker, client.Output("clientSecret"), "the client secret stays secret")
	domain := only(t, g, "aws:cognito/userPoolDomain:UserPoolDomain", "access-user-pool-domain")
	assert.Equal(t, "platform-test-login-123456789012", domain.Input("domain"))
}

func TestWebACLRunsManagedRulesAndTheRateLimit(t *testing.T) {
	g, err := EvaluateAlone(t, "staging", map[string]string{"platform:access": `{"wafRateLimit":500,"github":{"repository":"acme/shop"}}`})
	require.NoError(t, err)
	acl := only(t, g, "aws:wafv2/webAcl:WebAcl", "access-web-acl")
	assert.Equal(t, "REGIONAL", acl.Input("scope"))
	assert.Equal(t, true, acl.Input("visibilityConfig.cloudwatchMetricsEnabled"))
	rules := acl.Input("rules").([]any)
	require.Len(t, rules, 5)
	for i, group := range access.ManagedRuleGroups {
		assert.Equal(t, group, acl.Input("rules."+strconv.Itoa(i)+".statement.managedRuleGroupStatement.name"))
		assert.Equal(t, float64(i+1), acl.Input("rules."+strconv.Itoa(i)+".priority"))
		assert.Equal(t, true, acl.Input("rules."+strconv.Itoa(i)+".visibilityConfig.cloudwatchMetricsEnabled"))
	}
	// The core rule set's 8 KB body rule only counts; the platform's own rule
	// blocks on its label, here everywhere (no path takes large bodies).
	assert.Equal(t, "SizeRestrictions_BODY", acl.Input("rules.0.statement.managedRuleGroupStatement.ruleActionOverrides.0.name"))
	assert.Equal(t, "BodySizeLimit", acl.Input("rules.3.name"))
	assert.Equal(t, "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body", acl.Input("rules.3.statement.labelMatchStatement.key"))
	assert.NotNil(t, acl.Input("rules.3.action.block"))
	assert.Equal(t, 500.0, acl.Input("rules.4.statement.rateBasedStatement.limit"))
	assert.Equal(t, "IP", acl.Input("rules.4.statement.rateBasedStatement.aggregateKeyType"))
	assert.NotNil(t, acl.Input("rules.4.action.block"))
}

func TestMailDomainIsVerifiedWithDKIMAndMailFrom(t *testing.T) {
	g := Evaluate(t, "production")
	identity := only(t, g, "aws:ses/domainIdentity:DomainIdentity", "access-mail-identity")
	assert.Equal(t, "shop.example.com", identity.Input("domain"))
	dkim := only(t, g, "aws:ses/domainDkim:DomainDkim", "access-mail-dkim")
	for i := 0; i < 3; i++ {
		record := only(t, g, recordType, "access-mail-dkim-"+strconv.Itoa(i))
		token := dkim.Output("dkimTokens." + strconv.Itoa(i)).(string)
		assert.Equal(t, token+"._domainkey.shop.example.com", record.Input("name"))
		assert.Equal(t, []any{token + ".dkim.amazonses.com"}, record.Input("records"))
	}
	assert.Equal(t, "bounce.shop.example.com", only(t, g, "aws:ses/mailFrom:MailFrom", "access-mail-from").Input("mailFromDomain"))
	assert.Equal(t, []any{"10 feedback-smtp.us-east-1.amazonses.com"}, only(t, g, recordType, "access-mail-from-mx").Input("records"))
	send := policyAt(t, only(t, g, "aws:iam/policy:Policy", "access-send-mail"), "policy")
	assert.Equal(t, []string{identity.Output("arn").(string)}, send.Statement[0].Resource)

	assert.Empty(t, evaluateAccess(t, "us-east-1", accessArgs(), false).ByType("aws:ses/domainIdentity:DomainIdentity"), "no mail domain, no SES")
}

func TestAccessRejectsBadConfigBeforeAnyResource(t *testing.T) {
	cases := []struct {
		access string
		want   string
	}{
		{`{}`, `validate "platform:access.github.repository": is required, want the GitHub repository allowed to deploy, as "owner/name"`},
		{`{"github":{"repository":"shop"}}`, `validate "platform:access.github.repository": "shop" is not a GitHub repository, want "owner/name"`},
		{`{"zone":"create","zoneName":"shop.example.com","github":{"repository":"acme/shop"}}`,
			`validate "platform:access.zoneName": "shop.example.com" names a zone to look up but zone is "create", want zone "lookup", or no zoneName`},
		{`{"zone":"lookup","zoneName":"other.com","github":{"repository":"acme/shop"}}`,
			`validate "platform:access.zoneName": "other.com" is not the domain or a parent of it, want staging.shop.example.com or a parent zone`},
		{`{"zone":"import","github":{"repository":"acme/shop"}}`, `validate "platform:access.zone": "import" is not allowed, want one of create, lookup`},
		{`{"github":{"repository":"acme/shop","oidcProvider":"reuse"}}`, `validate "platform:access.github.oidcProvider": "reuse" is not allowed, want one of create, lookup`},
		{`{"mfa":"sms","github":{"repository":"acme/shop"}}`, `validate "platform:access.mfa": "sms" is not allowed, want one of off, optional, required`},
		{`{"mailDomain":"mail.other.com","github":{"repository":"acme/shop"}}`,
			`validate "platform:access.mailDomain": "mail.other.com" is not the domain or a name under it, want staging.shop.example.com or e.g. mail.staging.shop.example.com`},
		{`{"wafRateLimit":10,"github":{"repository":"acme/shop"}}`, `validate "platform:access.wafRateLimit": 10 is out of range, want 100 to 2000000000`},
		{`{"github":{"repo":"acme/shop"}}`, `validate "platform:access.github.repo": "repo" is not a key of platform:access.github, want one of applications, deployEnvironment, oidcProvider, previewEnvironment, previewStacksEnvironment, pushEnvironment, repository, state`},
	}
	for _, tc := range cases {
		t.Run(tc.access, func(t *testing.T) {
			g, err := EvaluateAlone(t, "staging", map[string]string{"platform:access": tc.access})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestGatedHostsMustLiveUnderTheDomainOnce(t *testing.T) {
	args := accessArgs()
	args.GatedHosts = []string{"web.test.example.com", "web.other.com", "web.test.example.com"}
	assert.EqualError(t, args.Validate(), `validate "gatedHosts[1]": "web.other.com" is not a host under the domain, want a name under test.example.com`+"\n"+
		`validate "gatedHosts[2]": "web.test.example.com" is listed twice, want each host once`)
}
