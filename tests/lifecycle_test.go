package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/routing"
)

func TestRegionIsOnlyAnInput(t *testing.T) {
	g, err := EvaluateWith(t, "production", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, only(t, g, vpcType, "network-vpc").Input("availabilityZoneNames"))
	regional := 0
	regionOf := map[string]string{}
	for _, p := range g.ByType("pulumi:providers:aws") {
		regionOf[p.URN] = p.Input("region").(string)
	}
	for _, r := range g.Resources {
		arn, _ := r.Output("arn").(string)
		if arn == "" || strings.HasPrefix(arn, "arn:aws:iam::") || strings.HasPrefix(arn, "arn:aws:route53:::") ||
			strings.HasPrefix(arn, "arn:aws:cloudfront::") || strings.HasPrefix(arn, "arn:aws:s3:::") {
			continue // global services
		}
		regional++
		// Every regional resource lives in its provider's region: the stack's,
		// us-east-1 for CloudFront's certificate and alarms, the backup copy region.
		assert.Contains(t, arn, ":"+regionOf[r.Provider]+":", r.URN)
	}
	assert.Equal(t, map[string]int{"eu-west-1": 1, "us-east-1": 1, "us-west-2": 1}, countValues(regionOf))
	assert.Greater(t, regional, 100)
	for _, key := range []string{"databaseHost", "brokerEndpoint", "albDnsName"} {
		assert.Contains(t, g.Outputs[key], "eu-west-1", key)
	}
	assert.Contains(t, g.Outputs["cacheHost"], ".euw1.cache.amazonaws.com")
	for _, endpoint := range g.ByType(endpointType) {
		assert.True(t, strings.HasPrefix(endpoint.Input("serviceName").(string), "com.amazonaws.eu-west-1."), endpoint.Name)
	}
	edge := only(t, g, certType, "access-cdn-certificate")
	assert.True(t, strings.HasPrefix(edge.Output("arn").(string), "arn:aws:acm:us-east-1:"), "CloudFront's certificate stays in us-east-1")
	assert.Equal(t, "eu-west-1", only(t, g, "pulumi:providers:aws", "aws").Input("region"))
	assert.Equal(t, only(t, g, "pulumi:providers:aws", "aws").Input("defaultTags"), only(t, g, "pulumi:providers:aws", "aws-us-east-1").Input("defaultTags"))
}

func TestPreviewStackCreatesOnlyGatedPreviewServicesOnDev(t *testing.T) {
	dev := Evaluate(t, "dev")
	g := Evaluate(t, "pr-42")
	ref := only(t, g, "pulumi:pulumi:StackReference", "organization/platform/dev")
	assert.True(t, ref.Read)

	components := map[string]int{}
	for _, r := range g.Resources {
		if !r.Custom && !r.Remote {
			components[r.Type]++
		}
	}
	assert.Equal(t, map[string]int{"platform:compute:FargateService": 4, "platform:compute:WorkerService": 1, "platform:compute:MigrationTask": 2,
		"platform:data:DataLayer": 1, "platform:compute:RestartOnRotation": 1}, components, "no network, database, access or cluster of its own: only its queues (preview_test.go)")
	assert.Empty(t, g.ByType(vpcType))
	assert.Empty(t, g.ByType(dbInstanceType))
	assert.Empty(t, g.ByType(distributionType), "previews skip the CDN")

	pool := only(t, dev, userPoolType, "access-user-pool")
	client := only(t, g, clientType, "pr-42-alb-client")
	assert.Equal(t, pool.ID, client.Input("userPoolId"), "its own client on dev's pool")
	devListener := only(t, dev, "aws:lb/listener:Listener", "cluster-https").Output("arn")
	var callbacks []any
	for i, name := range []string{"admin", "catalog", "frontend", "orders"} {
		host := "pr-42-" + name + ".dev.shop.example.com"
		callbacks = append(callbacks, "https://"+host+"/oauth2/idpresponse")
		rule := only(t, g, ruleType, "pr-42-"+name+"-rule")
		assert.Equal(t, devListener, rule.Input("listenerArn"))
		assert.Equal(t, float64(routing.PreviewPriority(42, i, 4)), rule.Input("priority"))
		assert.Equal(t, "authenticate-cognito", rule.Input("actions.0.type"), name)
		assert.Equal(t, pool.Output("arn"), rule.Input("actions.0.authenticateCognito.userPoolArn"))
		assert.Equal(t, client.ID, rule.Input("actions.0.authenticateCognito.userPoolClientId"))
		assert.Equal(t, []any{host}, rule.Input("conditions.0.hostHeader.values"))
		assert.Equal(t, 1.0, only(t, g, ecsServiceType, "pr-42-"+name+"-service").Input("desiredCount"))
		assert.Equal(t, dev.Outputs["zoneId"], only(t, g, recordType, "pr-42-"+name+"-dns").Input("zoneId"))
		image := containers(t, only(t, g, taskDefType, "pr-42-"+name+"-task"))[0].Image
		assert.True(t, strings.HasSuffix(image, "/platform-dev-"+name+":pr-42"), image)
	}
	assert.Equal(t, callbacks, client.Input("callbackUrls"))
	assert.Nil(t, g.One(ruleType, "pr-42-webhooks-rule"), "the webhook is not browser-facing")

	// Data access: the preview's tasks join dev's client groups, and it
	// adds no security-group rule to dev's groups.
	assert.Contains(t, only(t, g, ecsServiceType, "pr-42-catalog-service").Input("networkConfiguration.securityGroups"), only(t, dev, sgType, "data-db-clients-sg").ID)
	own := map[any]bool{}
	for _, group := range g.ByType(sgType) {
		own[group.ID] = true
	}
	rules := append(g.ByType(ingressRuleType), g.ByType(egressRuleType)...)
	require.NotEmpty(t, rules, "the preview's services have rules of their own")
	for _, rule := range rules {
		assert.True(t, own[rule.Input("securityGroupId")], "%s: a preview adds rules only to its own groups", rule.Name)
	}
	// Its execution role reads dev's secrets and pulls dev's images.
	exec := policyAt(t, only(t, g, rolePolicyType, "preview-execution-policy"), "policy")
	assert.Equal(t, []string{"arn:aws:ecr:us-east-1:123456789012:repository/platform-dev-*"}, exec.Statement[1].Resource)
	assert.Equal(t, []string{"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/platform-pr-42-*:*"}, exec.Statement[2].Resource)
}

func TestPreviewPrioritiesNeverCollide(t *testing.T) {
	used := map[float64]string{}
	for _, stack := range []string{"dev", "pr-1", "pr-42", "pr-43"} {
		for _, rule := range Evaluate(t, stack).ByType(ruleType) {
			p := rule.Input("priority").(float64)
			if other, dup := used[p]; dup {
				t.Errorf("priority %v of %s in %s is also %s's", p, rule.Name, stack, other)
			}
			used[p] = stack + "/" + rule.Name
		}
	}
	assert.Len(t, used, 5+4*3)
}

func TestPreviewRejectsBadInput(t *testing.T) {
	_, err := EvaluateWith(t, "pr-42", map[string]string{"platform:preview": `{"base":"organization/platform/dev","number":0}`})
	require.Error(t, err)
	assert.Equal(t, `validate "platform:preview.number": 0 is out of range, want 1 to 2147483647`, err.Error())
	_, err = EvaluateWith(t, "pr-42", map[string]string{"platform:environment": "staging"})
	require.Error(t, err)
	assert.Equal(t, `validate "platform:environment": "staging" cannot host a preview, want dev: previews layer onto dev`, err.Error())
}

func countValues(m map[string]string) map[string]int {
	out := map[string]int{}
	for _, v := range m {
		out[v]++
	}
	return out
}

func TestNoEdgeCertificateWithoutACDNService(t *testing.T) {
	var workloads map[string]map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(stagingValue(t, "platform:workloads")), &workloads))
	workloads["services"]["frontend"]["cdn"] = false
	doc, err := json.Marshal(workloads)
	require.NoError(t, err)
	g, err := EvaluateWith(t, "staging", map[string]string{"aws:region": "eu-west-1", "platform:workloads": string(doc)})
	require.NoError(t, err)
	assert.Len(t, g.ByType("pulumi:providers:aws"), 1, "no us-east-1 provider")
	assert.Len(t, g.ByType(certType), 1, "only the regional certificate")
	assert.Nil(t, g.One("aws:wafv2/webAcl:WebAcl", "access-cdn-web-acl"), "no CloudFront WAF")
	assert.Empty(t, g.ByType(distributionType))
}
