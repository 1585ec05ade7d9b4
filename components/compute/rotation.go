package compute

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// RestartOnRotationArgs configure a RestartOnRotation.
type RestartOnRotationArgs struct {
	// SecretArn is the rotated secret, e.g. the RDS-managed master secret. Required.
	SecretArn pulumi.StringInput
	// ClusterName is the ECS cluster of the services. Required.
	ClusterName pulumi.StringInput
	// Services are the ECS service names that read the secret at task start,
	// at least one.
	Services []string
}

func (a RestartOnRotationArgs) validate() error {
	var errs []error
	if a.SecretArn == nil || a.ClusterName == nil {
		errs = append(errs, validate.Missing("secretArn", "the rotated secret and the cluster of its readers"))
	}
	if len(a.Services) == 0 {
		errs = append(errs, validate.Missing("services", "the services that read the secret"))
	}
	return errors.Join(errs...)
}

// RestartOnRotation rolls every service that reads a secret when Secrets
// Manager has rotated it. ECS reads a secret once, when a task starts; RDS
// rotates its managed master password every 7 days, after which new
// connections with the old one fail. A rule on the RotationSucceeded event
// (Secrets Manager User Guide, "Match Secrets Manager events with
// EventBridge" and "CloudTrail entries: rotation", stored copies read
// 2026-12-01) starts a state machine that forces a new deployment of each
// service: a rolling restart, 100% healthy throughout, whose new tasks read
// the new password.
type RestartOnRotation struct {
	pulumi.ResourceState

	StateMachineArn pulumi.StringOutput
}

// restartState is one step of the restart state machine.
type restartState struct {
	Type       string         `json:"Type"`
	Resource   string         `json:"Resource"`
	Parameters map[string]any `json:"Parameters"`
	Next       string         `json:"Next,omitempty"`
	End        bool           `json:"End,omitempty"`
}

// restartDefinition is the Amazon States Language of the restart: one
// ecs:UpdateService (forceNewDeployment) per service, in order.
func restartDefinition(cluster string, services []string) (string, error) {
	states := map[string]restartState{}
	for i, s := range services {
		state := restartState{
			Type:       "Task",
			Resource:   "arn:aws:states:::aws-sdk:ecs:updateService",
			Parameters: map[string]any{"Cluster": cluster, "Service": s, "ForceNewDeployment": true},
		}
		if i+1 < len(services) {
			state.Next = "Restart-" + services[i+1]
		} else {
			state.End = true
		}
		states["Restart-"+s] = state
	}
	out, err := json.Marshal(map[string]any{
		"Comment": "Rolling restart after a secret rotation", "StartAt": "Restart-" + services[0], "States": states,
	})
	return string(out), err
}

// NewRestartOnRotation creates the rule, the state machine and their roles.
func NewRestartOnRotation(ctx *pulumi.Context, name string, args *RestartOnRotationArgs, opts ...pulumi.ResourceOption) (*RestartOnRotation, error) {
	a := *args
	if err := a.validate(); err != nil {
		return nil, err
	}
	r := &RestartOnRotation{}
	if err := ctx.RegisterComponentResource("platform:compute:RestartOnRotation", name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	names := naming.FromContext(ctx)
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	var serviceArns []pulumi.StringInput
	for _, s := range a.Services {
		serviceArns = append(serviceArns, pulumi.Sprintf("arn:aws:ecs:%s:%s:service/%s/%s", region.Name, identity.AccountId, a.ClusterName, s))
	}
	machineRole, err := iam.NewRole(ctx, name+"-machine-role", &iam.RoleArgs{
		Name:             pulumi.String(names.Name(naming.Role, name)),
		Description:      pulumi.String("Restarts the services that read a rotated secret"),
		AssumeRolePolicy: iamdoc.AssumeRole("states.amazonaws.com"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-machine-policy", &iam.RolePolicyArgs{
		Role:   machineRole.Name,
		Policy: iamdoc.Document(iamdoc.Statement{Sid: "RestartReaders", Actions: []string{"ecs:UpdateService"}, Resources: serviceArns}),
	}, parent); err != nil {
		return nil, err
	}
	definition := a.ClusterName.ToStringOutput().ApplyT(func(cluster string) (string, error) {
		return restartDefinition(cluster, a.Services)
	}).(pulumi.StringOutput)
	machine, err := sfn.NewStateMachine(ctx, name+"-machine", &sfn.StateMachineArgs{
		Name:       pulumi.String(names.Name(naming.Label, name)),
		RoleArn:    machineRole.Arn,
		Definition: definition,
	}, parent)
	if err != nil {
		return nil, err
	}
	eventsRole, err := iam.NewRole(ctx, name+"-events-role", &iam.RoleArgs{
		Name:             pulumi.String(names.Name(naming.Role, name+"-events")),
		Description:      pulumi.String("Starts the restart when the secret has rotated"),
		AssumeRolePolicy: iamdoc.AssumeRole("events.amazonaws.com"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-events-policy", &iam.RolePolicyArgs{
		Role:   eventsRole.Name,
		Policy: iamdoc.Document(iamdoc.Statement{Sid: "StartRestart", Actions: []string{"states:StartExecution"}, Resources: []pulumi.StringInput{machine.Arn}}),
	}, parent); err != nil {
		return nil, err
	}
	pattern := a.SecretArn.ToStringOutput().ApplyT(func(arn string) (string, error) {
		out, err := json.Marshal(rotationPattern(arn))
		return string(out), err
	}).(pulumi.StringOutput)
	rule, err := cloudwatch.NewEventRule(ctx, name+"-rule", &cloudwatch.EventRuleArgs{
		Description:  pulumi.String(fmt.Sprintf("Roll %d service(s) when their secret has rotated", len(a.Services))),
		EventPattern: pattern,
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := cloudwatch.NewEventTarget(ctx, name+"-target", &cloudwatch.EventTargetArgs{
		Rule: rule.Name, Arn: machine.Arn, RoleArn: eventsRole.Arn,
	}, parent); err != nil {
		return nil, err
	}
	r.StateMachineArn = machine.Arn
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"stateMachineArn": machine.Arn})
}

// rotationPattern matches a successful rotation of the secret. CloudTrail
// records it as a service event (RDS-managed and Lambda rotation alike).
func rotationPattern(secretArn string) map[string]any {
	return map[string]any{
		"source":      []string{"aws.secretsmanager"},
		"detail-type": []string{"AWS Service Event via CloudTrail", "AWS API Call via CloudTrail"},
		"detail": map[string]any{
			"eventSource":         []string{"secretsmanager.amazonaws.com"},
			"eventName":           []string{"RotationSucceeded"},
			"additionalEventData": map[string]any{"SecretId": []string{secretArn}},
		},
	}
}
