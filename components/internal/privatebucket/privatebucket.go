// Package privatebucket is the one place the platform hardens an S3 bucket;
// the data layer and the cluster's access-log bucket both create theirs here.
package privatebucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
)

// abortUploadsAfterDays cleans up multipart uploads nobody finished.
const abortUploadsAfterDays = 7

// Args configure a private bucket.
type Args struct {
	// Bucket is the physical name (see naming.Bucket).
	Bucket string
	// SSEAlgorithm is "aws:kms" or "AES256" (ALB access logs accept only AES256).
	SSEAlgorithm string
	// NoncurrentVersionDays deletes overwritten versions after this many days.
	NoncurrentVersionDays int
	// ExpireDays, when set, deletes current objects after this many days (logs).
	ExpireDays int
	// Protect keeps the bucket and its objects from deletion.
	Protect bool
	// Statements are added to the TLS-only bucket policy, e.g. log delivery.
	Statements func(arn pulumi.StringOutput) []iamdoc.Statement
	// LogBucket receives the bucket's server access logs; nil for a log
	// bucket itself, which would otherwise log into itself.
	// Logging starts once that bucket's policy lets S3 write to it.
	LogBucket *PrivateBucket
}

// PrivateBucket is a hardened bucket and its policy: whoever writes to the
// bucket as a service (log delivery) waits for Policy.
type PrivateBucket struct {
	*s3.BucketV2
	Policy *s3.BucketPolicy
}

// New creates a bucket that is private (public access blocked,
// owner enforced), encrypted, versioned, TLS-only and expiring old versions.
// It is the one place the platform hardens a bucket.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*PrivateBucket, error) {
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		Bucket:       pulumi.String(args.Bucket),
		ForceDestroy: pulumi.Bool(!args.Protect),
	}, append(opts, pulumi.Protect(args.Protect))...)
	if err != nil {
		return nil, err
	}
	block, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, opts...); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String(args.SSEAlgorithm),
			},
			BucketKeyEnabled: pulumi.Bool(args.SSEAlgorithm == "aws:kms"),
		}},
	}, opts...); err != nil {
		return nil, err
	}
	versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, opts...)
	if err != nil {
		return nil, err
	}
	rule := s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String("expire-old-versions"),
		Status: pulumi.String("Enabled"),
		Filter: s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
		NoncurrentVersionExpiration: s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
			NoncurrentDays: pulumi.Int(args.NoncurrentVersionDays),
		},
		AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
			DaysAfterInitiation: pulumi.Int(abortUploadsAfterDays),
		},
	}
	if args.ExpireDays > 0 {
		rule.Expiration = s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(args.ExpireDays)}
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  s3.BucketLifecycleConfigurationV2RuleArray{rule},
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{versioning}))...); err != nil {
		return nil, err
	}
	if args.LogBucket != nil {
		if _, err := s3.NewBucketLoggingV2(ctx, name+"-access-logging", &s3.BucketLoggingV2Args{
			Bucket: bucket.ID(), TargetBucket: args.LogBucket.Bucket, TargetPrefix: pulumi.String(args.Bucket + "/"),
		}, append(opts, pulumi.DependsOn([]pulumi.Resource{args.LogBucket.Policy}))...); err != nil {
			return nil, err
		}
	}
	statements := []iamdoc.Statement{{
		Sid:       "DenyInsecureTransport",
		Deny:      true,
		Actions:   []string{"s3:*"},
		Resources: []pulumi.StringInput{bucket.Arn, pulumi.Sprintf("%s/*", bucket.Arn)},
		Principal: map[string]pulumi.StringInput{"AWS": pulumi.String("*")},
		Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}},
	}}
	if args.Statements != nil {
		statements = append(statements, args.Statements(bucket.Arn)...)
	}
	policy, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: iamdoc.Document(statements...),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{block}))...)
	if err != nil {
		return nil, err
	}
	return &PrivateBucket{BucketV2: bucket, Policy: policy}, nil
}
