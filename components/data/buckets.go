package data

import (
	"platform/internal/naming"
)

// buckets creates each configured bucket through NewPrivateBucket.
func (b *builder) buckets() error {
	for _, spec := range b.args.Buckets {
		bucket, err := NewPrivateBucket(b.ctx, b.name+"-bucket-"+spec.Name, PrivateBucketArgs{
			Bucket:                b.names.Name(naming.Bucket, spec.Name),
			SSEAlgorithm:          "aws:kms",
			NoncurrentVersionDays: spec.NoncurrentVersionDays,
			Protect:               b.args.Protect,
		}, b.opts()...)
		if err != nil {
			return err
		}
		b.layer.Buckets[spec.Name] = &Bucket{Name: bucket.Bucket, ARN: bucket.Arn}
	}
	return nil
}
