package preflight

import (
	"fmt"
	"slices"

	"platform/internal/graph"
)

const (
	targetAttachment   = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
	lambdaPermission   = "aws:lambda/permission:Permission"
	elbInvokePrincipal = "elasticloadbalancing.amazonaws.com"

	lambdaTargetsDoc = "Elastic Load Balancing User Guide, Use Lambda functions as targets of an Application Load Balancer (one function per target group; " +
		"health checks disabled by default; multi-value headers) https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html"
	lambdaTargetGroupDoc = "Elastic Load Balancing API Reference, CreateTargetGroup (Port, Protocol, ProtocolVersion and VpcId do not apply to a lambda target type) " +
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"
	lambdaPermissionOrderDoc = "AWS Knowledge Center, How do I fix the circular dependency between an AWS Lambda permission and target group resources (the permission must exist before the function is registered) " +
		"https://repost.aws/knowledge-center/cloudformation-lambda-dependency"
)

// lambdaTargets reports whether r is a target group of type lambda.
func lambdaTargets(r *graph.Resource) bool { return str(r, "targetType") == "lambda" }

// targetGroupOf is the target group an attachment registers with (the one it depends on).
func targetGroupOf(r *graph.Resource, g *graph.Graph) *graph.Resource {
	for _, urn := range r.Dependencies {
		if d := g.Get(urn); d != nil && d.Type == targetGroup {
			return d
		}
	}
	return nil
}

var lambdaHTTPRules = []Rule{
	{ID: "PF.LAMBDA.9", Title: "A lambda target group has no port, protocol or VPC, and multi-value headers only on lambda", Types: []string{targetGroup},
		Rejects: "CreateTargetGroup: ValidationError: port, protocol, protocol version and VPC are not supported for target type lambda; lambda_multi_value_headers.enabled is for lambda target groups only",
		Source:  lambdaTargetGroupDoc, Fix: "leave port, protocol, protocolVersion and vpcId unset on a lambda target group",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			if !lambdaTargets(r) {
				return check(r.Input("lambdaMultiValueHeadersEnabled") != true, "lambdaMultiValueHeadersEnabled on target type %q", str(r, "targetType"))
			}
			for _, key := range []string{"port", "protocol", "protocolVersion", "vpcId"} {
				if r.Input(key) != nil {
					return fmt.Sprintf("%s %v on a lambda target group", key, r.Input(key))
				}
			}
			return ""
		}},
	{ID: "PF.LAMBDA.10", Title: "A lambda target group holds one function and does not check its health", Types: []string{targetGroup},
		Rejects: "RegisterTargets: ValidationError: a lambda target group takes one Lambda function; an enabled health check invokes the function (and is billed) every interval",
		Source:  lambdaTargetsDoc, Fix: "give each function its own target group and keep healthCheck.enabled false",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !lambdaTargets(r) {
				return ""
			}
			n := len(dependents(r, g, targetAttachment))
			return first(check(n <= 1, "%d functions registered", n), check(r.Input("healthCheck.enabled") != true, "health check enabled"))
		}},
	{ID: "PF.LAMBDA.11", Title: "A function is registered with a target group only once Elastic Load Balancing may invoke it from there", Types: []string{targetAttachment},
		Rejects: "RegisterTargets: AccessDenied: elasticloadbalancing principal does not have permission to invoke the function from target group",
		Source:  lambdaPermissionOrderDoc, Fix: "add a lambda Permission for elasticloadbalancing.amazonaws.com with sourceArn the target group's ARN, and make the attachment depend on it",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			tg := targetGroupOf(r, g)
			if tg == nil || !lambdaTargets(tg) {
				return ""
			}
			for _, urn := range r.Dependencies {
				p := g.Get(urn)
				if p != nil && p.Type == lambdaPermission && str(p, "principal") == elbInvokePrincipal &&
					str(p, "action") == "lambda:InvokeFunction" && p.Input("sourceArn") != nil && slices.Contains(p.Dependencies, tg.URN) {
					return ""
				}
			}
			return "registered without waiting for an invoke permission scoped to its target group"
		}},
}
