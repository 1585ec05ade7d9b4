package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// repositories creates one image repository per service: scanned on push,
// encrypted, expiring images by the tags the workflows push (lifecycle.go),
// readable by PullAccounts.
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
			Policy:     pulumi.String(lifecyclePolicy(b.args.KeepImages)),
		}, b.opts()...); err != nil {
			return err
		}
		if err := b.pullPolicy(name, repo); err != nil {
			return err
		}
		b.layer.Repositories[name] = &Repository{URL: repo.RepositoryUrl, ARN: repo.Arn}
	}
	return nil
}

// pullPolicy lets the principals of PullAccounts pull from repo: the
// cross-account half of promotion, which copies digests from this stack's
// registry into another account's.
func (b *builder) pullPolicy(name string, repo *ecr.Repository) error {
	if len(b.args.PullAccounts) == 0 {
		return nil
	}
	statements := make([]iamdoc.Statement, 0, len(b.args.PullAccounts))
	for _, account := range b.args.PullAccounts {
		statements = append(statements, iamdoc.Statement{
			Sid:       "PullFrom" + account,
			Actions:   awsfacts.ECRPullActions(),
			Principal: map[string]pulumi.StringInput{"AWS": pulumi.String("arn:aws:iam::" + account + ":root")},
		})
	}
	_, err := ecr.NewRepositoryPolicy(b.ctx, b.name+"-repository-"+name+"-pull", &ecr.RepositoryPolicyArgs{
		Repository: repo.Name,
		Policy:     iamdoc.Document(statements...),
	}, b.opts()...)
	return err
}
