package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
	"platform/preflight"
	"platform/stacks"
)

const (
	httpAPIType     = "aws:apigatewayv2/api:Api"
	stageType       = "aws:apigatewayv2/stage:Stage"
	routeType       = "aws:apigatewayv2/route:Route"
	integrationType = "aws:apigatewayv2/integration:Integration"
	authorizerType  = "aws:apigatewayv2/authorizer:Authorizer"
	domainType      = "aws:apigatewayv2/domainName:DomainName"
	apiMappingType  = "aws:apigatewayv2/apiMapping:ApiMapping"
	vpcLinkType     = "aws:apigatewayv2/vpcLink:VpcLink"
	discoveryType   = "aws:servicediscovery/service:Service"
)

// albOnly are the types only the ALB ingress makes.
var albOnly = []string{"aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule",
	"aws:lb/targetGroup:TargetGroup", "aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation"}

// apiDev is the shop's dev stack served by API Gateway: five services on
// five hosts, every one but hooks behind the gate.
func apiDev(t *testing.T, more map[string]string) *graph.Graph {
	t.Helper()
	overrides := map[string]string{"platform:ingress": "api-gateway"}
	for k, v := range more {
		overrides[k] = v
	}
	g, err := EvaluateWith(t, "dev", overrides)
	require.NoError(t, err)
	return g
}

func TestAPIGatewayIngressReplacesTheLoadBalancer(t *testing.T) {
	alb, api := Evaluate(t, "dev"), apiDev(t, nil)
	for _, typ := range albOnly {
		assert.NotEmpty(t, alb.ByType(typ), "the ALB ingress makes %s", typ)
		assert.Empty(t, api.ByType(typ), "the api-gateway ingress makes no %s", typ)
	}
	counts := api.CountByType()
	for typ, want := range map[string]int{httpAPIType: 5, stageType: 5, domainType: 5, apiMappingType: 5, integrationType: 5,
		routeType: 5, authorizerType: 4, vpcLinkType: 1, "platform:ingress:HttpApi": 5, "platform:ingress:VpcLink": 1, discoveryType: 5} {
		assert.Equal(t, want, counts[typ], typ)
	}
	for _, r := range api.ByType("aws:ecs/service:Service") {
		assert.Nil(t, r.Input("loadBalancers"), "%s registers in Cloud Map instead", r.Name)
	}
	// No web ACL to export: HTTP APIs take none.
	assert.NotContains(t, api.Outputs, "webAclArn")
	// Services and workers keep their task alarms; the load balancer's and target groups' are gone.
	for _, subject := range []string{"webhooks", "frontend", "jobs"} {
		alarmOf(t, api, subject, "serviceCpu")
		alarmOf(t, api, subject, "runningTasks")
	}
	assert.Nil(t, api.One(alarmType, "observability-webhooks-unhealthyHosts"))
	assert.Nil(t, api.One(alarmType, "observability-alb-alb5xx"))
	assert.NotNil(t, alb.One(alarmType, "observability-webhooks-unhealthyHosts"), "the ALB ingress has them")
	assert.NotNil(t, alb.One(alarmType, "observability-alb-alb5xx"))
	// Each host's API is watched instead: 5xx answers and p95 latency (ms).
	www := only(t, api, "aws:apigatewayv2/api:Api", "ingress-www-api")
	errors5xx, slow := alarmOf(t, api, "ingress-www", "target5xx"), alarmOf(t, api, "ingress-www", "latencyP95")
	assert.Equal(t, "AWS/ApiGateway", errors5xx.Input("namespace"))
	assert.Equal(t, "5xx", errors5xx.Input("metricName"))
	assert.Equal(t, map[string]any{"ApiId": www.ID}, errors5xx.Input("dimensions"))
	assert.Equal(t, "Latency", slow.Input("metricName"))
	assert.Equal(t, 1500.0, slow.Input("threshold"), "1.5 s in the metric's milliseconds")
	assert.Len(t, alarmsOfSubjectPrefix(api, "ingress-"), 10, "two per API")
}

func alarmsOfSubjectPrefix(g *graph.Graph, prefix string) []*graph.Resource {
	var out []*graph.Resource
	for _, a := range g.ByType(alarmType) {
		if strings.HasPrefix(a.Name, "observability-"+prefix) {
			out = append(out, a)
		}
	}
	return out
}

func TestAPIGatewayRoutesGatedHostsThroughTheJWTAuthorizer(t *testing.T) {
	g := apiDev(t, nil)
	routes := map[string][2]any{}
	for _, r := range g.ByType(routeType) {
		routes[r.Name] = [2]any{r.Input("routeKey"), r.Input("authorizationType")}
	}
	assert.Equal(t, map[string][2]any{
		"ingress-admin-admin-route-0":     {"$default", "JWT"},
		"ingress-catalog-catalog-route-0": {"$default", "JWT"},
		"ingress-orders-orders-route-0":   {"$default", "JWT"},
		"ingress-www-frontend-route-0":    {"$default", "JWT"},
		// cognito: false, and paths [/webhooks/*].
		"ingress-hooks-webhooks-route-0-public": {"ANY /webhooks/{proxy+}", "NONE"},
	}, routes)
	assert.Nil(t, g.One(authorizerType, "ingress-hooks-authorizer"), "an ungated host has no authorizer")

	auth := only(t, g, authorizerType, "ingress-www-authorizer")
	pool := only(t, g, "aws:cognito/userPool:UserPool", "access-user-pool")
	client := only(t, g, clientType, "access-api-client")
	assert.Equal(t, "JWT", auth.Input("authorizerType"))
	assert.Equal(t, []any{"$request.header.Authorization"}, auth.Input("identitySources"))
	assert.Equal(t, "https://cognito-idp.us-east-1.amazonaws.com/"+pool.ID, auth.Input("jwtConfiguration.issuer"))
	assert.Equal(t, []any{client.ID}, auth.Input("jwtConfiguration.audiences"), "the public API client's tokens")
	route := only(t, g, routeType, "ingress-www-frontend-route-0")
	assert.Equal(t, auth.ID, route.Input("authorizerId"))
}

func TestAPIGatewayIntegratesThroughTheVPCLinkToCloudMap(t *testing.T) {
	g := apiDev(t, nil)
	link := only(t, g, vpcLinkType, "ingress-link")
	linkGroup := only(t, g, "aws:ec2/securityGroup:SecurityGroup", "ingress-sg")
	assert.Equal(t, []any{linkGroup.ID}, link.Input("securityGroupIds"))
	assert.Len(t, link.Input("subnetIds"), 2, "the private subnets of both zones")

	integration := only(t, g, integrationType, "ingress-hooks-webhooks-integration")
	discovery := only(t, g, discoveryType, "webhooks-discovery")
	assert.Equal(t, "HTTP_PROXY", integration.Input("integrationType"))
	assert.Equal(t, "VPC_LINK", integration.Input("connectionType"))
	assert.Equal(t, link.ID, integration.Input("connectionId"))
	assert.Equal(t, discovery.State["arn"], integration.Input("integrationUri"))
	assert.Equal(t, "integrations/"+integration.ID, only(t, g, routeType, "ingress-hooks-webhooks-route-0-public").Input("target"))

	// SRV records give each instance the port the integration connects to.
	assert.Equal(t, []any{map[string]any{"ttl": 10.0, "type": "A"}, map[string]any{"ttl": 10.0, "type": "SRV"}}, discovery.Input("dnsConfig.dnsRecords"))
	service := only(t, g, "aws:ecs/service:Service", "webhooks-service")
	assert.Equal(t, map[string]any{"containerName": "webhooks", "containerPort": 8080.0, "registryArn": discovery.State["arn"]}, service.Input("serviceRegistries"))

	// The hop: the service's group admits the link's, and the link's group may reach it, on 8080 only.
	admit := only(t, g, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "webhooks-from-link")
	out := only(t, g, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "webhooks-link-out")
	for _, rule := range []*graph.Resource{admit, out} {
		assert.Equal(t, 8080.0, rule.Input("fromPort"))
		assert.Equal(t, 8080.0, rule.Input("toPort"))
	}
	assert.Equal(t, linkGroup.ID, admit.Input("referencedSecurityGroupId"))
	assert.Equal(t, linkGroup.ID, out.Input("securityGroupId"))
	assert.Equal(t, admit.Input("securityGroupId"), out.Input("referencedSecurityGroupId"))
}

func TestAPIGatewayServesTheHostOnItsCustomDomain(t *testing.T) {
	g := apiDev(t, nil)
	api := only(t, g, httpAPIType, "ingress-www-api")
	assert.Equal(t, "HTTP", api.Input("protocolType"))
	assert.Equal(t, true, api.Input("disableExecuteApiEndpoint"), "only the custom domain serves")

	domain := only(t, g, domainType, "ingress-www-domain")
	cert := g.ByType("aws:acm/certificate:Certificate")
	require.Len(t, cert, 1, "dev's one regional certificate")
	assert.Equal(t, "www.dev.shop.example.com", domain.Input("domainName"))
	assert.Equal(t, map[string]any{"certificateArn": cert[0].State["arn"], "endpointType": "REGIONAL", "securityPolicy": "TLS_1_2"}, domain.Input("domainNameConfiguration"))
	mapping := only(t, g, apiMappingType, "ingress-www-mapping")
	assert.Equal(t, domain.ID, mapping.Input("domainName"))
	assert.Equal(t, api.ID, mapping.Input("apiId"))
	record := only(t, g, "aws:route53/record:Record", "ingress-www-dns")
	assert.Equal(t, "www.dev.shop.example.com", record.Input("name"))
	assert.Equal(t, "A", record.Input("type"))

	stage := only(t, g, stageType, "ingress-www-stage")
	logs := only(t, g, "aws:cloudwatch/logGroup:LogGroup", "ingress-www-logs")
	assert.Equal(t, "$default", stage.Input("name"))
	assert.Equal(t, true, stage.Input("autoDeploy"))
	assert.Equal(t, logs.State["arn"], stage.Input("accessLogSettings.destinationArn"))
	assert.Contains(t, stage.Input("accessLogSettings.format"), "$context.requestId")
	assert.Equal(t, 7.0, logs.Input("retentionInDays"), "dev's log retention")
	assert.Equal(t, map[string]any{"throttlingBurstLimit": 500.0, "throttlingRateLimit": 1000.0}, stage.Input("defaultRouteSettings"))

	sized := apiDev(t, map[string]string{"platform:apiGateway": `{"throttlingBurstLimit": 50, "throttlingRateLimit": 20}`})
	assert.Equal(t, map[string]any{"throttlingBurstLimit": 50.0, "throttlingRateLimit": 20.0}, only(t, sized, stageType, "ingress-www-stage").Input("defaultRouteSettings"))
}

func TestAPIGatewayIsRemovedWhilePaused(t *testing.T) {
	g := apiDev(t, map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	for _, typ := range []string{httpAPIType, vpcLinkType, discoveryType, domainType} {
		assert.Empty(t, g.ByType(typ), typ)
	}
	// The namespace holds no instance and costs only its hosted zone; it stays with the cluster.
	assert.Len(t, g.ByType("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"), 1)
}

func TestAPIGatewayCostForDev(t *testing.T) {
	alb, api := cost.Of(Evaluate(t, "dev")), cost.Of(apiDev(t, nil))
	byType := func(e cost.Estimate) map[string]float64 {
		out := map[string]float64{}
		for _, i := range e.Items {
			out[i.Type] += i.Monthly
		}
		return out
	}
	a, b := byType(alb), byType(api)
	assert.Equal(t, 5*1.00, b[httpAPIType], "five hosts at 1M requests each")
	assert.Zero(t, b["aws:lb/loadBalancer:LoadBalancer"]+b["aws:wafv2/webAcl:WebAcl"])
	assert.Positive(t, a["aws:lb/loadBalancer:LoadBalancer"])
	assert.Less(t, api.MonthlyTotal, alb.MonthlyTotal)
	usage, err := cost.DecodeUsage("usage.yaml", []byte("apis: {millionRequests: 10}\n"))
	require.NoError(t, err)
	busy, err := cost.OfWith(apiDev(t, nil), cost.Options{Usage: usage})
	require.NoError(t, err)
	assert.InDelta(t, 5*10*1.00, byType(busy)[httpAPIType], 1e-9, "a usage file's apis.millionRequests")
	t.Logf("dev a month: alb $%.2f, api-gateway $%.2f, difference $%.2f (load balancer $%.2f, web ACL $%.2f, HTTP APIs $%.2f)",
		alb.MonthlyTotal, api.MonthlyTotal, alb.MonthlyTotal-api.MonthlyTotal,
		a["aws:lb/loadBalancer:LoadBalancer"], a["aws:wafv2/webAcl:WebAcl"], b[httpAPIType])
}

func TestAPIGatewayRefusals(t *testing.T) {
	webhooks := "kind: service\nrepository: webhooks\nsubdomain: hooks\ncognito: false\n"
	for _, c := range []struct {
		name, stack string
		overrides   map[string]string
		// files replace product files of the fixture.
		files map[string]string
		want  string
	}{
		{"unknown ingress", "dev", map[string]string{"platform:ingress": "nlb"}, nil, `validate "platform:ingress": "nlb" is not allowed, want one of alb, api-gateway`},
		{"CloudFront in front", "staging", map[string]string{"platform:ingress": "api-gateway"}, nil, "workloads/frontend.yaml: cdn"},
		{"load balancer pin", "dev", map[string]string{"platform:ingress": "api-gateway"},
			map[string]string{"workloads/webhooks.yaml": webhooks + "loadBalancer: 0\n"}, "workloads/webhooks.yaml: loadBalancer"},
		{"wildcard in the middle", "dev", map[string]string{"platform:ingress": "api-gateway"},
			map[string]string{"workloads/webhooks.yaml": webhooks + "paths: [/hooks/*.json]\n"}, "workloads/webhooks.yaml: paths[0]"},
		{"burst over the quota", "dev", map[string]string{"platform:ingress": "api-gateway",
			"platform:apiGateway": `{"throttlingBurstLimit": 6000}`}, nil, "platform:apiGateway.throttlingBurstLimit"},
		{"rate over the quota", "dev", map[string]string{"platform:ingress": "api-gateway",
			"platform:apiGateway": `{"throttlingRateLimit": 20000}`}, nil, "platform:apiGateway.throttlingRateLimit"},
		{"throttling without APIs", "dev", map[string]string{"platform:apiGateway": `{"throttlingRateLimit": 20}`}, nil, `validate "platform:apiGateway": "set" sizes HTTP APIs the stack does not have, want platform:ingress api-gateway`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.files != nil {
				_, err = evaluate.StackWith(copyFixture(t, c.files), c.stack, c.overrides)
			} else {
				_, err = EvaluateWith(t, c.stack, c.overrides)
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// The same product plans with the load balancer.
	_, err := evaluate.StackWith(copyFixture(t, map[string]string{"workloads/webhooks.yaml": webhooks + "loadBalancer: 0\npaths: [/hooks/*.json]\n"}), "dev", nil)
	assert.NoError(t, err)
}

func TestPreviewsOfAnAPIGatewayBaseAreRefused(t *testing.T) {
	err := stacks.RefuseBase("platform", map[string]any{"ingress": "api-gateway"}, "dev", "pr-7")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "platform:ingress api-gateway")
	assert.NoError(t, stacks.RefuseBase("platform", map[string]any{"ingress": "alb"}, "dev", "pr-7"))
	assert.Equal(t, "api-gateway", apiDev(t, nil).Outputs["ingress"], "the base tells its previews")
	// A preview stack file cannot pick an ingress of its own.
	_, err = EvaluateWith(t, "pr-42", map[string]string{"platform:ingress": "api-gateway"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"platform:ingress"`)
	assert.Contains(t, err.Error(), "is ignored in a preview")
}

func TestAPIGatewayPosture(t *testing.T) {
	g := apiDev(t, nil)
	report := policy.Evaluate(g, stacks.Dev)
	assert.Zero(t, report.Failed, "%v", report.Findings)
	excepted := map[string][]string{}
	for _, f := range report.Findings {
		if f.Excepted != "" && (f.Control == "APIGateway.4" || f.Control == "APIGateway.8") {
			excepted[f.Control] = append(excepted[f.Control], f.Name)
		}
	}
	assert.Len(t, excepted["APIGateway.4"], 5, "every stage: HTTP APIs take no WAF, said not hidden")
	assert.Equal(t, []string{"ingress-hooks-webhooks-route-0-public"}, excepted["APIGateway.8"], "only the public host's route")

	route := only(t, g, routeType, "ingress-www-frontend-route-0")
	assert.Empty(t, rule(t, "APIGateway.8").Check(policy.Resource{Type: route.Type, Name: route.Name, Inputs: route.Inputs}))
	assert.Contains(t, rule(t, "APIGateway.8").Check(tampered(route, "authorizationType", "NONE")), "takes anyone")
	stage := only(t, g, stageType, "ingress-www-stage")
	assert.Empty(t, rule(t, "APIGateway.9").Check(policy.Resource{Type: stage.Type, Name: stage.Name, Inputs: stage.Inputs}))
	assert.Contains(t, rule(t, "APIGateway.9").Check(tampered(stage, "accessLogSettings", nil)), "no access log")
}

func TestAPIGatewayStackPassesPreflight(t *testing.T) {
	g := apiDev(t, nil)
	report := preflight.Run(g)
	assert.Empty(t, report.Findings)
	var rules []preflight.Rule
	for _, r := range preflight.Rules {
		if strings.HasPrefix(r.ID, "PF.APIGW.") {
			rules = append(rules, r)
		}
	}
	require.Len(t, rules, 11)
	assert.Equal(t, 5+5*3+5+1+5+5+4+5+5, preflight.RunRules(g, rules).Checked,
		"route keys; routes, integrations and authorizers per API; domains; links; domain TLS; stages; authorizers; integrations; mappings")
}

func TestAPIGatewayArchitecture(t *testing.T) {
	a := apiDev(t, nil).Architecture()
	edges := map[string]string{}
	for _, e := range a.Edges {
		edges[e.From+" -> "+e.To] = e.Label
	}
	for edge, label := range map[string]string{
		"internet -> ingress_www":         "443",
		"ingress_www -> ingress":          "private integration",
		"ingress -> webhooks":             "8080",
		"access_user_pool -> ingress_www": "issues tokens",
	} {
		assert.Equal(t, label, edges[edge], edge)
	}
	assert.NotContains(t, edges, "access_user_pool -> ingress_hooks", "the public host takes no token")
}

// What only a load balancer does is refused on the api-gateway ingress: a
// canary's weighted forward and a function's HTTP route (a lambda target).
func TestAPIGatewayRefusesCanariesAndFunctionRoutes(t *testing.T) {
	api := map[string]string{"platform:ingress": "api-gateway"}
	_, err := EvaluateWith(t, "dev", map[string]string{"platform:ingress": "api-gateway",
		"platform:overrides": `{"orders": {"release": {"strategy": "canary"}}}`})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "release.strategy")
	assert.Contains(t, err.Error(), "weighted forward")

	_, err = evaluateFunctions(t, relayFunction("http: {subdomain: relay, paths: [/relay/*]}\n"), api)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workloads/relay.yaml: http")
	_, err = evaluateFunctions(t, relayFunction("http: {subdomain: relay, paths: [/relay/*]}\n"), nil)
	assert.NoError(t, err, "the same route plans on the load balancer")
}
