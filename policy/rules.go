package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"platform/internal/awsfacts"
	"platform/internal/graph"
	"platform/internal/tier"
	"platform/internal/validate"
)

// Resource types the rules look at.
const (
	ecsService     = "aws:ecs/service:Service"
	taskDefinition = "aws:ecs/taskDefinition:TaskDefinition"
	ecsCluster     = "aws:ecs/cluster:Cluster"
	listener       = "aws:lb/listener:Listener"
	loadBalancer   = "aws:lb/loadBalancer:LoadBalancer"
	dbInstance     = "aws:rds/instance:Instance"
	dbCluster      = "aws:rds/cluster:Cluster"
	clusterMember  = "aws:rds/clusterInstance:ClusterInstance"
	replication    = "aws:elasticache/replicationGroup:ReplicationGroup"
	broker         = "aws:mq/broker:Broker"
	bucket         = "aws:s3/bucketV2:BucketV2"
	distribution   = "aws:cloudfront/distribution:Distribution"
	queue          = "aws:sqs/queue:Queue"
	repository     = "aws:ecr/repository:Repository"
	defaultSG      = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	securityGroup  = "aws:ec2/securityGroup:SecurityGroup"
	ingressRule    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	instance       = "aws:ec2/instance:Instance"
	vpc            = "awsx:ec2:Vpc"
	iamPolicy      = "aws:iam/policy:Policy"
	rolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	kmsKey         = "aws:kms/key:Key"
	topic          = "aws:sns/topic:Topic"
	secret         = "aws:secretsmanager/secret:Secret"
	webACL         = "aws:wafv2/webAcl:WebAcl"
	certificate    = "aws:acm/certificate:Certificate"
	lambdaFunction = "aws:lambda/function:Function"
)

// Rules are the controls the platform is checked against.
var Rules = append([]Rule{
	{Control: "ECS.2", Title: "ECS services should not have public IP addresses assigned automatically", Severity: High, Types: []string{ecsService},
		Check: func(r Resource) string {
			return want(!r.True("networkConfiguration.assignPublicIp"), "assigns public IPs; set assignPublicIp false and run in private subnets")
		}},
	{Control: "ECS.4", Title: "ECS containers should run as non-privileged", Severity: High, Types: []string{taskDefinition},
		Check: func(r Resource) string {
			return eachContainer(r, func(c map[string]any) string { return want(c["privileged"] != true, "is privileged; drop privileged") })
		}},
	{Control: "ECS.5", Title: "ECS containers should be limited to read-only access to root filesystems", Severity: High, Types: []string{taskDefinition},
		Check: func(r Resource) string {
			return eachContainer(r, func(c map[string]any) string {
				return want(c["readonlyRootFilesystem"] == true, "writes its root file system; set readonlyRootFilesystem (a /tmp volume stays writable)")
			})
		}},
	{Control: "ECS.8", Title: "Secrets should not be passed as container environment variables", Severity: High, Types: []string{taskDefinition},
		Check: func(r Resource) string {
			// Names the stack allows (platform:allowPlainVariables) are tagged on the task definition.
			allowed := strings.Fields(r.String("tags." + validate.PlainVariablesTag))
			return eachContainer(r, func(c map[string]any) string {
				for _, e := range listOf(c["environment"]) {
					if kv, ok := e.(map[string]any); ok && validate.SecretName(fmt.Sprint(kv["name"])) && !slices.Contains(allowed, fmt.Sprint(kv["name"])) {
						return fmt.Sprintf("has %v in its environment; inject it from Secrets Manager with valueFrom", kv["name"])
					}
				}
				return ""
			})
		}},
	{Control: "ECS.9", Title: "ECS task definitions should have a logging configuration", Severity: High, Types: []string{taskDefinition},
		Check: func(r Resource) string {
			return eachContainer(r, func(c map[string]any) string {
				return want(c["logConfiguration"] != nil, "has no logConfiguration; send its output to CloudWatch Logs")
			})
		}},
	{Control: "ECS.12", Title: "ECS clusters should use Container Insights", Severity: Medium, Types: []string{ecsCluster},
		Check: func(r Resource) string {
			for _, s := range listOf(r.Get("settings")) {
				if m, ok := s.(map[string]any); ok && m["name"] == "containerInsights" && m["value"] != "disabled" {
					return ""
				}
			}
			return "has Container Insights off; add the containerInsights setting"
		}},
	{Control: "ELB.1", Title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", Severity: Medium, Types: []string{listener},
		Check: func(r Resource) string {
			return want(r.String("protocol") != "HTTP" || r.String("defaultActions.0.redirect.protocol") == "HTTPS",
				"serves plain HTTP; make its default action a redirect to HTTPS")
		}},
	{Control: "ELB.4", Title: "Application Load Balancer should be configured to drop invalid HTTP headers", Severity: Medium, Types: []string{loadBalancer},
		Check: func(r Resource) string {
			return want(r.True("dropInvalidHeaderFields"), "passes invalid headers on; set dropInvalidHeaderFields")
		}},
	{Control: "ELB.5", Title: "Application and Classic Load Balancers logging should be enabled", Severity: Medium, Types: []string{loadBalancer},
		Check: func(r Resource) string {
			return want(r.True("accessLogs.enabled"), "keeps no access logs; enable accessLogs to a bucket")
		}},
	{Control: "ELB.6", Title: "Application Load Balancer deletion protection should be enabled", Severity: Medium, Types: []string{loadBalancer},
		Check: func(r Resource) string {
			return want(r.True("enableDeletionProtection"), "can be deleted; set enableDeletionProtection")
		}},
	{Control: "RDS.2", Title: "RDS DB instances should prohibit public access", Severity: Critical, Types: []string{dbInstance, clusterMember},
		Check: func(r Resource) string {
			return want(!r.True("publiclyAccessible"), "is publicly accessible; set publiclyAccessible false")
		}},
	{Control: "RDS.3", Title: "RDS DB instances should have encryption at-rest enabled", Severity: Medium, Types: []string{dbInstance},
		Check: func(r Resource) string {
			return want(r.True("storageEncrypted"), "stores data unencrypted; set storageEncrypted")
		}},
	{Control: "RDS.5", Title: "RDS DB instances should be configured with multiple Availability Zones", Severity: Medium, Types: []string{dbInstance},
		Check: func(r Resource) string { return want(r.True("multiAz"), "runs in one zone; set multiAz") }},
	{Control: "RDS.7", Title: "RDS clusters should have deletion protection enabled", Severity: Low, Types: []string{dbCluster},
		Check: func(r Resource) string {
			return want(r.True("deletionProtection"), "can be deleted; set deletionProtection")
		}},
	{Control: "RDS.8", Title: "RDS DB instances should have deletion protection enabled", Severity: Low, Types: []string{dbInstance},
		Check: func(r Resource) string {
			return want(r.True("deletionProtection"), "can be deleted; set deletionProtection")
		}},
	{Control: "RDS.9", Title: "RDS DB instances should publish logs to CloudWatch Logs", Severity: Medium, Types: []string{dbInstance, dbCluster},
		Check: func(r Resource) string {
			logs, _ := r.Get("enabledCloudwatchLogsExports").([]any)
			return want(len(logs) > 0, "exports no logs; set enabledCloudwatchLogsExports")
		}},
	{Control: "RDS.11", Title: "RDS instances should have automatic backups enabled", Severity: Medium, Types: []string{dbInstance, dbCluster},
		Check: func(r Resource) string {
			days, _ := r.Get("backupRetentionPeriod").(float64)
			return want(days >= 7, "keeps backups %v days; keep at least 7", days)
		}},
	{Control: "RDS.13", Title: "RDS automatic minor version upgrades should be enabled", Severity: High, Types: []string{dbInstance, clusterMember},
		Check: func(r Resource) string {
			return want(r.True("autoMinorVersionUpgrade"), "misses security patches; set autoMinorVersionUpgrade")
		}},
	{Control: "RDS.27", Title: "RDS DB clusters should be encrypted at rest", Severity: Medium, Types: []string{dbCluster},
		Check: func(r Resource) string {
			return want(r.True("storageEncrypted"), "stores data unencrypted; set storageEncrypted")
		}},
	{Control: "ElastiCache.1", Title: "ElastiCache clusters should have automatic backups enabled", Severity: High, Types: []string{replication},
		Check: func(r Resource) string {
			days, _ := r.Get("snapshotRetentionLimit").(float64)
			return want(days > 0, "keeps no snapshots; set snapshotRetentionLimit")
		}},
	{Control: "ElastiCache.2", Title: "ElastiCache clusters should have automatic minor version upgrades enabled", Severity: High, Types: []string{replication},
		Check: func(r Resource) string {
			return want(r.True("autoMinorVersionUpgrade"), "misses security patches; set autoMinorVersionUpgrade")
		}},
	{Control: "ElastiCache.3", Title: "ElastiCache replication groups should have automatic failover enabled", Severity: Medium, Types: []string{replication},
		Check: func(r Resource) string {
			return want(r.True("automaticFailoverEnabled"), "has no failover; add a replica and set automaticFailoverEnabled")
		}},
	{Control: "ElastiCache.4", Title: "ElastiCache replication groups should be encrypted at rest", Severity: Medium, Types: []string{replication},
		Check: func(r Resource) string {
			return want(r.True("atRestEncryptionEnabled"), "stores data unencrypted; set atRestEncryptionEnabled")
		}},
	{Control: "ElastiCache.5", Title: "ElastiCache replication groups should be encrypted in transit", Severity: Medium, Types: []string{replication},
		Check: func(r Resource) string {
			return want(r.True("transitEncryptionEnabled"), "talks in clear text; set transitEncryptionEnabled")
		}},
	{Control: "MQ.3", Title: "Amazon MQ brokers should have automatic minor version upgrade enabled", Severity: Low, Types: []string{broker},
		Check: func(r Resource) string {
			return want(r.True("autoMinorVersionUpgrade"), "misses security patches; set autoMinorVersionUpgrade")
		}},
	{Control: "MQ.6", Title: "RabbitMQ brokers should use cluster deployment mode", Severity: Low, Types: []string{broker},
		Check: func(r Resource) string {
			return want(r.String("engineType") != "RabbitMQ" || r.String("deploymentMode") == "CLUSTER_MULTI_AZ",
				"is a single instance; use CLUSTER_MULTI_AZ")
		}},
	{Control: "S3.5", Title: "S3 general purpose buckets should require requests to use SSL", Severity: Medium, Types: []string{bucket},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, p := range g.ByType("aws:s3/bucketPolicy:BucketPolicy") {
				if p.Input("bucket") == r.ID && strings.Contains(fmt.Sprint(p.Input("policy")), `"aws:SecureTransport":["false"]`) {
					return ""
				}
			}
			return "accepts plain HTTP; deny aws:SecureTransport false in its policy"
		}},
	{Control: "S3.8", Title: "S3 general purpose buckets should block public access", Severity: High, Types: []string{bucket},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, b := range g.ByType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock") {
				if b.Input("bucket") == r.ID && b.Input("blockPublicAcls") == true && b.Input("blockPublicPolicy") == true &&
					b.Input("ignorePublicAcls") == true && b.Input("restrictPublicBuckets") == true {
					return ""
				}
			}
			return "can be made public; add a public access block with all four settings on"
		}},
	{Control: "S3.9", Title: "S3 general purpose buckets should have server access logging enabled", Severity: Medium, Types: []string{bucket},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, l := range g.ByType("aws:s3/bucketLoggingV2:BucketLoggingV2") {
				if l.Input("bucket") == r.ID {
					return ""
				}
			}
			return "keeps no server access logs; log it into an access-log bucket"
		}},
	{Control: "S3.12", Title: "ACLs should not be used to manage user access to S3 general purpose buckets", Severity: Medium, Types: []string{bucket},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, o := range g.ByType("aws:s3/bucketOwnershipControls:BucketOwnershipControls") {
				if o.Input("bucket") == r.ID && o.Input("rule.objectOwnership") == "BucketOwnerEnforced" {
					return ""
				}
			}
			return "still honours ACLs; set object ownership to BucketOwnerEnforced"
		}},
	{Control: "S3.14", Title: "S3 general purpose buckets should have versioning enabled", Severity: Low, Types: []string{bucket},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, v := range g.ByType("aws:s3/bucketVersioningV2:BucketVersioningV2") {
				if v.Input("bucket") == r.ID && v.Input("versioningConfiguration.status") == "Enabled" {
					return ""
				}
			}
			return "keeps no versions; enable versioning"
		}},
	{Control: "CloudFront.1", Title: "CloudFront distributions should have a default root object configured", Severity: High, Types: []string{distribution},
		Check: func(r Resource) string {
			return want(r.String("defaultRootObject") != "", "has no default root object; set defaultRootObject")
		}},
	{Control: "CloudFront.3", Title: "CloudFront distributions should require encryption in transit", Severity: Medium, Types: []string{distribution},
		Check: func(r Resource) string {
			if r.String("defaultCacheBehavior.viewerProtocolPolicy") == "allow-all" {
				return "serves plain HTTP; set viewerProtocolPolicy redirect-to-https"
			}
			for _, b := range listOf(r.Get("orderedCacheBehaviors")) {
				if m, ok := b.(map[string]any); ok && m["viewerProtocolPolicy"] == "allow-all" {
					return fmt.Sprintf("serves %v over plain HTTP; set viewerProtocolPolicy redirect-to-https", m["pathPattern"])
				}
			}
			return ""
		}},
	{Control: "CloudFront.6", Title: "CloudFront distributions should have WAF enabled", Severity: Medium, Types: []string{distribution},
		Check: func(r Resource) string {
			return want(r.String("webAclId") != "", "has no web ACL; attach a CLOUDFRONT-scope WAF")
		}},
	{Control: "CloudFront.7", Title: "CloudFront distributions should use custom SSL/TLS certificates", Severity: Low, Types: []string{distribution},
		Check: func(r Resource) string {
			return want(r.String("viewerCertificate.acmCertificateArn") != "", "uses the default certificate; set an ACM certificate")
		}},
	{Control: "CloudFront.8", Title: "CloudFront distributions should use SNI to serve HTTPS requests", Severity: Low, Types: []string{distribution},
		Check: func(r Resource) string {
			return want(r.String("viewerCertificate.sslSupportMethod") == "sni-only", "uses dedicated IPs; set sslSupportMethod sni-only")
		}},
	{Control: "CloudFront.9", Title: "CloudFront distributions should encrypt traffic to custom origins", Severity: Medium, Types: []string{distribution},
		Check: func(r Resource) string {
			for _, o := range listOf(r.Get("origins")) {
				m, _ := o.(map[string]any)
				c, _ := m["customOriginConfig"].(map[string]any)
				if c != nil && c["originProtocolPolicy"] != "https-only" {
					return fmt.Sprintf("reaches origin %v without TLS; set originProtocolPolicy https-only", m["originId"])
				}
			}
			return ""
		}},
	{Control: "CloudFront.10", Title: "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins", Severity: Medium, Types: []string{distribution},
		Check: func(r Resource) string {
			for _, o := range listOf(r.Get("origins")) {
				m, _ := o.(map[string]any)
				c, _ := m["customOriginConfig"].(map[string]any)
				for _, p := range listOf(c["originSslProtocols"]) {
					if p == "SSLv3" || p == "TLSv1" {
						return fmt.Sprintf("allows %v to origin %v; allow TLSv1.2 only", p, m["originId"])
					}
				}
			}
			return ""
		}},
	{Control: "SQS.1", Title: "Amazon SQS queues should be encrypted at rest", Severity: Medium, Types: []string{queue},
		Check: func(r Resource) string {
			return want(r.True("sqsManagedSseEnabled") || r.String("kmsMasterKeyId") != "", "stores messages unencrypted; set sqsManagedSseEnabled")
		}},
	{Control: "ECR.1", Title: "ECR private repositories should have image scanning configured", Severity: High, Types: []string{repository},
		Check: func(r Resource) string {
			return want(r.True("imageScanningConfiguration.scanOnPush"), "does not scan images; set scanOnPush")
		}},
	{Control: "ECR.2", Title: "ECR private repositories should have tag immutability configured", Severity: Medium, Types: []string{repository},
		Check: func(r Resource) string {
			return want(r.String("imageTagMutability") == "IMMUTABLE", "lets a tag move to another image; set IMMUTABLE")
		}},
	{Control: "ECR.3", Title: "ECR repositories should have at least one lifecycle policy configured", Severity: Medium, Types: []string{repository},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, p := range g.ByType("aws:ecr/lifecyclePolicy:LifecyclePolicy") {
				if p.Input("repository") == r.Output("name") {
					return ""
				}
			}
			return "keeps every image forever; add a lifecycle policy"
		}},
	{Control: "EC2.2", Title: "VPC default security groups should not allow inbound or outbound traffic", Severity: High, Types: []string{defaultSG},
		Check: func(r Resource) string {
			return want(r.Get("ingress") == nil && r.Get("egress") == nil, "has rules; leave the default security group empty")
		}},
	{Control: "EC2.6", Title: "VPC flow logging should be enabled in all VPCs", Severity: Medium, Types: []string{vpc},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, f := range g.ByType("aws:ec2/flowLog:FlowLog") {
				if f.Input("vpcId") == r.Output("vpcId") {
					return ""
				}
			}
			return "has no flow log; add one to CloudWatch Logs"
		}},
	{Control: "EC2.8", Title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", Severity: High, Types: []string{instance},
		Check: func(r Resource) string {
			return want(r.String("metadataOptions.httpTokens") == "required", "accepts IMDSv1; set metadataOptions.httpTokens required")
		}},
	{Control: "EC2.18", Title: "Security groups should only allow unrestricted incoming traffic for authorized ports", Severity: High, Types: []string{ingressRule, securityGroup},
		Check: func(r Resource) string {
			if r.Type == ingressRule {
				return want(!wideOpen(r.Get("fromPort"), r.Get("toPort"), r.Get("cidrIpv4"), r.Get("cidrIpv6")),
					"admits the internet on port %v; admit only 80 and 443, or a security group", r.Get("fromPort"))
			}
			for _, rule := range listOf(r.Get("ingress")) {
				m, _ := rule.(map[string]any)
				if m != nil && wideOpen(m["fromPort"], m["toPort"], append(listOf(m["cidrBlocks"]), listOf(m["ipv6CidrBlocks"])...)...) {
					return fmt.Sprintf("admits the internet on port %v; admit only 80 and 443, or a security group", m["fromPort"])
				}
			}
			return ""
		}},
	{Control: "IAM.1", Title: "IAM policies should not allow full \"*\" administrative privileges", Severity: High, Types: []string{iamPolicy, rolePolicy},
		Check: func(r Resource) string {
			for _, s := range statements(r, "policy") {
				if s["Effect"] == "Allow" && contains(strings.Fields(fmt.Sprint(listOf(s["Action"]))), "[*]") && fmt.Sprint(listOf(s["Resource"])) == "[*]" {
					return "allows * on *; grant the actions and resources needed"
				}
			}
			return ""
		}},
	{Control: "KMS.4", Title: "AWS KMS key rotation should be enabled", Severity: Medium, Types: []string{kmsKey},
		Check: func(r Resource) string {
			return want(r.True("enableKeyRotation"), "never rotates; set enableKeyRotation")
		}},
	{Control: "SNS.1", Title: "SNS topics should be encrypted at-rest using AWS KMS", Severity: Medium, Types: []string{topic},
		Check: func(r Resource) string {
			return want(r.String("kmsMasterKeyId") != "", "stores messages unencrypted; set kmsMasterKeyId")
		}},
	{Control: "SecretsManager.1", Title: "Secrets Manager secrets should have automatic rotation enabled", Severity: Medium, Types: []string{secret},
		GraphCheck: func(r *graph.Resource, g *graph.Graph) string {
			for _, rot := range g.ByType("aws:secretsmanager/secretRotation:SecretRotation") {
				if rot.Input("secretId") == r.ID {
					return ""
				}
			}
			return "never rotates; add a rotation schedule"
		}},
	{Control: "WAF.10", Title: "AWS WAF web ACLs should have at least one rule or rule group", Severity: Medium, Types: []string{webACL},
		Check: func(r Resource) string {
			return want(len(listOf(r.Get("rules"))) > 0 && r.Get("rules") != nil, "has no rule; add rules")
		}},
	{Control: "WAF.12", Title: "AWS WAF rules should have CloudWatch metrics enabled", Severity: Low, Types: []string{webACL},
		Check: func(r Resource) string {
			for _, rule := range listOf(r.Get("rules")) {
				m, _ := rule.(map[string]any)
				v, _ := m["visibilityConfig"].(map[string]any)
				if v["cloudwatchMetricsEnabled"] != true {
					return fmt.Sprintf("rule %v has no metrics; enable cloudwatchMetricsEnabled", m["name"])
				}
			}
			return ""
		}},
	{Control: "ACM.2", Title: "RSA certificates managed by ACM should use a key length of at least 2,048 bits", Severity: High, Types: []string{certificate},
		Check: func(r Resource) string {
			return want(r.String("keyAlgorithm") != "RSA_1024", "uses a 1024-bit key; use RSA_2048 or EC_prime256v1")
		}},
	{Control: "Lambda.2", Title: "Lambda functions should use supported runtimes", Severity: Medium, Types: []string{lambdaFunction},
		Check: func(r Resource) string {
			runtime := r.String("runtime")
			return want(r.String("packageType") == "Image" || awsfacts.LambdaRuntimeSupported(runtime, time.Now()),
				"runs on runtime %q, deprecated or unknown; use one of %s", runtime, strings.Join(awsfacts.LambdaRuntimes(time.Now()), ", "))
		}},
	{Control: "Lambda.5", Title: "VPC Lambda functions should operate in multiple Availability Zones", Severity: Medium, Types: []string{lambdaFunction},
		Check: func(r Resource) string {
			if r.Get("vpcConfig") == nil {
				return ""
			}
			return want(len(listOf(r.Get("vpcConfig.subnetIds"))) >= 2, "runs in one subnet; give it the private subnets of two or more zones")
		}},
}, apigwRules...)

// Exceptions are where the platform knowingly departs from a control, and why.
var Exceptions = append([]Exception{
	{Control: "ELB.6", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "non-production load balancers are torn down and rebuilt freely"},
	{Control: "RDS.5", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "cost: a standby doubles the database bill for test data"},
	{Control: "RDS.7", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "non-production databases hold test data and are rebuilt freely"},
	{Control: "RDS.8", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "non-production databases hold test data and are rebuilt freely"},
	{Control: "RDS.11", Tiers: []tier.Tier{tier.Dev}, Reason: "dev keeps one day of backups: its data is disposable"},
	{Control: "ElastiCache.1", Tiers: []tier.Tier{tier.Dev}, Reason: "dev's cache holds nothing worth a snapshot"},
	{Control: "ElastiCache.3", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "cost: a replica for failover is production's"},
	{Control: "MQ.6", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "cost: a three-node cluster is production's"},
	{Control: "ECR.2", Tiers: []tier.Tier{tier.Dev, tier.Staging}, Reason: "builds retag branches; production is immutable and deploys by digest"},
	{Control: "S3.9", NameSuffix: "access-logs", Reason: "it is the access-log bucket: logging it into itself would loop"},
	{Control: "CloudFront.1", Reason: "the origin is an application that serves / itself; a root object applies to static origins"},
	{Control: "SecretsManager.1", Reason: "the cache token and broker password are generated by Pulumi and rotate with a stack update; the database secret is rotated by RDS"},
}, apigwExceptions...)
