package awsfacts

// The IAM actions each resource type of the platform needs, as the Service
// Authorization Reference lists them per service (actions, the resource types
// they authorise, and the condition keys they honour). Read from the stored
// copies of the service pages; where a page says an action takes only "*",
// the action is in Unscoped and the README lists it.
var iamActionsSource = register(Source{
	Table:    "IAM actions per resource type",
	Document: "Service Authorization Reference: Actions, resources, and condition keys for AWS services (stored copy) https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	Checked:  day("2026-12-01"),
})

// Scope says how a role's writes on a resource type are limited to one stack.
type Scope string

// The scopes.
const (
	// ScopeTag: the service honours aws:RequestTag on create and
	// aws:ResourceTag afterwards, and every resource carries the provider's
	// default tag stack=<stack>.
	ScopeTag Scope = "tag"
	// ScopeName: the resource's ARN carries a name the platform chose, with
	// the stack's prefix <project>-<stack>- (or the stack's domain).
	ScopeName Scope = "name"
)

// TypeActions are the IAM actions a full `pulumi up` (create, read after
// write, update, tag, delete) of one resource type needs.
type TypeActions struct {
	// Service is the IAM service prefix of Writes, e.g. "ec2".
	Service string
	// Scope limits Writes to the stack's resources.
	Scope Scope
	// ARNs are the resources Writes act on when Scope is ScopeName: patterns
	// with {region}, {account}, {prefix} (e.g. platform-dev) and {domain}.
	ARNs []string
	// Condition further limits ScopeName writes, with the same placeholders.
	Condition map[string]map[string][]string
	// Writes create, update, tag and delete the resource.
	Writes []string
	// Reads are the metadata reads the provider makes after a write and on
	// refresh. None reads data (objects, secret values, log events).
	Reads []string
	// Unscoped are actions the type needs that AWS authorises only on "*".
	Unscoped []string
	// ServiceLinkedRole is the service whose service-linked role the first
	// resource of the type creates in an account (iam:AWSServiceName).
	ServiceLinkedRole string
	// AlsoOn are, per Write, the other resources AWS authorises that write
	// on, which carry no stack tag to match (a public AMI) or are not the
	// resource the request tags: ARN patterns with {region} and {account},
	// granted without condition. The tag-scoped statements still cover the
	// resources the write creates.
	AlsoOn map[string][]string
}

// ResourceTypes maps every Pulumi resource type the platform creates to its
// actions. awsx:ec2:Vpc stands for the VPC, subnets, route tables, internet
// and NAT gateways and addresses the component creates inside it.
var ResourceTypes = map[string]TypeActions{
	"awsx:ec2:Vpc": {Service: "ec2", Scope: ScopeTag,
		Writes: []string{"ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
			"ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute",
			"ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
			"ec2:CreateNatGateway", "ec2:DeleteNatGateway", "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways",
			"ec2:DescribeNatGateways", "ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute", "ec2:DescribeAvailabilityZones", "ec2:DescribeNetworkInterfaces"}},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"}},
	"aws:ec2/flowLog:FlowLog": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeFlowLogs"}},
	"aws:ec2/instance:Instance": {Service: "ec2", Scope: ScopeTag,
		Writes: []string{"ec2:RunInstances", "ec2:TerminateInstances", "ec2:StopInstances", "ec2:StartInstances", "ec2:ModifyInstanceAttribute",
			"ec2:ModifyInstanceMetadataOptions", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceTypes", "ec2:DescribeImages", "ec2:DescribeVolumes",
			"ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeTags"},
		// RunInstances is authorised on the image, subnet and security group
		// as well as on the instance, volume and network interface it creates
		// (Service Authorization Reference, Amazon EC2, RunInstances); the
		// public fck-nat AMI carries no stack tag and the request's tags are
		// the new resources'.
		AlsoOn: map[string][]string{"ec2:RunInstances": {"arn:aws:ec2:{region}::image/*",
			"arn:aws:ec2:{region}:{account}:subnet/*", "arn:aws:ec2:{region}:{account}:security-group/*"}}},
	"aws:ec2/route:Route": {Service: "ec2", Scope: ScopeTag,
		Writes: []string{"ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute"}, Unscoped: []string{"ec2:DescribeRouteTables"}},
	"aws:ec2/securityGroup:SecurityGroup": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces"}},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists", "ec2:DescribeVpcEndpointServices"}},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeSecurityGroupRules"}},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {Service: "ec2", Scope: ScopeTag,
		Writes:   []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:ModifySecurityGroupRules", "ec2:CreateTags", "ec2:DeleteTags"},
		Unscoped: []string{"ec2:DescribeSecurityGroupRules"}},

	"aws:acm/certificate:Certificate": {Service: "acm", Scope: ScopeTag,
		Writes: []string{"acm:RequestCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:UpdateCertificateOptions"},
		Reads:  []string{"acm:DescribeCertificate", "acm:ListTagsForCertificate"}},
	"aws:acm/certificateValidation:CertificateValidation": {Service: "acm", Scope: ScopeTag,
		Reads: []string{"acm:DescribeCertificate"}},

	// API Gateway authorises HTTP verbs on resource paths; HTTP APIs and
	// their parts honour aws:ResourceTag, the parts through their API's tags.
	"aws:apigatewayv2/api:Api": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"}},
	"aws:apigatewayv2/stage:Stage": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"},
		// Access logging to CloudWatch Logs is a log delivery the caller sets up.
		Unscoped: []string{"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
			"logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"}},
	"aws:apigatewayv2/route:Route": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"}},
	"aws:apigatewayv2/integration:Integration": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"}},
	"aws:apigatewayv2/authorizer:Authorizer": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"}},
	"aws:apigatewayv2/apiMapping:ApiMapping": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"}},
	"aws:apigatewayv2/domainName:DomainName": {Service: "apigateway", Scope: ScopeTag,
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE", "apigateway:AddCertificateToDomain", "apigateway:RemoveCertificateFromDomain"}, Reads: []string{"apigateway:GET"}},
	// The link's interfaces are API Gateway's, made through its service-linked role.
	"aws:apigatewayv2/vpcLink:VpcLink": {Service: "apigateway", Scope: ScopeTag, ServiceLinkedRole: "ops.apigateway.amazonaws.com",
		Writes: []string{"apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"}, Reads: []string{"apigateway:GET"},
		Unscoped: []string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"}},
	"aws:appautoscaling/target:Target": {Service: "application-autoscaling", Scope: ScopeTag, ServiceLinkedRole: "ecs.application-autoscaling.amazonaws.com",
		Writes: []string{"application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
			"application-autoscaling:TagResource", "application-autoscaling:UntagResource"},
		Unscoped: []string{"application-autoscaling:DescribeScalableTargets", "application-autoscaling:ListTagsForResource"}},
	"aws:appautoscaling/policy:Policy": {Service: "application-autoscaling", Scope: ScopeTag,
		Writes: []string{"application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"},
		// Target tracking's alarms are made by the service-linked role.
		Unscoped: []string{"application-autoscaling:DescribeScalingPolicies", "cloudwatch:DescribeAlarms"}},

	"aws:backup/vault:Vault": {Service: "backup", Scope: ScopeName, ARNs: []string{"arn:aws:backup:*:{account}:backup-vault:{prefix}-*"},
		Writes: []string{"backup:CreateBackupVault", "backup:DeleteBackupVault", "backup:TagResource", "backup:UntagResource", "backup-storage:MountCapsule"},
		Reads:  []string{"backup:DescribeBackupVault", "backup:ListTags"}},
	"aws:backup/plan:Plan": {Service: "backup", Scope: ScopeTag,
		Writes: []string{"backup:CreateBackupPlan", "backup:UpdateBackupPlan", "backup:DeleteBackupPlan", "backup:TagResource", "backup:UntagResource"},
		Reads:  []string{"backup:GetBackupPlan", "backup:ListTags"}},
	"aws:backup/selection:Selection": {Service: "backup", Scope: ScopeTag,
		Writes: []string{"backup:CreateBackupSelection", "backup:DeleteBackupSelection"}, Reads: []string{"backup:GetBackupSelection"}},

	"aws:cloudfront/distribution:Distribution": {Service: "cloudfront", Scope: ScopeTag,
		Writes: []string{"cloudfront:CreateDistribution", "cloudfront:CreateDistributionWithTags", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
			"cloudfront:TagResource", "cloudfront:UntagResource"},
		Reads: []string{"cloudfront:GetDistribution", "cloudfront:ListTagsForResource"}},

	"aws:cloudwatch/dashboard:Dashboard": {Service: "cloudwatch", Scope: ScopeName, ARNs: []string{"arn:aws:cloudwatch::{account}:dashboard/{prefix}-*"},
		Writes: []string{"cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"}, Reads: []string{"cloudwatch:GetDashboard"}},
	"aws:cloudwatch/logGroup:LogGroup": {Service: "logs", Scope: ScopeName, ARNs: []string{"arn:aws:logs:{region}:{account}:log-group:*{prefix}-*"},
		Writes: []string{"logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource",
			"logs:AssociateKmsKey", "logs:DisassociateKmsKey"},
		Reads:    []string{"logs:ListTagsForResource"},
		Unscoped: []string{"logs:DescribeLogGroups"}},
	"aws:cloudwatch/metricAlarm:MetricAlarm": {Service: "cloudwatch", Scope: ScopeName, ARNs: []string{"arn:aws:cloudwatch:{region}:{account}:alarm:{prefix}-*"},
		Writes: []string{"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"},
		Reads:  []string{"cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"}},

	"aws:cognito/userPool:UserPool": {Service: "cognito-idp", Scope: ScopeTag,
		Writes: []string{"cognito-idp:CreateUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:SetUserPoolMfaConfig",
			"cognito-idp:TagResource", "cognito-idp:UntagResource"},
		Reads: []string{"cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:ListTagsForResource"}},
	"aws:cognito/userPoolClient:UserPoolClient": {Service: "cognito-idp", Scope: ScopeTag,
		Writes: []string{"cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient"},
		Reads:  []string{"cognito-idp:DescribeUserPoolClient"}},
	"aws:cognito/userPoolDomain:UserPoolDomain": {Service: "cognito-idp", Scope: ScopeTag,
		Writes:   []string{"cognito-idp:CreateUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain"},
		Unscoped: []string{"cognito-idp:DescribeUserPoolDomain"}},

	"aws:ecr/repository:Repository": {Service: "ecr", Scope: ScopeName, ARNs: []string{"arn:aws:ecr:{region}:{account}:repository/{prefix}-*"},
		Writes: []string{"ecr:CreateRepository", "ecr:DeleteRepository", "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration", "ecr:TagResource", "ecr:UntagResource"},
		Reads:  []string{"ecr:DescribeRepositories", "ecr:ListTagsForResource"}},
	"aws:ecr/lifecyclePolicy:LifecyclePolicy": {Service: "ecr", Scope: ScopeName, ARNs: []string{"arn:aws:ecr:{region}:{account}:repository/{prefix}-*"},
		Writes: []string{"ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy"}, Reads: []string{"ecr:GetLifecyclePolicy"}},

	"aws:ecs/cluster:Cluster": {Service: "ecs", Scope: ScopeTag, ServiceLinkedRole: "ecs.amazonaws.com",
		Writes: []string{"ecs:CreateCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:DeleteCluster", "ecs:TagResource", "ecs:UntagResource"},
		Reads:  []string{"ecs:DescribeClusters", "ecs:ListTagsForResource"}},
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {Service: "ecs", Scope: ScopeTag,
		Writes: []string{"ecs:PutClusterCapacityProviders"}, Reads: []string{"ecs:DescribeClusters"}},
	"aws:ecs/service:Service": {Service: "ecs", Scope: ScopeTag,
		Writes: []string{"ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource", "ecs:UntagResource"},
		Reads:  []string{"ecs:DescribeServices", "ecs:ListTagsForResource"}},
	"aws:ecs/taskDefinition:TaskDefinition": {Service: "ecs", Scope: ScopeTag,
		Writes:   []string{"ecs:TagResource", "ecs:UntagResource"},
		Unscoped: []string{"ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition"}},
	// The migration command runs the task once (tagged with its definition's
	// tags), waits for it and stops it past its timeout.
	"command:local:Command": {Service: "ecs", Scope: ScopeTag,
		Writes: []string{"ecs:RunTask", "ecs:TagResource", "ecs:StopTask"}, Reads: []string{"ecs:DescribeTasks"}},

	"aws:elasticache/replicationGroup:ReplicationGroup": {Service: "elasticache", Scope: ScopeTag, ServiceLinkedRole: "elasticache.amazonaws.com",
		Writes: []string{"elasticache:CreateReplicationGroup", "elasticache:ModifyReplicationGroup", "elasticache:DeleteReplicationGroup",
			"elasticache:CreateCacheCluster", "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"},
		Reads: []string{"elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters", "elasticache:ListTagsForResource"}},
	"aws:elasticache/subnetGroup:SubnetGroup": {Service: "elasticache", Scope: ScopeTag,
		Writes: []string{"elasticache:CreateCacheSubnetGroup", "elasticache:ModifyCacheSubnetGroup", "elasticache:DeleteCacheSubnetGroup",
			"elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"},
		Reads: []string{"elasticache:DescribeCacheSubnetGroups", "elasticache:ListTagsForResource"}},

	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {Service: "iam", Scope: ScopeName,
		ARNs: []string{"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"},
		Writes: []string{"iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
			"iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"},
		Reads:    []string{"iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags"},
		Unscoped: []string{"iam:ListOpenIDConnectProviders"}},
	"aws:iam/policy:Policy": {Service: "iam", Scope: ScopeName, ARNs: []string{"arn:aws:iam::{account}:policy/{prefix}-*"},
		Writes: []string{"iam:CreatePolicy", "iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion",
			"iam:TagPolicy", "iam:UntagPolicy"},
		Reads: []string{"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags", "iam:ListEntitiesForPolicy"}},
	"aws:iam/role:Role": {Service: "iam", Scope: ScopeName, ARNs: []string{"arn:aws:iam::{account}:role/{prefix}-*"},
		Writes: []string{"iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
			"iam:PutRolePermissionsBoundary", "iam:TagRole", "iam:UntagRole"},
		Reads: []string{"iam:GetRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"}},
	"aws:iam/rolePolicy:RolePolicy": {Service: "iam", Scope: ScopeName, ARNs: []string{"arn:aws:iam::{account}:role/{prefix}-*"},
		Writes: []string{"iam:PutRolePolicy", "iam:DeleteRolePolicy"}, Reads: []string{"iam:GetRolePolicy"}},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {Service: "iam", Scope: ScopeName, ARNs: []string{"arn:aws:iam::{account}:role/{prefix}-*"},
		Writes: []string{"iam:AttachRolePolicy", "iam:DetachRolePolicy"}, Reads: []string{"iam:ListAttachedRolePolicies"}},

	"aws:kms/key:Key": {Service: "kms", Scope: ScopeTag,
		Writes: []string{"kms:CreateKey", "kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:UpdateKeyDescription",
			"kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource"},
		Reads: []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"}},

	"aws:lb/loadBalancer:LoadBalancer": {Service: "elasticloadbalancing", Scope: ScopeTag, ServiceLinkedRole: "elasticloadbalancing.amazonaws.com",
		Writes: []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes",
			"elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Unscoped: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTags"}},
	"aws:lb/listener:Listener": {Service: "elasticloadbalancing", Scope: ScopeTag,
		Writes: []string{"elasticloadbalancing:CreateListener", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener",
			"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Unscoped: []string{"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeTags"}},
	"aws:lb/listenerRule:ListenerRule": {Service: "elasticloadbalancing", Scope: ScopeTag,
		Writes: []string{"elasticloadbalancing:CreateRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:DeleteRule",
			"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Unscoped: []string{"elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags"}},
	"aws:lb/targetGroup:TargetGroup": {Service: "elasticloadbalancing", Scope: ScopeTag,
		Writes: []string{"elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
			"elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Unscoped: []string{"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTags"}},

	// Registering a function is scoped by the target group's stack tag.
	"aws:lb/targetGroupAttachment:TargetGroupAttachment": {Service: "elasticloadbalancing", Scope: ScopeTag,
		Writes:   []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
		Unscoped: []string{"elasticloadbalancing:DescribeTargetHealth"}},

	"aws:mq/broker:Broker": {Service: "mq", Scope: ScopeTag, ServiceLinkedRole: "mq.amazonaws.com",
		Writes: []string{"mq:CreateBroker", "mq:UpdateBroker", "mq:RebootBroker", "mq:DeleteBroker", "mq:CreateUser", "mq:UpdateUser", "mq:DeleteUser",
			"mq:CreateTags", "mq:DeleteTags"},
		Reads:    []string{"mq:DescribeBroker", "mq:DescribeUser", "mq:ListTags"},
		Unscoped: []string{"mq:ListBrokers", "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces"}},

	"aws:rds/instance:Instance": {Service: "rds", Scope: ScopeTag, ServiceLinkedRole: "rds.amazonaws.com",
		Writes: []string{"rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:RebootDBInstance", "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
			"rds:CreateDBSnapshot"},
		Reads: []string{"rds:DescribeDBInstances", "rds:ListTagsForResource"},
		// The managed master password's secret is named rds!db-<id> by RDS
		// and created as the caller.
		Unscoped: []string{"secretsmanager:CreateSecret"}},
	"aws:rds/parameterGroup:ParameterGroup": {Service: "rds", Scope: ScopeTag,
		Writes: []string{"rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:ResetDBParameterGroup", "rds:DeleteDBParameterGroup",
			"rds:AddTagsToResource", "rds:RemoveTagsFromResource"},
		Reads: []string{"rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:ListTagsForResource"}},
	"aws:rds/subnetGroup:SubnetGroup": {Service: "rds", Scope: ScopeTag,
		Writes: []string{"rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"},
		Reads:  []string{"rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"}},
	"aws:rds/proxy:Proxy": {Service: "rds", Scope: ScopeTag,
		Writes: []string{"rds:CreateDBProxy", "rds:ModifyDBProxy", "rds:DeleteDBProxy", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"},
		Reads:  []string{"rds:DescribeDBProxies", "rds:ListTagsForResource"}},
	"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": {Service: "rds", Scope: ScopeTag,
		Writes: []string{"rds:ModifyDBProxyTargetGroup"}, Reads: []string{"rds:DescribeDBProxyTargetGroups"}},
	"aws:rds/proxyTarget:ProxyTarget": {Service: "rds", Scope: ScopeTag,
		Writes: []string{"rds:RegisterDBProxyTargets", "rds:DeregisterDBProxyTargets"}, Reads: []string{"rds:DescribeDBProxyTargets"}},

	// Route 53 has no tag conditions and hosted zone ids are AWS's: the
	// zone's writes take "*" and its records are limited by record name.
	"aws:route53/zone:Zone": {Service: "route53", Scope: ScopeTag,
		Unscoped: []string{"route53:CreateHostedZone", "route53:DeleteHostedZone", "route53:ChangeTagsForResource", "route53:UpdateHostedZoneComment",
			"route53:GetHostedZone", "route53:ListTagsForResource", "route53:ListResourceRecordSets", "route53:GetChange", "route53:ListHostedZones"}},
	"aws:route53/record:Record": {Service: "route53", Scope: ScopeName, ARNs: []string{"arn:aws:route53:::hostedzone/*"},
		Condition: map[string]map[string][]string{"ForAllValues:StringLike": {"route53:ChangeResourceRecordSetsNormalizedRecordNames": {"{domain}", "*.{domain}"}}},
		Writes:    []string{"route53:ChangeResourceRecordSets"},
		Reads:     []string{"route53:ListResourceRecordSets", "route53:GetHostedZone"},
		Unscoped:  []string{"route53:GetChange"}},

	"aws:s3/bucketV2:BucketV2": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"},
		Reads: []string{"s3:ListBucket", "s3:GetBucketTagging", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketLogging",
			"s3:GetBucketVersioning", "s3:GetBucketPolicy", "s3:GetBucketObjectLockConfiguration", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
			"s3:GetReplicationConfiguration", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketOwnershipControls", "s3:GetBucketPublicAccessBlock"}},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutLifecycleConfiguration"}, Reads: []string{"s3:GetLifecycleConfiguration"}},
	"aws:s3/bucketLoggingV2:BucketLoggingV2": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutBucketLogging"}, Reads: []string{"s3:GetBucketLogging"}},
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutBucketOwnershipControls"}, Reads: []string{"s3:GetBucketOwnershipControls"}},
	"aws:s3/bucketPolicy:BucketPolicy": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy"}, Reads: []string{"s3:GetBucketPolicy"}},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutBucketPublicAccessBlock"}, Reads: []string{"s3:GetBucketPublicAccessBlock"}},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutEncryptionConfiguration"}, Reads: []string{"s3:GetEncryptionConfiguration"}},
	"aws:s3/bucketVersioningV2:BucketVersioningV2": {Service: "s3", Scope: ScopeName, ARNs: []string{"arn:aws:s3:::{prefix}-*"},
		Writes: []string{"s3:PutBucketVersioning"}, Reads: []string{"s3:GetBucketVersioning"}},

	"aws:cloudwatch/eventRule:EventRule": {Service: "events", Scope: ScopeTag,
		Writes: []string{"events:PutRule", "events:DeleteRule", "events:EnableRule", "events:DisableRule", "events:TagResource", "events:UntagResource"},
		Reads:  []string{"events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule"}},
	"aws:cloudwatch/eventTarget:EventTarget": {Service: "events", Scope: ScopeTag,
		Writes: []string{"events:PutTargets", "events:RemoveTargets"}, Reads: []string{"events:ListTargetsByRule"}},
	"aws:sfn/stateMachine:StateMachine": {Service: "states", Scope: ScopeTag,
		Writes: []string{"states:CreateStateMachine", "states:UpdateStateMachine", "states:DeleteStateMachine", "states:TagResource", "states:UntagResource"},
		Reads:  []string{"states:DescribeStateMachine", "states:ListTagsForResource", "states:ListStateMachineVersions"}},
	"aws:scheduler/schedule:Schedule": {Service: "scheduler", Scope: ScopeName, ARNs: []string{"arn:aws:scheduler:{region}:{account}:schedule/*/{prefix}-*"},
		Writes: []string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"}, Reads: []string{"scheduler:GetSchedule"}},

	"aws:lambda/function:Function": {Service: "lambda", Scope: ScopeName, ARNs: []string{"arn:aws:lambda:{region}:{account}:function:{prefix}-*"},
		Writes: []string{"lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:DeleteFunction",
			"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:TagResource", "lambda:UntagResource"},
		Reads: []string{"lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency",
			"lambda:ListVersionsByFunction", "lambda:ListTags", "lambda:GetPolicy"}},
	// A permission is a statement of the function's resource policy.
	"aws:lambda/permission:Permission": {Service: "lambda", Scope: ScopeName, ARNs: []string{"arn:aws:lambda:{region}:{account}:function:{prefix}-*"},
		Writes: []string{"lambda:AddPermission", "lambda:RemovePermission"}, Reads: []string{"lambda:GetPolicy"}},
	// An event source mapping is named by a UUID Lambda picks: it is scoped
	// by the stack tag it carries (Lambda honours aws:ResourceTag on it).
	"aws:lambda/eventSourceMapping:EventSourceMapping": {Service: "lambda", Scope: ScopeTag,
		Writes: []string{"lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping", "lambda:TagResource", "lambda:UntagResource"},
		Reads:  []string{"lambda:GetEventSourceMapping", "lambda:ListEventSourceMappings", "lambda:ListTags"}},

	"aws:secretsmanager/secret:Secret": {Service: "secretsmanager", Scope: ScopeName, ARNs: []string{"arn:aws:secretsmanager:{region}:{account}:secret:{prefix}-*"},
		Writes: []string{"secretsmanager:CreateSecret", "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret", "secretsmanager:TagResource",
			"secretsmanager:UntagResource", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"},
		Reads: []string{"secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"}},
	// Reading a version back is reading the secret's value: only the deploy
	// roles, on their own stack's secrets, may.
	"aws:secretsmanager/secretVersion:SecretVersion": {Service: "secretsmanager", Scope: ScopeName,
		ARNs:   []string{"arn:aws:secretsmanager:{region}:{account}:secret:{prefix}-*"},
		Writes: []string{"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage", "secretsmanager:GetSecretValue"},
		Reads:  []string{"secretsmanager:DescribeSecret"}},

	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {Service: "servicediscovery", Scope: ScopeTag,
		Writes: []string{"servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:UpdatePrivateDnsNamespace", "servicediscovery:DeleteNamespace",
			"servicediscovery:TagResource", "servicediscovery:UntagResource"},
		Reads: []string{"servicediscovery:GetNamespace", "servicediscovery:ListTagsForResource"},
		// Cloud Map creates the namespace's private hosted zone as the caller.
		Unscoped: []string{"servicediscovery:GetOperation", "route53:CreateHostedZone", "route53:DeleteHostedZone", "route53:GetHostedZone",
			"route53:ListHostedZonesByName", "ec2:DescribeVpcs", "ec2:DescribeRegions"}},
	"aws:servicediscovery/service:Service": {Service: "servicediscovery", Scope: ScopeTag,
		Writes: []string{"servicediscovery:CreateService", "servicediscovery:UpdateService", "servicediscovery:DeleteService",
			"servicediscovery:TagResource", "servicediscovery:UntagResource"},
		Reads: []string{"servicediscovery:GetService", "servicediscovery:ListTagsForResource"}},

	// SES v1 identity actions take "*"; mail identities are per domain.
	"aws:ses/domainIdentity:DomainIdentity": {Service: "ses", Scope: ScopeName,
		Unscoped: []string{"ses:VerifyDomainIdentity", "ses:DeleteIdentity", "ses:GetIdentityVerificationAttributes"}},
	"aws:ses/domainIdentityVerification:DomainIdentityVerification": {Service: "ses", Scope: ScopeName,
		Unscoped: []string{"ses:GetIdentityVerificationAttributes"}},
	"aws:ses/domainDkim:DomainDkim": {Service: "ses", Scope: ScopeName,
		Unscoped: []string{"ses:VerifyDomainDkim", "ses:GetIdentityDkimAttributes"}},
	"aws:ses/mailFrom:MailFrom": {Service: "ses", Scope: ScopeName,
		Unscoped: []string{"ses:SetIdentityMailFromDomain", "ses:GetIdentityMailFromDomainAttributes"}},

	"aws:sns/topic:Topic": {Service: "sns", Scope: ScopeName, ARNs: []string{"arn:aws:sns:{region}:{account}:{prefix}-*"},
		Writes: []string{"sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"},
		Reads:  []string{"sns:GetTopicAttributes", "sns:ListTagsForResource"}},
	"aws:sns/topicPolicy:TopicPolicy": {Service: "sns", Scope: ScopeName, ARNs: []string{"arn:aws:sns:{region}:{account}:{prefix}-*"},
		Writes: []string{"sns:SetTopicAttributes"}, Reads: []string{"sns:GetTopicAttributes"}},
	"aws:sns/topicSubscription:TopicSubscription": {Service: "sns", Scope: ScopeName, ARNs: []string{"arn:aws:sns:{region}:{account}:{prefix}-*"},
		Writes: []string{"sns:Subscribe", "sns:Unsubscribe", "sns:SetSubscriptionAttributes"}, Reads: []string{"sns:GetSubscriptionAttributes"}},

	"aws:sqs/queue:Queue": {Service: "sqs", Scope: ScopeName, ARNs: []string{"arn:aws:sqs:{region}:{account}:{prefix}-*"},
		Writes: []string{"sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"},
		Reads:  []string{"sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"}},
	"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": {Service: "sqs", Scope: ScopeName, ARNs: []string{"arn:aws:sqs:{region}:{account}:{prefix}-*"},
		Writes: []string{"sqs:SetQueueAttributes"}, Reads: []string{"sqs:GetQueueAttributes"}},

	"aws:wafv2/webAcl:WebAcl": {Service: "wafv2", Scope: ScopeName,
		ARNs: []string{"arn:aws:wafv2:{region}:{account}:regional/webacl/{prefix}-*/*", "arn:aws:wafv2:us-east-1:{account}:global/webacl/{prefix}-*/*",
			"arn:aws:wafv2:{region}:{account}:regional/managedruleset/*/*", "arn:aws:wafv2:us-east-1:{account}:global/managedruleset/*/*"},
		Writes: []string{"wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:TagResource", "wafv2:UntagResource"},
		Reads:  []string{"wafv2:GetWebACL", "wafv2:ListTagsForResource"}},
	"aws:wafv2/webAclAssociation:WebAclAssociation": {Service: "wafv2", Scope: ScopeName,
		ARNs:   []string{"arn:aws:wafv2:{region}:{account}:regional/webacl/{prefix}-*/*", "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/*"},
		Writes: []string{"wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "elasticloadbalancing:SetWebAcl"},
		Reads:  []string{"wafv2:GetWebACLForResource"}},
}
