package functions

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// The limits of a function's route ("Use Lambda functions as targets of an
// Application Load Balancer", https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html,
// and "Listener rules for your Application Load Balancer", stored copies read 2026-12-01).
const (
	// MaxRoutePaths: a rule takes 5 condition values and the host is one.
	MaxRoutePaths = 4
	// MaxRulePriority is a listener rule's highest priority.
	MaxRulePriority = 50000
	// elbPrincipal is the service that invokes a function behind a load balancer.
	elbPrincipal = "elasticloadbalancing.amazonaws.com"
	// gateSessionSeconds is how long a login through the gate lasts, as for services.
	gateSessionSeconds = 8 * 3600
)

// HTTPRoute puts the function behind a load balancer's HTTPS listener: a
// target group of type lambda (one function; no port, protocol or VPC, and
// no health check, which would invoke the function), the permission that
// lets Elastic Load Balancing invoke it from that target group only, the
// registration, and a listener rule.
type HTTPRoute struct {
	// ListenerArn is the HTTPS listener of the load balancer the route is
	// placed on. Required.
	ListenerArn pulumi.StringInput
	// Priority orders the rule, 1 to 50000, unique on its listener
	// (routing.Place allocates it). Required.
	Priority int
	// Host is the fully qualified host the rule matches. Required.
	Host string
	// Paths limit the rule to these path patterns (at most 4). Default: every path.
	Paths []string
	// Cognito puts the route behind the Cognito gate: the rule authenticates
	// before it forwards. Requires Gate. Default: false, public.
	Cognito bool
	// Gate is the user pool the gated rule signs in against. Required with
	// Cognito. Default: none.
	Gate *Gate
	// MultiValueHeaders sends repeated headers and query parameters as lists.
	// Default: false.
	MultiValueHeaders bool
	// Record, when set, points the host at the load balancer; nil when the
	// host is a service's, whose record exists. Default: nil.
	Record *Record
}

// Gate is the user pool an authenticate-cognito action signs in against.
type Gate struct {
	UserPoolArn, UserPoolClientID, UserPoolDomain pulumi.StringInput
}

// Record is the host's alias record: the zone and the load balancer's name.
type Record struct {
	ZoneID, AliasName, AliasZoneID pulumi.StringInput
}

func (r HTTPRoute) validate() error {
	var errs []error
	if r.Host == "" {
		errs = append(errs, validate.Missing("http.subdomain", "the host's label under the domain"))
	}
	if len(r.Paths) > MaxRoutePaths {
		errs = append(errs, validate.Field("http.paths", len(r.Paths), "are more path patterns than a listener rule takes beside its host",
			fmt.Sprintf("at most %d", MaxRoutePaths)))
	}
	errs = append(errs, validate.Range("http.priority", r.Priority, 1, MaxRulePriority))
	if r.Cognito && r.Gate == nil {
		errs = append(errs, validate.Missing("http.gate", "the user pool a gated route signs in against"))
	}
	if r.ListenerArn == nil {
		errs = append(errs, validate.Missing("http.listener", "the HTTPS listener of a load balancer"))
	}
	return errors.Join(errs...)
}

// route registers the function behind its load balancer. The permission is
// scoped to the target group and the account (AWS's advice against a
// confused deputy) and exists before the registration, which AWS refuses
// otherwise; the rule forwards only once the function is registered.
func (a FunctionArgs) route(ctx *pulumi.Context, name string, fn *lambda.Function, account string, parent pulumi.ResourceOption) error {
	r := a.HTTP
	targets, err := lb.NewTargetGroup(ctx, name+"-tg", &lb.TargetGroupArgs{
		TargetType:                     pulumi.String("lambda"),
		LambdaMultiValueHeadersEnabled: pulumi.Bool(r.MultiValueHeaders),
		HealthCheck:                    lb.TargetGroupHealthCheckArgs{Enabled: pulumi.Bool(false)},
	}, parent)
	if err != nil {
		return err
	}
	invoke, err := lambda.NewPermission(ctx, name+"-alb-invoke", &lambda.PermissionArgs{
		Action: pulumi.String("lambda:InvokeFunction"), Function: fn.Name,
		Principal: pulumi.String(elbPrincipal), SourceArn: targets.Arn, SourceAccount: pulumi.String(account),
	}, parent)
	if err != nil {
		return err
	}
	attached, err := lb.NewTargetGroupAttachment(ctx, name+"-target", &lb.TargetGroupAttachmentArgs{
		TargetGroupArn: targets.Arn, TargetId: fn.Arn,
	}, parent, pulumi.DependsOn([]pulumi.Resource{invoke}))
	if err != nil {
		return err
	}
	conditions := lb.ListenerRuleConditionArray{lb.ListenerRuleConditionArgs{
		HostHeader: lb.ListenerRuleConditionHostHeaderArgs{Values: pulumi.StringArray{pulumi.String(r.Host)}},
	}}
	if len(r.Paths) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			PathPattern: lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray(r.Paths)},
		})
	}
	if _, err := lb.NewListenerRule(ctx, name+"-rule", &lb.ListenerRuleArgs{
		ListenerArn: r.ListenerArn, Priority: pulumi.Int(r.Priority), Conditions: conditions, Actions: r.actions(targets.Arn),
	}, parent, pulumi.DependsOn([]pulumi.Resource{attached})); err != nil {
		return err
	}
	if r.Record == nil {
		return nil
	}
	_, err = route53.NewRecord(ctx, name+"-dns", &route53.RecordArgs{
		ZoneId: r.Record.ZoneID, Name: pulumi.String(r.Host), Type: pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			// A lambda target group without health checks has no healthy
			// targets to evaluate, and the record has no alternative.
			Name: r.Record.AliasName, ZoneId: r.Record.AliasZoneID, EvaluateTargetHealth: pulumi.Bool(false),
		}},
	}, parent)
	return err
}

// actions sign in through the gate first when there is one, then forward.
func (r HTTPRoute) actions(targetGroup pulumi.StringOutput) lb.ListenerRuleActionArray {
	forward := lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: targetGroup}
	if !r.Cognito {
		return lb.ListenerRuleActionArray{forward}
	}
	forward.Order = pulumi.Int(2)
	return lb.ListenerRuleActionArray{
		lb.ListenerRuleActionArgs{
			Type: pulumi.String("authenticate-cognito"), Order: pulumi.Int(1),
			AuthenticateCognito: lb.ListenerRuleActionAuthenticateCognitoArgs{
				UserPoolArn: r.Gate.UserPoolArn, UserPoolClientId: r.Gate.UserPoolClientID, UserPoolDomain: r.Gate.UserPoolDomain,
				OnUnauthenticatedRequest: pulumi.String("authenticate"), SessionTimeout: pulumi.Int(gateSessionSeconds),
			},
		},
		forward,
	}
}
