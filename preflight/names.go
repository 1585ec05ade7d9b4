package preflight

import (
	"fmt"
	"net"
	"platform/internal/graph"
	"regexp"
	"strings"
)

// nameRule is the length and character set AWS allows for one named resource type.
type nameRule struct {
	Type string
	// Input is the input that holds the physical name; absent means Pulumi auto-names it.
	Input   string
	Pattern *regexp.Regexp
	// Allowed says the rule in words, for the message.
	Allowed string
	// Extra rejects what the pattern cannot say ("" when the name is fine).
	Extra  func(name string) string
	Source string
}

// identifier rejects consecutive or trailing hyphens (RDS, ElastiCache, RDS Proxy).
func identifier(name string) string {
	return check(!strings.Contains(name, "--") && !strings.HasSuffix(name, "-"), "has two hyphens in a row or ends with one")
}

func noEdgeHyphen(name string) string {
	return check(!strings.HasPrefix(name, "-") && !strings.HasSuffix(name, "-"), "begins or ends with a hyphen")
}

// s3Reserved rejects what S3's bucket naming rules reserve.
func s3Reserved(name string) string {
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return "begins with the reserved " + p
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"} {
		if strings.HasSuffix(name, s) {
			return "ends with the reserved " + s
		}
	}
	return first(check(!strings.Contains(name, ".."), "has two periods in a row"), check(net.ParseIP(name) == nil, "is an IP address"))
}

var names = []nameRule{
	{bucket, "bucket", regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`), "3-63 lowercase letters, digits, periods and hyphens, beginning and ending with a letter or digit", s3Reserved,
		"Amazon S3 User Guide, General purpose bucket naming rules https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"},
	{ecsCluster, "name", regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`), "1-255 letters, digits, hyphens and underscores", nil, ecsServiceDoc},
	{ecsService, "name", regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`), "1-255 letters, digits, hyphens and underscores", nil, ecsServiceDoc},
	{taskDefinition, "family", regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`), "1-255 letters, digits, hyphens and underscores", nil, ecsTaskDefDoc},
	{loadBalancer, "name", regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`), "1-32 letters, digits and hyphens, not beginning with internal-", func(n string) string {
		return first(noEdgeHyphen(n), check(!strings.HasPrefix(n, "internal-"), "begins with internal-"))
	}, elbLBDoc},
	{targetGroup, "name", regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`), "1-32 letters, digits and hyphens", noEdgeHyphen, elbTGDoc},
	{repository, "name", regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`), "2-256 lowercase letters, digits and . _ - / separators", func(n string) string {
		return check(len(n) >= 2 && len(n) <= 256, "is %d characters", len(n))
	}, "Amazon ECR API Reference, CreateRepository https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html"},
	{logGroup, "name", regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,512}$`), "1-512 letters, digits and . - _ / #", nil,
		"Amazon CloudWatch Logs API Reference, CreateLogGroup https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html"},
	{role, "name", regexp.MustCompile(`^[\w+=,.@-]{1,64}$`), "1-64 letters, digits and + = , . @ _ -", nil, iamCreateRoleDoc},
	{iamPolicy, "name", regexp.MustCompile(`^[\w+=,.@-]{1,128}$`), "1-128 letters, digits and + = , . @ _ -", nil,
		"IAM API Reference, CreatePolicy https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html"},
	{dbInstance, "identifier", regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,62}$`), "1-63 letters, digits and hyphens, beginning with a letter", identifier, rdsCreateDoc},
	{replicationGroup, "replicationGroupId", regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,39}$`), "1-40 letters, digits and hyphens, beginning with a letter", identifier, ecCreateDoc},
	{broker, "brokerName", regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`), "1-50 letters, digits, hyphens and underscores", nil, mqCreateDoc},
	{secret, "name", regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`), "1-512 letters, digits and / _ + = . @ -", nil,
		"AWS Secrets Manager API Reference, CreateSecret https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html"},
	{queue, "name", regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}(\.fifo)?$`), "1-80 letters, digits, hyphens and underscores (.fifo for FIFO queues)", nil,
		"Amazon SQS API Reference, CreateQueue https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html"},
	{topic, "name", regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}(\.fifo)?$`), "1-256 letters, digits, hyphens and underscores", nil,
		"Amazon SNS API Reference, CreateTopic https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html"},
	{userPool, "name", regexp.MustCompile(`^[\w\s+=,.@-]{1,128}$`), "1-128 letters, digits, spaces and + = , . @ -", nil,
		"Amazon Cognito API Reference, CreateUserPool https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html"},
	{userPoolDomain, "domain", regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|\.`), "a prefix of 1-63 lowercase letters, digits and hyphens, not beginning or ending with a hyphen", nil, cognitoDomainDoc},
	{webACL, "name", regexp.MustCompile(`^[\w-]{1,128}$`), "1-128 letters, digits, hyphens and underscores", nil, wafRuleDoc},
	{schedule, "name", regexp.MustCompile(`^[0-9A-Za-z_.-]{1,64}$`), "1-64 letters, digits and - _ .", nil,
		"Amazon EventBridge Scheduler API Reference, CreateSchedule https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html"},
	{discoveryService, "name", regexp.MustCompile(`^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`), "a DNS label of 1-63 letters, digits, hyphens and underscores", nil,
		"AWS Cloud Map API Reference, CreateService https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html"},
	{metricAlarm, "name", regexp.MustCompile(`^[^\x00-\x1f]{1,255}$`), "1-255 characters without control characters", nil, alarmDoc},
	{dashboard, "dashboardName", regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`), "1-255 letters, digits, hyphens and underscores", nil,
		"Amazon CloudWatch API Reference, PutDashboard https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html"},
	{backupVault, "name", regexp.MustCompile(`^[A-Za-z0-9_-]{2,50}$`), "2-50 letters, digits, hyphens and underscores", nil,
		"AWS Backup API Reference, CreateBackupVault https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html"},
	{backupPlan, "name", regexp.MustCompile(`^[A-Za-z0-9_.-]{1,50}$`), "1-50 letters, digits and - _ .", nil,
		"AWS Backup API Reference, BackupPlanInput https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html"},
	{dbProxy, "name", regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,62}$`), "1-63 letters, digits and hyphens, beginning with a letter", identifier,
		"Amazon RDS API Reference, CreateDBProxy https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html"},
	{"aws:cloudwatch/eventRule:EventRule", "name", regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`), "1-64 letters, digits and . - _", nil,
		"Amazon EventBridge API Reference, PutRule https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html"},
	{"aws:cloudwatch/eventTarget:EventTarget", "targetId", regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`), "1-64 letters, digits and . - _", nil,
		"Amazon EventBridge API Reference, Target (Id) https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html"},
	{"aws:sfn/stateMachine:StateMachine", "name", regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`), "1-80 letters, digits, hyphens and underscores", nil,
		"AWS Step Functions API Reference, CreateStateMachine https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html"},
}

// globalNames are the types whose names are unique across every AWS account.
var globalNames = []string{bucket, userPoolDomain}

// uniqueAcrossAWS reports whether a name in a global namespace carries the
// account id or a random value the resource depends on.
func uniqueAcrossAWS(r *graph.Resource, g *graph.Graph, name string) bool {
	if id := accountID(g); id != "" && strings.Contains(name, id) {
		return true
	}
	for _, urn := range r.Dependencies {
		d := g.Get(urn)
		if d == nil || !strings.HasPrefix(d.Type, "random:") {
			continue
		}
		for _, key := range []string{"result", "hex", "dec", "b64Url", "id"} {
			if v, ok := d.Output(key).(string); ok && len(v) >= 4 && strings.Contains(name, v) {
				return true
			}
		}
	}
	return false
}

var nameRules = append([]Rule{
	{ID: "PF.NAME.1", Title: "Names in AWS-wide namespaces are unique to the account", Types: globalNames,
		Rejects: "S3 bucket names and Cognito prefix domains are global: a second account deploying the project gets BucketAlreadyExists / domain already exists",
		Source: "Amazon S3 User Guide, General purpose bucket naming rules https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html; " +
			cognitoDomainDoc,
		Fix: "put the account id or a stable random suffix (random.RandomId kept in state) into the name",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			input := "bucket"
			if r.Type == userPoolDomain {
				if !prefixDomain(r) {
					return ""
				}
				input = "domain"
			}
			name := str(r, input)
			return check(name == "" || uniqueAcrossAWS(r, g, name), "%s %q has neither the account id nor a random suffix", input, name)
		}},
}, nameLengthRules()...)

// nameLengthRules makes one rule per named type, PF.NAME.2 onwards in table order.
func nameLengthRules() []Rule {
	var out []Rule
	for i, n := range names {
		n := n
		module := strings.SplitN(strings.SplitN(n.Type, ":", 3)[1], "/", 2)[0]
		short := n.Type[strings.LastIndex(n.Type, ":")+1:]
		out = append(out, Rule{ID: fmt.Sprintf("PF.NAME.%d", i+2), Title: module + " " + short + " " + n.Input + " has the length and characters AWS allows", Types: []string{n.Type},
			Rejects: "the create call fails validation: " + n.Input + " must be " + n.Allowed, Source: n.Source,
			Fix: "rename within: " + n.Allowed,
			Check: func(r *graph.Resource, g *graph.Graph) string {
				name := str(r, n.Input)
				if name == "" {
					return "" // auto-named by Pulumi within the limits
				}
				if !n.Pattern.MatchString(name) {
					return fmt.Sprintf("%s %q (%d characters)", n.Input, name, len(name))
				}
				if n.Extra != nil {
					if problem := n.Extra(name); problem != "" {
						return fmt.Sprintf("%s %q %s", n.Input, name, problem)
					}
				}
				return ""
			}})
	}
	return out
}
