package awsfacts

// logRetentionSource dates LogRetentionDays. Read from a stored copy of the
// API reference (the same list appears in the CLI and SDK references).
var logRetentionSource = register(Source{
	Table:    "CloudWatch Logs retention periods",
	Document: "Amazon CloudWatch Logs API Reference, PutRetentionPolicy (retentionInDays) https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
	Checked:  day("2026-12-01"),
})

// LogRetentionDays are the retention periods, in days, a CloudWatch Logs log
// group accepts; any other value is refused by PutRetentionPolicy.
var LogRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
