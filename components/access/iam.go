package access

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
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
	role, policy, err := NewExecutionRole(b.ctx, b.name+"-execution", ExecutionRoleArgs{
		SecretARNs: b.args.ExecutionSecretARNs, ParameterARNs: b.args.ExecutionParameterARNs,
	}, pulumi.Parent(b.layer))
	if err != nil {
		return err
	}
	b.layer.ExecutionRoleArn, b.layer.ExecutionRolePolicy = role.Arn, policy
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
// region look-ups too, so they run on the same provider as the role. The
// policy is returned for what must wait for it (a task run at once).
func NewExecutionRole(ctx *pulumi.Context, name string, args ExecutionRoleArgs, options ...pulumi.ResourceOrInvokeOption) (*iam.Role, *iam.RolePolicy, error) {
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
		return nil, nil, err
	}
	region, err := aws.GetRegion(ctx, nil, invokeOpts...)
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
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
	policy, err := iam.NewRolePolicy(ctx, name+"-policy", &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: iamdoc.Document(statements...),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return role, policy, nil
}
