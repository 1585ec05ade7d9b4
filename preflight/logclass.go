package preflight

import (
	"fmt"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const logClassDoc = "Amazon CloudWatch Logs User Guide, Log classes https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html"

var logClassRules = []Rule{
	{ID: "PF.CW.3", Title: "Nothing an Infrequent Access log group lacks is attached to one", Types: awsfacts.InfrequentAccessLacks,
		Rejects: "the Infrequent Access class supports no metric filters, subscription filters, data protection policies or anomaly detectors: CloudWatch Logs refuses them on such a group",
		Source:  logClassDoc,
		Fix:     "keep the group in the STANDARD class (observability.logClass) or attach nothing of the kind to it",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			names := []string{str(r, "logGroupName")}
			for _, arn := range list(r, "logGroupArnLists") {
				names = append(names, groupName(fmt.Sprint(arn)))
			}
			for _, lg := range g.ByType(logGroup) {
				if str(lg, "logGroupClass") == awsfacts.LogClassInfrequentAccess && slices.Contains(names, str(lg, "name")) {
					return fmt.Sprintf("log group %s is of the Infrequent Access class", str(lg, "name"))
				}
			}
			return ""
		}},
}

// groupName is the name in a log group ARN, with or without its ":*".
func groupName(arn string) string {
	_, name, _ := strings.Cut(arn, ":log-group:")
	return strings.TrimSuffix(name, ":*")
}
