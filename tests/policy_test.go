package tests

import (
	"context"
	"encoding/json"
	"maps"
	"path/filepath"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/policy"
)

func TestEveryStackMeetsThePostureWithOnlyReasonedExceptions(t *testing.T) {
	for _, stack := range append(persistentStacks, "pr-42") {
		g := Evaluate(t, stack)
		report := policy.Evaluate(g, evaluate.TierOf(g))
		assert.Zero(t, report.Failed, "%s: %v", stack, report.Findings)
		assert.Greater(t, report.Passed, 30, stack)
		for _, f := range report.Findings {
			assert.NotEmpty(t, f.Excepted, "%s %s fails", stack, f.Control)
		}
	}
	// Production's exceptions are the ones that hold in every tier, each with its reason.
	var production []string
	for _, f := range policy.Evaluate(Evaluate(t, "production"), "production").Findings {
		production = append(production, f.Control+" "+f.Name)
	}
	assert.ElementsMatch(t, []string{
		"CloudFront.1 frontend-cdn", "S3.9 cluster-access-logs", "S3.9 data-access-logs",
		"SecretsManager.1 data-cache-auth-secret", "SecretsManager.1 data-broker-secret",
	}, production)
	for _, e := range policy.Exceptions {
		assert.NotEmpty(t, e.Reason, e.Control)
	}
}

func TestRulesCoverTheControlsThatApply(t *testing.T) {
	have := map[string]bool{}
	for _, r := range policy.Rules {
		assert.False(t, have[r.Control], "%s twice", r.Control)
		have[r.Control] = true
		assert.NotEmpty(t, r.Title, r.Control)
		assert.Contains(t, policy.Severities, r.Severity, r.Control)
		assert.True(t, (r.Check == nil) != (r.GraphCheck == nil), "%s has exactly one check", r.Control)
	}
	for _, c := range []string{"ECS.2", "ECS.5", "ECS.8", "ECS.12", "ELB.1", "ELB.4", "ELB.5", "ELB.6", "RDS.2", "RDS.3", "RDS.5", "RDS.7", "RDS.8",
		"RDS.9", "RDS.11", "RDS.13", "ElastiCache.1", "ElastiCache.2", "ElastiCache.3", "ElastiCache.4", "ElastiCache.5", "MQ.3", "MQ.6",
		"S3.5", "S3.8", "S3.9", "S3.12", "S3.14", "CloudFront.1", "CloudFront.3", "CloudFront.6", "CloudFront.7", "SQS.1",
		"ECR.1", "ECR.2", "ECR.3", "EC2.2", "EC2.6", "IAM.1", "SecretsManager.1"} {
		assert.True(t, have[c], "no rule for %s", c)
	}
}

// tampered is a copy of a graph resource with one input changed.
func tampered(r *graph.Resource, path string, value any) policy.Resource {
	inputs := deepCopy(r.Inputs).(map[string]any)
	steps := strings.Split(path, ".")
	cur := inputs
	for _, s := range steps[:len(steps)-1] {
		next, ok := cur[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[s] = next
		}
		cur = next
	}
	cur[steps[len(steps)-1]] = value
	return policy.Resource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: inputs}
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func rule(t *testing.T, control string) policy.Rule {
	t.Helper()
	for _, r := range policy.Rules {
		if r.Control == control {
			return r
		}
	}
	t.Fatalf("no rule %s", control)
	return policy.Rule{}
}

func TestEachRuleCatchesWhatItIsAbout(t *testing.T) {
	g := Evaluate(t, "production")
	cases := []struct {
		control, typ, name, path string
		bad                      any
		says                     string
	}{
		{"ECS.2", ecsServiceType, "catalog-service", "networkConfiguration.assignPublicIp", true, "assigns public IPs"},
		{"ECS.12", "aws:ecs/cluster:Cluster", "cluster-ecs", "settings", []any{}, "Container Insights off"},
		{"ELB.1", "aws:lb/listener:Listener", "cluster-http", "defaultActions", []any{map[string]any{"type": "forward"}}, "serves plain HTTP"},
		{"ELB.4", "aws:lb/loadBalancer:LoadBalancer", "cluster-alb", "dropInvalidHeaderFields", false, "invalid headers"},
		{"ELB.5", "aws:lb/loadBalancer:LoadBalancer", "cluster-alb", "accessLogs.enabled", false, "no access logs"},
		{"ELB.6", "aws:lb/loadBalancer:LoadBalancer", "cluster-alb", "enableDeletionProtection", false, "can be deleted"},
		{"RDS.2", dbInstanceType, "data-db", "publiclyAccessible", true, "publicly accessible"},
		{"RDS.3", dbInstanceType, "data-db", "storageEncrypted", false, "unencrypted"},
		{"RDS.5", dbInstanceType, "data-db", "multiAz", false, "one zone"},
		{"RDS.8", dbInstanceType, "data-db", "deletionProtection", false, "can be deleted"},
		{"RDS.9", dbInstanceType, "data-db", "enabledCloudwatchLogsExports", []any{}, "exports no logs"},
		{"RDS.11", dbInstanceType, "data-db", "backupRetentionPeriod", 1.0, "keeps backups 1 days"},
		{"RDS.13", dbInstanceType, "data-db", "autoMinorVersionUpgrade", false, "security patches"},
		{"ElastiCache.1", replicationType, "data-cache", "snapshotRetentionLimit", 0.0, "no snapshots"},
		{"ElastiCache.3", replicationType, "data-cache", "automaticFailoverEnabled", false, "no failover"},
		{"ElastiCache.4", replicationType, "data-cache", "atRestEncryptionEnabled", false, "unencrypted"},
		{"ElastiCache.5", replicationType, "data-cache", "transitEncryptionEnabled", false, "clear text"},
		{"MQ.3", brokerType, "data-broker", "autoMinorVersionUpgrade", false, "security patches"},
		{"MQ.6", brokerType, "data-broker", "deploymentMode", "SINGLE_INSTANCE", "single instance"},
		{"CloudFront.3", distributionType, "frontend-cdn", "defaultCacheBehavior.viewerProtocolPolicy", "allow-all", "plain HTTP"},
		{"CloudFront.6", distributionType, "frontend-cdn", "webAclId", nil, "no web ACL"},
		{"CloudFront.7", distributionType, "frontend-cdn", "viewerCertificate.acmCertificateArn", nil, "default certificate"},
		{"SQS.1", queueType, "data-queue-default", "sqsManagedSseEnabled", false, "unencrypted"},
		{"ECR.1", repositoryType, "data-repository-catalog", "imageScanningConfiguration.scanOnPush", false, "does not scan"},
		{"ECR.2", repositoryType, "data-repository-catalog", "imageTagMutability", "MUTABLE", "tag move"},
		{"EC2.2", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg", "ingress", []any{map[string]any{"fromPort": 0.0}}, "has rules"},
		{"EC2.18", ingressRuleType, "cluster-alb-ipv4-443", "fromPort", 22.0, "port 22"},
		{"KMS.4", "aws:kms/key:Key", "observability-alerts-key", "enableKeyRotation", false, "never rotates"},
		{"SNS.1", "aws:sns/topic:Topic", "observability-alerts", "kmsMasterKeyId", nil, "unencrypted"},
		{"IAM.1", rolePolicyType, "catalog-task-policy", "policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}`, "allows * on *"},
	}
	for _, tc := range cases {
		t.Run(tc.control, func(t *testing.T) {
			r := only(t, g, tc.typ, tc.name)
			check := rule(t, tc.control).Check
			require.NotNil(t, check)
			assert.Empty(t, check(policy.Resource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: r.Inputs}), "compliant as deployed")
			assert.Contains(t, check(tampered(r, tc.path, tc.bad)), tc.says)
		})
	}
	// ECS.8 and ECS.5 read the container definitions.
	def := only(t, g, taskDefType, "catalog-task")
	assert.Contains(t, rule(t, "ECS.8").Check(tampered(def, "containerDefinitions", `[{"name":"app","environment":[{"name":"DB_PASSWORD","value":"x"}]}]`)), "DB_PASSWORD in its environment")
	assert.Contains(t, rule(t, "ECS.5").Check(tampered(def, "containerDefinitions", `[{"name":"app","readonlyRootFilesystem":false}]`)), "writes its root file system")
}

func TestGraphRulesLookAtTheResourcesAround(t *testing.T) {
	full := Evaluate(t, "production")
	without := &graph.Graph{}
	*without = *full
	var kept []*graph.Resource
	for _, r := range full.Resources {
		if r.Type != "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && r.Type != "aws:ec2/flowLog:FlowLog" {
			kept = append(kept, r)
		}
	}
	without.Resources = kept
	report := policy.Evaluate(without, "production")
	var failed []string
	for _, f := range report.Findings {
		if f.Excepted == "" {
			failed = append(failed, f.Control+" "+f.Name)
		}
	}
	assert.ElementsMatch(t, []string{"S3.8 data-bucket-uploads", "S3.8 data-access-logs", "S3.8 cluster-access-logs", "EC2.6 network-vpc"}, failed)
}

// fakeManager collects CrossGuard violations.
type fakeManager struct{ violations []string }

func (m *fakeManager) ReportViolation(message, urn string) {
	m.violations = append(m.violations, message)
}

// analyze runs every policy of the CrossGuard pack over a graph, as `pulumi preview --policy-pack` would.
func analyze(t *testing.T, g *graph.Graph, edit func(*graph.Resource) map[string]any) []string {
	t.Helper()
	pack, err := policy.CrossGuardPack()
	require.NoError(t, err)
	providers := map[string]*graph.Resource{}
	for _, p := range g.ByType("pulumi:providers:aws") {
		providers[p.URN] = p
	}
	manager := &fakeManager{}
	for _, r := range g.Resources {
		inputs := r.Inputs
		if edit != nil {
			if changed := edit(r); changed != nil {
				inputs = changed
			}
		}
		res := policyx.AnalyzerResource{Type: r.Type, URN: r.URN, Name: r.Name, Properties: toProperty(inputs)}
		if p := providers[r.Provider]; p != nil {
			res.Provider = policyx.AnalyzerProviderResource{Type: p.Type, URN: p.URN, Name: p.Name, Properties: toProperty(p.Inputs)}
		}
		for _, p := range pack.Policies() {
			require.NoError(t, p.(policyx.ResourceValidationPolicy).Validate(context.Background(), policyx.ResourceValidationArgs{Manager: manager, Resource: res}))
		}
	}
	return manager.violations
}

func toProperty(inputs map[string]any) property.Map {
	return resource.FromResourcePropertyValue(resource.NewProperty(resource.NewPropertyMapFromMap(inputs))).AsMap()
}

func TestCrossGuardPackRunsTheSameRules(t *testing.T) {
	pack, err := policy.CrossGuardPack()
	require.NoError(t, err)
	portable := 0
	for _, r := range policy.Rules {
		if r.Portable() {
			portable++
		}
	}
	assert.Len(t, pack.Policies(), portable)
	assert.Equal(t, "platform-fsbp", pack.Name())

	for _, stack := range persistentStacks {
		assert.Empty(t, analyze(t, Evaluate(t, stack), nil), stack)
	}
	public := func(r *graph.Resource) map[string]any {
		if r.Type != dbInstanceType {
			return nil
		}
		inputs := maps.Clone(r.Inputs)
		inputs["publiclyAccessible"], inputs["multiAz"] = true, false
		return inputs
	}
	assert.ElementsMatch(t, []string{
		"aws:rds/instance:Instance data-db: is publicly accessible; set publiclyAccessible false",
		"aws:rds/instance:Instance data-db: runs in one zone; set multiAz",
	}, analyze(t, Evaluate(t, "production"), public))
	// In dev the single zone is an exception; public access never is.
	assert.Equal(t, []string{"aws:rds/instance:Instance data-db: is publicly accessible; set publiclyAccessible false"}, analyze(t, Evaluate(t, "dev"), public))
}

func TestPlanShowsPostureAndFailsOnAFailure(t *testing.T) {
	code, stdout, stderr := runCLI("plan", "--stack", "production", "--policy", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `Posture \(AWS Foundational Security Best Practices\): \d+ passed, 5 excepted, 0 failed\n`, stdout)
	assert.Contains(t, stdout, "CloudFront.1     HIGH     aws:cloudfront/distribution:Distribution frontend-cdn: has no default root object")

	code, stdout, _ = runCLI("plan", "--stack", "production", "--format", "json", "--policy", "--dir", projectDir)
	require.Equal(t, 0, code)
	var doc struct {
		Policy policy.Report
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Equal(t, 5, doc.Policy.Excepted)
	assert.Zero(t, doc.Policy.Failed)

	production := mustRead(t, filepath.Join(projectDir, "Pulumi.production.yaml"))
	dir := copyFixture(t, map[string]string{
		"Pulumi.production.yaml": strings.Replace(production, "      proxy: true\n", "      proxy: true\n      multiAz: false\n", 1),
	})
	code, stdout, stderr = runCLI("plan", "--stack", "production", "--dir", dir)
	assert.Equal(t, 3, code, "a posture failure exits 3, before any preflight failure")
	assert.Regexp(t, `\d+ passed, 5 excepted, 1 failed \(critical 0, high 0, medium 1, low 0\)`, stdout)
	assert.True(t, strings.HasPrefix(stderr, "platform plan: 1 posture finding(s) fail with no exception (see --policy)\n"), stderr)
}
