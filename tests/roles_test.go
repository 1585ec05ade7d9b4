package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
)

func TestDeployRoleCanRunItsStacksUpAndOnlyThat(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			g := Evaluate(t, stack)
			statements, docs := rolePolicies(t, g, "access-github-deploy")
			checkSizes(t, "deploy", docs)
			req := requiredBy(t, g)
			require.NotEmpty(t, req.writes)
			checkGrants(t, statements, req, []string{stack}, "platform-"+stack)
			// The CI staging up failed on this: it takes only "*".
			assert.True(t, slices.ContainsFunc(statements, func(s statement) bool { return s.allows("iam:ListOpenIDConnectProviders") && s.onAny() }))
			for _, action := range []string{"iam:UpdateRoleDescription", "iam:CreateOpenIDConnectProvider", "iam:TagOpenIDConnectProvider"} {
				assert.True(t, slices.ContainsFunc(statements, func(s statement) bool { return s.allows(action) && s.stackScoped([]string{stack}, "platform-"+stack) }), action)
			}
			var promotes []string
			for _, s := range statements {
				assert.NotContains(t, s.Action, "*", s.Sid)
				if s.Sid == "PullPromotedImages" {
					promotes = s.Resource
				}
			}
			if stack == "production" {
				assert.Equal(t, []string{"arn:aws:ecr:us-east-1:" + offlineAccount + ":repository/platform-staging-*"}, promotes, "production's deploy pulls the images it promotes")
			} else {
				assert.Nil(t, promotes, "%s promotes no images", stack)
			}
		})
	}
}

func TestEveryRoleCarriesABoundaryThatStopsWidening(t *testing.T) {
	for _, stack := range persistentStacks {
		t.Run(stack, func(t *testing.T) {
			g := Evaluate(t, stack)
			boundary := only(t, g, managedPolicyType, "boundary")
			assert.Equal(t, "platform-"+stack+"-boundary", boundary.Input("name"))
			previews := g.One(managedPolicyType, "access-previews-boundary")
			assert.Equal(t, stack == "dev", previews != nil, "only the stack that hosts previews makes their boundary")
			for _, role := range g.ByType(roleType) {
				want := boundary.Output("arn")
				if role.Name == "access-github-previews" {
					want = previews.Output("arn")
				}
				assert.Equal(t, want, role.Input("permissionsBoundary"), role.Name)
				for _, s := range policyAt(t, role, "assumeRolePolicy").Statement {
					if s.Principal["Service"] != "" {
						assert.Equal(t, []string{offlineAccount}, s.Condition["StringEquals"]["aws:SourceAccount"], "%s trusts %s only from its account", role.Name, s.Principal["Service"])
					}
				}
			}
			doc := policyAt(t, boundary, "policy")
			denies := map[string]map[string]map[string][]string{}
			for _, s := range doc.Statement {
				if s.Effect == "Deny" {
					denies[s.Sid] = s.Condition
				}
			}
			assert.Equal(t, map[string][]string{"aws:ResourceTag/stack": {"false"}}, denies["NotOtherStacks"]["Null"])
			assert.Equal(t, map[string][]string{"aws:ResourceTag/stack": {stack}}, denies["NotOtherStacks"]["StringNotLike"])
			assert.Equal(t, map[string][]string{"aws:RequestTag/stack": {stack}}, denies["NotTaggingForOtherStacks"]["StringNotLike"])
			assert.Contains(t, denies["RolesOnlyWithBoundary"]["StringNotEquals"]["iam:PermissionsBoundary"], boundary.Output("arn"))
			pullFrom := []string{stack}
			if stack == "production" {
				pullFrom = append(pullFrom, "staging") // promote-images.sh copies staging's images
			}
			assert.Equal(t, map[string][]string{"aws:ResourceTag/stack": pullFrom}, denies["NoImagesOfOtherStacks"]["StringNotLike"])
			for _, sid := range []string{"BoundaryStays", "BoundariesUnchanged", "GitHubTrustUnchanged"} {
				assert.Contains(t, denies, sid)
			}
			assert.LessOrEqual(t, iamdoc.Chars(boundary.Input("policy").(string)), iamdoc.ManagedPolicyMaxChars)
		})
	}
}

func TestPreviewRoleRunsPreviewWithoutWritesOrData(t *testing.T) {
	state := `{"github":{"repository":"acme/shop","state":{"bucket":"acme-pulumi-state","key":"alias/pulumi-state"}}}`
	g, err := EvaluateAlone(t, "staging", map[string]string{"platform:access": state})
	require.NoError(t, err)
	trust := policyAt(t, only(t, g, roleType, "access-github-preview"), "assumeRolePolicy")
	assert.Equal(t, []string{"repo:acme/shop:environment:preview"}, trust.Statement[0].Condition["StringEquals"]["token.actions.githubusercontent.com:sub"],
		"only the preview environment, not any pull_request job")

	statements, docs := rolePolicies(t, g, "access-github-preview")
	checkSizes(t, "preview", docs)
	var invokes []string
	for _, actions := range awsfacts.Invokes {
		invokes = append(invokes, actions...)
	}
	for _, action := range invokes {
		assert.True(t, slices.ContainsFunc(statements, func(s statement) bool { return s.allows(action) }), "preview runs the look-up needing %s", action)
	}
	stateFile := "arn:aws:s3:::acme-pulumi-state/.pulumi/stacks/platform/staging.json*"
	for _, s := range statements {
		require.Equal(t, "Allow", s.Effect)
		for _, a := range s.Action {
			switch {
			case a == "kms:Decrypt":
				assert.Equal(t, []string{"arn:aws:kms:us-east-1:" + offlineAccount + ":key/*"}, s.Resource)
				assert.Equal(t, map[string]map[string][]string{"ForAnyValue:StringEquals": {"kms:ResourceAliases": {"alias/pulumi-state"}}}, s.Condition,
					"decrypts the stack's secrets with the state key only")
			case a == "s3:GetObject":
				assert.ElementsMatch(t, []string{"arn:aws:s3:::acme-pulumi-state/.pulumi/meta.yaml", stateFile}, s.Resource, "reads only its stack's state")
			case a == "s3:ListBucket" || a == "s3:GetBucketLocation":
				assert.Equal(t, []string{"arn:aws:s3:::acme-pulumi-state"}, s.Resource)
			default:
				assert.Contains(t, invokes, a, "the preview role holds only what preview's look-ups call")
				assert.NotContains(t, awsfacts.DataPlaneReads, a)
			}
		}
	}
	assert.True(t, slices.ContainsFunc(statements, func(s statement) bool { return s.allows("kms:Decrypt") }), "the preview role can decrypt its stack's secrets")

	deploy, _ := rolePolicies(t, g, "access-github-deploy")
	for _, action := range []string{"s3:PutObject", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"} {
		assert.True(t, slices.ContainsFunc(deploy, func(s statement) bool { return s.allows(action) && !s.onAny() }), "deploy uses the state: %s", action)
	}
}

func TestPreviewStacksDeployWithARoleLimitedToPrResources(t *testing.T) {
	dev := Evaluate(t, "dev")
	trust := policyAt(t, only(t, dev, roleType, "access-github-previews"), "assumeRolePolicy")
	assert.Equal(t, []string{"repo:acme/shop:environment:preview-stacks"}, trust.Statement[0].Condition["StringEquals"]["token.actions.githubusercontent.com:sub"])
	for _, stack := range []string{"staging", "production"} {
		assert.Nil(t, Evaluate(t, stack).One(roleType, "access-github-previews"), "%s hosts no previews", stack)
	}
	statements, docs := rolePolicies(t, dev, "access-github-previews")
	checkSizes(t, "previews", docs)

	pr := Evaluate(t, "pr-42")
	req := requiredBy(t, pr)
	var onBase []statement
	for _, s := range statements {
		if s.Sid == "AttachToBaseStack" {
			onBase = append(onBase, s)
			assert.Equal(t, map[string]map[string][]string{"StringEquals": {"aws:ResourceTag/stack": {"dev"}}}, s.Condition)
			// Only what attaches the preview's own resources to dev's: never
			// changing or deleting dev's services, target groups or rules.
			assert.Equal(t, []string{"cognito-idp:CreateUserPoolClient", "cognito-idp:DeleteUserPoolClient", "cognito-idp:UpdateUserPoolClient",
				"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup",
				"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "elasticloadbalancing:CreateRule", "servicediscovery:CreateService"}, s.Action)
			continue
		}
		if s.onAny() && len(s.Condition) == 0 {
			continue
		}
		assert.True(t, s.stackScoped([]string{"pr-*"}, "platform-pr"), "%s reaches only pr-* resources: %v %v", s.Sid, s.Resource, s.Condition)
	}
	require.Len(t, onBase, 1, "one statement reaches the base stack")
	// Every write a preview makes is granted to pr-* (its attachments also on dev's resources).
	checkGrants(t, statements, req, []string{"pr-*"}, "platform-pr")
	for _, s := range statements {
		for _, a := range s.Action {
			assert.NotContains(t, awsfacts.DataPlaneReads, a, "pull request code reads no data")
		}
	}
	for _, role := range pr.ByType(roleType) {
		assert.Equal(t, "arn:aws:iam::"+offlineAccount+":policy/platform-dev-previews-boundary", role.Input("permissionsBoundary"), role.Name)
	}
}

func TestPreviewStacksUseOnlyTheirOwnStateAndReadTheBaseOutputs(t *testing.T) {
	state := `{"github":{"repository":"acme/shop","state":{"bucket":"acme-pulumi-state","key":"alias/pulumi-state"}}}`
	g, err := EvaluateAlone(t, "dev", map[string]string{"platform:access": state})
	require.NoError(t, err)
	statements, _ := rolePolicies(t, g, "access-github-previews")
	objects := map[string][]string{}
	for _, s := range statements {
		if slices.Contains(s.Action, "s3:GetObject") {
			objects[s.Sid] = s.Resource
		}
	}
	bucket := "arn:aws:s3:::acme-pulumi-state/.pulumi/"
	assert.Equal(t, map[string][]string{
		"ReadStackState": {bucket + "meta.yaml", bucket + "stacks/platform/pr-*.json*"},
		"WriteStackState": {bucket + "stacks/platform/pr-*.json*", bucket + "locks/platform/pr-*/*",
			bucket + "history/platform/pr-*/*", bucket + "backups/platform/pr-*/*"},
		"ReadBaseStackOutputs": {bucket + "stacks/platform/dev.json"},
	}, objects)
}

func TestPushRoleTrustsOnlyTheBuildWorkflowOfListedApplications(t *testing.T) {
	assert.Nil(t, Evaluate(t, "staging").One(roleType, "access-github-push"), "no applications, no push role")
	g, err := EvaluateAlone(t, "staging", map[string]string{"platform:access": `{"github":{"repository":"acme/platform","applications":["acme/web","acme/api"]}}`})
	require.NoError(t, err)
	trust := policyAt(t, only(t, g, roleType, "access-github-push"), "assumeRolePolicy")
	assert.Equal(t, map[string]map[string][]string{"StringEquals": {
		"token.actions.githubusercontent.com:aud": {"sts.amazonaws.com"},
		"token.actions.githubusercontent.com:sub": {
			"repo:acme/web:environment:staging:job_workflow_ref:acme/platform/.github/workflows/build-image.yml@refs/heads/main",
			"repo:acme/api:environment:staging:job_workflow_ref:acme/platform/.github/workflows/build-image.yml@refs/heads/main",
		},
	}}, trust.Statement[0].Condition)
	statements, _ := rolePolicies(t, g, "access-github-push")
	bySid := map[string][2][]string{}
	for _, s := range statements {
		bySid[s.Sid] = [2][]string{s.Action, s.Resource}
	}
	assert.Equal(t, map[string][2][]string{
		"EcrLogin": {{"ecr:GetAuthorizationToken"}, {"*"}},
		"PushStackImages": {{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"},
			{"arn:aws:ecr:us-east-1:" + offlineAccount + ":repository/platform-staging-*"}},
	}, bySid, "push to this stack's repositories, nothing else")
}

func TestGitHubConfigRejectsBadRepositoriesAndStateKeys(t *testing.T) {
	cases := []struct{ access, want string }{
		{`{"github":{"repository":"acme/shop","applications":["web"]}}`,
			`validate "platform:access.github.applications[0]": "web" is not a GitHub repository, want "owner/name"`},
		{`{"github":{"repository":"acme/shop","state":{"key":"pulumi-state"}}}`,
			`validate "platform:access.github.state.key": "pulumi-state" is not a KMS key or alias, want a key ARN, an alias ARN or "alias/<name>"`},
		{`{"github":{"repository":"acme/shop","state":{"bucket":"Acme_State"}}}`,
			`validate "platform:access.github.state.bucket": "Acme_State" is not an S3 bucket name, want 3 to 63 lower-case letters, digits, . or -`},
		{`{"github":{"repository":"acme/shop","applications":[` + strings.Repeat(`"acme/application-repository-with-a-long-name",`, 15) + `"acme/web"]}}`,
			`validate "platform:access.github.applications": 16 repositories make the push role's trust policy 2698 characters, want at most 2048 (IAM's role trust policy quota)`},
		{`{"github":{"repository":"acme/shop","pushEnvironment":"a b"}}`,
			`validate "platform:access.github.pushEnvironment": "a b" is not a GitHub environment name, want letters, digits, ., _ or -`},
	}
	for _, tc := range cases {
		t.Run(tc.access, func(t *testing.T) {
			_, err := EvaluateAlone(t, "staging", map[string]string{"platform:access": tc.access})
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}
