package functions

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// LogGroupRoot is where Lambda writes a function's logs by default; the
// platform creates the group itself, so it has a retention and is removed
// with the function.
const LogGroupRoot = "/aws/lambda/"

// Function is a Lambda function and what it runs with.
type Function struct {
	pulumi.ResourceState

	// FunctionName is the physical name, for alarms and the dashboard.
	FunctionName pulumi.StringOutput
	// Arn is the function's ARN.
	Arn pulumi.StringOutput
}

// NewFunction creates a function, its role, log group, network and trigger.
func NewFunction(ctx *pulumi.Context, name string, args *FunctionArgs, opts ...pulumi.ResourceOption) (*Function, error) {
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	f := &Function{}
	if err := ctx.RegisterComponentResource("platform:functions:Function", name, f, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(f)
	names := naming.FromContext(ctx)
	physical := names.Name(functionKind, name)
	identity, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name: pulumi.String(LogGroupRoot + physical), RetentionInDays: pulumi.Int(a.LogRetentionDays),
	}, parent)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Name:        pulumi.String(names.Name(naming.Role, name+"-function")),
		Description: pulumi.String("Role of function " + name + ": its logs, its trigger and what it was granted"),
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRole"},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("lambda.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {identity.AccountId}}},
		}),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-policy", &iam.RolePolicyArgs{
		Role: role.Name, Policy: iamdoc.Document(a.statements(logs.Arn)...),
	}, parent)
	if err != nil {
		return nil, err
	}
	ready := []pulumi.Resource{logs, policy}
	for i, arn := range a.PolicyARNs {
		attached, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-policy-%d", name, i), &iam.RolePolicyAttachmentArgs{Role: role.Name, PolicyArn: arn}, parent)
		if err != nil {
			return nil, err
		}
		ready = append(ready, attached)
	}
	var network *lambda.FunctionVpcConfigArgs
	if n := a.Network; n != nil {
		attached, groups, rules, err := a.networkOf(ctx, name, role, parent)
		if err != nil {
			return nil, err
		}
		ready = append(append(ready, attached), rules...)
		network = &lambda.FunctionVpcConfigArgs{SubnetIds: n.SubnetIDs, SecurityGroupIds: groups}
	}
	fn, err := lambda.NewFunction(ctx, name+"-function", a.functionArgs(physical, role.Arn, logs.Name, network), parent, pulumi.DependsOn(ready))
	if err != nil {
		return nil, err
	}
	if err := a.trigger(ctx, name, names, fn, parent); err != nil {
		return nil, err
	}
	if a.HTTP != nil {
		if err := a.route(ctx, name, fn, identity.AccountId, parent); err != nil {
			return nil, err
		}
	}
	f.FunctionName, f.Arn = fn.Name, fn.Arn
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{"functionName": fn.Name, "arn": fn.Arn})
}

// functionKind: Lambda function names are 1-64 letters, digits, - and _
// (CreateFunction, FunctionName; API reference, stored copy read 2026-12-01).
var functionKind = naming.Kind{Title: "Lambda function", MaxLen: 64}

// functionArgs is the function resource's input.
func (a FunctionArgs) functionArgs(physical string, role, logGroup pulumi.StringInput, network *lambda.FunctionVpcConfigArgs) *lambda.FunctionArgs {
	env := pulumi.StringMap{}
	for k, v := range a.Environment {
		env[k] = v
	}
	for _, s := range a.Secrets {
		env[s.Name+"_SECRET_ARN"] = s.ARN
		if s.Key != "" {
			env[s.Name+"_SECRET_KEY"] = pulumi.String(s.Key)
		}
	}
	out := &lambda.FunctionArgs{
		Name:          pulumi.String(physical),
		Role:          role,
		Architectures: pulumi.StringArray{pulumi.String(a.Architecture)},
		MemorySize:    pulumi.Int(a.MemoryMB),
		Timeout:       pulumi.Int(a.TimeoutSeconds),
		LoggingConfig: lambda.FunctionLoggingConfigArgs{LogFormat: pulumi.String("JSON"), LogGroup: logGroup},
		TracingConfig: lambda.FunctionTracingConfigArgs{Mode: pulumi.String("PassThrough")},
	}
	if len(env) > 0 {
		out.Environment = lambda.FunctionEnvironmentArgs{Variables: env}
	}
	if a.ReservedConcurrency != nil {
		out.ReservedConcurrentExecutions = pulumi.Int(*a.ReservedConcurrency)
	}
	if network != nil {
		out.VpcConfig = network
	}
	if a.Image != nil {
		out.PackageType, out.ImageUri = pulumi.String("Image"), a.Image
		if len(a.Command) > 0 {
			out.ImageConfig = lambda.FunctionImageConfigArgs{Commands: pulumi.ToStringArray(a.Command)}
		}
		return out
	}
	out.PackageType = pulumi.String("Zip")
	out.Code = pulumi.NewFileArchive(a.Source)
	out.Runtime, out.Handler = pulumi.String(a.Runtime), pulumi.String(a.Handler)
	return out
}

// statements are the role's permissions: its own logs, its queue, its
// secrets, and what it was granted. Nothing with a wildcard resource but the
// VPC interfaces, which Lambda's ENI actions require.
func (a FunctionArgs) statements(logGroup pulumi.StringOutput) []iamdoc.Statement {
	out := []iamdoc.Statement{{Sid: "OwnLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resources: []pulumi.StringInput{pulumi.Sprintf("%s:*", logGroup)}}}
	if q := a.Queue; q != nil {
		out = append(out, iamdoc.Statement{Sid: "ConsumeTrigger", Resources: []pulumi.StringInput{q.ARN},
			Actions: []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}})
	}
	var secrets, parameters []pulumi.StringInput
	for _, s := range a.Secrets {
		if s.Parameter {
			parameters = append(parameters, s.ARN)
		} else {
			secrets = append(secrets, s.ARN)
		}
	}
	if len(secrets) > 0 {
		out = append(out, iamdoc.Statement{Sid: "ReadDeclaredSecrets", Actions: []string{"secretsmanager:GetSecretValue"}, Resources: secrets})
	}
	if len(parameters) > 0 {
		out = append(out, iamdoc.Statement{Sid: "ReadDeclaredParameters", Actions: []string{"ssm:GetParameters", "ssm:GetParameter"}, Resources: parameters})
	}
	return append(out, a.Statements...)
}

// networkOf gives the function a security group with HTTPS out, beside the
// client groups of the data parts it reaches, and the VPC permissions Lambda
// needs to attach to subnets.
func (a FunctionArgs) networkOf(ctx *pulumi.Context, name string, role *iam.Role, parent pulumi.ResourceOption) (pulumi.Resource, pulumi.StringArray, []pulumi.Resource, error) {
	sg, err := secgroup.New(ctx, name+"-sg", a.Network.VpcID, "Function "+name, parent)
	if err != nil {
		return nil, nil, nil, err
	}
	httpsOut, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-https-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
		CidrIpv4: pulumi.String("0.0.0.0/0"), Description: pulumi.String("HTTPS to AWS APIs and the internet"),
	}, parent)
	if err != nil {
		return nil, nil, nil, err
	}
	groups := append(pulumi.StringArray{sg.ID()}, a.Network.ClientGroupIDs...)
	// AWS's managed policy for functions in a VPC: creating and deleting the
	// function's network interfaces needs "*" (AWSLambdaVPCAccessExecutionRole).
	attached, err := iam.NewRolePolicyAttachment(ctx, name+"-vpc-access", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"),
	}, parent)
	return attached, groups, []pulumi.Resource{httpsOut}, err
}

// trigger connects the queue or the schedule.
func (a FunctionArgs) trigger(ctx *pulumi.Context, name string, names naming.Namer, fn *lambda.Function, parent pulumi.ResourceOption) error {
	if q := a.Queue; q != nil {
		m := &lambda.EventSourceMappingArgs{
			EventSourceArn: q.ARN, FunctionName: fn.Arn, Enabled: pulumi.Bool(!a.Disabled),
			BatchSize: pulumi.Int(q.BatchSize), FunctionResponseTypes: pulumi.StringArray{pulumi.String("ReportBatchItemFailures")},
		}
		if q.BatchingWindowSeconds > 0 {
			m.MaximumBatchingWindowInSeconds = pulumi.Int(q.BatchingWindowSeconds)
		}
		if q.MaxConcurrency > 0 {
			m.ScalingConfig = lambda.EventSourceMappingScalingConfigArgs{MaximumConcurrency: pulumi.Int(q.MaxConcurrency)}
		}
		_, err := lambda.NewEventSourceMapping(ctx, name+"-queue", m, parent)
		return err
	}
	if a.Schedule == "" {
		return nil
	}
	role, err := iam.NewRole(ctx, name+"-scheduler-role", &iam.RoleArgs{
		Name:             pulumi.String(names.Name(naming.Role, name+"-scheduler")),
		Description:      pulumi.String("Lets EventBridge Scheduler invoke function " + name),
		AssumeRolePolicy: iamdoc.AssumeRole("scheduler.amazonaws.com"),
	}, parent)
	if err != nil {
		return err
	}
	invoke, err := iam.NewRolePolicy(ctx, name+"-scheduler-invoke", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iamdoc.Document(iamdoc.Statement{Sid: "InvokeThisFunction", Actions: []string{"lambda:InvokeFunction"},
			Resources: []pulumi.StringInput{fn.Arn}}),
	}, parent)
	if err != nil {
		return err
	}
	state := "ENABLED"
	if a.Disabled {
		state = "DISABLED"
	}
	_, err = scheduler.NewSchedule(ctx, name+"-schedule", &scheduler.ScheduleArgs{
		Name:               pulumi.String(names.Name(naming.Label, name)),
		ScheduleExpression: pulumi.String(a.Schedule),
		State:              pulumi.String(state),
		FlexibleTimeWindow: scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		Target: scheduler.ScheduleTargetArgs{
			Arn: fn.Arn, RoleArn: role.Arn,
			RetryPolicy: scheduler.ScheduleTargetRetryPolicyArgs{MaximumRetryAttempts: pulumi.Int(0)},
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{invoke}))
	return err
}
