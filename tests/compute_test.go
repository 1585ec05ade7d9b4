package tests

import (
	"encoding/json"
	"fmt"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/compute"
	"platform/internal/offline"
)

const (
	ruleType         = "aws:lb/listenerRule:ListenerRule"
	ecsServiceType   = "aws:ecs/service:Service"
	taskDefType      = "aws:ecs/taskDefinition:TaskDefinition"
	distributionType = "aws:cloudfront/distribution:Distribution"
	scalingType      = "aws:appautoscaling/target:Target"
	policyType       = "aws:appautoscaling/policy:Policy"
	webServices      = 5
)

func TestGatedAndUngatedRulesAuthenticateThenForward(t *testing.T) {
	g := Evaluate(t, "staging")
	pool := only(t, g, userPoolType, "access-user-pool")
	client := only(t, g, clientType, "access-alb-client")
	domain := only(t, g, "aws:cognito/userPoolDomain:UserPoolDomain", "access-user-pool-domain")

	gated := only(t, g, ruleType, "catalog-rule")
	assert.Equal(t, []any{
		map[string]any{"type": "authenticate-cognito", "order": 1.0, "authenticateCognito": map[string]any{
			"userPoolArn": pool.Output("arn"), "userPoolClientId": client.ID, "userPoolDomain": domain.Input("domain"),
			"onUnauthenticatedRequest": "authenticate", "sessionTimeout": 28800.0,
		}},
		map[string]any{"type": "forward", "order": 2.0, "targetGroupArn": only(t, g, "aws:lb/targetGroup:TargetGroup", "catalog-tg").Output("arn")},
	}, gated.Input("actions"))
	assert.Equal(t, 200.0, gated.Input("priority"))
	assert.Equal(t, only(t, g, "aws:lb/listener:Listener", "cluster-https").Output("arn"), gated.Input("listenerArn"))

	// The webhook is never gated and only routes its path.
	webhook := only(t, g, ruleType, "webhooks-rule")
	assert.Equal(t, []any{map[string]any{"type": "forward", "targetGroupArn": only(t, g, "aws:lb/targetGroup:TargetGroup", "webhooks-tg").Output("arn")}}, webhook.Input("actions"))
	assert.Equal(t, []any{
		map[string]any{"hostHeader": map[string]any{"values": []any{"hooks.staging.shop.example.com"}}},
		map[string]any{"pathPattern": map[string]any{"values": []any{"/webhooks/*"}}},
	}, webhook.Input("conditions"))

	// The callback URLs are exactly the gated hosts.
	assert.Equal(t, []any{
		"https://admin.staging.shop.example.com/oauth2/idpresponse",
		"https://catalog.staging.shop.example.com/oauth2/idpresponse",
		"https://www.staging.shop.example.com/oauth2/idpresponse",
		"https://orders.staging.shop.example.com/oauth2/idpresponse",
	}, client.Input("callbackUrls"))
}

func TestProductionGatesNoHost(t *testing.T) {
	g := Evaluate(t, "production")
	assert.Len(t, g.ByType(ruleType), webServices)
	for _, rule := range g.ByType(ruleType) {
		actions := rule.Input("actions").([]any)
		require.Len(t, actions, 1, rule.Name)
		assert.Equal(t, "forward", actions[0].(map[string]any)["type"], rule.Name)
	}
}

func TestCDNServiceFrontsTheALBWithAnEdgeCertificate(t *testing.T) {
	g, err := EvaluateWith(t, "staging", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	distribution := only(t, g, distributionType, "frontend-cdn")
	edgeCert := only(t, g, validationType, "access-cdn-certificate-validation")
	edgeProvider := only(t, g, "pulumi:providers:aws", "aws-us-east-1")
	assert.Equal(t, edgeProvider.URN, edgeCert.Provider)
	assert.True(t, strings.HasPrefix(edgeCert.Output("certificateArn").(string), "arn:aws:acm:us-east-1:"))
	assert.Equal(t, edgeCert.Output("certificateArn"), distribution.Input("viewerCertificate.acmCertificateArn"))
	assert.Equal(t, "sni-only", distribution.Input("viewerCertificate.sslSupportMethod"))
	assert.Equal(t, []any{"www.staging.shop.example.com"}, distribution.Input("aliases"))
	assert.Equal(t, "https-only", distribution.Input("origins.0.customOriginConfig.originProtocolPolicy"))
	assert.Equal(t, only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb").Output("dnsName"), distribution.Input("origins.0.domainName"))
	assert.Equal(t, compute.CachingDisabledPolicy, distribution.Input("defaultCacheBehavior.cachePolicyId"))
	assert.Equal(t, "redirect-to-https", distribution.Input("defaultCacheBehavior.viewerProtocolPolicy"))
	assert.Equal(t, true, distribution.Input("defaultCacheBehavior.compress"))
	assert.Equal(t, "/_next/static/*", distribution.Input("orderedCacheBehaviors.0.pathPattern"))
	assert.Equal(t, compute.CachingOptimizedPolicy, distribution.Input("orderedCacheBehaviors.0.cachePolicyId"))
	assert.Equal(t, map[string]any{"name": compute.OriginHeader, "value": graph.SecretMarker}, distribution.Input("origins.0.customHeaders.0"))

	record := only(t, g, recordType, "frontend-dns")
	assert.Equal(t, []any{map[string]any{"name": distribution.Output("domainName"), "zoneId": compute.CloudFrontZoneID, "evaluateTargetHealth": false}}, record.Input("aliases"))

	// The ALB accepts the host only with the CDN's header.
	rule := only(t, g, ruleType, "frontend-rule")
	assert.Contains(t, rule.Input("conditions"), map[string]any{"httpHeader": map[string]any{"httpHeaderName": compute.OriginHeader, "values": []any{graph.SecretMarker}}})
	secret := only(t, g, "random:index/randomPassword:RandomPassword", "frontend-origin-secret")
	assert.True(t, g.DependsOn(rule.URN, secret.URN) && g.DependsOn(distribution.URN, secret.URN), "rule and CDN share the one secret")

	// Services without the CDN point straight at the ALB.
	alb := only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb")
	assert.Equal(t, alb.Output("dnsName"), only(t, g, recordType, "catalog-dns").Input("aliases.0.name"))
	assert.Len(t, g.ByType(distributionType), 1)

	// In us-east-1 the regional certificate serves CloudFront: no second one.
	east := Evaluate(t, "staging")
	assert.Len(t, east.ByType("pulumi:providers:aws"), 1, "one provider in us-east-1")
	assert.Len(t, east.ByType(certType), 1)
	assert.Equal(t, only(t, east, validationType, "access-certificate-validation").Output("certificateArn"),
		only(t, east, distributionType, "frontend-cdn").Input("viewerCertificate.acmCertificateArn"))
}

// A changed capacity split (spotShare, tier, architecture) must update a
// service in place: replaced, its successor of the same name is refused.
func TestEveryServiceChangesItsCapacitySplitInPlace(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "production", "pr-42"} {
		services := Evaluate(t, stack).ByType(ecsServiceType)
		require.NotEmpty(t, services, stack)
		for _, s := range services {
			require.NotEmpty(t, s.Input("capacityProviderStrategies"), "%s %s", stack, s.Name)
			assert.Equal(t, true, s.Input("forceNewDeployment"), "%s %s", stack, s.Name)
		}
	}
}

func TestServicesScaleRollBackAndStayPrivate(t *testing.T) {
	cases := map[string]struct{ min, max, spot float64 }{
		"dev":        {1, 2, 100},
		"staging":    {1, 4, 50},
		"production": {2, 10, 0},
	}
	for stack, want := range cases {
		g := Evaluate(t, stack)
		for _, svc := range []string{"catalog", "admin"} {
			service := only(t, g, ecsServiceType, svc+"-service")
			assert.Equal(t, map[string]any{"enable": true, "rollback": true}, service.Input("deploymentCircuitBreaker"), stack)
			assert.Equal(t, false, service.Input("networkConfiguration.assignPublicIp"), stack)
			assert.Equal(t, g.Outputs["privateSubnetIds"], service.Input("networkConfiguration.subnets"), stack)
			assert.Equal(t, 100.0, service.Input("deploymentMinimumHealthyPercent"))
			assert.Equal(t, 200.0, service.Input("deploymentMaximumPercent"))
			assert.Equal(t, 60.0, service.Input("healthCheckGracePeriodSeconds"))
			assert.Equal(t, []string{"desiredCount"}, service.IgnoreChanges)
			assert.Equal(t, want.min, service.Input("desiredCount"), "%s %s", stack, svc)

			target := only(t, g, scalingType, svc+"-scaling")
			assert.Equal(t, want.min, target.Input("minCapacity"), stack)
			assert.Equal(t, want.max, target.Input("maxCapacity"), stack)
			assert.Equal(t, "service/platform-"+stack+"-cluster/"+svc, target.Input("resourceId"))
			for metric, value := range map[string]float64{"cpu": 60, "memory": 70} {
				policy := only(t, g, policyType, svc+"-scale-"+metric)
				assert.Equal(t, value, policy.Input("targetTrackingScalingPolicyConfiguration.targetValue"))
				assert.Equal(t, target.Output("resourceId"), policy.Input("resourceId"))
			}
		}
		spot := 0.0
		for _, p := range only(t, g, ecsServiceType, "catalog-service").Input("capacityProviderStrategies").([]any) {
			if p.(map[string]any)["capacityProvider"] == "FARGATE_SPOT" {
				spot = p.(map[string]any)["weight"].(float64)
			}
		}
		if want.spot == 100 {
			assert.Equal(t, 1.0, spot, stack)
		} else {
			assert.Equal(t, want.spot, spot, stack)
		}
	}
	// platform:sizes wins over the tier.
	prod := Evaluate(t, "production")
	assert.Equal(t, 3.0, only(t, prod, scalingType, "frontend-scaling").Input("minCapacity"))
	assert.Equal(t, 12.0, only(t, prod, scalingType, "frontend-scaling").Input("maxCapacity"))
	assert.Equal(t, "1024", only(t, prod, taskDefType, "orders-task").Input("cpu"))
}

// containers parses a task definition's container definitions.
func containers(t *testing.T, r *graph.Resource) []compute.ContainerDefinition {
	t.Helper()
	var out []compute.ContainerDefinition
	require.NoError(t, json.Unmarshal([]byte(r.Input("containerDefinitions").(string)), &out))
	return out
}

func TestContainersTakeSecretsByReferenceAndLogToTheirGroup(t *testing.T) {
	for _, stack := range persistentStacks {
		g := Evaluate(t, stack)
		var readable []string
		for _, s := range policyAt(t, only(t, g, rolePolicyType, "access-execution-policy"), "policy").Statement {
			if s.Sid == "ReadDeclaredSecrets" {
				readable = s.Resource
			}
		}
		definitions := g.ByType(taskDefType)
		assert.Len(t, definitions, 9, stack)
		for _, def := range definitions {
			name := strings.TrimSuffix(def.Name, "-task")
			group := only(t, g, "aws:cloudwatch/logGroup:LogGroup", name+"-logs")
			assert.Equal(t, only(t, g, roleType, "access-execution-role").Output("arn"), def.Input("executionRoleArn"))
			assert.Equal(t, only(t, g, roleType, name+"-task-role").Output("arn"), def.Input("taskRoleArn"))
			assert.Equal(t, "awsvpc", def.Input("networkMode"))
			for _, c := range containers(t, def) {
				assert.Equal(t, "awslogs", c.LogConfiguration.LogDriver)
				assert.Equal(t, group.Output("name"), c.LogConfiguration.Options["awslogs-group"], def.Name)
				assert.True(t, c.ReadonlyRootFilesystem, def.Name)
				for _, e := range c.Environment {
					assert.NotRegexp(t, `(?i)password|secret|token`, e.Name, "%s: %s is in environment", def.Name, e.Name)
					assert.NotContains(t, e.Value, offline.SecretValuePrefix, def.Name)
				}
				for _, s := range c.Secrets {
					arn := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s.ValueFrom, "::"), ":password"), ":username")
					assert.Contains(t, readable, arn, "%s: %s reads %s, which the execution role cannot", def.Name, s.Name, arn)
				}
			}
		}
		catalog := containers(t, only(t, g, taskDefType, "catalog-task"))[0]
		assert.Equal(t, []compute.SecretRef{
			{Name: "CACHE_AUTH_TOKEN", ValueFrom: only(t, g, "aws:secretsmanager/secret:Secret", "data-cache-auth-secret").Output("arn").(string)},
			{Name: "DATABASE_PASSWORD", ValueFrom: only(t, g, dbInstanceType, "data-db").Output("masterUserSecrets.0.secretArn").(string) + ":password::"},
			{Name: "DATABASE_USER", ValueFrom: only(t, g, dbInstanceType, "data-db").Output("masterUserSecrets.0.secretArn").(string) + ":username::"},
		}, catalog.Secrets, stack)
		assert.Contains(t, catalog.Environment, compute.KeyValue{Name: "DATABASE_HOST", Value: g.Outputs["databaseHost"].(string)})
	}
}

func TestMigrationsRunBeforeTheServicesThatNeedThem(t *testing.T) {
	g := Evaluate(t, "staging")
	run := only(t, g, "command:local:Command", "migrate-run")
	def := only(t, g, taskDefType, "migrate-task")
	assert.Equal(t, []any{def.Output("arn")}, run.Input("triggers"), "a new task definition (new image) runs it again")
	assert.Equal(t, def.Output("arn"), run.Input("environment.TASK_DEFINITION"))
	assert.Contains(t, run.Input("create"), `--query 'tasks[0].lastStatus'`, "waits in its own bounded loop (migration_test.go)")
	assert.Contains(t, run.Input("create"), `if [ "$code" != "0" ]`)
	assert.Equal(t, []string{"./bin/migrate", "up"}, containers(t, def)[0].Command)
	for _, name := range []string{"catalog", "orders", "admin", "recon", "jobs"} {
		assert.Contains(t, only(t, g, ecsServiceType, name+"-service").Dependencies, run.URN, name)
	}
	for _, name := range []string{"frontend", "webhooks"} {
		assert.NotContains(t, only(t, g, ecsServiceType, name+"-service").Dependencies, run.URN, name)
	}
}

func TestWorkersAndSchedules(t *testing.T) {
	g := Evaluate(t, "staging")
	jobs := only(t, g, ecsServiceType, "jobs-service")
	assert.Nil(t, jobs.Input("loadBalancers"), "workers take no traffic")
	backlog := only(t, g, policyType, "jobs-scale-backlog")
	const spec = "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification"
	assert.Nil(t, backlog.Input(spec+".metricName"), "metric math, not one queue's metric")
	for i, q := range []string{"priority", "default"} {
		at := fmt.Sprintf("%s.metrics.%d.metricStat.metric", spec, i)
		assert.Equal(t, "ApproximateNumberOfMessagesVisible", backlog.Input(at+".metricName"), q)
		assert.Equal(t, []any{map[string]any{"name": "QueueName", "value": only(t, g, queueType, "data-queue-"+q).Output("name")}}, backlog.Input(at+".dimensions"), q)
	}
	assert.Equal(t, "RunningTaskCount", backlog.Input(spec+".metrics.2.metricStat.metric.metricName"))
	assert.Equal(t, "IF(tasks > 0, (queue0 + queue1) / tasks, queue0 + queue1)", backlog.Input(spec+".metrics.3.expression"))
	assert.Equal(t, true, backlog.Input(spec+".metrics.3.returnData"))
	assert.Len(t, backlog.Input(spec+".metrics"), 4)
	assert.Equal(t, 10.0, backlog.Input("targetTrackingScalingPolicyConfiguration.targetValue"), "backlogPerTask")
	consume := policyAt(t, only(t, g, rolePolicyType, "jobs-task-policy"), "policy")
	var consumed []string
	for _, s := range consume.Statement {
		if s.Sid == "ConsumePriority" || s.Sid == "ConsumeDefault" {
			consumed = append(consumed, s.Resource...)
			assert.Contains(t, s.Action, "sqs:DeleteMessage")
		}
	}
	assert.ElementsMatch(t, []string{only(t, g, queueType, "data-queue-priority").Output("arn").(string), only(t, g, queueType, "data-queue-default").Output("arn").(string)}, consumed)
	assert.NotNil(t, g.One(policyType, "recon-scale-cpu"), "RabbitMQ consumers scale on CPU")

	schedule := only(t, g, "aws:scheduler/schedule:Schedule", "scheduler-schedule")
	assert.Equal(t, "rate(1 minute)", schedule.Input("scheduleExpression"))
	assert.Equal(t, "ENABLED", schedule.Input("state"))
	assert.Equal(t, only(t, g, "aws:ecs/cluster:Cluster", "cluster-ecs").Output("arn"), schedule.Input("target.arn"))
	assert.Equal(t, false, schedule.Input("target.ecsParameters.networkConfiguration.assignPublicIp"))
	run := policyAt(t, only(t, g, rolePolicyType, "scheduler-scheduler-run"), "policy")
	require.Len(t, run.Statement, 2)
	assert.Equal(t, []string{"ecs:RunTask"}, run.Statement[0].Action)
	assert.Equal(t, []string{only(t, g, taskDefType, "scheduler-task").Output("arnWithoutRevision").(string) + ":*"}, run.Statement[0].Resource)
	assert.Equal(t, []string{"iam:PassRole"}, run.Statement[1].Action)
	assert.ElementsMatch(t, []string{
		only(t, g, roleType, "access-execution-role").Output("arn").(string), only(t, g, roleType, "scheduler-task-role").Output("arn").(string),
	}, run.Statement[1].Resource)
}

func TestClusterAndLoadBalancer(t *testing.T) {
	g := Evaluate(t, "production")
	alb := only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb")
	assert.Equal(t, true, alb.Input("dropInvalidHeaderFields"))
	assert.Equal(t, true, alb.Input("enableDeletionProtection"))
	assert.Equal(t, false, alb.Input("internal"))
	assert.Equal(t, g.Outputs["publicSubnetIds"], alb.Input("subnets"))
	assert.Equal(t, true, alb.Input("accessLogs.enabled"))
	assert.Equal(t, only(t, g, bucketType, "cluster-access-logs").Output("bucket"), alb.Input("accessLogs.bucket"))
	https := only(t, g, "aws:lb/listener:Listener", "cluster-https")
	assert.Equal(t, compute.TLSPolicy, https.Input("sslPolicy"))
	assert.Equal(t, g.Outputs["certificateArn"], https.Input("certificateArn"))
	assert.Equal(t, "404", https.Input("defaultActions.0.fixedResponse.statusCode"))
	http := only(t, g, "aws:lb/listener:Listener", "cluster-http")
	assert.Equal(t, map[string]any{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}, http.Input("defaultActions.0.redirect"))
	assert.Equal(t, g.Outputs["webAclArn"], only(t, g, "aws:wafv2/webAclAssociation:WebAclAssociation", "cluster-waf").Input("webAclArn"))
	cluster := only(t, g, "aws:ecs/cluster:Cluster", "cluster-ecs")
	assert.Equal(t, []any{map[string]any{"name": "containerInsights", "value": "enabled"}}, cluster.Input("settings"))
	assert.Equal(t, []any{"FARGATE", "FARGATE_SPOT"}, only(t, g, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cluster-capacity").Input("capacityProviders"))
	assert.NotNil(t, g.One("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "cluster-namespace"))
}

func TestWorkloadsRejectBadInputBeforeAnyResource(t *testing.T) {
	cases := []struct {
		name, key, doc, want string
	}{
		{"cpu and memory", "platform:sizes", `{"catalog":{"cpu":256,"memory":4096}}`,
			`validate "platform:sizes.catalog.memory": 4096 does not fit cpu 256, want one of 512, 1024, 2048`},
		{"cpu size", "platform:sizes", `{"catalog":{"cpu":300}}`,
			`validate "platform:sizes.catalog.cpu": 300 is not a Fargate size, want one of 256, 512, 1024, 2048, 4096, 8192, 16384`},
		{"unknown workload size", "platform:sizes", `{"catalgo":{"cpu":512}}`,
			`validate "platform:sizes.catalgo": "catalgo" is not a workload, want one of: admin, catalog, frontend, jobs, migrate, orders, recon, scheduler, webhooks`},
		// A missing image holds the workload back (TestWorkloadsWithoutAnImageAreNotRolledOut); a bad one is refused.
		{"bad image tag", "platform:images", `{"catalog":"1.0 beta"}`,
			`validate "platform:images.catalog": "1.0 beta" is not an image tag or digest, want a tag such as 1.4.2 or sha256:<64 hex>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := EvaluateWith(t, "staging", map[string]string{tc.key: tc.doc})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, strings.Split(err.Error(), "\n")[0])
		})
	}

	workloadCases := []struct{ name, doc, want string }{
		{"duplicate priority", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":10},"b":{"repository":"x/y/b:1","subdomain":"b","priority":10}}}`,
			`validate "platform:workloads.services.b.priority": 10 is already the priority of a on its load balancer, want a priority no other service on that load balancer uses`},
		{"duplicate host and path", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"api","priority":10},"b":{"repository":"x/y/b:1","subdomain":"api","priority":11}}}`,
			`validate "platform:workloads.services.b.subdomain": "api" routes the same host and paths as a, want a host and path combination of its own`},
		{"priority out of range", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":30000}}}`,
			`validate "platform:workloads.services.a.priority": 30000 is out of range, want 1 to 29999`},
		{"grant to a missing queue", `{"workers":{"w":{"repository":"x/y/w:1","grants":["queue:bulk:consume"]}}}`,
			`validate "platform:workloads.workers.w.grants[0]": "queue:bulk:consume" names a queue platform:data does not have, want one of: default, priority`},
		{"consume a missing queue", `{"workers":{"w":{"repository":"x/y/w:1","queues":["bulk"]}}}`,
			`validate "platform:workloads.workers.w.queues[0]": "bulk" is not a queue of platform:data, want one of: default, priority`},
		{"unknown secret reference", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":1,"secrets":{"DB":"postgres"}}}}`,
			`validate "platform:workloads.services.a.secrets.DB": "postgres" is not a secret reference, want secret:<name> (a secret the stack creates), a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>[#key]), an SSM parameter ARN, or one of database#username, database#password, cache, broker#username, broker#password`},
		{"secret in environment", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":1,"environment":{"STRIPE_API_KEY":"sk_live"}}}}`,
			`validate "platform:workloads.services.a.environment.STRIPE_API_KEY": "(value hidden)" looks like a secret, want declare it under secrets (secret:<name> for a value of this stack), or list it in platform:allowPlainVariables`},
		{"migration that does not exist", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":1,"after":["migrate"]}}}`,
			`validate "platform:workloads.services.a.after[0]": "migrate" is not a migration, want one of: `},
		{"bad schedule", `{"schedules":{"s":{"repository":"x/y/s:1","schedule":"rate(1 minutes)"}}}`,
			`validate "platform:workloads.schedules.s.schedule": "rate(1 minutes)" has rate "1 minutes" that uses the wrong number for its unit, want a whole number of at least 1, then minute(s), hour(s) or day(s): singular only for 1, e.g. rate(1 hour) or rate(5 minutes)`},
		{"migration without a command", `{"migrations":{"m":{"repository":"x/y/m:1"}}}`,
			`validate "platform:workloads.migrations.m.command": is required, want the command that migrates as a list, e.g. [php, artisan, migrate, --force]`},
		{"name used twice", `{"services":{"a":{"repository":"x/y/a:1","subdomain":"a","priority":1}},"workers":{"a":{"repository":"x/y/a:1"}}}`,
			`validate "platform:workloads.workers.a": "a" is also the name of one of the services, want one name per workload: it names the ECS service and log group`},
		{"image without a tag", `{"workers":{"w":{"repository":"ghcr.io/acme/w"}}}`,
			`validate "platform:workloads.workers.w.repository": "ghcr.io/acme/w" is not an image reference with a tag or digest, want e.g. public.ecr.aws/nginx/nginx:1.27`},
	}
	for _, tc := range workloadCases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := EvaluateAlone(t, "staging", map[string]string{"platform:workloads": tc.doc})
			require.Error(t, err)
			assert.Nil(t, g)
			assert.Equal(t, tc.want, strings.Split(err.Error(), "\n")[0])
		})
	}
}

func TestCDNWithoutDomainOrCertificateIsRefused(t *testing.T) {
	args := compute.FargateServiceArgs{Subdomain: "www", Priority: 1, CDN: true}
	err := args.Validate("web")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `validate "cdn": true needs a domain and a us-east-1 certificate, want platform:domain set, and the access layer's CDN certificate`)
	assert.Contains(t, err.Error(), `validate "domain": is required`)
}
