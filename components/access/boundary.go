package access

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// PreviewStacks is the stack tag value of every pull-request preview stack,
// and PreviewPrefixStack the stack part of their names (platform-pr-...).
const (
	PreviewStacks      = "pr-*"
	PreviewPrefixStack = "pr"
)

// BoundaryName is the name of the permissions boundary of stack's roles or,
// with previews, of the roles of the previews layered onto stack.
func BoundaryName(project, stack string, previews bool) string {
	role := "boundary"
	if previews {
		role = "previews-boundary"
	}
	return naming.Namer{Project: project, Stack: stack}.Name(naming.Policy, role)
}

// BoundaryArn is that boundary's ARN in account.
func BoundaryArn(account, project, stack string, previews bool) string {
	return fmt.Sprintf("arn:aws:iam::%s:policy/%s", account, BoundaryName(project, stack, previews))
}

// PermissionsBoundaryArgs configure a stack's permissions boundary.
type PermissionsBoundaryArgs struct {
	// Previews makes the boundary of the pull-request previews (pr-*) rather
	// than the running stack's: their roles may also read the running
	// stack's resources (images, cluster) they run on. Default: false.
	Previews bool
	// PromotesFrom is the stack whose images the stack's deploy copies into
	// its own repositories (production from staging): roles under the
	// boundary may pull that stack's images. Default: none.
	PromotesFrom string
	// GrantsPreviews lets roles under it also create roles under the
	// previews' boundary (dev's deploy role creates the previews' role).
	// Default: false.
	GrantsPreviews bool
}

// NewPermissionsBoundary creates the managed policy <project>-<stack>-boundary
// that every role of the stack carries, the deploy role included: a role under
// it can never act on another stack's resources, tag for another stack, create
// a role without a boundary, or change a boundary or a GitHub role's trust, so
// no role can widen itself past it. Changing it needs an administrator.
func NewPermissionsBoundary(ctx *pulumi.Context, name string, args *PermissionsBoundaryArgs, options ...pulumi.ResourceOrInvokeOption) (*iam.Policy, error) {
	if args == nil {
		args = &PermissionsBoundaryArgs{}
	}
	opts := make([]pulumi.ResourceOption, len(options))
	invokeOpts := make([]pulumi.InvokeOption, len(options))
	for i, o := range options {
		opts[i], invokeOpts[i] = o, o
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, invokeOpts...)
	if err != nil {
		return nil, err
	}
	project, stack := ctx.Project(), ctx.Stack()
	own := scope{account: identity.AccountId, stacks: []string{stack}}
	readable := []string{stack}
	what := "every role of the stack " + stack
	if args.Previews {
		own.stacks, readable, what = []string{PreviewStacks}, []string{PreviewStacks, stack}, "every role of the previews on "+stack
	}
	policyName := BoundaryName(project, stack, args.Previews)
	own.boundaries = []string{BoundaryArn(identity.AccountId, project, stack, args.Previews)}
	if args.GrantsPreviews {
		own.boundaries = append(own.boundaries, BoundaryArn(identity.AccountId, project, stack, true))
	}
	prefix := naming.Namer{Project: project, Stack: stack}.Prefix()
	githubRoles := []string{fmt.Sprintf("arn:aws:iam::%s:role/%s-github-*", identity.AccountId, prefix)}
	var pullable []string
	if args.PromotesFrom != "" {
		pullable = []string{args.PromotesFrom}
	}
	doc, err := iamdoc.JSON(boundaryStatements(own, readable, pullable, githubRoles)...)
	if err != nil {
		return nil, err
	}
	if n := iamdoc.Chars(doc); n > iamdoc.ManagedPolicyMaxChars {
		return nil, fmt.Errorf("permissions boundary %s is %d characters, more than IAM's %d", policyName, n, iamdoc.ManagedPolicyMaxChars)
	}
	return iam.NewPolicy(ctx, name, &iam.PolicyArgs{
		Name:        pulumi.String(policyName),
		Description: pulumi.String("Permissions boundary of " + what),
		Policy:      pulumi.String(doc),
	}, opts...)
}

// StackRoles is the stack transformation that gives every IAM role of the
// stack the permissions boundary, and every service trust policy an
// aws:SourceAccount condition (the confused-deputy guard), so that no
// component can forget either.
func StackRoles(ctx *pulumi.Context, boundary pulumi.StringInput, opts ...pulumi.InvokeOption) (pulumi.ResourceTransformation, error) {
	identity, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return nil, err
	}
	account := identity.AccountId
	return func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		role, ok := args.Props.(*iam.RoleArgs)
		if !ok || args.Type != "aws:iam/role:Role" {
			return nil
		}
		if role.PermissionsBoundary == nil {
			role.PermissionsBoundary = boundary
		}
		if role.AssumeRolePolicy != nil {
			role.AssumeRolePolicy = pulumi.ToOutput(role.AssumeRolePolicy).ApplyT(func(v any) (string, error) {
				return withSourceAccount(fmt.Sprint(v), account)
			}).(pulumi.StringOutput)
		}
		return &pulumi.ResourceTransformationResult{Props: role, Opts: args.Opts}
	}, nil
}

// withSourceAccount adds aws:SourceAccount to every statement of a trust
// policy whose principal is an AWS service and that does not name it yet.
func withSourceAccount(document, account string) (string, error) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(document), &doc); err != nil {
		return "", fmt.Errorf("trust policy is not JSON: %w", err)
	}
	statements, _ := doc["Statement"].([]any)
	for _, raw := range statements {
		s, _ := raw.(map[string]any)
		principal, _ := s["Principal"].(map[string]any)
		if _, service := principal["Service"]; !service {
			continue
		}
		condition, _ := s["Condition"].(map[string]any)
		if condition == nil {
			condition = map[string]any{}
		}
		equals, _ := condition["StringEquals"].(map[string]any)
		if equals == nil {
			equals = map[string]any{}
		}
		if _, set := equals["aws:SourceAccount"]; !set {
			equals["aws:SourceAccount"] = []any{account}
		}
		condition["StringEquals"] = equals
		s["Condition"] = condition
	}
	out, err := json.Marshal(doc)
	return string(out), err
}
