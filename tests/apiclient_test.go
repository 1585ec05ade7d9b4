package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/components/access"
)

// With the api-gateway ingress, tokens come from a public app client: the
// hosted UI's code grant (with PKCE) to a developer tool's loopback callback.
func TestAPIGatewayTokensComeFromThePublicAPIClient(t *testing.T) {
	g := apiDev(t, nil)
	pool := only(t, g, "aws:cognito/userPool:UserPool", "access-user-pool")
	client := only(t, g, clientType, "access-api-client")
	assert.Equal(t, map[string]any{
		"name":                            "access-api-client",
		"userPoolId":                      pool.ID,
		"generateSecret":                  false,
		"allowedOauthFlowsUserPoolClient": true,
		"allowedOauthFlows":               []any{"code"},
		"allowedOauthScopes":              []any{"openid", "email"},
		"callbackUrls":                    []any{"http://localhost:9876/callback"},
		"supportedIdentityProviders":      []any{"COGNITO"},
		"explicitAuthFlows":               []any{"ALLOW_REFRESH_TOKEN_AUTH"},
		"preventUserExistenceErrors":      "ENABLED",
		"enableTokenRevocation":           true,
		"accessTokenValidity":             60.0,
		"idTokenValidity":                 60.0,
		"refreshTokenValidity":            12.0,
		"tokenValidityUnits":              map[string]any{"accessToken": "minutes", "idToken": "minutes", "refreshToken": "hours"},
	}, client.Inputs)
	// No load balancer authenticates here: the public client is the pool's only one.
	assert.Len(t, g.ByType(clientType), 1)
	assert.Nil(t, g.One(clientType, "access-alb-client"))

	// Every gated host's authorizer takes its tokens, and only its tokens.
	authorizers := g.ByType(authorizerType)
	require.Len(t, authorizers, 4, "admin, catalog, orders, www")
	for _, auth := range authorizers {
		assert.Equal(t, []any{client.ID}, auth.Input("jwtConfiguration.audiences"), auth.Name)
	}
	assert.Equal(t, client.ID, g.Outputs["apiClientId"], "a developer's tool reads the client id from the stack")
}

func TestThePublicAPIClientIsOnlyForGatedHTTPAPIs(t *testing.T) {
	alb := Evaluate(t, "dev")
	assert.Nil(t, alb.One(clientType, "access-api-client"), "the ALB ingress has a login page instead")
	assert.NotNil(t, alb.One(clientType, "access-alb-client"))
	assert.NotContains(t, alb.Outputs, "apiClientId")

	open := apiDev(t, map[string]string{"platform:gate": "false"})
	assert.NotEmpty(t, open.ByType(httpAPIType), "the APIs are there")
	for _, typ := range []string{clientType, "aws:cognito/userPool:UserPool", authorizerType} {
		assert.Empty(t, open.ByType(typ), "nothing gated: no %s", typ)
	}
	assert.NotContains(t, open.Outputs, "apiClientId")
}

func TestAPIClientCallbackPortsAreValidated(t *testing.T) {
	for _, c := range []struct {
		ports []int
		says  string
	}{
		{ports: []int{80}, says: "apiClient.callbackPorts[0]"},
		{ports: []int{9876, 70000}, says: "apiClient.callbackPorts[1]"},
		{ports: []int{8080, 8080}, says: "is listed twice"},
	} {
		args := accessArgs()
		args.GatedHosts = []string{"app.test.example.com"}
		args.APIClient = &access.APIClientArgs{CallbackPorts: c.ports}
		err := args.Validate()
		require.Error(t, err, c.ports)
		assert.Contains(t, err.Error(), c.says)
	}
	args := accessArgs()
	args.APIClient = &access.APIClientArgs{CallbackPorts: []int{1024, 65535}}
	assert.NoError(t, args.Validate())
}

func TestAPIClientCallbacksAreTheLoopbackPorts(t *testing.T) {
	args := accessArgs()
	args.GatedHosts, args.NoLoadBalancer = []string{"app.test.example.com"}, true
	args.APIClient = &access.APIClientArgs{CallbackPorts: []int{8400, 9876}}
	g := evaluateAccess(t, "eu-west-1", args, false)
	client := only(t, g, clientType, "access-api-client")
	assert.Equal(t, []any{"http://localhost:8400/callback", "http://localhost:9876/callback"}, client.Input("callbackUrls"))
	assert.Len(t, g.ByType(clientType), 1, "no load balancer: no gate client")

	// Nothing gated: no pool, so no client.
	args = accessArgs()
	args.APIClient = &access.APIClientArgs{}
	assert.Empty(t, evaluateAccess(t, "eu-west-1", args, false).ByType(clientType))
}
