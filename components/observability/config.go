package observability

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// Config is `platform:observability`.
type Config struct {
	// Emails receive every alarm and its recovery.
	Emails []string
	// Webhooks are HTTPS endpoints (chat) that receive them too.
	Webhooks []string
	// Thresholds override the platform's per kind.
	Thresholds map[Kind]Threshold
	// Services override thresholds of one service: service name to kind.
	Services map[string]map[Kind]Threshold
	// Backups turns AWS Backup of the database and buckets on. Default: tier.
	Backups *bool
	// BackupRetentionDays keeps recovery points, 1 to 36500. Default: tier (35 in production).
	BackupRetentionDays int
	// BackupCopyRegion, when set, copies every recovery point to a vault there.
	BackupCopyRegion string
	// LogRetentionDays keeps every task log group, one of the CloudWatch
	// retentions (never "never expire"). Default: tier (7, 30, 90).
	LogRetentionDays int
	// LogClass is the task log groups' class, one of
	// awsfacts.LogGroupClasses; the groups are the compute component's, this
	// only checks the choice. Default: tier (INFREQUENT_ACCESS dev,
	// STANDARD elsewhere).
	LogClass string
	// Budget is the stack's monthly budget; nil for none.
	Budget *BudgetArgs
	// Grafana, when set, adds a Grafana workspace. Default: none.
	Grafana *GrafanaArgs
}

// Validate checks the config against the workloads that exist. What depends
// on the resources watched (a threshold their size can never reach) is
// checked by NewObservability.
func (c Config) Validate(services []string) error {
	errs := validateEndpoints(c.Emails, c.Webhooks)
	errs = append(errs, validateConfigThresholds(c.Thresholds, c.Services, services)...)
	if c.LogRetentionDays != 0 && !slices.Contains(awsfacts.LogRetentionDays, c.LogRetentionDays) {
		errs = append(errs, validate.Field("logRetentionDays", c.LogRetentionDays, "is not a CloudWatch Logs retention", fmt.Sprintf("one of %v", awsfacts.LogRetentionDays)))
	}
	if c.LogClass != "" && !slices.Contains(awsfacts.LogGroupClasses, c.LogClass) {
		errs = append(errs, validate.Field("logClass", c.LogClass, "is not a log class the platform creates", strings.Join(awsfacts.LogGroupClasses, " or ")))
	}
	errs = append(errs, validateBackupRetention(c.BackupRetentionDays), c.Budget.validate())
	errs = append(errs, validateBackupRetention(c.BackupRetentionDays), validateGrafana(c.Grafana))
	return errors.Join(errs...)
}
