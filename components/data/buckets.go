package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// abortUploadsAfterDays cleans up multipart uploads nobody finished.
const abortUploadsAfterDays = 7

// buckets creates each bucket private, owner-enforced, encrypted, versioned,
// TLS-only and with old versions expiring.
func (b *builder) buckets() error {
	for _, spec := range b.args.Buckets {
		name := b.name + "-bucket-" + spec.Name
		bucket, err := s3.NewBucketV2(b.ctx, name, &s3.BucketV2Args{
			Bucket:       pulumi.String(b.names.Name(naming.Bucket, spec.Name)),
			ForceDestroy: pulumi.Bool(!b.args.Protect),
		}, b.stateful()...)
		if err != nil {
			return err
		}
		block, err := s3.NewBucketPublicAccessBlock(b.ctx, name+"-public-access", &s3.BucketPublicAccessBlockArgs{
			Bucket:                bucket.ID(),
			BlockPublicAcls:       pulumi.Bool(true),
			BlockPublicPolicy:     pulumi.Bool(true),
			IgnorePublicAcls:      pulumi.Bool(true),
			RestrictPublicBuckets: pulumi.Bool(true),
		}, b.opts()...)
		if err != nil {
			return err
		}
		if _, err := s3.NewBucketOwnershipControls(b.ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
			Bucket: bucket.ID(),
			Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
		}, b.opts()...); err != nil {
			return err
		}
		if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(b.ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
				ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
					SseAlgorithm: pulumi.String("aws:kms"),
				},
				BucketKeyEnabled: pulumi.Bool(true),
			}},
		}, b.opts()...); err != nil {
			return err
		}
		versioning, err := s3.NewBucketVersioningV2(b.ctx, name+"-versioning", &s3.BucketVersioningV2Args{
			Bucket:                  bucket.ID(),
			VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
		}, b.opts()...)
		if err != nil {
			return err
		}
		if _, err := s3.NewBucketLifecycleConfigurationV2(b.ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules: s3.BucketLifecycleConfigurationV2RuleArray{s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:     pulumi.String("expire-old-versions"),
				Status: pulumi.String("Enabled"),
				Filter: s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				NoncurrentVersionExpiration: s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
					NoncurrentDays: pulumi.Int(spec.NoncurrentVersionDays),
				},
				AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(abortUploadsAfterDays),
				},
			}},
		}, b.opts(pulumi.DependsOn([]pulumi.Resource{versioning}))...); err != nil {
			return err
		}
		if _, err := s3.NewBucketPolicy(b.ctx, name+"-tls-only", &s3.BucketPolicyArgs{
			Bucket: bucket.ID(),
			Policy: iamdoc.Document(iamdoc.Statement{
				Sid:       "DenyInsecureTransport",
				Deny:      true,
				Actions:   []string{"s3:*"},
				Resources: []pulumi.StringInput{bucket.Arn, pulumi.Sprintf("%s/*", bucket.Arn)},
				Principal: map[string]pulumi.StringInput{"AWS": pulumi.String("*")},
				Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
			}),
		}, b.opts(pulumi.DependsOn([]pulumi.Resource{block}))...); err != nil {
			return err
		}
		b.layer.Buckets[spec.Name] = &Bucket{Name: bucket.Bucket, ARN: bucket.Arn}
	}
	return nil
}
