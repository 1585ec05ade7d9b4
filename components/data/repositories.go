package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// repositories creates one image repository per service: scanned on push,
// encrypted, keeping the last KeepImages images.
func (b *builder) repositories() error {
	mutability := "MUTABLE"
	if *b.args.ImmutableTags {
		mutability = "IMMUTABLE"
	}
	for _, name := range b.args.Repositories {
		repo, err := ecr.NewRepository(b.ctx, b.name+"-repository-"+name, &ecr.RepositoryArgs{
			Name:                       pulumi.String(b.names.Name(naming.Repository, name)),
			ImageTagMutability:         pulumi.String(mutability),
			ImageScanningConfiguration: ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
			EncryptionConfigurations:   ecr.RepositoryEncryptionConfigurationArray{ecr.RepositoryEncryptionConfigurationArgs{EncryptionType: pulumi.String("KMS")}},
			ForceDelete:                pulumi.Bool(!b.args.Protect),
		}, b.stateful()...)
		if err != nil {
			return err
		}
		if _, err := ecr.NewLifecyclePolicy(b.ctx, b.name+"-repository-"+name+"-lifecycle", &ecr.LifecyclePolicyArgs{
			Repository: repo.Name,
			Policy: pulumi.JSONMarshal(pulumi.Map{"rules": pulumi.Array{pulumi.Map{
				"rulePriority": pulumi.Int(1),
				"description":  pulumi.Sprintf("keep the last %d images", b.args.KeepImages),
				"selection": pulumi.Map{
					"tagStatus":   pulumi.String("any"),
					"countType":   pulumi.String("imageCountMoreThan"),
					"countNumber": pulumi.Int(b.args.KeepImages),
				},
				"action": pulumi.Map{"type": pulumi.String("expire")},
			}}}),
		}, b.opts()...); err != nil {
			return err
		}
		b.layer.Repositories[name] = &Repository{URL: repo.RepositoryUrl, ARN: repo.Arn}
	}
	return nil
}
