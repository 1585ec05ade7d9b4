package preflight

import (
	"platform/internal/graph"
)

const alarmDoc = "Amazon CloudWatch API Reference, PutMetricAlarm https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"

// logRetentions are the retentionInDays values CloudWatch Logs accepts.
var logRetentions = map[float64]bool{1: true, 3: true, 5: true, 7: true, 14: true, 30: true, 60: true, 90: true, 120: true, 150: true, 180: true,
	365: true, 400: true, 545: true, 731: true, 1096: true, 1827: true, 2192: true, 2557: true, 2922: true, 3288: true, 3653: true}

var observabilityRules = []Rule{
	{ID: "PF.CW.1", Title: "Log retention is a value CloudWatch Logs offers", Types: []string{logGroup},
		Rejects: "PutRetentionPolicy: InvalidParameterException: retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, ... 3653",
		Source:  "Amazon CloudWatch Logs API Reference, PutRetentionPolicy https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
		Fix:     "round retentionInDays to an offered value",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d, ok := num(r, "retentionInDays")
			return check(!ok || d == 0 || logRetentions[d], "retentionInDays %v", d)
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
}
