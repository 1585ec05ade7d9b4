package preflight

import (
	"testing"

	"platform/internal/graph"
)

func TestCallbackURLsAreHTTPSExceptOnLocalhost(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://app.example.com/oauth2/idpresponse": true,
		"http://localhost:8080/callback":             true,
		"http://localhost/callback":                  true,
		"http://example.com/cb":                      false,
		"http://127.0.0.1:8080/callback":             false, // Cognito names localhost, not the loopback address
		"https://app.example.com/cb#done":            false,
		"/callback":                                  false,
		"https:///callback":                          false,
	} {
		if got := callbackAllowed(raw); got != want {
			t.Errorf("callbackAllowed(%q) = %v, want %v", raw, got, want)
		}
	}
}

// apiClient is a public app client that a JWT authorizer takes tokens of.
func apiClient(client M) func() []*graph.Resource {
	return func() []*graph.Resource {
		inputs := M{"generateSecret": false, "allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": L{"code"}, "allowedOauthScopes": L{"openid", "email"},
			"callbackUrls": L{"http://localhost:9876/callback"}, "explicitAuthFlows": L{"ALLOW_REFRESH_TOKEN_AUTH"}}
		for k, v := range client {
			inputs[k] = v
		}
		c := res(userPoolClient, "client", inputs, id("client-2"))
		auth := res(httpAuthorizer, "authorizer", M{"authorizerType": "JWT", "jwtConfiguration": M{"audiences": L{"client-2"}}})
		return []*graph.Resource{c, auth}
	}
}

// apiClientCases are the public client's rules, and PF.COGNITO.2 on its localhost callback.
var apiClientCases = []ruleCase{
	{rule: "PF.COGNITO.2", badName: "client", good: apiClient(M{"callbackUrls": L{"https://app.example.com/callback", "http://localhost:8080/callback"}}),
		bad: apiClient(M{"callbackUrls": L{"http://localhost:8080/callback", "http://example.com/cb"}})},
	{rule: "PF.COGNITO.7", badName: "client", good: apiClient(nil), bad: apiClient(M{"generateSecret": true})},
	{rule: "PF.COGNITO.7", badName: "client", good: apiClient(nil), bad: apiClient(M{"callbackUrls": L{"https://app.example.com/callback"}})},
	{rule: "PF.COGNITO.7", badName: "client", good: apiClient(nil), bad: apiClient(M{"allowedOauthScopes": L{"email"}})},
	{rule: "PF.COGNITO.8", badName: "client", good: apiClient(nil), bad: apiClient(M{"explicitAuthFlows": L{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"}})},
	{rule: "PF.COGNITO.8", badName: "client", good: apiClient(nil), bad: apiClient(M{"explicitAuthFlows": nil})},
}

func TestAPIClientRules(t *testing.T) { runCases(t, apiClientCases) }

func TestAConfidentialClientIsNoAuthorizersAudienceConcern(t *testing.T) {
	// A load balancer's client has a secret and no authorizer: neither rule is about it.
	for _, rule := range []string{"PF.COGNITO.7", "PF.COGNITO.8"} {
		if got := findingsOf(Run(graph.New("p", "test", gate(nil, "app.example.com")())), rule); len(got) != 0 {
			t.Errorf("%s on the gate's client: %v", rule, got)
		}
	}
}
