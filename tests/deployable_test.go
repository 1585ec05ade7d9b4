package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
	"platform/internal/naming"
	"platform/tests/e2e"
)

// Issue 14: what real AWS refuses or breaks on that the mock accepts. Each
// test runs a small fixture product (not the sample's workloads) on a real
// stack file's tiers.

// fixtureWorkloads is a small product: a gated web service with ECS Exec
// after a migration, a public webhook host, a site behind CloudFront and a
// queue worker.
const fixtureWorkloads = `{
  "services": {
    "web": {"repository": "web", "subdomain": "app", "priority": 10, "after": ["migrate"], "exec": true,
            "secrets": {"DATABASE_PASSWORD": "database#password"}},
    "hooks": {"repository": "web", "subdomain": "hooks", "priority": 20, "cognito": false, "paths": ["/webhooks/*"]},
    "site": {"repository": "web", "subdomain": "www", "priority": 30, "cdn": true}
  },
  "workers": {"worker": {"repository": "worker", "queues": ["default"]}},
  "migrations": {"migrate": {"repository": "web", "command": ["./migrate"],
                 "secrets": {"DATABASE_PASSWORD": "database#password"}}}
}`

const fixtureImages = `{"web": "1.0.0", "worker": "1.0.0"}`

// fixture evaluates stack with the fixture product and extra overrides.
func fixture(t *testing.T, stack string, overrides map[string]string) *graph.Graph {
	t.Helper()
	all := map[string]string{"platform:workloads": fixtureWorkloads, "platform:images": fixtureImages, "platform:sizes": "{}"}
	for k, v := range overrides {
		all[k] = v
	}
	g, err := EvaluateWith(t, stack, all)
	require.NoError(t, err)
	return g
}

func TestDeployOrderWaitsForWhatAWSChecks(t *testing.T) {
	g := fixture(t, "dev", nil)
	alb := only(t, g, "aws:lb/loadBalancer:LoadBalancer", "cluster-alb")
	assert.True(t, g.DependsOn(alb.URN, only(t, g, "aws:s3/bucketPolicy:BucketPolicy", "cluster-access-logs-policy").URN),
		"ELB checks its write access when logging is turned on")
	logging := only(t, g, "aws:s3/bucketLoggingV2:BucketLoggingV2", "data-bucket-uploads-access-logging")
	assert.True(t, g.DependsOn(logging.URN, only(t, g, "aws:s3/bucketPolicy:BucketPolicy", "data-access-logs-policy").URN))

	capacity := only(t, g, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cluster-capacity")
	for _, name := range []string{"web", "hooks", "worker"} {
		assert.True(t, g.DependsOn(only(t, g, ecsServiceType, name+"-service").URN, capacity.URN), name)
	}

	run := only(t, g, "command:local:Command", "migrate-run")
	for _, hop := range []string{"migrate-https-out", "data-db-clients-out"} {
		assert.True(t, g.DependsOn(run.URN, only(t, g, egressRuleType, hop).URN), hop)
	}
	assert.True(t, g.DependsOn(run.URN, only(t, g, ingressRuleType, "data-db-from-clients").URN), "it starts in the database's client group once the database admits it")
	assert.True(t, g.DependsOn(run.URN, only(t, g, rolePolicyType, "access-execution-policy").URN),
		"the task reads its secret through the execution role at start")
}

func TestGatedLoadBalancerReachesTheIdPOn443(t *testing.T) {
	for stack, gated := range map[string]bool{"dev": true, "production": false} {
		g := fixture(t, stack, nil)
		out := g.One(egressRuleType, "cluster-alb-idp-out")
		if !gated {
			assert.Nil(t, out, "%s: nothing authenticates, nothing goes out", stack)
			continue
		}
		require.NotNil(t, out, stack)
		assert.Equal(t, only(t, g, sgType, "cluster-alb-sg").ID, out.Input("securityGroupId"))
		assert.Equal(t, "0.0.0.0/0", out.Input("cidrIpv4"))
		assert.Equal(t, 443.0, out.Input("fromPort"))
		assert.Equal(t, 443.0, out.Input("toPort"))
	}
}

func TestECSExecUnderAReadOnlyRootHasTheAgentsPaths(t *testing.T) {
	g := fixture(t, "dev", nil)
	web := only(t, g, taskDefType, "web-task")
	c := containers(t, web)[0]
	assert.True(t, c.ReadonlyRootFilesystem)
	var paths []string
	for _, m := range c.MountPoints {
		paths = append(paths, m.ContainerPath)
	}
	assert.Equal(t, []string{"/tmp", "/var/lib/amazon", "/var/log/amazon"}, paths)
	assert.Equal(t, []any{map[string]any{"name": "tmp"}, map[string]any{"name": "ssm-lib"}, map[string]any{"name": "ssm-log"}}, web.Input("volumes"))
	hooks := containers(t, only(t, g, taskDefType, "hooks-task"))[0]
	assert.Len(t, hooks.MountPoints, 1, "without exec only /tmp")
}

func TestSpotOnlyEverRunsX86(t *testing.T) {
	for stack, want := range map[string]string{"dev": "X86_64", "staging": "X86_64", "production": "ARM64"} {
		g := fixture(t, stack, nil)
		for _, name := range []string{"web", "hooks", "worker"} {
			task := only(t, g, taskDefType, name+"-task")
			assert.Equal(t, want, task.Input("runtimePlatform.cpuArchitecture"), "%s %s", stack, name)
			spot := false
			for _, s := range only(t, g, ecsServiceType, name+"-service").Input("capacityProviderStrategies").([]any) {
				spot = spot || s.(map[string]any)["capacityProvider"] == "FARGATE_SPOT"
			}
			assert.Equal(t, want == "X86_64", spot, "%s %s: Spot exactly where the task is X86_64", stack, name)
		}
		// Migrations never run on Spot: Graviton on demand everywhere.
		assert.Equal(t, "ARM64", only(t, g, taskDefType, "migrate-task").Input("runtimePlatform.cpuArchitecture"), stack)
	}
}

func TestARM64WithASpotShareIsRefused(t *testing.T) {
	arm := `{"services": {"web": {"repository": "web", "subdomain": "app", "priority": 10, "architecture": "ARM64"}}}`
	_, err := EvaluateWith(t, "dev", map[string]string{"platform:workloads": arm, "platform:images": `{"web": "1.0.0"}`, "platform:sizes": "{}"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"platform:workloads.services.web.architecture": "ARM64" cannot run on Fargate Spot (spotShare 100)`)
	_, err = EvaluateWith(t, "production", map[string]string{"platform:workloads": arm, "platform:images": `{"web": "1.0.0"}`, "platform:sizes": "{}"})
	assert.NoError(t, err, "ARM64 on demand is fine")
}

func TestOptionsThatAWSRefusesOnSmallClassesAreOff(t *testing.T) {
	for class, on := range map[string]bool{"db.t4g.micro": false, "db.t4g.medium": true} {
		g, err := EvaluateAlone(t, "dev", map[string]string{"platform:data": `{"database": {"engine": "mysql", "instanceClass": "` + class + `"}}`})
		require.NoError(t, err)
		db := only(t, g, "aws:rds/instance:Instance", "data-db")
		assert.Equal(t, on, db.Input("performanceInsightsEnabled"), class)
		assert.Equal(t, "8.4", db.Input("engineVersion"), "8.0 bills Extended Support")
		if !on {
			assert.Nil(t, db.Input("performanceInsightsRetentionPeriod"), class)
		}
	}
}

func TestSecretsOfUnprotectedStacksFreeTheirNameOnDestroy(t *testing.T) {
	for stack, days := range map[string]float64{"dev": 0, "production": 30} {
		g := fixture(t, stack, nil)
		secrets := g.ByType("aws:secretsmanager/secret:Secret")
		require.Len(t, secrets, 2, stack)
		for _, s := range secrets {
			assert.Equal(t, days, s.Input("recoveryWindowInDays"), "%s %s", stack, s.Name)
		}
	}
}

// mockAccount is the account the offline mock answers as.
const mockAccount = "123456789012"

func TestNamesInAWSWideNamespacesCarryTheAccount(t *testing.T) {
	g := fixture(t, "staging", nil)
	buckets := g.ByType("aws:s3/bucketV2:BucketV2")
	require.Len(t, buckets, 3, "ALB logs, access logs, uploads")
	for _, b := range buckets {
		name := b.Input("bucket").(string)
		assert.True(t, strings.HasPrefix(name, "platform-staging-") && strings.HasSuffix(name, "-"+mockAccount), name)
	}
	assert.Equal(t, "platform-staging-login-"+mockAccount, only(t, g, "aws:cognito/userPoolDomain:UserPoolDomain", "access-user-pool-domain").Input("domain"))

	long := strings.Repeat("x", 80)
	for _, c := range []struct {
		kind        naming.Kind
		stack, role string
		want        string
	}{
		{naming.Bucket, "staging", "uploads", "platform-staging-uploads-" + mockAccount},
		{naming.CognitoDomain, "aws-amazon", "cognito", "platform-a-ws-a-mazon-c-ognito-" + mockAccount},
		{naming.Bucket, "staging", long, "platform-staging-xxxxxxxxxxxxxxxxxxxxxxxxxx-d29b32-" + mockAccount},
	} {
		got := naming.Namer{Project: "platform", Stack: c.stack}.Global(c.kind, c.role, mockAccount)
		assert.Equal(t, c.want, got)
		assert.LessOrEqual(t, len(got), c.kind.MaxLen)
	}
}

func TestWAFCountsViewersAndLetsWebhooksPostLargeBodies(t *testing.T) {
	g := fixture(t, "staging", nil)
	acl := only(t, g, "aws:wafv2/webAcl:WebAcl", "access-web-acl")
	rules := acl.Input("rules").([]any)
	require.Len(t, rules, 5)
	assert.Equal(t, []any{map[string]any{"name": "SizeRestrictions_BODY", "actionToUse": map[string]any{"count": map[string]any{}}}},
		acl.Input("rules.0.statement.managedRuleGroupStatement.ruleActionOverrides"), "the core set only counts large bodies")
	assert.Equal(t, "BodySizeLimit", acl.Input("rules.3.name"))
	assert.Equal(t, 4.0, acl.Input("rules.3.priority"))
	assert.NotNil(t, acl.Input("rules.3.action.block"))
	assert.Equal(t, map[string]any{"scope": "LABEL", "key": "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"},
		acl.Input("rules.3.statement.andStatement.statements.0.labelMatchStatement"))
	assert.Equal(t, "/webhooks/", acl.Input("rules.3.statement.andStatement.statements.1.notStatement.statements.0.byteMatchStatement.searchString"))
	assert.Equal(t, "STARTS_WITH", acl.Input("rules.3.statement.andStatement.statements.1.notStatement.statements.0.byteMatchStatement.positionalConstraint"))
	assert.Len(t, acl.Input("rules.3.statement.andStatement.statements"), 2, "exactly the webhook's path is allowed large bodies")

	assert.Equal(t, "RateLimitPerIP", acl.Input("rules.4.name"))
	skip := "rules.4.statement.rateBasedStatement.scopeDownStatement.notStatement.statements.0.byteMatchStatement."
	assert.Equal(t, "www.staging.shop.example.com", acl.Input(skip+"searchString"), "behind CloudFront the source IP is an edge server")
	assert.Equal(t, map[string]any{"singleHeader": map[string]any{"name": "host"}}, acl.Input(skip+"fieldToMatch"))

	edge := only(t, g, "aws:wafv2/webAcl:WebAcl", "access-cdn-web-acl")
	assert.Equal(t, "CLOUDFRONT", edge.Input("scope"))
	assert.Equal(t, "IP", edge.Input("rules.4.statement.rateBasedStatement.aggregateKeyType"), "the edge counts viewers")
	assert.Nil(t, edge.Input("rules.4.statement.rateBasedStatement.scopeDownStatement"))
}

func TestWorkloadsWithoutAnImageAreNotRolledOutAndThePlanSaysSo(t *testing.T) {
	g := fixture(t, "staging", map[string]string{"platform:images": `{"worker": "1.0.0"}`})
	for _, repo := range []string{"web", "worker"} {
		assert.NotNil(t, g.One("aws:ecr/repository:Repository", "data-repository-"+repo), "%s: the repository exists before any image", repo)
	}
	for _, name := range []string{"web", "hooks", "site", "migrate"} {
		assert.Empty(t, g.Named(name+"-task"), "%s pulls from the empty repository web", name)
	}
	assert.Nil(t, g.One("command:local:Command", "migrate-run"), "no migration runs without its image")
	assert.NotNil(t, g.One(ecsServiceType, "worker-service"), "the worker's image is there")
	assert.Equal(t, []any{
		"hooks (no image for repository web; push one and run `platform set-image`)",
		"migrate (no image for repository web; push one and run `platform set-image`)",
		"site (no image for repository web; push one and run `platform set-image`)",
		"web (no image for repository web; push one and run `platform set-image`)",
	}, g.Outputs["notRolledOut"])

	// A service whose migration's image is missing waits with it.
	split := strings.Replace(fixtureWorkloads, `"migrate": {"repository": "web"`, `"migrate": {"repository": "worker"`, 1)
	g = fixture(t, "staging", map[string]string{"platform:workloads": split, "platform:images": `{"web": "1.0.0"}`})
	assert.Nil(t, g.One(ecsServiceType, "web-service"))
	assert.NotNil(t, g.One(ecsServiceType, "hooks-service"), "hooks needs no migration")
	assert.Contains(t, g.Outputs["notRolledOut"], "web (runs after migration migrate, which is not rolled out)")

	assert.Nil(t, fixture(t, "staging", nil).Outputs["notRolledOut"], "everything rolls out once every image is there")
}

func TestPlanPrintsWhatIsNotRolledOut(t *testing.T) {
	dev, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	project, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	require.NoError(t, err)
	// A fresh stack: the dev stack file without its images.
	fresh, _, found := strings.Cut(string(dev), "  platform:images:")
	require.True(t, found)
	var workloads bytes.Buffer
	require.NoError(t, json.Compact(&workloads, []byte(fixtureWorkloads)))
	dir := writeProject(t, map[string]string{"Pulumi.yaml": string(project),
		"Pulumi.fresh.yaml": fresh + "  platform:workloads: " + workloads.String() + "\n  platform:images: {}\n"})
	var stdout, stderr bytes.Buffer
	code := cli.Main([]string{"plan", "--stack", "fresh", "--dir", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, line := range []string{
		"not rolled out: web (no image for repository web; push one and run `platform set-image`)",
		"not rolled out: worker (no image for repository worker; push one and run `platform set-image`)",
	} {
		assert.Contains(t, stdout.String(), "\n"+line+"\n")
	}
}

// devAccess is dev's platform:access with extra fields.
func devAccess(extra string) map[string]string {
	return map[string]string{"platform:access": `{"mailDomain": "dev.shop.example.com", "github": {"repository": "acme/shop", "oidcProvider": "create"}` + extra + `}`}
}

func TestAParentZoneInTheAccountIsDelegatedBeforeAnythingValidates(t *testing.T) {
	g := fixture(t, "dev", devAccess(`, "parentZone": "shop.example.com"`))
	zone := only(t, g, "aws:route53/zone:Zone", "access-zone")
	ns := only(t, g, recordType, "access-zone-delegation")
	assert.Equal(t, "NS", ns.Input("type"))
	assert.Equal(t, "dev.shop.example.com", ns.Input("name"))
	assert.Equal(t, zone.Output("nameServers"), ns.Input("records"))
	assert.NotEqual(t, zone.Output("zoneId"), ns.Input("zoneId"), "the record is in the parent zone")
	assert.True(t, g.DependsOn(only(t, g, validationType, "access-certificate-validation").URN, ns.URN))
	assert.True(t, g.DependsOn(only(t, g, "aws:ses/domainIdentityVerification:DomainIdentityVerification", "access-mail-verification").URN, ns.URN))
	assert.Equal(t, zone.Output("nameServers"), g.Outputs["nameServers"], "the name servers are a stack output")

	plain := fixture(t, "dev", nil)
	assert.Empty(t, plain.Named("access-zone-delegation"), "no parent zone, no delegation record")
	assert.Equal(t, only(t, plain, "aws:route53/zone:Zone", "access-zone").Output("nameServers"), plain.Outputs["nameServers"])
}

func TestAZoneDelegatedByHandHoldsTheStackAtTheZone(t *testing.T) {
	g := fixture(t, "dev", devAccess(`, "delegated": false`))
	// The permissions boundary comes first in every stack: it is what every
	// later role carries.
	assert.Equal(t, map[string]int{"pulumi:providers:aws": 1, "aws:iam/policy:Policy": 1, "platform:access:AccessLayer": 1, "aws:route53/zone:Zone": 1}, g.CountByType(),
		"nothing that waits on DNS, nor anything that needs it")
	zone := only(t, g, "aws:route53/zone:Zone", "access-zone")
	assert.Equal(t, zone.Output("nameServers"), g.Outputs["nameServers"])
	assert.Contains(t, g.Outputs["next"], "dig +short NS dev.shop.example.com")
	assert.Equal(t, zone.URN, only(t, fixture(t, "dev", nil), "aws:route53/zone:Zone", "access-zone").URN, "the later up keeps the same zone")

	for doc, want := range map[string]string{
		`, "delegated": false, "parentZone": "shop.example.com"`: `"platform:access.delegated": false only holds a created zone that is delegated by hand`,
		`, "parentZone": "dev.shop.example.com"`:                 `"platform:access.parentZone": "dev.shop.example.com" is not a parent zone of the created zone dev.shop.example.com`,
		`, "zone": "lookup", "delegated": false`:                 `"platform:access.delegated": false only holds`,
	} {
		_, err := EvaluateWith(t, "dev", devAccess(doc))
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), want)
	}
}

func TestADatabasePasswordRotationRollsEveryServiceThatReadsIt(t *testing.T) {
	g := fixture(t, "dev", nil)
	machine := only(t, g, "aws:sfn/stateMachine:StateMachine", "database-rotation-machine")
	var definition struct {
		StartAt string
		States  map[string]struct {
			Resource   string
			Parameters map[string]any
			End        bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(machine.Input("definition").(string)), &definition))
	assert.Equal(t, "Restart-web", definition.StartAt)
	require.Len(t, definition.States, 1, "web reads the password; hooks, site and the worker do not, the migration runs fresh")
	restart := definition.States["Restart-web"]
	assert.Equal(t, "arn:aws:states:::aws-sdk:ecs:updateService", restart.Resource)
	assert.Equal(t, map[string]any{"Cluster": only(t, g, "aws:ecs/cluster:Cluster", "cluster-ecs").Output("name"), "Service": "web", "ForceNewDeployment": true}, restart.Parameters)
	assert.True(t, restart.End)

	rule := only(t, g, "aws:cloudwatch/eventRule:EventRule", "database-rotation-rule")
	var pattern map[string]any
	require.NoError(t, json.Unmarshal([]byte(rule.Input("eventPattern").(string)), &pattern))
	db := only(t, g, "aws:rds/instance:Instance", "data-db")
	assert.Equal(t, []any{"RotationSucceeded"}, pattern["detail"].(map[string]any)["eventName"])
	assert.Equal(t, []any{db.Output("masterUserSecrets.0.secretArn")}, pattern["detail"].(map[string]any)["additionalEventData"].(map[string]any)["SecretId"])
	target := only(t, g, "aws:cloudwatch/eventTarget:EventTarget", "database-rotation-target")
	assert.Equal(t, machine.Output("arn"), target.Input("arn"))

	policy := policyAt(t, only(t, g, rolePolicyType, "database-rotation-machine-policy"), "policy")
	require.Len(t, policy.Statement, 1)
	assert.Equal(t, []string{"ecs:UpdateService"}, policy.Statement[0].Action)
	assert.Equal(t, []string{"arn:aws:ecs:us-east-1:" + mockAccount + ":service/" + only(t, g, "aws:ecs/cluster:Cluster", "cluster-ecs").Output("name").(string) + "/web"}, policy.Statement[0].Resource)

	none := fixture(t, "dev", map[string]string{"platform:workloads": `{"services": {"hooks": {"repository": "web", "subdomain": "hooks", "priority": 20}}}`, "platform:images": `{"web": "1.0.0"}`})
	assert.Empty(t, none.ByType("platform:compute:RestartOnRotation"), "nothing reads the password, nothing to restart")
}

func TestTheEndToEndFixtureFollowsTheFirstDeploySequenceOffline(t *testing.T) {
	o := e2e.Options{Stack: "dev", Region: "eu-west-1", Account: mockAccount, ParentZone: "e2e.example.com", Repository: "acme/platform", OIDCProvider: "create"}
	first, err := o.Config(map[string]string{})
	require.NoError(t, err)
	g, err := EvaluateWith(t, "dev", first)
	require.NoError(t, err)
	assert.Len(t, g.Outputs["notRolledOut"], 4, "web, public, worker and migrate wait for their images")
	assert.NotNil(t, g.One("aws:ecr/repository:Repository", "data-repository-app"))
	assert.NotNil(t, g.One(recordType, "access-zone-delegation"), "the parent zone delegates in the same up")

	second, err := o.Config(map[string]string{"app": e2e.ImageTag, "worker": e2e.ImageTag})
	require.NoError(t, err)
	g, err = EvaluateWith(t, "dev", second)
	require.NoError(t, err)
	assert.Nil(t, g.Outputs["notRolledOut"])
	assert.Equal(t, "authenticate-cognito", only(t, g, ruleType, "web-rule").Input("actions.0.type"))
	assert.Equal(t, "forward", only(t, g, ruleType, "public-rule").Input("actions.0.type"))
	assert.True(t, g.DependsOn(only(t, g, ecsServiceType, "web-service").URN, only(t, g, "command:local:Command", "migrate-run").URN))
	queue := only(t, g, queueType, "data-queue-jobs")
	assert.Equal(t, o.QueueURL(), "https://sqs.eu-west-1.amazonaws.com/"+mockAccount+"/"+queue.Input("name").(string), "the worker polls the queue the stack makes")
}
