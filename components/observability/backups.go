package observability

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// backupRoles are the AWS managed policies AWS Backup needs for RDS and S3.
var backupRoles = []string{
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
	"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
}

// validateBackupRetention checks a recovery point retention: 1 to 36500 days,
// 0 meaning the default.
func validateBackupRetention(days int) error {
	if days == 0 {
		return nil
	}
	return validate.Range("backupRetentionDays", days, 1, 36500)
}

func (a *ObservabilityArgs) validateBackups() error {
	if !a.Backups {
		return nil
	}
	if a.BackupRetentionDays == 0 {
		return validate.Missing("backupRetentionDays", "1 to 36500")
	}
	return validateBackupRetention(a.BackupRetentionDays)
}

// backups protect the database and buckets with AWS Backup: an encrypted
// vault, a daily plan with the retention asked for, optionally copied to a
// vault in another region.
func (b *builder) backups() error {
	if !b.args.Backups || len(b.args.Targets.BackupARNs) == 0 {
		return nil
	}
	vault, err := b.vault("backup", nil)
	if err != nil {
		return err
	}
	rule := backup.PlanRuleArgs{
		RuleName:        pulumi.String("daily"),
		TargetVaultName: vault.Name,
		Schedule:        pulumi.String("cron(0 3 * * ? *)"),
		Lifecycle:       backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(b.args.BackupRetentionDays)},
	}
	if b.args.CopyProvider != nil {
		copyVault, err := b.vault("backup-copy", pulumi.Provider(b.args.CopyProvider))
		if err != nil {
			return err
		}
		rule.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: copyVault.Arn,
			Lifecycle:           backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(b.args.BackupRetentionDays)},
		}}
	}
	plan, err := backup.NewPlan(b.ctx, b.name+"-backup-plan", &backup.PlanArgs{
		Name:  pulumi.String(b.names.Name(naming.Label, "backup")),
		Rules: backup.PlanRuleArray{rule},
	}, b.opts()...)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(b.ctx, b.name+"-backup-role", &iam.RoleArgs{
		Name:              pulumi.String(b.names.Name(naming.Role, "backup")),
		AssumeRolePolicy:  iamdoc.AssumeRole("backup.amazonaws.com"),
		ManagedPolicyArns: pulumi.ToStringArray(backupRoles),
	}, b.opts()...)
	if err != nil {
		return err
	}
	if _, err := backup.NewSelection(b.ctx, b.name+"-backup-selection", &backup.SelectionArgs{
		Name:       pulumi.String(b.names.Name(naming.Label, "data")),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources:  pulumi.StringArray(b.args.Targets.BackupARNs),
	}, b.opts()...); err != nil {
		return err
	}
	b.o.BackupPlanID = plan.ID().ToStringOutput()
	return nil
}

func (b *builder) vault(role string, provider pulumi.ResourceOption) (*backup.Vault, error) {
	var extra []pulumi.ResourceOption
	if provider != nil {
		extra = append(extra, provider)
	}
	key, err := kms.NewKey(b.ctx, b.name+"-"+role+"-key", &kms.KeyArgs{
		Description:       pulumi.String("Encrypts the backup vault"),
		EnableKeyRotation: pulumi.Bool(true),
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	return backup.NewVault(b.ctx, b.name+"-"+role+"-vault", &backup.VaultArgs{
		Name:         pulumi.String(b.names.Name(naming.Label, role)),
		KmsKeyArn:    key.Arn,
		ForceDestroy: pulumi.Bool(!b.args.Protect),
	}, b.opts(append(extra, pulumi.Protect(b.args.Protect))...)...)
}
