package offline

import (
	"cmp"
	"fmt"
	"platform/internal/graph"
	"platform/internal/graph/engine"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// facts is what an answer may use about the resource being created.
type facts struct {
	r       *graph.Resource
	region  string
	account string
	// name is the physical name: the `name` input, or an auto-name.
	name string
}

// hex returns n stable hex characters unique to this resource.
func (f facts) hex(n int) string { return digest(f.r.URN, n) }

// upper returns n stable upper-case alphanumerics unique to this resource.
func (f facts) upper(n int) string { return strings.ToUpper(digest(f.r.URN+"upper", n)) }

func (f facts) arn(service, resourcePart string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, f.region, f.account, resourcePart)
}

// globalARN is the shape of IAM, Route53 and CloudFront ARNs: no region.
func (f facts) globalARN(service, resourcePart string) string {
	return fmt.Sprintf("arn:aws:%s::%s:%s", service, f.account, resourcePart)
}

func (f facts) str(input string) string {
	s, _ := f.r.Inputs[input].(string)
	return s
}

// answer is a type's id and outputs beyond its inputs.
type answer func(f facts) (string, map[string]any)

// ec2Style answers the `<prefix>-<17 hex>` ids of EC2 resources.
func ec2Style(prefix, arnType string) answer {
	return func(f facts) (string, map[string]any) {
		id := prefix + "-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", arnType+"/"+id)}
	}
}

// answers holds the types whose outputs need more than the generic shape.
var answers = map[string]answer{
	"pulumi:providers:aws": func(f facts) (string, map[string]any) {
		return f.hex(8) + "-provider", nil
	},
	"awsx:ec2:Vpc": func(f facts) (string, map[string]any) {
		azs := 3 // awsx's default
		if names, ok := f.r.Inputs["availabilityZoneNames"].([]any); ok {
			azs = len(names)
		} else if n, ok := f.r.Inputs["numberOfAvailabilityZones"].(float64); ok {
			azs = int(n)
		}
		subnets := func(kind string) []any {
			ids := []any{}
			for i := 0; i < azs; i++ {
				ids = append(ids, "subnet-"+digest(f.r.URN+kind+fmt.Sprint(i), 17))
			}
			return ids
		}
		vpcID := "vpc-" + f.hex(17)
		return vpcID, map[string]any{
			"vpcId":             vpcID,
			"publicSubnetIds":   subnets("public"),
			"privateSubnetIds":  subnets("private"),
			"isolatedSubnetIds": subnets("isolated"),
		}
	},
	"aws:ec2/securityGroup:SecurityGroup":               ec2Style("sg", "security-group"),
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2Style("sg", "security-group"),
	"aws:ec2/vpcEndpoint:VpcEndpoint":                   ec2Style("vpce", "vpc-endpoint"),
	"aws:ec2/flowLog:FlowLog":                           ec2Style("fl", "vpc-flow-log"),
	"aws:ec2/natGateway:NatGateway":                     ec2Style("nat", "natgateway"),
	"aws:ec2/eip:Eip":                                   ec2Style("eipalloc", "elastic-ip"),
	"aws:ec2/route:Route": func(f facts) (string, map[string]any) {
		return "r-" + f.str("routeTableId") + "1080289494", nil
	},
	"aws:ec2/instance:Instance": func(f facts) (string, map[string]any) {
		id := "i-" + f.hex(17)
		return id, map[string]any{
			"arn":                       f.arn("ec2", "instance/"+id),
			"primaryNetworkInterfaceId": "eni-" + f.hex(17),
			"privateIp":                 "10.0.0.10",
		}
	},
	"aws:cloudwatch/logGroup:LogGroup": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"name": f.name, "arn": f.arn("logs", "log-group:"+f.name)}
	},
	"aws:iam/role:Role": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"name": f.name, "arn": f.globalARN("iam", "role/"+f.name), "uniqueId": "AROA" + f.upper(17)}
	},
	"aws:iam/policy:Policy": func(f facts) (string, map[string]any) {
		arn := f.globalARN("iam", "policy/"+f.name)
		return arn, map[string]any{"name": f.name, "arn": arn, "policyId": "ANPA" + f.upper(17)}
	},
	"aws:iam/rolePolicy:RolePolicy": func(f facts) (string, map[string]any) {
		return f.str("role") + ":" + f.name, map[string]any{"name": f.name}
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": func(f facts) (string, map[string]any) {
		return f.str("role") + "-" + f.hex(8), nil
	},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": func(f facts) (string, map[string]any) {
		arn := f.globalARN("iam", "oidc-provider/"+strings.TrimPrefix(f.str("url"), "https://"))
		return arn, map[string]any{"arn": arn}
	},
	"aws:route53/zone:Zone": func(f facts) (string, map[string]any) {
		id := "Z" + f.upper(13)
		return id, map[string]any{
			"zoneId":      id,
			"arn":         f.globalARN("route53", "hostedzone/"+id),
			"nameServers": []any{"ns-101.awsdns-12.com", "ns-602.awsdns-15.net", "ns-1203.awsdns-22.org", "ns-1804.awsdns-34.co.uk"},
		}
	},
	"aws:route53/record:Record": func(f facts) (string, map[string]any) {
		name := strings.TrimSuffix(f.str("name"), ".")
		return f.str("zoneId") + "_" + name + "_" + f.str("type"), map[string]any{"fqdn": name}
	},
	"aws:acm/certificate:Certificate": func(f facts) (string, map[string]any) {
		arn := f.arn("acm", "certificate/"+uuid(f))
		domains := []string{f.str("domainName")}
		if sans, ok := f.r.Inputs["subjectAlternativeNames"].([]any); ok {
			for _, s := range sans {
				domains = append(domains, fmt.Sprint(s))
			}
		}
		var options []any
		for _, d := range domains {
			// AWS gives an apex and its wildcard the same validation record.
			base := strings.TrimPrefix(d, "*.")
			token := digest(base, 32)
			options = append(options, map[string]any{
				"domainName":          d,
				"resourceRecordName":  "_" + token + "." + base + ".",
				"resourceRecordType":  "CNAME",
				"resourceRecordValue": "_" + digest(token, 32) + ".acm-validations.aws.",
			})
		}
		return arn, map[string]any{"arn": arn, "domainValidationOptions": options, "status": "ISSUED"}
	},
	"aws:acm/certificateValidation:CertificateValidation": func(f facts) (string, map[string]any) {
		return f.str("certificateArn"), nil
	},
	"aws:cognito/userPool:UserPool": func(f facts) (string, map[string]any) {
		id := f.region + "_" + f.upper(9)
		return id, map[string]any{
			"arn":      f.arn("cognito-idp", "userpool/"+id),
			"endpoint": "cognito-idp." + f.region + ".amazonaws.com/" + id,
		}
	},
	"aws:cognito/userPoolClient:UserPoolClient": func(f facts) (string, map[string]any) {
		return strings.ToLower(f.upper(26)), map[string]any{
			"clientSecret": resource.MakeSecret(resource.NewProperty(SecretValuePrefix + "(client)" + f.hex(12))),
		}
	},
	"aws:cognito/userPoolDomain:UserPoolDomain": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"cloudfrontDistribution": "d" + f.hex(13) + ".cloudfront.net"}
	},
	"aws:wafv2/webAcl:WebAcl": func(f facts) (string, map[string]any) {
		id := uuid(f)
		return id, map[string]any{"arn": f.arn("wafv2", "regional/webacl/"+f.name+"/"+id), "capacity": 1000}
	},
	"aws:ses/domainIdentity:DomainIdentity": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"arn": f.arn("ses", "identity/"+f.str("domain")), "verificationToken": f.hex(40)}
	},
	"aws:ses/domainDkim:DomainDkim": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"dkimTokens": []any{f.hex(32), digest(f.r.URN+"2", 32), digest(f.r.URN+"3", 32)}}
	},
	"aws:s3/bucketV2:BucketV2": func(f facts) (string, map[string]any) {
		f.name = cmp.Or(f.str("bucket"), f.name)
		return f.name, map[string]any{
			"bucket":                   f.name,
			"arn":                      "arn:aws:s3:::" + f.name,
			"bucketDomainName":         f.name + ".s3.amazonaws.com",
			"bucketRegionalDomainName": f.name + ".s3." + f.region + ".amazonaws.com",
		}
	},
	"aws:secretsmanager/secret:Secret": func(f facts) (string, map[string]any) {
		arn := f.arn("secretsmanager", "secret:"+f.name+"-"+f.hex(6))
		return arn, map[string]any{"arn": arn, "name": f.name}
	},
	"aws:sqs/queue:Queue": func(f facts) (string, map[string]any) {
		url := "https://sqs." + f.region + ".amazonaws.com/" + f.account + "/" + f.name
		return url, map[string]any{"arn": f.arn("sqs", f.name), "url": url, "name": f.name}
	},
	"aws:ecr/repository:Repository": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{
			"arn":           f.arn("ecr", "repository/"+f.name),
			"repositoryUrl": f.account + ".dkr.ecr." + f.region + ".amazonaws.com/" + f.name,
			"registryId":    f.account,
		}
	},
	"aws:ecs/cluster:Cluster": func(f facts) (string, map[string]any) {
		arn := f.arn("ecs", "cluster/"+f.name)
		return arn, map[string]any{"arn": arn, "name": f.name}
	},
	"aws:ecs/taskDefinition:TaskDefinition": func(f facts) (string, map[string]any) {
		family := f.str("family")
		return family, map[string]any{"arn": f.arn("ecs", "task-definition/"+family+":1"), "revision": 1, "arnWithoutRevision": f.arn("ecs", "task-definition/"+family)}
	},
	"aws:ecs/service:Service": func(f facts) (string, map[string]any) {
		return f.arn("ecs", "service/"+f.name), map[string]any{"name": f.name}
	},
	"aws:lb/loadBalancer:LoadBalancer": func(f facts) (string, map[string]any) {
		arn := f.arn("elasticloadbalancing", "loadbalancer/app/"+f.name+"/"+f.hex(16))
		return arn, map[string]any{
			"arn":       arn,
			"arnSuffix": "app/" + f.name + "/" + f.hex(16),
			"dnsName":   f.name + "-" + digest(f.r.URN, 9) + "." + f.region + ".elb.amazonaws.com",
			"zoneId":    albZoneID(f.region),
		}
	},
	"aws:lb/targetGroup:TargetGroup": func(f facts) (string, map[string]any) {
		arn := f.arn("elasticloadbalancing", "targetgroup/"+f.name+"/"+f.hex(16))
		return arn, map[string]any{"arn": arn, "arnSuffix": "targetgroup/" + f.name + "/" + f.hex(16), "name": f.name}
	},
	"aws:lb/listener:Listener": func(f facts) (string, map[string]any) {
		arn := f.arn("elasticloadbalancing", "listener/app/"+f.hex(8)+"/"+f.hex(16)+"/"+digest(f.r.URN+"l", 16))
		return arn, map[string]any{"arn": arn}
	},
	"aws:lb/listenerRule:ListenerRule": func(f facts) (string, map[string]any) {
		arn := f.arn("elasticloadbalancing", "listener-rule/app/"+f.hex(8)+"/"+f.hex(16)+"/"+digest(f.r.URN+"r", 16))
		return arn, map[string]any{"arn": arn}
	},
	"aws:cloudfront/distribution:Distribution": func(f facts) (string, map[string]any) {
		id := "E" + f.upper(13)
		return id, map[string]any{
			"arn":          f.globalARN("cloudfront", "distribution/"+id),
			"domainName":   "d" + f.hex(13) + ".cloudfront.net",
			"hostedZoneId": "Z2FDTNDATAQYW2",
		}
	},
	"aws:rds/instance:Instance": func(f facts) (string, map[string]any) {
		id := f.str("identifier")
		if id == "" {
			id = f.name
		}
		address := id + "." + f.hex(12) + "." + f.region + ".rds.amazonaws.com"
		return "db-" + f.upper(26), map[string]any{
			"arn":                 f.arn("rds", "db:"+id),
			"identifier":          id,
			"address":             address,
			"endpoint":            address + ":" + fmt.Sprint(f.r.Inputs["port"]),
			"masterUserSecrets":   []any{map[string]any{"secretArn": f.arn("secretsmanager", "secret:rds!db-"+uuid(f)+"-"+f.hex(6)), "secretStatus": "active"}},
			"resourceId":          "db-" + f.upper(26),
			"hostedZoneId":        "Z2R2ITUGPM61AM",
			"availabilityZone":    f.region + "a",
			"caCertIdentifier":    "rds-ca-rsa2048-g1",
			"engineVersionActual": f.str("engineVersion"),
		}
	},
	"aws:rds/cluster:Cluster": func(f facts) (string, map[string]any) {
		id := f.str("clusterIdentifier")
		port := 5432
		if strings.Contains(f.str("engine"), "mysql") {
			port = 3306
		}
		return id, map[string]any{
			"arn":               f.arn("rds", "cluster:"+id),
			"endpoint":          id + ".cluster-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com",
			"readerEndpoint":    id + ".cluster-ro-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com",
			"port":              port,
			"clusterResourceId": "cluster-" + f.upper(26),
			"masterUserSecrets": []any{map[string]any{"secretArn": f.arn("secretsmanager", "secret:rds!cluster-"+uuid(f)+"-"+f.hex(6)), "secretStatus": "active"}},
		}
	},
	"aws:rds/clusterInstance:ClusterInstance": func(f facts) (string, map[string]any) {
		id := f.str("identifier")
		return id, map[string]any{"arn": f.arn("rds", "db:"+id), "endpoint": id + "." + f.hex(12) + "." + f.region + ".rds.amazonaws.com"}
	},
	"aws:rds/proxy:Proxy": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"arn": f.arn("rds", "db-proxy:prx-"+f.hex(17)), "endpoint": f.name + ".proxy-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com"}
	},
	"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": func(f facts) (string, map[string]any) {
		return f.str("dbProxyName"), map[string]any{"name": "default", "arn": f.arn("rds", "target-group:prx-tg-"+f.hex(17))}
	},
	"aws:elasticache/replicationGroup:ReplicationGroup": func(f facts) (string, map[string]any) {
		id := f.str("replicationGroupId")
		return id, map[string]any{
			"arn":                    f.arn("elasticache", "replicationgroup:"+id),
			"primaryEndpointAddress": "master." + id + "." + f.hex(6) + "." + shortRegion(f.region) + ".cache.amazonaws.com",
			"readerEndpointAddress":  "replica." + id + "." + f.hex(6) + "." + shortRegion(f.region) + ".cache.amazonaws.com",
		}
	},
	"aws:elasticache/serverlessCache:ServerlessCache": func(f facts) (string, map[string]any) {
		address := f.name + "-" + f.hex(6) + ".serverless." + shortRegion(f.region) + ".cache.amazonaws.com"
		return f.name, map[string]any{
			"arn":       f.arn("elasticache", "serverlesscache:"+f.name),
			"endpoints": []any{map[string]any{"address": address, "port": 6379}},
		}
	},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": func(f facts) (string, map[string]any) {
		id := "sgr-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", "security-group-rule/"+id), "securityGroupRuleId": id}
	},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": func(f facts) (string, map[string]any) {
		id := "sgr-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", "security-group-rule/"+id), "securityGroupRuleId": id}
	},
	"random:index/randomPassword:RandomPassword": func(f facts) (string, map[string]any) {
		return "none", map[string]any{"result": resource.MakeSecret(resource.NewProperty(SecretValuePrefix + "(password)" + f.hex(16)))}
	},
	"aws:servicediscovery/service:Service": func(f facts) (string, map[string]any) {
		id := "srv-" + f.hex(16)
		return id, map[string]any{"arn": f.arn("servicediscovery", "service/"+id)}
	},
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": func(f facts) (string, map[string]any) {
		id := "ns-" + f.hex(16)
		return id, map[string]any{"arn": f.arn("servicediscovery", "namespace/"+id), "hostedZone": "Z" + f.upper(13)}
	},
	"aws:scheduler/schedule:Schedule": func(f facts) (string, map[string]any) {
		return "default/" + f.name, map[string]any{"arn": f.arn("scheduler", "schedule/default/"+f.name)}
	},
	"aws:appautoscaling/target:Target": func(f facts) (string, map[string]any) {
		return f.str("resourceId"), map[string]any{"arn": f.arn("application-autoscaling", "scalable-target/"+f.hex(24))}
	},
	"command:local:Command": func(f facts) (string, map[string]any) {
		return f.hex(16), map[string]any{"stdout": "migration task finished with exit code 0", "stderr": ""}
	},
	"aws:kms/key:Key": func(f facts) (string, map[string]any) {
		id := uuid(f)
		return id, map[string]any{"arn": f.arn("kms", "key/"+id), "keyId": id}
	},
	"aws:mq/broker:Broker": func(f facts) (string, map[string]any) {
		id := "b-" + uuid(f)
		host := id + "-1.mq." + f.region + ".amazonaws.com"
		return id, map[string]any{
			"arn":       f.arn("mq", "broker:"+f.name+":"+id),
			"instances": []any{map[string]any{"consoleUrl": "https://" + host, "endpoints": []any{"amqps://" + host + ":5671"}, "ipAddress": ""}},
		}
	},
}

// genericAnswer gives any other AWS resource a name-based id and an ARN in the
// shape arn:aws:<module>:<region>:<account>:<type>/<name>.
func genericAnswer(f facts) (string, map[string]any) {
	typ := f.r.Type
	module, kind := "", typ
	if parts := strings.Split(typ, ":"); len(parts) == 3 {
		module = strings.SplitN(parts[1], "/", 2)[0]
		kind = parts[2]
	}
	return f.name, map[string]any{"name": f.name, "arn": f.arn(module, strings.ToLower(kind)+"/"+f.name)}
}

// answer gives the id and outputs of a new resource.
func (m *Monitor) answer(r *graph.Resource, region string) (string, map[string]any, error) {
	if r.Type == "pulumi:pulumi:StackReference" {
		return m.answerStackReference(r)
	}
	f := facts{r: r, region: region, account: Account, name: physicalName(r)}
	if !r.Custom && !r.Remote {
		// Local components have no physical existence.
		return "", nil, nil
	}
	fn, ok := answers[r.Type]
	if !ok {
		fn = genericAnswer
	}
	id, outputs := fn(f)
	if r.ID != "" {
		id = r.ID
	}
	return id, outputs, nil
}

// answerStackReference answers a StackReference read with the outputs of the
// referenced stack, as the engine does.
func (m *Monitor) answerStackReference(r *graph.Resource) (string, map[string]any, error) {
	name, _ := r.Inputs["name"].(string)
	outputs, ok := m.references[name]
	if !ok {
		return "", nil, fmt.Errorf("offline: stack reference %q has no outputs: evaluate that stack first", name)
	}
	return name, map[string]any{"name": name, "outputs": outputs}, nil
}

// physicalName is the `name` input, a name prefix plus a suffix, or the
// logical name plus a stable suffix, like Pulumi's auto-naming.
func physicalName(r *graph.Resource) string {
	if n, ok := r.Inputs["name"].(string); ok && n != "" && n != graph.SecretMarker {
		return n
	}
	if p, ok := r.Inputs["namePrefix"].(string); ok && p != "" {
		return p + digest(r.URN, 7)
	}
	return r.Name + "-" + digest(r.URN, 7)
}

// shortRegion is the region code ElastiCache endpoints use, e.g. use1.
func shortRegion(region string) string {
	if z, ok := zonesByRegion[region]; ok {
		return z.short
	}
	return strings.ReplaceAll(region, "-", "")[:4]
}

func uuid(f facts) string {
	h := f.hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// albZoneIDs are the canonical hosted zones of ALBs per region (AWS General
// Reference, "Elastic Load Balancing endpoints and quotas").
var albZoneIDs = map[string]string{
	"us-east-1":      "Z35SXDOTRQ7X7K",
	"us-east-2":      "Z3AADJGX6KTTL2",
	"us-west-1":      "Z368ELLRRE2KJ0",
	"us-west-2":      "Z1H1FL5HABSF5",
	"eu-west-1":      "Z32O12XQLNTSW2",
	"eu-west-2":      "ZHURV8PSTC4K8",
	"eu-central-1":   "Z215JYRZR1TBD5",
	"ap-southeast-1": "Z1LMS91P8CMLE5",
	"ap-southeast-2": "Z1GM3OXH4ZPM65",
	"ap-northeast-1": "Z14GRHDCWA56QT",
}

func albZoneID(region string) string {
	if z, ok := albZoneIDs[region]; ok {
		return z
	}
	return "Z" + strings.ToUpper(digest(region, 13))
}

// regionZones is a region's zone-id prefix and how many zones it offers.
type regionZones struct {
	short string
	count int
}

// zonesByRegion are real zone counts, so a stack asking for more zones than
// its region has fails offline as it would in AWS.
var zonesByRegion = map[string]regionZones{
	"us-east-1":    {"use1", 6},
	"us-east-2":    {"use2", 3},
	"us-west-2":    {"usw2", 4},
	"eu-west-1":    {"euw1", 3},
	"eu-central-1": {"euc1", 3},
}

// Call answers invokes (data sources) by token.
func (m *Monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	region := m.region
	m.mu.Lock()
	if p, ok := m.providerRegions[providerURN(args.Provider)]; ok {
		region = p
	}
	m.mu.Unlock()
	in := engine.Plain(args.Args)
	str := func(k string) string { s, _ := in[k].(string); return s }
	var out map[string]any
	switch args.Token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		zone := zonesByRegion[region]
		if zone.short == "" {
			zone = regionZones{short: strings.ReplaceAll(region, "-", "")[:4], count: 3}
		}
		var names, ids []any
		for i := 0; i < zone.count; i++ {
			names = append(names, region+string(rune('a'+i)))
			ids = append(ids, fmt.Sprintf("%s-az%d", zone.short, i+1))
		}
		out = map[string]any{"id": region, "names": names, "zoneIds": ids, "groupNames": []any{region}}
	case "aws:index/getCallerIdentity:getCallerIdentity":
		out = map[string]any{"id": Account, "accountId": Account, "arn": "arn:aws:sts::" + Account + ":assumed-role/offline/plan", "userId": "AROAOFFLINE:plan"}
	case "aws:index/getRegion:getRegion":
		out = map[string]any{"id": region, "name": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}
	case "aws:index/getPartition:getPartition":
		out = map[string]any{"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}
	case "aws:route53/getZone:getZone":
		name := strings.TrimSuffix(str("name"), ".")
		id := "Z" + strings.ToUpper(digest(name, 13))
		out = map[string]any{"id": id, "zoneId": id, "name": name, "arn": "arn:aws:route53:::hostedzone/" + id, "privateZone": false,
			"nameServers": []any{"ns-101.awsdns-12.com", "ns-602.awsdns-15.net"}}
	case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
		url := strings.TrimPrefix(str("url"), "https://")
		arn := cmp.Or(str("arn"), "arn:aws:iam::"+Account+":oidc-provider/"+url)
		out = map[string]any{"id": arn, "arn": arn, "url": url, "clientIdLists": []any{"sts.amazonaws.com"}}
	case "aws:ec2/getRouteTable:getRouteTable":
		id := "rtb-" + digest(str("subnetId"), 17)
		out = map[string]any{"id": id, "routeTableId": id, "subnetId": str("subnetId"), "arn": "arn:aws:ec2:" + region + ":" + Account + ":route-table/" + id}
	case "aws:ec2/getAmi:getAmi":
		out = map[string]any{"id": "ami-" + digest(region+fmt.Sprint(in["filters"]), 17), "architecture": "arm64", "name": "fck-nat-al2023-hvm-1.3.0-arm64"}
	default:
		return nil, errNoAnswer(args.Token)
	}
	return resource.NewPropertyMapFromMap(out), nil
}
