package compute

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
	"platform/internal/validate"
)

// CanaryStickySeconds is how long the load balancer keeps a client on the
// target group it first sent it to while a canary runs, so one visit sees one
// version (pages and the assets they name). Short: a client on a bad canary
// moves back soon after an abort.
const CanaryStickySeconds = 600

// CanarySuffix ends the names of a canary's resources and alarms
// (`<service>-canary`) and begins the end of its ECS service's name.
const CanarySuffix = "-canary"

// canaryHashLength is how many hex digits of the image's SHA-256 the canary's
// ECS service name carries: 32 bits tell one service's few canaries apart.
const canaryHashLength = 8

// CanaryServiceName is the canary's ECS service name,
// `<service>-canary-<hash of image and start>`: ECS refuses to create a
// service while one of its name is ACTIVE or DRAINING (DeleteService: "If you
// attempt to create a new service with the same name as an existing service
// in either ACTIVE or DRAINING status, you receive an error"), so a canary
// started after an abort, of a new image or the same one, must not reuse the
// last one's name. An empty start hashes the image alone: the name of a
// canary started before starts were recorded, kept so an upgrade does not
// replace it in flight. 17 characters beside the service's name, within
// ECS's 255 (PF.NAME on the service).
func CanaryServiceName(service, image, start string) string {
	key := image
	if start != "" {
		key += " " + start // no image reference holds a space
	}
	sum := sha256.Sum256([]byte(key))
	return service + CanarySuffix + "-" + hex.EncodeToString(sum[:])[:canaryHashLength]
}

// Canary is a canary release in flight: the new image runs as a second ECS
// service with its own task definition and target group, and the service's
// listener rule forwards Weight percent of the traffic to it.
type Canary struct {
	// Image is the canary's main-container image, a full reference. Required.
	Image pulumi.StringInput
	// Start tells this canary from an earlier one of the same image (when
	// `platform canary start` started it); its ECS service name hashes it
	// with the image. Default: "" (the name hashes the image alone).
	Start string
	// Weight is the canary's share of the traffic in percent, 0 to 100; the
	// first service gets the rest (0 at 100). At 0 the canary warms up: its
	// target group stays on the listener (weight 0) so its tasks register
	// and pass health checks with no request. Default: 0.
	Weight int
	// DeploymentAlarms name the CloudWatch alarms that fail the canary
	// service's deployment and roll it back (its own target's 5xx and
	// latency). Default: none.
	DeploymentAlarms []string
}

func (c *Canary) validate() error {
	if c == nil {
		return nil
	}
	var errs []error
	if c.Image == nil {
		errs = append(errs, validate.Missing("canary.image", "the canary's image reference"))
	}
	return errors.Join(append(errs, validate.Range("canary.weight", c.Weight, 0, 100), validAlarmNames("canary.deploymentAlarms", c.DeploymentAlarms))...)
}

// validAlarmNames checks names a service's deployment alarms: CloudWatch
// alarm names are 1 to 255 characters.
func validAlarmNames(path string, names []string) error {
	var errs []error
	for i, n := range names {
		if len(n) < 1 || len(n) > 255 {
			errs = append(errs, validate.Field(fmt.Sprintf("%s[%d]", path, i), n, "is not an alarm name", "1 to 255 characters"))
		}
	}
	return errors.Join(errs...)
}

// deploymentAlarms fail a deployment of the service when one of the alarms
// fires and roll it back to the last one that completed; nil without alarms.
// ECS watches them only with its own (rolling) deployment controller, the
// default, beside the circuit breaker.
func deploymentAlarms(names []string) ecs.ServiceAlarmsPtrInput {
	if len(names) == 0 {
		return nil
	}
	return ecs.ServiceAlarmsArgs{AlarmNames: pulumi.ToStringArray(names), Enable: pulumi.Bool(true), Rollback: pulumi.Bool(true)}
}

// forwardAction sends the rule's traffic to the service's target group, or,
// with a canary, splits it by weight between that group and the canary's.
func forwardAction(a FargateServiceArgs, primary pulumi.StringOutput, canary *lb.TargetGroup) lb.ListenerRuleActionArgs {
	if canary == nil {
		return lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: primary}
	}
	return lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), Forward: lb.ListenerRuleActionForwardArgs{
		TargetGroups: lb.ListenerRuleActionForwardTargetGroupArray{
			lb.ListenerRuleActionForwardTargetGroupArgs{Arn: primary, Weight: pulumi.Int(100 - a.Canary.Weight)},
			lb.ListenerRuleActionForwardTargetGroupArgs{Arn: canary.Arn, Weight: pulumi.Int(a.Canary.Weight)},
		},
		Stickiness: lb.ListenerRuleActionForwardStickinessArgs{Enabled: pulumi.Bool(true), Duration: pulumi.Int(CanaryStickySeconds)},
	}}
}

// canaryTargets is the canary's target group, like the service's; nil without a canary.
func canaryTargets(ctx *pulumi.Context, name string, a FargateServiceArgs, cluster *Cluster, parent pulumi.ResourceOption) (*lb.TargetGroup, error) {
	if a.Canary == nil {
		return nil, nil
	}
	return lb.NewTargetGroup(ctx, name+CanarySuffix+"-tg", targetGroupArgs(a, cluster), parent)
}

// newCanaryService runs the canary: a task definition of the same task with
// the canary's image, an ECS service CanaryServiceName in the same security
// groups behind the canary's target group, scaled like the service. Its
// logical name stays `<name>-canary-service`: a new image replaces it (the
// name is replace-on-change), creating the new one before deleting the old.
func newCanaryService(ctx *pulumi.Context, name string, a FargateServiceArgs, t *task, targets *lb.TargetGroup, after []pulumi.Resource, parent pulumi.ResourceOption) (*ecs.Service, error) {
	cluster := a.Placement.Cluster
	family := naming.FromContext(ctx).Name(naming.Label, name+CanarySuffix)
	definition, err := t.define(ctx, name+CanarySuffix+"-task", family, a.Canary.Image, parent)
	if err != nil {
		return nil, err
	}
	canary := *t
	canary.definition = definition
	args := serviceArgs(name+CanarySuffix, cluster, &canary, a.Placement, a.Scaling, a.Task.Exec)
	args.Name = a.Canary.Image.ToStringOutput().ApplyT(func(image string) string { return CanaryServiceName(name, image, a.Canary.Start) }).(pulumi.StringOutput)
	args.LoadBalancers = ecs.ServiceLoadBalancerArray{ecs.ServiceLoadBalancerArgs{
		TargetGroupArn: targets.Arn, ContainerName: pulumi.String(a.Task.entryName(name)), ContainerPort: pulumi.Int(a.Port),
	}}
	args.HealthCheckGracePeriodSeconds = pulumi.Int(a.HealthCheck.GraceSeconds)
	args.WaitForSteadyState = pulumi.Bool(true)
	args.Alarms = deploymentAlarms(a.Canary.DeploymentAlarms)
	service, err := ecs.NewService(ctx, name+CanarySuffix+"-service", args, parent,
		pulumi.DependsOn(after), pulumi.IgnoreChanges([]string{"desiredCount"}))
	if err != nil {
		return nil, err
	}
	return service, autoscale(ctx, name+CanarySuffix, cluster, service, a.Scaling, parent)
}
