package access

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// AWS managed policies the GitHub roles start from.
const (
	// ReadOnlyAccessPolicy lets `pulumi preview` read every resource, and
	// nothing else: no secret values, no writes.
	ReadOnlyAccessPolicy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	// PowerUserAccessPolicy lets a deploy manage every service but IAM; the
	// deploy role gets IAM only for this stack's own names.
	PowerUserAccessPolicy = "arn:aws:iam::aws:policy/PowerUserAccess"
)

// accountAndRegion returns the caller's account and the provider's region.
func (b *builder) accountAndRegion() (string, string, error) {
	identity, err := aws.GetCallerIdentity(b.ctx, nil, pulumi.Parent(b.layer))
	if err != nil {
		return "", "", err
	}
	region, err := aws.GetRegion(b.ctx, nil, pulumi.Parent(b.layer))
	if err != nil {
		return "", "", err
	}
	return identity.AccountId, region.Name, nil
}

// executionRole creates the stack's task execution role.
func (b *builder) executionRole() error {
	role, err := NewExecutionRole(b.ctx, b.name+"-execution", ExecutionRoleArgs{
		SecretARNs: b.args.ExecutionSecretARNs, ParameterARNs: b.args.ExecutionParameterARNs,
	}, pulumi.Parent(b.layer))
	if err != nil {
		return err
	}
	b.layer.ExecutionRoleArn = role.Arn
	return nil
}

// ExecutionRoleArgs configure an ECS task execution role.
type ExecutionRoleArgs struct {
	// SecretARNs and ParameterARNs are exactly what tasks receive through valueFrom.
	SecretARNs, ParameterARNs []pulumi.StringInput
	// ImageStack is the stack whose repositories the tasks pull from.
	// Default: the running stack.
	ImageStack string
}

// NewExecutionRole creates a role that lets ECS pull the stack's images,
// write its task logs and read exactly the declared secrets: <name>-role and
// <name>-policy. Its options (a parent, or a provider) serve its account and
// region look-ups too, so they run on the same provider as the role.
func NewExecutionRole(ctx *pulumi.Context, name string, args ExecutionRoleArgs, options ...pulumi.ResourceOrInvokeOption) (*iam.Role, error) {
	opts := make([]pulumi.ResourceOption, len(options))
	invokeOpts := make([]pulumi.InvokeOption, len(options))
	for i, o := range options {
		opts[i], invokeOpts[i] = o, o
	}
	names := naming.FromContext(ctx)
	images := names
	if args.ImageStack != "" {
		images = naming.Namer{Project: names.Project, Stack: args.ImageStack}
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, invokeOpts...)
	if err != nil {
		return nil, err
	}
	region, err := aws.GetRegion(ctx, nil, invokeOpts...)
	if err != nil {
		return nil, err
	}
	account := identity.AccountId
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Name:        pulumi.String(names.Name(naming.Role, "task-execution")),
		Description: pulumi.String("ECS task execution: pull images, write logs, read declared secrets"),
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRole"},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("ecs-tasks.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {account}}},
		}),
	}, opts...)
	if err != nil {
		return nil, err
	}
	statements := []iamdoc.Statement{
		// GetAuthorizationToken has no resource-level permissions.
		{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: iamdoc.Any},
		{Sid: "PullStackImages", Actions: []string{"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
			Resources: []pulumi.StringInput{pulumi.String(fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s-*", region.Name, account, images.Name(naming.Repository, "")))}},
		{Sid: "WriteStackTaskLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resources: []pulumi.StringInput{pulumi.String(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s%s-*:*", region.Name, account, naming.TaskLogGroupRoot, names.Prefix()))}},
	}
	if len(args.SecretARNs) > 0 {
		statements = append(statements, iamdoc.Statement{Sid: "ReadDeclaredSecrets", Actions: []string{"secretsmanager:GetSecretValue"}, Resources: args.SecretARNs})
	}
	if len(args.ParameterARNs) > 0 {
		statements = append(statements, iamdoc.Statement{Sid: "ReadDeclaredParameters", Actions: []string{"ssm:GetParameters"}, Resources: args.ParameterARNs})
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-policy", &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: iamdoc.Document(statements...),
	}, opts...); err != nil {
		return nil, err
	}
	return role, nil
}

// github creates (or finds) the account's GitHub OIDC provider and the two
// roles that only this repository's workflows can assume: no users, no keys.
func (b *builder) github() error {
	names := naming.FromContext(b.ctx)
	account, _, err := b.accountAndRegion()
	if err != nil {
		return err
	}
	gh := b.args.GitHub
	if gh.OIDCProvider == LookupOIDC {
		found, err := iam.LookupOpenIdConnectProvider(b.ctx, &iam.LookupOpenIdConnectProviderArgs{Url: pulumi.StringRef(githubOIDCURL)}, pulumi.Parent(b.layer))
		if err != nil {
			return err
		}
		b.layer.OIDCProviderArn = pulumi.String(found.Arn).ToStringOutput()
	} else {
		provider, err := iam.NewOpenIdConnectProvider(b.ctx, b.name+"-github-oidc", &iam.OpenIdConnectProviderArgs{
			Url:           pulumi.String(githubOIDCURL),
			ClientIdLists: pulumi.StringArray{pulumi.String(stsAudience)},
		}, b.opts()...)
		if err != nil {
			return err
		}
		b.layer.OIDCProviderArn = provider.Arn
	}

	preview, err := b.githubRole("preview", []string{"repo:" + gh.Repository + ":pull_request", "repo:" + gh.Repository + ":environment:" + gh.PreviewEnvironment},
		"Pull-request previews of "+gh.Repository+": read-only")
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-preview-read-only", &iam.RolePolicyAttachmentArgs{
		Role: preview.Name, PolicyArn: pulumi.String(ReadOnlyAccessPolicy),
	}, b.opts()...); err != nil {
		return err
	}
	b.layer.PreviewRoleArn = preview.Arn

	deploy, err := b.githubRole("deploy", []string{"repo:" + gh.Repository + ":environment:" + gh.DeployEnvironment},
		"Deploys of "+gh.Repository+" from its "+gh.DeployEnvironment+" environment")
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-deploy-power-user", &iam.RolePolicyAttachmentArgs{
		Role: deploy.Name, PolicyArn: pulumi.String(PowerUserAccessPolicy),
	}, b.opts()...); err != nil {
		return err
	}
	// IAM only under the stack's own prefix, and the previews' when it deploys them.
	prefixes := []string{names.Prefix()}
	if gh.DeploysPreviews {
		prefixes = append(prefixes, naming.Namer{Project: names.Project, Stack: "pr"}.Prefix())
	}
	var managed []pulumi.StringInput
	for _, kind := range []string{"role", "policy"} {
		for _, prefix := range prefixes {
			managed = append(managed, pulumi.String(fmt.Sprintf("arn:aws:iam::%s:%s/%s-*", account, kind, prefix)))
		}
	}
	if _, err := iam.NewRolePolicy(b.ctx, b.name+"-deploy-iam", &iam.RolePolicyArgs{
		Role: deploy.Name,
		Policy: iamdoc.Document(
			iamdoc.Statement{Sid: "ManageStackRolesAndPolicies", Actions: []string{"iam:*Role", "iam:*RolePolicy", "iam:*RolePolicies", "iam:*RoleTags", "iam:TagRole", "iam:UntagRole",
				"iam:PassRole", "iam:*Policy", "iam:*PolicyVersion", "iam:*PolicyVersions", "iam:TagPolicy", "iam:UntagPolicy", "iam:ListEntitiesForPolicy"},
				Resources: managed},
			iamdoc.Statement{Sid: "ReadGitHubOIDCProvider", Actions: []string{"iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviders"},
				Resources: []pulumi.StringInput{pulumi.String(fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", account, githubOIDCHost))}},
			iamdoc.Statement{Sid: "ServiceLinkedRoles", Actions: []string{"iam:CreateServiceLinkedRole"}, Resources: iamdoc.Any},
		),
	}, b.opts()...); err != nil {
		return err
	}
	b.layer.DeployRoleArn = deploy.Arn
	return nil
}

// githubRole is a role only GitHub's OIDC tokens for one of subjects can assume.
func (b *builder) githubRole(role string, subjects []string, description string) (*iam.Role, error) {
	names := naming.FromContext(b.ctx)
	return iam.NewRole(b.ctx, b.name+"-github-"+role, &iam.RoleArgs{
		Name:               pulumi.String(names.Name(naming.Role, "github-"+role)),
		Description:        pulumi.String(description),
		MaxSessionDuration: pulumi.Int(3600),
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRoleWithWebIdentity"},
			Principal: map[string]pulumi.StringInput{"Federated": b.layer.OIDCProviderArn},
			Condition: map[string]map[string][]string{
				"StringEquals": {githubOIDCHost + ":aud": {stsAudience}, githubOIDCHost + ":sub": subjects},
			},
		}),
	}, b.opts()...)
}
