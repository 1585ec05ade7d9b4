package access

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// BuildImageWorkflow is the platform's reusable image build, as application
// repositories call it; its ref is what the push role trusts.
const BuildImageWorkflow = ".github/workflows/build-image.yml@refs/heads/main"

// PreviewStackTypes are the resource types a pull-request preview stack
// creates: the previews role may manage only these, only for pr-* stacks.
var PreviewStackTypes = []string{
	"aws:appautoscaling/policy:Policy", "aws:appautoscaling/target:Target", "aws:cloudwatch/eventRule:EventRule",
	"aws:cloudwatch/eventTarget:EventTarget", "aws:cloudwatch/logGroup:LogGroup", "aws:sfn/stateMachine:StateMachine",
	"aws:cognito/userPoolClient:UserPoolClient", "aws:ec2/securityGroup:SecurityGroup", "aws:ecs/service:Service",
	"aws:ecs/taskDefinition:TaskDefinition", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:lb/listenerRule:ListenerRule", "aws:lb/targetGroup:TargetGroup",
	"aws:route53/record:Record", "aws:servicediscovery/service:Service",
	"aws:sqs/queue:Queue", "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "command:local:Command",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
}

// baseAttachActions are what a preview does to its base stack's resources
// rather than its own: a rule on its listener, a security group in its VPC,
// rules on its load balancer's security group, a service in its namespace
// and an app client in its user pool. The new resources themselves carry the
// pr-* tag; what AWS authorises here is the base's parent resource.
var baseAttachActions = []string{
	"cognito-idp:CreateUserPoolClient", "cognito-idp:DeleteUserPoolClient", "cognito-idp:UpdateUserPoolClient",
	"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup",
	"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
	"elasticloadbalancing:CreateRule", "servicediscovery:CreateService",
}

// imagePushActions push an image, per "IAM permissions for pushing an image to
// an Amazon ECR private repository" (Amazon ECR User Guide, stored copy read
// 2026-12-01, https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html).
var imagePushActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
	"ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"}

// github creates (or finds) the account's GitHub OIDC provider and the roles
// only named workflows can assume, each with exactly what its workflow runs.
func (b *builder) github() error {
	account, region, err := b.accountAndRegion()
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
	names := naming.FromContext(b.ctx)
	project, stack := b.ctx.Project(), b.ctx.Stack()
	own := scope{account: account, region: region, domain: b.args.Domain, prefix: names.Prefix(), stacks: []string{stack},
		boundaries: []string{BoundaryArn(account, project, stack, false)}}
	subject := func(env string) []string { return []string{"repo:" + gh.Repository + ":environment:" + env} }

	if gh.DeploysPreviews {
		// The stack creates the previews' role, under their own boundary.
		own.boundaries = append(own.boundaries, BoundaryArn(account, project, stack, true))
	}
	// Deploy: every type the platform creates, for this stack only.
	deployStatements := append(own.statements(slices.Sorted(maps.Keys(awsfacts.ResourceTypes))),
		stateStatements(gh.State, project, stack, region, account, true)...)
	if gh.PromotesFrom != "" {
		// The source's registry may be in another account and region; the
		// pull needs this identity policy there and the source repository's
		// policy allowing this account.
		from := scope{account: cmp.Or(gh.PromotesFromAccount, account), region: cmp.Or(gh.PromotesFromRegion, region),
			prefix: naming.Namer{Project: project, Stack: gh.PromotesFrom}.Prefix()}
		deployStatements = append(deployStatements, iamdoc.Statement{Sid: "PullPromotedImages", Actions: ImagePullActions,
			Resources: iamdoc.Strings(from.expand("arn:aws:ecr:{region}:{account}:repository/{prefix}-*"))})
		deployStatements = append(deployStatements, iamdoc.Statement{Sid: "PushPromotedImages", Actions: imagePushActions,
			Resources: iamdoc.Strings(own.expand("arn:aws:ecr:{region}:{account}:repository/{prefix}-*"))},
			iamdoc.Statement{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: iamdoc.Any})
	}
	deploy, err := b.githubRole("deploy", subject(gh.DeployEnvironment), "Deploys of "+gh.Repository+" from its "+gh.DeployEnvironment+" environment", nil)
	if err != nil {
		return err
	}
	if err := b.attachPolicies("deploy", deploy, deployStatements); err != nil {
		return err
	}
	b.layer.DeployRoleArn = deploy.Arn

	// Preview: what `pulumi preview` runs (the program's look-ups and the
	// stack's state and secrets), and nothing that reads or writes data.
	preview, err := b.githubRole("preview", subject(gh.PreviewEnvironment), "Previews of "+gh.Repository+" from its "+gh.PreviewEnvironment+" environment: no writes, no data", nil)
	if err != nil {
		return err
	}
	previewStatements := append(readStatements(invokeActions()), stateStatements(gh.State, project, stack, region, account, false)...)
	if err := b.attachPolicies("preview", preview, previewStatements); err != nil {
		return err
	}
	b.layer.PreviewRoleArn = preview.Arn

	if gh.DeploysPreviews {
		if err := b.previewStacksRole(own, subject(gh.PreviewStacksEnvironment)); err != nil {
			return err
		}
	}
	if len(gh.Applications) > 0 {
		if err := b.pushRole(own); err != nil {
			return err
		}
	}
	return nil
}

// previewStacksRole is the role that deploys pull-request previews (pull
// request code): writes only to pr-* resources, its attachments to this
// stack's listener, cluster, namespace and user pool, and records named pr-*.
func (b *builder) previewStacksRole(base scope, subjects []string) error {
	project := b.ctx.Project()
	gh := b.args.GitHub
	boundary, err := NewPermissionsBoundary(b.ctx, b.name+"-previews-boundary", &PermissionsBoundaryArgs{Previews: true}, pulumi.Parent(b.layer))
	if err != nil {
		return err
	}
	previews := scope{account: base.account, region: base.region, domain: "pr-*." + base.domain,
		prefix: naming.Namer{Project: project, Stack: PreviewPrefixStack}.Prefix(), stacks: []string{PreviewStacks},
		boundaries: []string{BoundaryArn(base.account, project, b.ctx.Stack(), true)}}
	statements := previews.statements(PreviewStackTypes)
	statements = append(statements, iamdoc.Statement{Sid: "AttachToBaseStack", Actions: baseAttachActions, Resources: iamdoc.Any,
		Condition: map[string]map[string][]string{"StringEquals": {"aws:ResourceTag/" + StackTag: base.stacks}}})
	statements = append(statements, stateStatements(gh.State, project, PreviewStacks, base.region, base.account, true)...)
	if gh.State.Bucket != "" {
		// A preview's StackReference reads this stack's outputs from its state file.
		statements = append(statements, iamdoc.Statement{Sid: "ReadBaseStackOutputs", Actions: []string{"s3:GetObject"},
			Resources: iamdoc.Strings("arn:aws:s3:::" + gh.State.Bucket + "/.pulumi/stacks/" + project + "/" + b.ctx.Stack() + ".json")})
	}
	role, err := b.githubRole("previews", subjects, "Pull-request preview stacks of "+gh.Repository+": pr-* resources only", boundary.Arn)
	if err != nil {
		return err
	}
	return b.attachPolicies("previews", role, statements)
}

// pushRole lets the listed application repositories, through the platform's
// reusable build workflow only, push images to this stack's repositories.
func (b *builder) pushRole(own scope) error {
	gh := b.args.GitHub
	role, err := b.githubRole("push", pushSubjects(gh), "Image pushes of "+strings.Join(gh.Applications, ", ")+" through "+gh.Repository+"'s build workflow", nil)
	if err != nil {
		return err
	}
	return b.attachPolicies("push", role, []iamdoc.Statement{
		{Sid: "EcrLogin", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: iamdoc.Any},
		{Sid: "PushStackImages", Actions: imagePushActions,
			Resources: iamdoc.Strings(own.expand("arn:aws:ecr:{region}:{account}:repository/{prefix}-*"))},
	})
}

// pushSubjects are the OIDC subjects of the listed applications' calls of the
// build workflow: each application repository sets its subject to repo,
// context and job_workflow_ref (README, "Application repositories").
func pushSubjects(gh GitHubArgs) []string {
	var subjects []string
	for _, app := range gh.Applications {
		subjects = append(subjects, "repo:"+app+":environment:"+gh.PushEnvironment+":job_workflow_ref:"+gh.Repository+"/"+BuildImageWorkflow)
	}
	return subjects
}

// trustChars is an upper bound of a GitHub role's trust policy length for
// subjects: the document around them, with the longest provider ARN.
func trustChars(subjects []string) int {
	doc, _ := iamdoc.JSON(iamdoc.Statement{
		Actions:   []string{"sts:AssumeRoleWithWebIdentity"},
		Principal: map[string]pulumi.StringInput{"Federated": pulumi.String("arn:aws-us-gov:iam::123456789012:oidc-provider/" + githubOIDCHost)},
		Condition: map[string]map[string][]string{"StringEquals": {githubOIDCHost + ":aud": {stsAudience}, githubOIDCHost + ":sub": subjects}},
	})
	return iamdoc.Chars(doc)
}

// attachPolicies packs statements into managed policies <prefix>-github-<role>-<n>
// under IAM's size limit and attaches them to the role.
func (b *builder) attachPolicies(role string, to *iam.Role, statements []iamdoc.Statement) error {
	docs, err := iamdoc.Pack(statements, iamdoc.ManagedPolicyMaxChars)
	if err != nil {
		return fmt.Errorf("github %s role: %w", role, err)
	}
	// One slot stays free for an administrator's break-glass attachment.
	if len(docs) > iamdoc.ManagedPoliciesPerRole-1 {
		return fmt.Errorf("github %s role needs %d managed policies, more than the %d a role may have with one spare", role, len(docs), iamdoc.ManagedPoliciesPerRole)
	}
	names := naming.FromContext(b.ctx)
	for i, doc := range docs {
		n := strconv.Itoa(i + 1)
		policy, err := iam.NewPolicy(b.ctx, b.name+"-github-"+role+"-"+n, &iam.PolicyArgs{
			Name:        pulumi.String(names.Name(naming.Policy, "github-"+role+"-"+n)),
			Description: pulumi.String(fmt.Sprintf("GitHub %s role, part %d of %d", role, i+1, len(docs))),
			Policy:      pulumi.String(doc),
		}, b.opts()...)
		if err != nil {
			return err
		}
		if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-github-"+role+"-"+n, &iam.RolePolicyAttachmentArgs{
			Role: to.Name, PolicyArn: policy.Arn,
		}, b.opts()...); err != nil {
			return err
		}
	}
	return nil
}

// githubRole is a role only GitHub's OIDC tokens for one of subjects can
// assume, under boundary (nil: the stack's).
func (b *builder) githubRole(role string, subjects []string, description string, boundary pulumi.StringInput) (*iam.Role, error) {
	names := naming.FromContext(b.ctx)
	if boundary == nil {
		boundary = b.args.BoundaryArn
	}
	return iam.NewRole(b.ctx, b.name+"-github-"+role, &iam.RoleArgs{
		Name:                pulumi.String(names.Name(naming.Role, "github-"+role)),
		Description:         pulumi.String(description),
		MaxSessionDuration:  pulumi.Int(3600),
		PermissionsBoundary: boundary,
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRoleWithWebIdentity"},
			Principal: map[string]pulumi.StringInput{"Federated": b.layer.OIDCProviderArn},
			Condition: map[string]map[string][]string{
				"StringEquals": {githubOIDCHost + ":aud": {stsAudience}, githubOIDCHost + ":sub": subjects},
			},
		}),
	}, b.opts()...)
}
