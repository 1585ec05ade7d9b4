package offline

import (
	"fmt"
	"strings"
)

// ec2Style answers the `<prefix>-<17 hex>` ids of EC2 resources.
func ec2Style(prefix, arnType string) answer {
	return func(f facts) (string, map[string]any) {
		id := prefix + "-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", arnType+"/"+id)}
	}
}

// networkAnswers answer the VPC, DNS, certificate, load balancer, CDN and
// service discovery types.
var networkAnswers = map[string]answer{
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
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": func(f facts) (string, map[string]any) {
		id := "sgr-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", "security-group-rule/"+id), "securityGroupRuleId": id}
	},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": func(f facts) (string, map[string]any) {
		id := "sgr-" + f.hex(17)
		return id, map[string]any{"arn": f.arn("ec2", "security-group-rule/"+id), "securityGroupRuleId": id}
	},
	"aws:servicediscovery/service:Service": func(f facts) (string, map[string]any) {
		id := "srv-" + f.hex(16)
		return id, map[string]any{"arn": f.arn("servicediscovery", "service/"+id)}
	},
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": func(f facts) (string, map[string]any) {
		id := "ns-" + f.hex(16)
		return id, map[string]any{"arn": f.arn("servicediscovery", "namespace/"+id), "hostedZone": "Z" + f.upper(13)}
	},
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
