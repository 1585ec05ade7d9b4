package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/privatebucket"
	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// accessLogDays keeps server access logs of the data buckets.
const accessLogDays = 90

// buckets creates each configured bucket through privatebucket.New, logging
// its access into the layer's access-log bucket.
func (b *builder) buckets() error {
	if len(b.args.Buckets) == 0 {
		return nil
	}
	// Bucket names are global: the account id keeps them this account's.
	identity, err := aws.GetCallerIdentity(b.ctx, nil, pulumi.Parent(b.layer))
	if err != nil {
		return err
	}
	logs, err := privatebucket.New(b.ctx, b.name+"-access-logs", privatebucket.Args{
		Bucket: b.names.Global(naming.Bucket, "access-logs", identity.AccountId),
		// S3 log delivery writes only with S3-managed keys.
		SSEAlgorithm:          "AES256",
		NoncurrentVersionDays: 1,
		ExpireDays:            accessLogDays,
		Protect:               b.args.Protect,
		Statements: func(arn pulumi.StringOutput) []iamdoc.Statement {
			return []iamdoc.Statement{{
				Sid: "S3WritesAccessLogs", Actions: []string{"s3:PutObject"}, Resources: []pulumi.StringInput{pulumi.Sprintf("%s/*", arn)},
				Principal: map[string]pulumi.StringInput{"Service": pulumi.String("logging.s3.amazonaws.com")},
			}}
		},
	}, b.opts()...)
	if err != nil {
		return err
	}
	for _, spec := range b.args.Buckets {
		bucket, err := privatebucket.New(b.ctx, b.name+"-bucket-"+spec.Name, privatebucket.Args{
			Bucket:                b.names.Global(naming.Bucket, spec.Name, identity.AccountId),
			SSEAlgorithm:          "aws:kms",
			NoncurrentVersionDays: spec.NoncurrentVersionDays,
			Protect:               b.args.Protect,
			LogBucket:             logs,
		}, b.opts()...)
		if err != nil {
			return err
		}
		b.layer.Buckets[spec.Name] = &Bucket{Name: bucket.Bucket, ARN: bucket.Arn}
	}
	return nil
}
