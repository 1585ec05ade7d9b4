package awsfacts

import (
	"maps"
	"slices"
	"strings"
)

// NoAWS are resource types that call no AWS API.
var NoAWS = []string{"random:index/randomPassword:RandomPassword", "pulumi:providers:aws", "pulumi:pulumi:StackReference"}

// Invokes maps each data source the program calls (and `pulumi preview`
// runs too) to the actions it needs. GetCallerIdentity needs none.
var Invokes = map[string][]string{
	"aws:index/getAvailabilityZones:getAvailabilityZones":       {"ec2:DescribeAvailabilityZones"},
	"aws:index/getCallerIdentity:getCallerIdentity":             nil,
	"aws:index/getRegion:getRegion":                             nil,
	"aws:index/getPartition:getPartition":                       nil,
	"aws:route53/getZone:getZone":                               {"route53:ListHostedZones", "route53:GetHostedZone", "route53:ListTagsForResource"},
	"aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider": {"iam:ListOpenIDConnectProviders", "iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags"},
	"aws:ec2/getRouteTable:getRouteTable":                       {"ec2:DescribeRouteTables"},
	"aws:ec2/getAmi:getAmi":                                     {"ec2:DescribeImages"},
}

// DataPlaneReads are actions that read what a stack holds rather than how it
// is configured: objects, secret values, parameters, log events, messages,
// plaintext. No role a pull request's code can reach may hold them.
var DataPlaneReads = []string{
	"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAcl", "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
	"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery",
	"logs:GetQueryResults", "logs:StartLiveTail", "sqs:ReceiveMessage", "kms:Decrypt", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
	"cognito-idp:ListUsers", "cognito-idp:AdminGetUser", "rds-db:connect", "elasticache:Connect", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
}

// WorkflowUnscoped are actions the delivery workflows run beside `pulumi up`
// that AWS authorises only on "*": the registry login of image pushes and
// promotions.
var WorkflowUnscoped = []string{"ecr:GetAuthorizationToken"}

// IsUnscoped reports whether the table lists action as authorised only on "*".
func IsUnscoped(action string) bool {
	if slices.Contains(WorkflowUnscoped, action) {
		return true
	}
	for _, t := range ResourceTypes {
		if slices.Contains(t.Unscoped, action) {
			return true
		}
	}
	return false
}

// Services lists the IAM service prefixes of every action in the table, sorted.
func Services() []string {
	seen := map[string]bool{}
	add := func(actions []string) {
		for _, a := range actions {
			seen[a[:strings.Index(a, ":")]] = true
		}
	}
	for _, t := range ResourceTypes {
		add(t.Writes)
		add(t.Reads)
		add(t.Unscoped)
	}
	for _, actions := range Invokes {
		add(actions)
	}
	return slices.Sorted(maps.Keys(seen))
}
