package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// longPollSeconds makes receives wait for messages instead of spinning.
const longPollSeconds = 20

// queues creates each queue with a dead-letter queue that only it may feed.
func (b *builder) queues() error {
	for _, q := range b.args.Queues {
		name, dlqName := b.names.Name(naming.Queue, q.Name), b.names.Name(naming.Queue, q.Name+"-dlq")
		dlq, err := sqs.NewQueue(b.ctx, b.name+"-queue-"+q.Name+"-dlq", &sqs.QueueArgs{
			Name:                    pulumi.String(dlqName),
			MessageRetentionSeconds: pulumi.Int(DeadLetterRetentionSeconds),
			SqsManagedSseEnabled:    pulumi.Bool(true),
		}, b.opts()...)
		if err != nil {
			return err
		}
		queue, err := sqs.NewQueue(b.ctx, b.name+"-queue-"+q.Name, &sqs.QueueArgs{
			Name:                     pulumi.String(name),
			VisibilityTimeoutSeconds: pulumi.Int(q.VisibilityTimeoutSeconds),
			MessageRetentionSeconds:  pulumi.Int(q.RetentionSeconds),
			ReceiveWaitTimeSeconds:   pulumi.Int(longPollSeconds),
			SqsManagedSseEnabled:     pulumi.Bool(true),
			RedrivePolicy: pulumi.JSONMarshal(pulumi.Map{
				"deadLetterTargetArn": dlq.Arn,
				"maxReceiveCount":     pulumi.Int(q.MaxReceiveCount),
			}),
		}, b.opts()...)
		if err != nil {
			return err
		}
		if _, err := sqs.NewRedriveAllowPolicy(b.ctx, b.name+"-queue-"+q.Name+"-dlq-allow", &sqs.RedriveAllowPolicyArgs{
			QueueUrl: dlq.Url,
			RedriveAllowPolicy: pulumi.JSONMarshal(pulumi.Map{
				"redrivePermission": pulumi.String("byQueue"),
				"sourceQueueArns":   pulumi.Array{queue.Arn},
			}),
		}, b.opts()...); err != nil {
			return err
		}
		b.layer.Queues[q.Name] = &Queue{PhysicalName: name, DeadLetterName: dlqName, Name: queue.Name, URL: queue.Url, ARN: queue.Arn, DeadLetterURL: dlq.Url, DeadLetterARN: dlq.Arn}
	}
	return nil
}
