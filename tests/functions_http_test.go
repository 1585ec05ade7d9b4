package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/preflight"
)

const (
	targetGroupType      = "aws:lb/targetGroup:TargetGroup"
	permissionType       = "aws:lambda/permission:Permission"
	targetAttachmentType = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
)

// relayFunction is a source function with the given http trigger.
func relayFunction(http string) map[string]string {
	return map[string]string{"workloads/relay.yaml": "kind: function\nsource: functions/dispatch\nruntime: python3.13\nhandler: index.handler\n" + http}
}

func TestAFunctionOnItsOwnHostIsALambdaTargetBehindTheGate(t *testing.T) {
	g, err := evaluateFunctions(t, relayFunction("http: {subdomain: relay, paths: [/relay/*]}\n"), nil)
	require.NoError(t, err)
	fn := only(t, g, lambdaType, "relay-function")
	tg := only(t, g, targetGroupType, "relay-tg")
	// A lambda target group has no port, protocol or VPC, and no health check
	// (it would invoke the function).
	assert.Equal(t, map[string]any{"targetType": "lambda", "lambdaMultiValueHeadersEnabled": false, "healthCheck": map[string]any{"enabled": false}}, tg.Inputs)

	invoke := only(t, g, permissionType, "relay-alb-invoke")
	assert.Equal(t, map[string]any{"action": "lambda:InvokeFunction", "function": fn.Output("name"),
		"principal": "elasticloadbalancing.amazonaws.com", "sourceArn": tg.Output("arn"), "sourceAccount": "123456789012"}, invoke.Inputs)

	target := only(t, g, targetAttachmentType, "relay-target")
	assert.Equal(t, map[string]any{"targetGroupArn": tg.Output("arn"), "targetId": fn.Output("arn")}, target.Inputs)
	assert.True(t, dependsOn(t, g, target, permissionType, "relay-alb-invoke"), "RegisterTargets is refused until Elastic Load Balancing may invoke the function")

	rule := only(t, g, ruleType, "relay-rule")
	assert.Equal(t, only(t, g, "aws:lb/listener:Listener", "cluster-https").Output("arn"), rule.Input("listenerArn"))
	assert.Equal(t, []any{
		map[string]any{"hostHeader": map[string]any{"values": []any{"relay.dev.shop.example.com"}}},
		map[string]any{"pathPattern": map[string]any{"values": []any{"/relay/*"}}},
	}, rule.Input("conditions"))
	// dev is gated: the Cognito login comes first, then the function.
	actions := rule.Input("actions").([]any)
	require.Len(t, actions, 2)
	assert.Equal(t, "authenticate-cognito", actions[0].(map[string]any)["type"])
	assert.Equal(t, 1.0, actions[0].(map[string]any)["order"])
	assert.Equal(t, map[string]any{"type": "forward", "order": 2.0, "targetGroupArn": tg.Output("arn")}, actions[1])
	assert.True(t, dependsOn(t, g, rule, targetAttachmentType, "relay-target"), "the rule forwards only to a registered function")
	// A path rule is numbered in the path range, before host-only rules.
	assert.GreaterOrEqual(t, rule.Input("priority"), 10000.0)
	assert.Less(t, rule.Input("priority"), 20000.0)

	// Its host has a record and is a callback of the gate's app client.
	record := only(t, g, "aws:route53/record:Record", "relay-dns")
	assert.Equal(t, "relay.dev.shop.example.com", record.Input("name"))
	assert.Contains(t, only(t, g, "aws:cognito/userPoolClient:UserPoolClient", "access-alb-client").Input("callbackUrls"),
		"https://relay.dev.shop.example.com/oauth2/idpresponse")

	findings := preflight.Run(g).Findings
	assert.Empty(t, findings, "the route's resources pass every preflight rule")
}

func TestAFunctionOnAServicesHostSharesItsLoadBalancerAndRecord(t *testing.T) {
	g, err := evaluateFunctions(t, relayFunction("http: {subdomain: hooks, paths: [/relay/*], cognito: false, multiValueHeaders: true}\n"), nil)
	require.NoError(t, err)
	assert.Empty(t, g.Named("relay-dns"), "the host's record is the service's")
	assert.Equal(t, true, only(t, g, targetGroupType, "relay-tg").Input("lambdaMultiValueHeadersEnabled"))
	rule := only(t, g, ruleType, "relay-rule")
	assert.Equal(t, []any{map[string]any{"type": "forward", "targetGroupArn": only(t, g, targetGroupType, "relay-tg").Output("arn")}}, rule.Input("actions"),
		"cognito: false keeps a webhook public, as for services")
	assert.Equal(t, []any{"hooks.dev.shop.example.com"}, rule.Input("conditions").([]any)[0].(map[string]any)["hostHeader"].(map[string]any)["values"])
	assert.NotEqual(t, only(t, g, ruleType, "webhooks-rule").Input("priority"), rule.Input("priority"))
}

func TestFunctionRoutesRefuseWhatTheLoadBalancerCannotRoute(t *testing.T) {
	for _, tc := range []struct{ name, http, want string }{
		{"a service's host without paths", "http: {subdomain: hooks}\n",
			`"workloads/relay.yaml: http.paths": is required`},
		{"a service's host and paths", "http: {subdomain: hooks, paths: [/webhooks/*]}\n",
			`"workloads/relay.yaml: http.subdomain": "hooks" routes the same host and paths as service webhooks`},
		{"too many paths", "http: {subdomain: relay, paths: [/a, /b, /c, /d, /e]}\n",
			`http.paths": 5 are more path patterns than a listener rule takes beside its host`},
		{"no subdomain", "http: {paths: [/relay/*]}\n", `"workloads/relay.yaml: http.subdomain": is required`},
		{"an unknown key", "http: {subdomain: relay, port: 80}\n", `http.port`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evaluateFunctions(t, relayFunction(tc.http), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// Where CloudFront serves a host (staging and production), the load balancer
// takes it only with the CDN's secret header: a function's rule there would
// open a way around the CDN.
func TestARouteOnAHostBehindTheCDNIsRefused(t *testing.T) {
	dir := copyFixture(t, relayFunction("http: {subdomain: www, paths: [/relay/*]}\n"))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "functions", "dispatch"), 0o755))
	_, err := evaluate.StackWith(dir, "staging", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"workloads/relay.yaml: http.subdomain": "www" is the host of service frontend, which CloudFront serves`)
}

func TestAFunctionTakesARouteBesideAScheduleAndNoneWithout(t *testing.T) {
	g, err := evaluateFunctions(t, relayFunction("schedule: rate(1 day)\nhttp: {subdomain: relay}\n"), nil)
	require.NoError(t, err)
	only(t, g, "aws:scheduler/schedule:Schedule", "relay-schedule")
	only(t, g, ruleType, "relay-rule")

	g, err = evaluateFunctions(t, relayFunction("schedule: rate(1 day)\n"), nil)
	require.NoError(t, err)
	for _, name := range []string{"relay-tg", "relay-alb-invoke", "relay-target", "relay-rule", "relay-dns"} {
		assert.Empty(t, g.Named(name), name)
	}
}

func TestARouteOnAServicesHostFollowsTheServicesLoadBalancer(t *testing.T) {
	files := relayFunction("http: {subdomain: hooks, paths: [/relay/*], cognito: false}\n")
	hooks, err := os.ReadFile(filepath.Join("testdata", "shop", "workloads", "webhooks.yaml"))
	require.NoError(t, err)
	files["workloads/webhooks.yaml"] = string(hooks) + "loadBalancer: 1\n"
	g, err := evaluateFunctions(t, files, nil)
	require.NoError(t, err)
	second := only(t, g, "aws:lb/listener:Listener", "cluster-lb1-https").Output("arn")
	assert.Equal(t, second, only(t, g, ruleType, "webhooks-rule").Input("listenerArn"))
	assert.Equal(t, second, only(t, g, ruleType, "relay-rule").Input("listenerArn"), "the host's record points at the service's load balancer")
}
