package awsfacts

// The source of the log group classes and of what Infrequent Access gives up.
var _ = register(Source{
	Table: "CloudWatch Logs log group classes",
	Document: "Amazon CloudWatch Logs API Reference, CreateLogGroup (logGroupClass: \"can't be changed after a log group is created\") " +
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html; " +
		"User Guide, Log classes https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html; " +
		"Logs Insights QL commands supported in log classes https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData_Classes.html",
	Checked: day("2026-12-01"),
})

// The log group classes the platform creates. DELIVERY (Lambda logs kept a
// day on the way to S3 or Firehose, no Logs Insights) is not among them.
const (
	LogClassStandard         = "STANDARD"
	LogClassInfrequentAccess = "INFREQUENT_ACCESS"
)

// LogGroupClasses are the classes a stack may choose for its task log groups.
var LogGroupClasses = []string{LogClassStandard, LogClassInfrequentAccess}

// InfrequentAccessLacks is what an Infrequent Access log group does not
// support, so the platform never attaches it to one: Live Tail, metric
// filters (and alarms on them), subscription filters, the embedded metric
// format, data protection, anomaly detection, and the Logs Insights
// commands pattern, diff, filterIndex and unmask. Logs Insights queries,
// KMS encryption and retention work as on Standard.
var InfrequentAccessLacks = []string{
	"aws:cloudwatch/logMetricFilter:LogMetricFilter",
	"aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
	"aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy",
	"aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector",
}
