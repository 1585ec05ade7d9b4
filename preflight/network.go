package preflight

import (
	"encoding/json"
	"fmt"
	"platform/internal/graph"
	"regexp"
	"slices"
	"strings"
)

const (
	sgDoc  = "Amazon EC2 API Reference, CreateSecurityGroup and AuthorizeSecurityGroupIngress https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"
	ecrDoc = "Amazon ECR User Guide, Lifecycle policy properties https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html"
)

// sgText is the character set of security group and rule descriptions.
var sgText = regexp.MustCompile(`^[A-Za-z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{0,255}$`)

var networkRules = []Rule{
	{ID: "PF.VPC.1", Title: "Security group and rule descriptions use the characters EC2 allows", Types: []string{securityGroup, ingressRule, egressRule},
		Rejects: "CreateSecurityGroup / AuthorizeSecurityGroup*: InvalidParameterValue: descriptions are up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
		Source:  sgDoc, Fix: "reword the description without other characters (no quotes, apostrophes or non-ASCII)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d := str(r, "description")
			return check(sgText.MatchString(d), "description %q", d)
		}},
	{ID: "PF.VPC.2", Title: "A security group rule names one peer and a valid port range", Types: []string{ingressRule, egressRule},
		Rejects: "AuthorizeSecurityGroup*: InvalidParameterCombination: exactly one of cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId; fromPort <= toPort; no ports with protocol -1",
		Source:  "Amazon VPC User Guide, Security group rules https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
		Fix:     "give each rule one peer, and ports only for tcp/udp/icmp",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			peers := 0
			for _, p := range []string{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"} {
				if r.Input(p) != nil {
					peers++
				}
			}
			from, okF := num(r, "fromPort")
			to, okT := num(r, "toPort")
			proto := str(r, "ipProtocol")
			return first(check(peers == 1, "%d peers", peers),
				check(!okF || !okT || from <= to || proto == "icmp", "fromPort %v above toPort %v", from, to),
				check(proto != "-1" || (!okF && !okT) || (from == -1 && to == -1), "ports with protocol -1"))
		}},
	{ID: "PF.VPC.3", Title: "Flow logs aggregate over 60 or 600 s and may write their destination", Types: []string{"aws:ec2/flowLog:FlowLog"},
		Rejects: "CreateFlowLogs: InvalidParameter: maxAggregationInterval is 60 or 600; a CloudWatch Logs destination needs deliverLogsPermissionArn",
		Source:  "Amazon EC2 API Reference, CreateFlowLogs https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html",
		Fix:     "set maxAggregationInterval 60 or 600 and iamRoleArn for cloud-watch-logs",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			i, ok := num(r, "maxAggregationInterval")
			cw := str(r, "logDestinationType") == "" || str(r, "logDestinationType") == "cloud-watch-logs"
			return first(check(!ok || i == 60 || i == 600, "maxAggregationInterval %v", i),
				check(!cw || r.Input("iamRoleArn") != nil, "cloud-watch-logs without iamRoleArn"))
		}},
	{ID: "PF.VPC.4", Title: "Endpoints have what their type needs", Types: []string{"aws:ec2/vpcEndpoint:VpcEndpoint"},
		Rejects: "CreateVpcEndpoint: InvalidParameter: a Gateway endpoint takes route tables, an Interface endpoint subnets and security groups",
		Source:  "Amazon EC2 API Reference, CreateVpcEndpoint https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html",
		Fix:     "give Gateway endpoints routeTableIds and Interface endpoints subnetIds and securityGroupIds",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			switch str(r, "vpcEndpointType") {
			case "Gateway":
				return check(len(list(r, "routeTableIds")) > 0 && len(list(r, "subnetIds")) == 0, "Gateway endpoint without route tables (or with subnets)")
			case "Interface":
				return check(len(list(r, "subnetIds")) > 0 && len(list(r, "routeTableIds")) == 0, "Interface endpoint without subnets (or with route tables)")
			}
			return ""
		}},
	{ID: "PF.EC2.1", Title: "An instance a route sends traffic through forwards it", Types: []string{"aws:ec2/instance:Instance"},
		Rejects: "with the source/destination check on, the instance drops traffic not addressed to it: a NAT instance forwards nothing",
		Source:  "Amazon VPC User Guide, NAT instances: disable source/destination checks https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html",
		Fix:     "set sourceDestCheck false on the NAT instance",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			routed := len(dependents(r, g, "aws:ec2/route:Route")) > 0
			return check(!routed || r.Input("sourceDestCheck") == false, "a route goes through the instance with sourceDestCheck on")
		}},
	{ID: "PF.KMS.1", Title: "Key deletion window and rotation period are in range", Types: []string{"aws:kms/key:Key"},
		Rejects: "CreateKey / ScheduleKeyDeletion: ValidationException: deletionWindowInDays 7-30, rotationPeriodInDays 90-2560, policy at most 32 KB",
		Source:  "AWS KMS API Reference, CreateKey https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html",
		Fix:     "keep the key's windows in range and its policy short",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			w, okW := num(r, "deletionWindowInDays")
			p, okP := num(r, "rotationPeriodInDays")
			return first(check(!okW || (w >= 7 && w <= 30), "deletionWindowInDays %v", w), check(!okP || (p >= 90 && p <= 2560), "rotationPeriodInDays %v", p),
				check(len(str(r, "policy")) <= 32768, "policy of %d bytes", len(str(r, "policy"))))
		}},
	{ID: "PF.SNS.1", Title: "CloudWatch may use the key of an encrypted alarm topic", Types: []string{topic},
		Rejects: "alarms publish to an SSE-KMS topic only if the key policy lets cloudwatch.amazonaws.com use the key: otherwise every alarm notification is dropped",
		Source:  "Amazon SNS Developer Guide, Configure server-side encryption: AWS service event sources https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
		Fix:     "allow kms:Decrypt and kms:GenerateDataKey* to service cloudwatch.amazonaws.com in the topic key's policy",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			keyArn := str(r, "kmsMasterKeyId")
			if keyArn == "" || !alarmTarget(r, g) {
				return ""
			}
			for _, k := range deps(r, g, "aws:kms/key:Key") {
				if !slices.ContainsFunc(statements(k, "policy"), func(s map[string]any) bool {
					return s["Effect"] == "Allow" && principalService(s) == "cloudwatch.amazonaws.com"
				}) {
					return fmt.Sprintf("key %s does not let CloudWatch use it", k.Name)
				}
			}
			return ""
		}},
	{ID: "PF.SNS.2", Title: "Subscriptions use a protocol SNS offers with a matching endpoint", Types: []string{"aws:sns/topicSubscription:TopicSubscription"},
		Rejects: "Subscribe: InvalidParameter: email endpoints are addresses, http(s) endpoints URLs of their scheme",
		Source:  "Amazon SNS API Reference, Subscribe https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html",
		Fix:     "match the endpoint to the protocol",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			p, e := str(r, "protocol"), str(r, "endpoint")
			switch p {
			case "email", "email-json":
				return check(strings.Count(e, "@") == 1 && !strings.Contains(e, "://"), "%s endpoint %q", p, e)
			case "http", "https":
				return check(strings.HasPrefix(e, p+"://"), "%s endpoint %q", p, e)
			case "sqs", "lambda", "firehose", "application", "sms", "":
				return ""
			}
			return fmt.Sprintf("protocol %q", p)
		}},
	{ID: "PF.ECR.1", Title: "Lifecycle policy rules are ones ECR accepts", Types: []string{"aws:ecr/lifecyclePolicy:LifecyclePolicy"},
		Rejects: "PutLifecyclePolicy: InvalidParameterException: unique rulePriority, countNumber >= 1, tagged selections name tagPrefixList or tagPatternList, sinceImagePushed needs countUnit days",
		Source:  ecrDoc, Fix: "correct the lifecycle rule",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var doc struct{ Rules []map[string]any }
			if json.Unmarshal([]byte(str(r, "policy")), &doc) != nil {
				return check(!known(r.Input("policy")), "policy is not JSON")
			}
			seen := map[any]bool{}
			for _, rule := range doc.Rules {
				sel, _ := rule["selection"].(map[string]any)
				n, _ := number(sel["countNumber"])
				switch {
				case seen[rule["rulePriority"]]:
					return fmt.Sprintf("rulePriority %v repeats", rule["rulePriority"])
				case n < 1:
					return fmt.Sprintf("countNumber %v", sel["countNumber"])
				case sel["tagStatus"] == "tagged" && sel["tagPrefixList"] == nil && sel["tagPatternList"] == nil:
					return "tagged selection without tagPrefixList or tagPatternList"
				case sel["countType"] == "sinceImagePushed" && sel["countUnit"] != "days":
					return "sinceImagePushed without countUnit days"
				}
				seen[rule["rulePriority"]] = true
			}
			return ""
		}},
	{ID: "PF.ECR.2", Title: "A repository policy fits ECR's limit and names accounts as principals", Types: []string{"aws:ecr/repositoryPolicy:RepositoryPolicy"},
		Rejects: "SetRepositoryPolicy: InvalidParameterException: policyText is at most 10,240 characters, and an AWS principal is an account id or an IAM ARN",
		Source:  "Amazon ECR API Reference, SetRepositoryPolicy https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html",
		Fix:     "list fewer pull accounts per repository, as 12-digit ids or arn:aws:iam::<account>:root",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			text := str(r, "policy")
			if !known(r.Input("policy")) {
				return ""
			}
			if len(text) > 10240 {
				return fmt.Sprintf("policy is %d characters", len(text))
			}
			for _, s := range statements(r, "policy") {
				p, _ := s["Principal"].(map[string]any)
				for _, a := range asList(p["AWS"]) {
					if v := fmt.Sprint(a); !awsPrincipal.MatchString(v) {
						return fmt.Sprintf("principal %q is not an account id or an IAM ARN", v)
					}
				}
			}
			return ""
		}},
}

// awsPrincipal is an AWS principal a resource policy may name.
var awsPrincipal = regexp.MustCompile(`^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role/.+|user/.+))$`)

// alarmTarget reports whether an alarm sends to the topic.
func alarmTarget(t *graph.Resource, g *graph.Graph) bool {
	arn, _ := t.Output("arn").(string)
	name := str(t, "name")
	for _, a := range g.ByType(metricAlarm) {
		for _, action := range stringsOf(append(list(a, "alarmActions"), list(a, "okActions")...)) {
			if (arn != "" && action == arn) || (name != "" && tail(action, ":") == name) || (name != "" && tail(action, "/") == name) {
				return true
			}
		}
	}
	return false
}
