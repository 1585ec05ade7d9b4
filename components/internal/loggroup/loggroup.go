// Package loggroup makes the platform's CloudWatch log groups whose class is
// a choice: task logs and the VPC flow log.
package loggroup

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// New makes the log group named groupName, kept retentionDays, of class
// (one of awsfacts.LogGroupClasses, or "" to leave it unset: Standard).
// The name is fixed, so a new class (which replaces the group) deletes the
// old one first: CloudWatch Logs refuses a second group of the same name.
func New(ctx *pulumi.Context, resourceName, groupName string, retentionDays int, class string, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	args := &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(retentionDays),
	}
	if class != "" {
		args.LogGroupClass = pulumi.String(class)
	}
	return cloudwatch.NewLogGroup(ctx, resourceName, args, append(opts, pulumi.DeleteBeforeReplace(true))...)
}
