package preflight

import (
	"testing"

	"platform/internal/graph"
)

// httpAPIShape is one host's API with a route per key, its stage, domain,
// JWT authorizer and a VPC-link integration to a Cloud Map service.
type httpAPIShape struct {
	keys                                []any
	srv, port                           bool
	tls, certRegion                     string
	burst, rate                         any
	logDestination, issuer              string
	audiences, identitySrcs             L
	extraDomains, extraLinks            int
	extraIntegrations, extraAuthorizers int
	// mappingWaits makes the API mapping depend on the stage and the domain.
	mappingWaits bool
	mappingAPI   string
}

func httpAPIGraph(s httpAPIShape) func() []*graph.Resource {
	return func() []*graph.Resource {
		east := res(awsProvider, "aws", M{"region": "us-east-1"})
		api := res(httpAPI, "api", M{"protocolType": "HTTP"}, id("api-1"))
		records := L{M{"type": "A", "ttl": 10}}
		if s.srv {
			records = append(records, M{"type": "SRV", "ttl": 10})
		}
		arn := "arn:aws:servicediscovery:us-east-1:111122223333:service/srv-1"
		discovery := res(discoveryService, "web-discovery", M{"dnsConfig": M{"dnsRecords": records}}, func(r *graph.Resource) { r.State = M{"arn": arn} })
		registries := M{"registryArn": arn}
		if s.port {
			registries["containerName"], registries["containerPort"] = "web", 8080
		}
		service := res(ecsService, "web-service", M{"serviceRegistries": registries}, on(discovery))
		integration := res(httpIntegrate, "integration", M{"apiId": "api-1", "integrationType": "HTTP_PROXY", "connectionType": "VPC_LINK",
			"connectionId": "link-1", "integrationUri": arn, "payloadFormatVersion": "1.0"}, on(api, discovery), id("int-1"))
		stage := res(httpStage, "stage", M{"apiId": "api-1", "name": "$default", "defaultRouteSettings": M{"throttlingBurstLimit": s.burst, "throttlingRateLimit": s.rate},
			"accessLogSettings": M{"destinationArn": s.logDestination, "format": `{"requestId":"$context.requestId"}`}}, on(api))
		domain := res(httpDomain, "domain", M{"domainName": "www.example.com", "domainNameConfiguration": M{"endpointType": "REGIONAL", "securityPolicy": s.tls,
			"certificateArn": "arn:aws:acm:" + s.certRegion + ":111122223333:certificate/x"}}, provider(east))
		mapping := res(httpMapping, "mapping", M{"apiId": s.mappingAPI, "domainName": "www.example.com", "stage": "$default"})
		if s.mappingWaits {
			mapping = res(httpMapping, "mapping", mapping.Inputs, on(api, stage, domain))
		}
		out := []*graph.Resource{east, api, discovery, service, integration,
			res(httpAuthorizer, "authorizer", M{"apiId": "api-1", "authorizerType": "JWT", "identitySources": s.identitySrcs,
				"jwtConfiguration": M{"issuer": s.issuer, "audiences": s.audiences}}, on(api)),
			stage, domain, mapping,
			res(vpcLink, "link", M{"subnetIds": L{"subnet-a"}}, id("link-1")),
		}
		for i, k := range s.keys {
			out = append(out, res(httpRoute, "route-"+string(rune('a'+i)), M{"apiId": "api-1", "routeKey": k, "target": "integrations/int-1"}, on(api, integration)))
		}
		for i := range s.extraDomains {
			out = append(out, res(httpDomain, "more-domain-"+itoa(i), M{"domainName": "h" + itoa(i) + ".example.com", "domainNameConfiguration": M{"endpointType": "REGIONAL",
				"securityPolicy": "TLS_1_2", "certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/x"}}, provider(east)))
		}
		for i := range s.extraIntegrations {
			out = append(out, res(httpIntegrate, "more-integration-"+itoa(i), M{"apiId": "api-1", "integrationType": "HTTP_PROXY"}, on(api)))
		}
		for i := range s.extraAuthorizers {
			out = append(out, res(httpAuthorizer, "more-authorizer-"+itoa(i), M{"apiId": "api-1", "authorizerType": "REQUEST"}, on(api)))
		}
		for i := range s.extraLinks {
			out = append(out, res(vpcLink, "more-link-"+itoa(i), M{"subnetIds": L{"subnet-a"}}))
		}
		return out
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func goodAPI() httpAPIShape {
	return httpAPIShape{keys: L{"$default", "ANY /webhooks/{proxy+}", "GET /items/{id}"}, srv: true, port: true, tls: "TLS_1_2", certRegion: "us-east-1",
		burst: 500, rate: 1000, logDestination: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/apigateway/www",
		issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", audiences: L{"client-1"}, identitySrcs: L{"$request.header.Authorization"},
		mappingWaits: true, mappingAPI: "api-1"}
}

func badAPI(edit func(*httpAPIShape)) func() []*graph.Resource {
	s := goodAPI()
	edit(&s)
	return httpAPIGraph(s)
}

func manyRoutes(n int) L {
	out := L{}
	for i := range n {
		out = append(out, "GET /r"+itoa(i))
	}
	return out
}

var apigwCases = []ruleCase{
	{rule: "PF.APIGW.1", badName: "route-b", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.keys = L{"$default", "ANY /{proxy+}/x"} })},
	{rule: "PF.APIGW.1", badName: "route-a", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.keys = L{"ANY /img/*.png"} })},
	{rule: "PF.APIGW.1", badName: "route-a", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.keys = L{"FETCH /x"} })},
	{rule: "PF.APIGW.2", badName: "api", good: badAPI(func(s *httpAPIShape) { s.keys = manyRoutes(300) }), bad: badAPI(func(s *httpAPIShape) { s.keys = manyRoutes(301) })},
	{rule: "PF.APIGW.3", badName: "api", good: badAPI(func(s *httpAPIShape) { s.extraIntegrations = 299 }), bad: badAPI(func(s *httpAPIShape) { s.extraIntegrations = 300 })},
	{rule: "PF.APIGW.4", badName: "api", good: badAPI(func(s *httpAPIShape) { s.extraAuthorizers = 9 }), bad: badAPI(func(s *httpAPIShape) { s.extraAuthorizers = 10 })},
	{rule: "PF.APIGW.5", badName: "domain", good: badAPI(func(s *httpAPIShape) { s.extraDomains = 119 }), bad: badAPI(func(s *httpAPIShape) { s.extraDomains = 120 })},
	{rule: "PF.APIGW.6", badName: "link", good: badAPI(func(s *httpAPIShape) { s.extraLinks = 9 }), bad: badAPI(func(s *httpAPIShape) { s.extraLinks = 10 })},
	{rule: "PF.APIGW.7", badName: "domain", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.tls = "TLS_1_0" })},
	{rule: "PF.APIGW.7", badName: "domain", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.certRegion = "eu-west-1" })},
	{rule: "PF.APIGW.8", badName: "stage", good: badAPI(func(s *httpAPIShape) { s.burst, s.rate = 5000, 10000 }), bad: badAPI(func(s *httpAPIShape) { s.burst = 5001 })},
	{rule: "PF.APIGW.8", badName: "stage", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.rate = 10001 })},
	{rule: "PF.APIGW.8", badName: "stage", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.logDestination += ":*" })},
	{rule: "PF.APIGW.9", badName: "authorizer", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.issuer = "https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_AbC123" })},
	{rule: "PF.APIGW.9", badName: "authorizer", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.audiences = L{} })},
	{rule: "PF.APIGW.9", badName: "authorizer", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.identitySrcs = L{"$context.x"} })},
	{rule: "PF.APIGW.10", badName: "integration", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.srv = false })},
	{rule: "PF.APIGW.10", badName: "integration", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.port = false })},
	{rule: "PF.APIGW.11", badName: "mapping", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.mappingWaits = false })},
	{rule: "PF.APIGW.11", badName: "mapping", good: httpAPIGraph(goodAPI()), bad: badAPI(func(s *httpAPIShape) { s.mappingAPI = "api-2" })},
}

func TestAPIGatewayRules(t *testing.T) { runCases(t, apigwCases) }

func TestRouteKeyProblem(t *testing.T) {
	for key, ok := range map[string]bool{"$default": true, "ANY /": true, "GET /a/{id}": true, "ANY /a/{proxy+}": true,
		"ANY /a//b": false, "ANY /{proxy+}/b": false, "GET a": false, "ANY /a/{b-c}": false, "ANY /a*": false} {
		if got := routeKeyProblem(key) == ""; got != ok {
			t.Errorf("routeKeyProblem(%q) ok = %v, want %v", key, got, ok)
		}
	}
}
