package awsfacts

import (
	"regexp"
	"strings"
)

// replaceSource: which inputs of each resource type the provider cannot
// change in place, so that changing them destroys and recreates the resource.
// Pulumi's AWS provider is bridged from the Terraform provider, so an input
// replaces exactly when its Terraform attribute is `ForceNew: true` (or a
// framework attribute with a RequiresReplace plan modifier); Pulumi names are
// the camelCase of the Terraform names. pulumi-aws v6 bridges provider v5.
//
// Re-checked on 2026-12-01 (stored copies of the provider's schemas and
// CHANGELOG): aws_db_instance's identifier and identifierPrefix update in
// place since v5.0.0 (#31232, a rename); aws_rds_cluster's
// db_subnet_group_name is ForceNew. aws_cognito_user_pool's name updates in
// place only from a v6 provider (#42639, pulumi-aws v7): still ForceNew here.
// Matched the schemas: aws_ecs_service (name, cluster, iam_role, launch_type,
// scheduling_strategy, deployment_controller.type), aws_cloudwatch_log_group
// (log_group_class ForceNew, kms_key_id in place), aws_sqs_queue
// (fifo_queue), aws_elasticache_replication_group (networkType and
// securityGroupNames added; preferredCacheClusterAzs, in place in the v6
// schema read, is kept until a v5 copy says otherwise), aws_mq_broker
// (storageType updates in place; ldapServerMetadata replaces),
// aws_lb_target_group (name, namePrefix, port, protocol, protocolVersion,
// vpcId, targetType, ipAddressType: as listed), aws_cognito_user_pool
// (usernameAttributes, usernameConfiguration.caseSensitive). The other
// rows are not re-verified (from memory).
//
// Re-checked on 2026-12-02 against stored copies of the provider's schemas
// (v5 copies where the store had one: apigatewayv2 integration and vpc_link,
// aws_ecs_service; the others newer, their ForceNew lists unchanged since):
// aws_apigatewayv2_api (protocol_type, credentials_arn, route_key, target:
// the last three are quick-create arguments), _api_mapping (api_id,
// domain_name), _authorizer (api_id), _domain_name (domain_name),
// _integration (api_id, integration_type, integration_subtype), _route
// (api_id), _stage (api_id, name), _vpc_link (security_group_ids,
// subnet_ids); aws_service_discovery_service (name, namespace_id, type,
// health_check_custom_config, health_check_config.type,
// dns_config.namespace_id, dns_config.routing_policy,
// dns_config.dns_records.type), _private_dns_namespace (name, vpc);
// aws_lambda_permission and aws_lb_target_group_attachment have no update
// (every argument ForceNew). aws_ecs_service's service_registries updates
// in place in v5 (ForceNew in older copies): it is not listed.
var _ = register(Source{
	Table: "replace-on-change inputs",
	Document: "terraform-provider-aws resource schemas, ForceNew attributes " +
		"https://github.com/hashicorp/terraform-provider-aws/tree/main/internal/service; " +
		"pulumi-awsx ec2.Vpc (subnets derived from cidrBlock, zones and subnetSpecs) https://github.com/pulumi/pulumi-awsx; " +
		"pulumi-command local.Command triggers https://www.pulumi.com/registry/packages/command/api-docs/local/command/; " +
		"terraform-provider-random (every argument RequiresReplace) https://registry.terraform.io/providers/hashicorp/random/latest/docs; " +
		"terraform-provider-aws CHANGELOG.md https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md",
	Checked: day("2026-12-01"),
})

// ReplaceRule is what makes one resource type replace rather than update.
type ReplaceRule struct {
	// Inputs are the input names (Pulumi spelling) whose change replaces the
	// resource: top-level ("engine"), nested in a block
	// ("dnsConfig.namespaceId"), or inside every element of a list
	// ("dnsConfig.dnsRecords[].type": "[]" stands for any index).
	Inputs []string
	// AllBut, when set, means every input replaces except these (resources
	// the provider has no update for, such as task definitions).
	AllBut []string
	// Note says what the replacement means when it is not the obvious one.
	Note string
}

// Replaces reports whether a change at an input path ("engine",
// "dnsConfig.namespaceId", "subnetIds[1]") replaces the resource: the path is
// one of the rule's inputs or lies inside one. List indexes in the path match
// a rule's "[]". A change of a whole block or list (one added or removed, a
// list grown or shrunk) replaces when a replacing input lies inside it: the
// provider sees that input go from unset to set, or back.
func (r ReplaceRule) Replaces(path string) bool {
	path = listIndex.ReplaceAllString(path, "[]")
	if r.AllBut != nil {
		return !Within(path, r.AllBut)
	}
	if Within(path, r.Inputs) {
		return true
	}
	for _, name := range r.Inputs {
		if strings.HasPrefix(name, path+".") || strings.HasPrefix(name, path+"[") {
			return true
		}
	}
	return false
}

// Within reports whether an input path ("users[0].password") is one of
// names or lies inside one ("users").
func Within(path string, names []string) bool {
	for _, name := range names {
		if path == name || strings.HasPrefix(path, name+".") || strings.HasPrefix(path, name+"[") {
			return true
		}
	}
	return false
}

// listIndex is a list index in an input path ("[0]" in "dnsRecords[0].type").
var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// componentNote is the rule of the platform's own components: they have no
// cloud object and record no inputs, so nothing of theirs is replaced; their
// children carry their own types and rules.
const componentNote = "component: no cloud object; its children are judged by their own types"

// ReplaceRuleOf returns the rule of a type token; ok is false for a type the
// table does not know, which a test turns into a failure.
func ReplaceRuleOf(typ string) (rule ReplaceRule, ok bool) {
	if strings.HasPrefix(typ, "platform:") {
		return ReplaceRule{Note: componentNote}, true
	}
	rule, ok = replaceRules[typ]
	return rule, ok
}

// s3Child is the rule of every bucket configuration resource.
var s3Child = ReplaceRule{Inputs: []string{"bucket", "expectedBucketOwner"}}

// everything is the rule of a resource with no update: every input replaces.
var everything = ReplaceRule{AllBut: []string{}}

var replaceRules = map[string]ReplaceRule{
	"aws:acm/certificate:Certificate":                           {Inputs: []string{"domainName", "subjectAlternativeNames", "keyAlgorithm", "certificateAuthorityArn", "validationMethod"}},
	"aws:acm/certificateValidation:CertificateValidation":       everything,
	"aws:apigatewayv2/api:Api":                                  {Inputs: []string{"protocolType", "credentialsArn", "routeKey", "target"}},
	"aws:apigatewayv2/apiMapping:ApiMapping":                    {Inputs: []string{"apiId", "domainName"}},
	"aws:apigatewayv2/authorizer:Authorizer":                    {Inputs: []string{"apiId"}},
	"aws:apigatewayv2/domainName:DomainName":                    {Inputs: []string{"domainName"}, Note: "a new domain name is a new regional endpoint: its alias record follows"},
	"aws:apigatewayv2/integration:Integration":                  {Inputs: []string{"apiId", "integrationType", "integrationSubtype"}},
	"aws:apigatewayv2/route:Route":                              {Inputs: []string{"apiId"}},
	"aws:apigatewayv2/stage:Stage":                              {Inputs: []string{"apiId", "name"}},
	"aws:apigatewayv2/vpcLink:VpcLink":                          {Inputs: []string{"securityGroupIds", "subnetIds"}},
	"aws:appautoscaling/policy:Policy":                          {Inputs: []string{"name", "resourceId", "scalableDimension", "serviceNamespace"}},
	"aws:appautoscaling/target:Target":                          {Inputs: []string{"resourceId", "scalableDimension", "serviceNamespace"}},
	"aws:backup/plan:Plan":                                      {Inputs: []string{"name"}},
	"aws:backup/selection:Selection":                            everything,
	"aws:backup/vault:Vault":                                    {Inputs: []string{"name", "kmsKeyArn"}},
	"aws:budgets/budget:Budget":                                 {Inputs: []string{"accountId", "name", "namePrefix"}},
	"aws:ce/costAllocationTag:CostAllocationTag":                {Inputs: []string{"tagKey"}},
	"aws:cloudfront/distribution:Distribution":                  {Inputs: []string{}},
	"aws:cloudwatch/dashboard:Dashboard":                        {Inputs: []string{"dashboardName"}},
	"aws:cloudwatch/eventRule:EventRule":                        {Inputs: []string{"name", "namePrefix", "eventBusName"}},
	"aws:cloudwatch/eventTarget:EventTarget":                    {Inputs: []string{"rule", "targetId", "eventBusName"}},
	"aws:cloudwatch/logGroup:LogGroup":                          {Inputs: []string{"name", "namePrefix", "logGroupClass"}},
	"aws:cloudwatch/metricAlarm:MetricAlarm":                    {Inputs: []string{"name"}},
	"aws:cognito/userPool:UserPool":                             {Inputs: []string{"name", "aliasAttributes", "usernameAttributes", "usernameConfiguration"}},
	"aws:cognito/userPoolClient:UserPoolClient":                 {Inputs: []string{"userPoolId", "generateSecret"}},
	"aws:cognito/userPoolDomain:UserPoolDomain":                 {Inputs: []string{"domain", "userPoolId"}},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":         {Inputs: []string{"vpcId"}},
	"aws:ec2/eip:Eip":                                           {Inputs: []string{"domain", "networkBorderGroup", "publicIpv4Pool", "address"}},
	"aws:ec2/flowLog:FlowLog":                                   {AllBut: []string{"tags"}},
	"aws:ec2/instance:Instance":                                 {Inputs: []string{"ami", "availabilityZone", "subnetId", "keyName", "privateIp", "associatePublicIpAddress", "ebsBlockDevices", "ephemeralBlockDevices", "networkInterfaces", "placementGroup", "hostId", "cpuCoreCount", "cpuThreadsPerCore", "launchTemplate"}},
	"aws:ec2/natGateway:NatGateway":                             {Inputs: []string{"allocationId", "subnetId", "connectivityType", "privateIp"}},
	"aws:ec2/route:Route":                                       {Inputs: []string{"routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"}},
	"aws:ec2/securityGroup:SecurityGroup":                       {Inputs: []string{"name", "namePrefix", "description", "vpcId"}},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           {Inputs: []string{"serviceName", "vpcId", "vpcEndpointType"}},
	"aws:ecr/lifecyclePolicy:LifecyclePolicy":                   everything,
	"aws:ecr/repository:Repository":                             {Inputs: []string{"name", "encryptionConfigurations"}},
	"aws:ecr/repositoryPolicy:RepositoryPolicy":                 {Inputs: []string{"repository"}},
	"aws:ecs/cluster:Cluster":                                   {Inputs: []string{"name"}},
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {Inputs: []string{"clusterName"}},
	"aws:ecs/service:Service": {Inputs: []string{"name", "cluster", "iamRole", "launchType", "schedulingStrategy", "deploymentController"},
		Note: "capacityProviderStrategies also replaces unless forceNewDeployment is true, which every platform service sets (PF.ECS.12)"},
	"aws:ecs/taskDefinition:TaskDefinition": {AllBut: []string{"tags", "skipDestroy", "trackLatest"}, Note: "a new revision; the old one is deregistered"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {Inputs: []string{"replicationGroupId", "atRestEncryptionEnabled", "kmsKeyId", "port", "subnetGroupName", "preferredCacheClusterAzs", "snapshotArns", "snapshotName", "globalReplicationGroupId", "dataTieringEnabled", "networkType", "securityGroupNames"},
		Note: "also replaced by an engine or engine-version downgrade, and by transitEncryptionEnabled below Redis OSS 7.0.5"},
	"aws:elasticache/serverlessCache:ServerlessCache":                      {Inputs: []string{"name", "engine", "kmsKeyId", "subnetIds", "snapshotArnsToRestores"}},
	"aws:elasticache/subnetGroup:SubnetGroup":                              {Inputs: []string{"name"}},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":                  {Inputs: []string{"url"}},
	"aws:iam/policy:Policy":                                                {Inputs: []string{"name", "namePrefix", "path", "description"}},
	"aws:iam/role:Role":                                                    {Inputs: []string{"name", "namePrefix", "path"}},
	"aws:iam/rolePolicy:RolePolicy":                                        {Inputs: []string{"name", "namePrefix", "role"}},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":                    everything,
	"aws:kms/key:Key":                                                      {Inputs: []string{"customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"}},
	"aws:lambda/permission:Permission":                                     everything,
	"aws:lb/targetGroupAttachment:TargetGroupAttachment":                   everything,
	"aws:lb/listener:Listener":                                             {Inputs: []string{"loadBalancerArn"}},
	"aws:lb/listenerRule:ListenerRule":                                     {Inputs: []string{"listenerArn"}},
	"aws:lb/loadBalancer:LoadBalancer":                                     {Inputs: []string{"name", "namePrefix", "internal", "loadBalancerType"}},
	"aws:lb/targetGroup:TargetGroup":                                       {Inputs: []string{"name", "namePrefix", "port", "protocol", "protocolVersion", "vpcId", "targetType", "ipAddressType"}},
	"aws:mq/broker:Broker":                                                 {Inputs: []string{"brokerName", "deploymentMode", "encryptionOptions", "engineType", "publiclyAccessible", "ldapServerMetadata", "subnetIds", "dataReplicationPrimaryBrokerArn"}},
	"aws:rds/cluster:Cluster":                                              {Inputs: []string{"clusterIdentifier", "clusterIdentifierPrefix", "engine", "engineMode", "databaseName", "masterUsername", "availabilityZones", "dbSubnetGroupName", "storageEncrypted", "kmsKeyId", "snapshotIdentifier", "restoreToPointInTime", "s3Import", "sourceRegion"}},
	"aws:rds/clusterInstance:ClusterInstance":                              {Inputs: []string{"identifier", "identifierPrefix", "clusterIdentifier", "engine", "availabilityZone", "dbSubnetGroupName"}},
	"aws:rds/clusterParameterGroup:ClusterParameterGroup":                  {Inputs: []string{"name", "namePrefix", "family", "description"}},
	"aws:rds/instance:Instance":                                            {Inputs: []string{"engine", "dbName", "username", "availabilityZone", "characterSetName", "ncharCharacterSetName", "customIamInstanceProfile", "kmsKeyId", "storageEncrypted", "snapshotIdentifier", "restoreToPointInTime", "timezone"}},
	"aws:rds/parameterGroup:ParameterGroup":                                {Inputs: []string{"name", "namePrefix", "family", "description"}},
	"aws:rds/proxy:Proxy":                                                  {Inputs: []string{"name", "engineFamily", "vpcSubnetIds"}},
	"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":              {Inputs: []string{"dbProxyName"}},
	"aws:rds/proxyTarget:ProxyTarget":                                      everything,
	"aws:rds/subnetGroup:SubnetGroup":                                      {Inputs: []string{"name", "namePrefix"}},
	"aws:route53/record:Record":                                            {Inputs: []string{"name", "zoneId"}},
	"aws:route53/zone:Zone":                                                {Inputs: []string{"name", "delegationSetId"}},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": s3Child,
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                               s3Child,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":               s3Child,
	"aws:s3/bucketPolicy:BucketPolicy":                                     s3Child,
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":               s3Child,
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": s3Child,
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               s3Child,
	"aws:s3/bucketV2:BucketV2":                                      {Inputs: []string{"bucket", "bucketPrefix", "objectLockEnabled"}, Note: "a new, empty bucket"},
	"aws:scheduler/schedule:Schedule":                               {Inputs: []string{"name", "namePrefix", "groupName"}},
	"aws:scheduler/scheduleGroup:ScheduleGroup":                     {Inputs: []string{"name", "namePrefix"}},
	"aws:secretsmanager/secret:Secret":                              {Inputs: []string{"name", "namePrefix"}},
	"aws:secretsmanager/secretRotation:SecretRotation":              {Inputs: []string{"secretId"}},
	"aws:secretsmanager/secretVersion:SecretVersion":                {Inputs: []string{"secretId", "secretString", "secretBinary"}},
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":  {Inputs: []string{"name", "vpc"}},
	"aws:servicediscovery/service:Service":                          {Inputs: []string{"name", "namespaceId", "type", "healthCheckCustomConfig", "healthCheckConfig.type", "dnsConfig.namespaceId", "dnsConfig.routingPolicy", "dnsConfig.dnsRecords[].type"}},
	"aws:ses/domainDkim:DomainDkim":                                 {Inputs: []string{"domain"}},
	"aws:ses/domainIdentity:DomainIdentity":                         {Inputs: []string{"domain"}},
	"aws:ses/domainIdentityVerification:DomainIdentityVerification": {Inputs: []string{"domain"}},
	"aws:ses/mailFrom:MailFrom":                                     {Inputs: []string{"domain"}},
	"aws:sfn/stateMachine:StateMachine":                             {Inputs: []string{"name", "namePrefix", "type"}},
	"aws:sns/topic:Topic":                                           {Inputs: []string{"name", "namePrefix", "fifoTopic"}},
	"aws:sns/topicPolicy:TopicPolicy":                               {Inputs: []string{"arn"}},
	"aws:sns/topicSubscription:TopicSubscription":                   {Inputs: []string{"topic", "protocol", "endpoint"}},
	"aws:sqs/queue:Queue":                                           {Inputs: []string{"name", "namePrefix", "fifoQueue"}, Note: "a new, empty queue"},
	"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy":                 {Inputs: []string{"queueUrl"}},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":       {Inputs: []string{"securityGroupId"}},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":     {Inputs: []string{"securityGroupId"}},
	"aws:wafv2/webAcl:WebAcl":                                       {Inputs: []string{"name", "namePrefix", "scope"}},
	"aws:wafv2/webAclAssociation:WebAclAssociation":                 everything,
	// awsx's Vpc is a multi-language component whose children the offline
	// graph does not hold: these inputs recreate the VPC (aws_vpc.cidr_block
	// is ForceNew) or its subnets (aws_subnet.cidr_block and
	// availability_zone are ForceNew, and awsx derives both from them).
	"awsx:ec2:Vpc": {Inputs: []string{"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", "availabilityZoneNames", "numberOfAvailabilityZones", "subnetSpecs", "subnetStrategy"},
		Note: "the VPC or its subnets, and everything placed in them"},
	"command:local:Command":                      {Inputs: []string{"triggers"}, Note: "the command runs again"},
	"random:index/randomId:RandomId":             everything,
	"random:index/randomPassword:RandomPassword": {AllBut: []string{}, Note: "a new value"},
	// An explicit provider moved to another region replaces every resource on it.
	"pulumi:providers:aws": {Inputs: []string{"region"}, Note: "every resource on this provider"},
}
