package preflight

import (
	"platform/internal/graph"
	"testing"
)

// alarmTopic is an encrypted topic an alarm sends to; cloudwatch lets the
// alarm's service use the key.
func alarmTopic(cloudwatch bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		principal := "events.amazonaws.com"
		if cloudwatch {
			principal = "cloudwatch.amazonaws.com"
		}
		key := res("aws:kms/key:Key", "key", M{"policy": jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": "kms:Decrypt", "Principal": M{"Service": principal}}}})})
		t := res(topic, "alerts", M{"name": "alerts", "kmsMasterKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"}, on(key))
		alarm := res(metricAlarm, "alarm", M{"alarmActions": L{"arn:aws:sns:us-east-1:111122223333:alerts"}, "period": 60, "evaluationPeriods": 1})
		return []*graph.Resource{key, t, alarm}
	}
}

func lifecycle(rules ...M) *graph.Resource {
	rs := L{}
	for _, r := range rules {
		rs = append(rs, r)
	}
	return res("aws:ecr/lifecyclePolicy:LifecyclePolicy", "lifecycle", M{"policy": jsonText(M{"rules": rs})})
}

func keep(priority int, selection M) M {
	return M{"rulePriority": priority, "action": M{"type": "expire"}, "selection": selection}
}

// certified is a certificate for names, validated, and a distribution with
// aliases that uses it.
func certified(names L, aliases L) func() []*graph.Resource {
	return func() []*graph.Resource {
		cert := res(certificate, "cert", M{"domainName": names[0], "subjectAlternativeNames": names[1:]})
		v := res(certValidation, "validation", M{"certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/1"}, on(cert))
		cdn := res(distribution, "cdn", M{"aliases": aliases, "viewerCertificate": M{"acmCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/1"}}, on(v))
		return []*graph.Resource{cert, v, cdn}
	}
}

func routedHost(host string) func() []*graph.Resource {
	return func() []*graph.Resource {
		cert := res(certificate, "cert", M{"domainName": "example.com", "subjectAlternativeNames": L{"*.example.com"}})
		v := res(certValidation, "validation", M{"certificateArn": "arn:c"}, on(cert))
		l := res(listener, "https", M{"protocol": "HTTPS", "certificateArn": "arn:c"}, on(v))
		rule := res(listenerRule, "rule", M{"priority": 1, "conditions": L{M{"hostHeader": M{"values": L{host}}}}}, on(l))
		return []*graph.Resource{cert, v, l, rule}
	}
}

func s3Backup(versioned bool, policy string) func() []*graph.Resource {
	return func() []*graph.Resource {
		status := "Suspended"
		if versioned {
			status = "Enabled"
		}
		return []*graph.Resource{
			res("aws:s3/bucketVersioningV2:BucketVersioningV2", "versioning", M{"bucket": "uploads", "versioningConfiguration": M{"status": status}}),
			res(role, "backup-role", M{"name": "backup", "managedPolicyArns": L{"arn:aws:iam::aws:policy/" + policy}}),
			res("aws:backup/selection:Selection", "selection", M{"iamRoleArn": "arn:aws:iam::111122223333:role/backup", "resources": L{"arn:aws:s3:::uploads"}}),
		}
	}
}

func password(length int, special bool, consumer string) func() []*graph.Resource {
	return func() []*graph.Resource {
		p := res("random:index/randomPassword:RandomPassword", "password", M{"length": length, "special": special})
		return []*graph.Resource{p, res(consumer, "consumer", M{}, on(p))}
	}
}

var networkCases = []ruleCase{
	{rule: "PF.VPC.1", badName: "sg", good: one(res(securityGroup, "sg", M{"description": "Load balancer: HTTP and HTTPS from the internet"})),
		bad: one(res(securityGroup, "sg", M{"description": "the load balancer's group"}))},
	{rule: "PF.VPC.2", badName: "in", good: one(res(ingressRule, "in", M{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"})),
		bad: one(res(ingressRule, "in", M{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0", "referencedSecurityGroupId": "sg-1"}))},
	{rule: "PF.VPC.2", badName: "out", good: one(res(egressRule, "out", M{"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"})),
		bad: one(res(egressRule, "out", M{"ipProtocol": "-1", "fromPort": 0, "toPort": 65535, "cidrIpv4": "0.0.0.0/0"}))},
	{rule: "PF.VPC.3", badName: "flow", good: one(res("aws:ec2/flowLog:FlowLog", "flow", M{"maxAggregationInterval": 60, "logDestinationType": "cloud-watch-logs", "iamRoleArn": "arn:r"})),
		bad: one(res("aws:ec2/flowLog:FlowLog", "flow", M{"maxAggregationInterval": 300, "logDestinationType": "cloud-watch-logs", "iamRoleArn": "arn:r"}))},
	{rule: "PF.VPC.4", badName: "ep", good: one(res("aws:ec2/vpcEndpoint:VpcEndpoint", "ep", M{"vpcEndpointType": "Interface", "subnetIds": L{"a"}})),
		bad: one(res("aws:ec2/vpcEndpoint:VpcEndpoint", "ep", M{"vpcEndpointType": "Gateway", "subnetIds": L{"a"}}))},
	{rule: "PF.EC2.1", badName: "nat",
		good: func() []*graph.Resource {
			nat := res("aws:ec2/instance:Instance", "nat", M{"sourceDestCheck": false})
			return []*graph.Resource{nat, res("aws:ec2/route:Route", "route", M{}, on(nat))}
		},
		bad: func() []*graph.Resource {
			nat := res("aws:ec2/instance:Instance", "nat", M{})
			return []*graph.Resource{nat, res("aws:ec2/route:Route", "route", M{}, on(nat))}
		}},
	{rule: "PF.KMS.1", badName: "key", good: one(res("aws:kms/key:Key", "key", M{"deletionWindowInDays": 7})), bad: one(res("aws:kms/key:Key", "key", M{"deletionWindowInDays": 5}))},
	{rule: "PF.SNS.1", badName: "alerts", good: alarmTopic(true), bad: alarmTopic(false)},
	{rule: "PF.SNS.2", badName: "sub", good: one(res("aws:sns/topicSubscription:TopicSubscription", "sub", M{"protocol": "email", "endpoint": "ops@example.com"})),
		bad: one(res("aws:sns/topicSubscription:TopicSubscription", "sub", M{"protocol": "https", "endpoint": "http://hooks.example.com"}))},
	{rule: "PF.ECR.2", badName: "pull", good: one(res("aws:ecr/repositoryPolicy:RepositoryPolicy", "pull", M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"ecr:BatchGetImage"}]}`})),
		bad: one(res("aws:ecr/repositoryPolicy:RepositoryPolicy", "pull", M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"production"},"Action":"ecr:BatchGetImage"}]}`}))},
	{rule: "PF.ECR.1", badName: "lifecycle", good: one(lifecycle(keep(1, M{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10}))),
		bad: one(lifecycle(keep(1, M{"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 10})))},
	{rule: "PF.ECR.1", badName: "lifecycle",
		good: one(lifecycle(keep(1, M{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}), keep(2, M{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10}))),
		bad:  one(lifecycle(keep(1, M{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}), keep(1, M{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10})))},
	{rule: "PF.ACM.3", badName: "cdn", good: certified(L{"example.com", "*.example.com"}, L{"www.example.com"}), bad: certified(L{"example.com", "*.example.com"}, L{"a.b.example.com"})},
	{rule: "PF.ACM.4", badName: "rule", good: routedHost("admin.example.com"), bad: routedHost("admin.example.org")},
	{rule: "PF.SES.1", badName: "from", good: one(res("aws:ses/mailFrom:MailFrom", "from", M{"domain": "example.com", "mailFromDomain": "bounce.example.com"})),
		bad: one(res("aws:ses/mailFrom:MailFrom", "from", M{"domain": "example.com", "mailFromDomain": "bounce.example.org"}))},
	{rule: "PF.COGNITO.6", badName: "domain", good: one(res(userPoolDomain, "domain", M{"domain": "login.example.com", "certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/1"})),
		bad: one(res(userPoolDomain, "domain", M{"domain": "login.example.com", "certificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/1"}))},
	{rule: "PF.SQS.3", badName: "allow", good: one(res("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "allow", M{"redriveAllowPolicy": jsonText(M{"redrivePermission": "byQueue", "sourceQueueArns": L{"arn:q"}})})),
		bad: one(res("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "allow", M{"redriveAllowPolicy": jsonText(M{"redrivePermission": "byQueue"})}))},
	{rule: "PF.RANDOM.1", badName: "password", good: password(48, false, replicationGroup), bad: password(48, true, replicationGroup)},
	{rule: "PF.RANDOM.1", badName: "password", good: password(12, false, broker), bad: password(8, false, broker)},
	{rule: "PF.IAM.5", badName: "p", good: one(res(rolePolicy, "p", M{"policy": jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}})})),
		bad: one(res(rolePolicy, "p", M{"policy": jsonText(M{"Statement": L{M{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}}})}))},
	{rule: "PF.IAM.6", badName: "a", good: one(res(rolePolicyAttach, "a", M{"policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})),
		bad: one(res(rolePolicyAttach, "a", M{"policyArn": "ReadOnlyAccess"}))},
	{rule: "PF.RDS.10", badName: "subnets", good: one(res("aws:rds/subnetGroup:SubnetGroup", "subnets", M{"subnetIds": L{"a", "b"}})),
		bad: one(res("aws:rds/subnetGroup:SubnetGroup", "subnets", M{"subnetIds": L{"a"}}))},
	{rule: "PF.RDS.13", badName: "db", good: one(res(dbInstance, "db", M{"allowMajorVersionUpgrade": true, "applyImmediately": true})),
		bad: one(res(dbInstance, "db", M{"allowMajorVersionUpgrade": true}))},
	{rule: "PF.RDS.13", badName: "db", good: one(res(dbCluster, "db", M{"allowMajorVersionUpgrade": true, "applyImmediately": true})),
		bad: one(res(dbCluster, "db", M{"applyImmediately": true}))},
	{rule: "PF.RDS.11", badName: "pool", good: one(res("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "pool", M{"connectionPoolConfig": M{"maxConnectionsPercent": 90, "maxIdleConnectionsPercent": 50}})),
		bad: one(res("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "pool", M{"connectionPoolConfig": M{"maxConnectionsPercent": 90, "maxIdleConnectionsPercent": 95}}))},
	{rule: "PF.ASG.2", badName: "p", good: one(res("aws:appautoscaling/policy:Policy", "p", M{"targetTrackingScalingPolicyConfiguration": M{"targetValue": 60, "predefinedMetricSpecification": M{"predefinedMetricType": "ECSServiceAverageCPUUtilization"}}})),
		bad: one(res("aws:appautoscaling/policy:Policy", "p", M{"targetTrackingScalingPolicyConfiguration": M{"targetValue": 100, "predefinedMetricSpecification": M{"predefinedMetricType": "ALBRequestCountPerTarget"}}}))},
	{rule: "PF.BACKUP.1", badName: "plan", good: one(res(backupPlan, "plan", M{"rules": L{M{"lifecycle": M{"deleteAfter": 35}, "startWindow": 60, "completionWindow": 180}}})),
		bad: one(res(backupPlan, "plan", M{"rules": L{M{"lifecycle": M{"deleteAfter": 35, "coldStorageAfter": 7}}}}))},
	{rule: "PF.BACKUP.2", badName: "selection", good: s3Backup(true, "AWSBackupServiceRolePolicyForS3Backup"), bad: s3Backup(false, "AWSBackupServiceRolePolicyForS3Backup")},
	{rule: "PF.BACKUP.2", badName: "selection", good: s3Backup(true, "AWSBackupServiceRolePolicyForS3Backup"), bad: s3Backup(true, "AWSBackupServiceRolePolicyForBackup")},
}

func TestNetworkAndServiceRules(t *testing.T) { runCases(t, networkCases) }
