package preflight

import (
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph"
	"slices"
	"strings"
)

const alarmDoc = "Amazon CloudWatch API Reference, PutMetricAlarm https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"

var observabilityRules = []Rule{
	{ID: "PF.CW.1", Title: "Log retention is a value CloudWatch Logs offers", Types: []string{logGroup},
		Rejects: "PutRetentionPolicy: InvalidParameterException: retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, ... 3653",
		Source:  "Amazon CloudWatch Logs API Reference, PutRetentionPolicy https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
		Fix:     "round retentionInDays to an offered value",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d, ok := num(r, "retentionInDays")
			return check(!ok || d == 0 || slices.Contains(awsfacts.LogRetentionDays, int(d)) && d == float64(int(d)), "retentionInDays %v", d)
		}},
	{ID: "PF.CW.2", Title: "Alarm periods and evaluation windows are ones CloudWatch accepts", Types: []string{metricAlarm},
		Rejects: "PutMetricAlarm: ValidationError: period 10, 20, 30 or a multiple of 60; datapointsToAlarm at most evaluationPeriods; evaluationPeriods x period at most one day; at most 5 actions per state",
		Source:  alarmDoc, Fix: "use a 60 s multiple period and keep the window within a day",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			period, okP := num(r, "period")
			evals, okE := num(r, "evaluationPeriods")
			points, okD := num(r, "datapointsToAlarm")
			return first(check(!okP || period == 10 || period == 20 || period == 30 || (period >= 60 && int(period)%60 == 0), "period %v", period),
				check(!okD || !okE || points <= evals, "datapointsToAlarm %v above evaluationPeriods %v", points, evals),
				check(!okP || !okE || period < 60 || evals*period <= 86400, "evaluationPeriods x period is %v s", evals*period),
				check(len(list(r, "alarmActions")) <= 5 && len(list(r, "okActions")) <= 5, "more than 5 actions"))
		}},
	{ID: "PF.ASG.1", Title: "Scaling targets have min capacity at most max", Types: []string{scalingTarget},
		Rejects: "RegisterScalableTarget: ValidationException: Maximum capacity cannot be less than minimum capacity",
		Source:  "Application Auto Scaling API Reference, RegisterScalableTarget https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html",
		Fix:     "raise maxCapacity to at least minCapacity",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			lo, okL := num(r, "minCapacity")
			hi, okH := num(r, "maxCapacity")
			return check(!okL || !okH || lo <= hi, "minCapacity %v above maxCapacity %v", lo, hi)
		}},
	{ID: "PF.ASG.2", Title: "Target tracking uses an ECS metric with what it needs", Types: []string{"aws:appautoscaling/policy:Policy"},
		Rejects: "PutScalingPolicy: ValidationException: ALBRequestCountPerTarget needs a resourceLabel; target values are positive",
		Source:  "Application Auto Scaling API Reference, PredefinedMetricSpecification https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html",
		Fix:     "set resourceLabel app/<lb>/<id>/targetgroup/<tg>/<id> for request-count tracking and a positive targetValue",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			p := "targetTrackingScalingPolicyConfiguration."
			metric := str(r, p+"predefinedMetricSpecification.predefinedMetricType")
			v, ok := num(r, p+"targetValue")
			return first(check(metric != "ALBRequestCountPerTarget" || r.Input(p+"predefinedMetricSpecification.resourceLabel") != nil, "ALBRequestCountPerTarget without resourceLabel"),
				check(!ok || v > 0, "targetValue %v", v))
		}},
	{ID: "PF.BACKUP.1", Title: "Backup rules keep recovery points long enough and in valid windows", Types: []string{backupPlan},
		Rejects: "CreateBackupPlan: InvalidParameterValueException: deleteAfter at least 90 days after moveToColdStorageAfter; startWindow at least 60 min; completionWindow above startWindow",
		Source:  "AWS Backup API Reference, BackupRuleInput and Lifecycle https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html",
		Fix:     "keep cold-storage copies 90 days and windows of an hour or more",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "rules") {
				p := fmt.Sprintf("rules.%d.", i)
				del, okD := num(r, p+"lifecycle.deleteAfter")
				cold, okC := num(r, p+"lifecycle.coldStorageAfter")
				start, okS := num(r, p+"startWindow")
				done, okE := num(r, p+"completionWindow")
				if msg := first(check(!okD || !okC || del >= cold+90, "%sdeleteAfter %v is not 90 days after coldStorageAfter %v", p, del, cold),
					check(!okS || start >= 60, "%sstartWindow %v", p, start),
					check(!okS || !okE || done > start, "%scompletionWindow %v not above startWindow %v", p, done, start)); msg != "" {
					return msg
				}
			}
			return ""
		}},
	{ID: "PF.BACKUP.2", Title: "S3 buckets in a backup selection are versioned and the role may back them up", Types: []string{"aws:backup/selection:Selection"},
		Rejects: "AWS Backup fails S3 backup jobs of an unversioned bucket, or when the role lacks AWSBackupServiceRolePolicyForS3Backup",
		Source:  "AWS Backup Developer Guide, Amazon S3 backups: prerequisites https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html",
		Fix:     "enable versioning on the bucket and attach AWSBackupServiceRolePolicyForS3Backup and ...ForS3Restore to the backup role",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, arn := range stringsOf(list(r, "resources")) {
				if !strings.HasPrefix(arn, "arn:aws:s3:::") {
					continue
				}
				name := strings.TrimPrefix(arn, "arn:aws:s3:::")
				versioned := false
				for _, v := range withInput(g, "aws:s3/bucketVersioningV2:BucketVersioningV2", "bucket", name) {
					versioned = versioned || str(v, "versioningConfiguration.status") == "Enabled"
				}
				if !versioned {
					return fmt.Sprintf("bucket %s is not versioned", name)
				}
				if !roleHasPolicy(g, tail(str(r, "iamRoleArn"), "/"), "AWSBackupServiceRolePolicyForS3Backup") {
					return fmt.Sprintf("role %s lacks AWSBackupServiceRolePolicyForS3Backup", tail(str(r, "iamRoleArn"), "/"))
				}
			}
			return ""
		}},
}

// roleHasPolicy reports whether the role named name has a managed policy whose ARN ends with policy.
func roleHasPolicy(g *graph.Graph, name, policy string) bool {
	var arns []string
	for _, r := range withInput(g, role, "name", name) {
		arns = append(arns, stringsOf(list(r, "managedPolicyArns"))...)
	}
	for _, a := range withInput(g, rolePolicyAttach, "role", name) {
		arns = append(arns, str(a, "policyArn"))
	}
	for _, a := range arns {
		if strings.HasSuffix(a, "/"+policy) {
			return true
		}
	}
	return false
}
