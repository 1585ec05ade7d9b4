package awsfacts

// The source of the log group classes and of what Infrequent Access gives up.
//
// Re-read 2026-12-02: the Logs Insights QL page (IA runs every command but
// pattern, diff, filterIndex and unmask) and the CreateLogGroup reference
// (the class "can't be changed after a log group is created"); the User
// Guide's troubleshooting of scheduled queries adds that an IA log group
// takes at most five concurrent Logs Insights queries. The Log classes page
// itself, and the Logs tab of the CloudWatch pricing page (it renders by
// script), were not reachable: the feature list below is not re-verified
// (from memory) beyond the Logs Insights commands, except that AWS's
// launch announcement (quoted in a stored copy) names Live Tail, metric
// extraction, alarming and data protection as what IA leaves out.
// Unanswered there: export to S3, Contributor Insights and cross-account
// observability on IA.
//
// Vended logs to IA: the CloudWatch User Guide, "Analyzing, optimizing, and
// reducing CloudWatch costs" (stored English copy), defines vended logs as
// "logs that other AWS services, such as Amazon Virtual Private Cloud
// (Amazon VPC) and Amazon Route 53, create on your behalf" and bills their
// "Delivery (CloudWatch Logs Infrequent Access log class)" as
// VendedLogIA-Bytes ("Uploads a batch of logs to a specific log stream in a
// log group in the Infrequent Access log class"). So the VPC flow log may
// go to an IA group, billed at the vended IA rate (cost/prices.go). No
// page read names VPC flow logs and IA together; the flow log writes with
// PutLogEvents through its role, which an IA group takes like any other.
var _ = register(Source{
	Table: "CloudWatch Logs log group classes",
	Document: "Amazon CloudWatch Logs API Reference, CreateLogGroup (logGroupClass: \"can't be changed after a log group is created\") " +
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html; " +
		"User Guide, Logs Insights QL commands supported in log classes https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData_Classes.html; " +
		"User Guide, Troubleshooting scheduled queries (stored copy; five concurrent queries on IA); " +
		"CloudWatch User Guide, Analyzing, optimizing, and reducing CloudWatch costs (vended logs to IA: VendedLogIA-Bytes) https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html; " +
		"not reached: User Guide, Log classes https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html and the Logs tab of https://aws.amazon.com/cloudwatch/pricing/",
	Checked: day("2026-12-02"),
})

// The log group classes the platform creates. DELIVERY (Lambda logs kept a
// day on the way to S3 or Firehose, no Logs Insights) is not among them.
const (
	LogClassStandard         = "STANDARD"
	LogClassInfrequentAccess = "INFREQUENT_ACCESS"
)

// LogGroupClasses are the classes a stack may choose for its task log groups
// and its VPC flow log group.
var LogGroupClasses = []string{LogClassStandard, LogClassInfrequentAccess}

// InfrequentAccessLacks is what an Infrequent Access log group does not
// support, so the platform never attaches it to one: Live Tail, metric
// filters (and alarms on them), subscription filters, the embedded metric
// format, data protection, anomaly detection, and the Logs Insights
// commands pattern, diff, filterIndex and unmask. Logs Insights queries
// (at most five at once), KMS encryption and retention work as on
// Standard. Subscription filters, EMF and anomaly detection are listed
// from memory (see the source above): keeping them off IA costs nothing.
var InfrequentAccessLacks = []string{
	"aws:cloudwatch/logMetricFilter:LogMetricFilter",
	"aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
	"aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy",
	"aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector",
}
