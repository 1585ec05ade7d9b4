package preflight

import (
	"platform/internal/graph"
	"strings"
	"testing"
)

func trust(action string) string {
	return jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": action, "Principal": M{"Service": "ecs-tasks.amazonaws.com"}}}})
}

func queueOf(name string, retention int, dlq string) *graph.Resource {
	inputs := M{"name": name, "messageRetentionSeconds": retention}
	if dlq != "" {
		inputs["redrivePolicy"] = jsonText(M{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:111122223333:" + dlq, "maxReceiveCount": 5})
	}
	return res(queue, name, inputs)
}

var platformCases = []ruleCase{
	{rule: "PF.IAM.1", badName: "role", good: one(res(role, "role", M{"assumeRolePolicy": trust("sts:AssumeRole")})),
		bad: one(res(role, "role", M{"assumeRolePolicy": trust("s3:GetObject")}))},
	{rule: "PF.IAM.2", badName: "role", good: one(res(role, "role", M{"maxSessionDuration": 3600})), bad: one(res(role, "role", M{"maxSessionDuration": 60}))},
	{rule: "PF.IAM.3", badName: "oidc", good: one(res(oidcProvider, "oidc", M{"url": "https://token.actions.githubusercontent.com"})),
		bad: one(res(oidcProvider, "oidc", M{"url": "token.actions.githubusercontent.com"}))},
	{rule: "PF.SQS.1", badName: "q", good: one(queueOf("q", 1209600, "")), bad: one(queueOf("q", 1209601, ""))},
	{rule: "PF.SQS.2", badName: "q", good: one(queueOf("q", 345600, "q-dlq"), queueOf("q-dlq", 1209600, "")),
		bad: one(queueOf("q", 345600, "q-dlq"), queueOf("q-dlq", 60, ""))},
	{rule: "PF.SECRET.1", badName: "s", good: one(res(secret, "s", M{"name": "app-s", "recoveryWindowInDays": 0})), bad: one(res(secret, "s", M{"name": "app-s"}))},
	{rule: "PF.SECRET.1", badName: "s", good: one(res(secret, "s", M{"name": "app-s"}, func(r *graph.Resource) { r.Protect = true })),
		bad: one(res(secret, "s", M{"recoveryWindowInDays": 3}))},
	{rule: "PF.SCHED.1", badName: "s", good: one(res(schedule, "s", M{"scheduleExpression": "rate(1 minute)"}), res(schedule, "t", M{"scheduleExpression": "cron(0 3 * * ? *)"})),
		bad: one(res(schedule, "s", M{"scheduleExpression": "rate(1 minutes)"}))},
	{rule: "PF.DNS.1", badName: "apex",
		good: one(res(zone, "z", M{"name": "example.com"}, id("Z1")), res(record, "apex", M{"zoneId": "Z1", "name": "www.example.com", "type": "CNAME", "ttl": 60})),
		bad:  one(res(zone, "z", M{"name": "example.com"}, id("Z1")), res(record, "apex", M{"zoneId": "Z1", "name": "example.com.", "type": "CNAME", "ttl": 60}))},
	{rule: "PF.DNS.2", badName: "r", good: one(res(record, "r", M{"type": "TXT", "ttl": 300}), res(record, "alias", M{"type": "A", "aliases": L{M{}}})),
		bad: one(res(record, "r", M{"type": "TXT"}))},
	{rule: "PF.ACM.1", badName: "cert", good: one(res(certificate, "cert", M{"domainName": "example.com", "subjectAlternativeNames": L{"*.example.com"}})),
		bad: one(res(certificate, "cert", M{"domainName": strings.Repeat("a", 60) + ".example.com"}))},
	{rule: "PF.ACM.2", badName: "cdn", good: one(res(distribution, "cdn", M{"viewerCertificate": M{"acmCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/x"}})),
		bad: one(res(distribution, "cdn", M{"viewerCertificate": M{"acmCertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/x"}}))},
	{rule: "PF.CW.1", badName: "logs", good: one(res(logGroup, "logs", M{"retentionInDays": 30})), bad: one(res(logGroup, "logs", M{"retentionInDays": 31}))},
	{rule: "PF.CW.2", badName: "alarm", good: one(res(metricAlarm, "alarm", M{"period": 60, "evaluationPeriods": 5, "datapointsToAlarm": 3})),
		bad: one(res(metricAlarm, "alarm", M{"period": 90, "evaluationPeriods": 5}))},
	{rule: "PF.CW.2", badName: "alarm", good: one(res(metricAlarm, "alarm", M{"period": 3600, "evaluationPeriods": 24})),
		bad: one(res(metricAlarm, "alarm", M{"period": 3600, "evaluationPeriods": 25}))},
	{rule: "PF.ASG.1", badName: "t", good: one(res(scalingTarget, "t", M{"minCapacity": 1, "maxCapacity": 4})), bad: one(res(scalingTarget, "t", M{"minCapacity": 5, "maxCapacity": 4}))},
}

func TestPlatformRules(t *testing.T) { runCases(t, platformCases) }

func TestAccountWideNamesAreCreatedOnce(t *testing.T) {
	stack := func(stackName, account string) *graph.Graph {
		return graph.New("p", stackName, []*graph.Resource{
			res(oidcProvider, "oidc", M{"url": "https://token.actions.githubusercontent.com"}),
			res(role, "role", M{"name": "p-" + stackName + "-deploy", "assumeRolePolicy": trust("sts:AssumeRole"),
				"permissionsBoundary": "arn:aws:iam::" + account + ":policy/boundary"}),
		})
	}
	if got := AccountWide(stack("dev", "111122223333"), stack("production", "444455556666")); len(got) != 0 {
		t.Errorf("stacks in different accounts: %v", got)
	}
	got := AccountWide(stack("dev", "111122223333"), stack("production", "111122223333"))
	if len(got) != 1 || got[0].Rule != "PF.IAM.4" || got[0].Name != "oidc" || !strings.Contains(got[0].Message, "also created by stack dev") {
		t.Errorf("one account, two stacks creating the OIDC provider: %+v", got)
	}
}
