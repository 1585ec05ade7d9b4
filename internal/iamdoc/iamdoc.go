// Package iamdoc builds IAM policy documents from typed Go values, never from
// string templates, so that ARNs known only at deploy time fit in safely.
package iamdoc

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Version is the IAM policy language version.
const Version = "2012-10-17"

// Statement is one IAM policy statement.
type Statement struct {
	// Sid names the statement; optional.
	Sid string
	// Deny makes the statement a Deny; Allow otherwise.
	Deny bool
	// Actions such as "s3:GetObject".
	Actions []string
	// NotActions are every action but these (IAM's NotAction); for Deny
	// statements that spare a few actions.
	NotActions []string
	// Resources are ARNs; "*" only where the action has no resource level.
	Resources []pulumi.StringInput
	// Principal is set for trust (assume-role) and resource policies, e.g.
	// {"Service": "ecs-tasks.amazonaws.com"} or {"Federated": <provider arn>}.
	Principal map[string]pulumi.StringInput
	// Condition maps an operator to keys and values, e.g.
	// {"StringEquals": {"token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"]}}.
	Condition map[string]map[string][]string
}

// Document renders statements as a policy document JSON string.
func Document(statements ...Statement) pulumi.StringOutput {
	list := pulumi.Array{}
	for _, s := range statements {
		list = append(list, s.toMap())
	}
	return pulumi.JSONMarshal(pulumi.Map{"Version": pulumi.String(Version), "Statement": list})
}

// AssumeRole is the trust policy that lets an AWS service assume a role.
func AssumeRole(service string) pulumi.StringOutput {
	return Document(Statement{
		Actions:   []string{"sts:AssumeRole"},
		Principal: map[string]pulumi.StringInput{"Service": pulumi.String(service)},
	})
}

// ARN is a literal resource for a statement.
func ARN(arn string) pulumi.StringInput { return pulumi.String(arn) }

// Any is the "*" resource, for actions without resource-level permissions.
var Any = []pulumi.StringInput{pulumi.String("*")}

func (s Statement) toMap() pulumi.Map {
	m := pulumi.Map{"Effect": pulumi.String("Allow")}
	if s.Deny {
		m["Effect"] = pulumi.String("Deny")
	}
	if s.Sid != "" {
		m["Sid"] = pulumi.String(s.Sid)
	}
	if len(s.Actions) > 0 {
		m["Action"] = pulumi.ToStringArray(s.Actions)
	}
	if len(s.NotActions) > 0 {
		m["NotAction"] = pulumi.ToStringArray(s.NotActions)
	}
	if len(s.Resources) > 0 {
		m["Resource"] = pulumi.StringArray(s.Resources)
	}
	if len(s.Principal) > 0 {
		principal := pulumi.Map{}
		for k, v := range s.Principal {
			principal[k] = v
		}
		m["Principal"] = principal
	}
	if len(s.Condition) > 0 {
		condition := pulumi.Map{}
		for op, kv := range s.Condition {
			inner := pulumi.Map{}
			for k, values := range kv {
				inner[k] = pulumi.ToStringArray(values)
			}
			condition[op] = inner
		}
		m["Condition"] = condition
	}
	return m
}
