package preflight

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"platform/internal/graph"
)

// The app client an HTTP API's JWT authorizer trusts is public: a
// developer's OAuth tool gets its tokens through the hosted UI with PKCE,
// and holds no secret.

const (
	cognitoTokenDoc      = "Amazon Cognito Developer Guide, The token issuer endpoint https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html"
	cognitoAuthFlowsDoc  = "Amazon Cognito API Reference, CreateUserPoolClient (ExplicitAuthFlows) https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html"
	refreshTokenAuthFlow = "ALLOW_REFRESH_TOKEN_AUTH"
)

// callbackAllowed reports whether Cognito takes raw as a callback URL: an
// absolute URL without a fragment, https, or http only on localhost.
func callbackAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Fragment != "" || u.Host == "" {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "localhost")
}

// audienceClients are the app client ids some JWT authorizer accepts.
func audienceClients(g *graph.Graph) map[string]bool {
	out := map[string]bool{}
	for _, a := range g.ByType(httpAuthorizer) {
		for _, id := range stringsOf(list(a, "jwtConfiguration.audiences")) {
			out[id] = true
		}
	}
	return out
}

// loopbackCallback reports whether a developer's tool can receive a code on
// one of the client's callback URLs: http://localhost:<port>/...
func loopbackCallback(r *graph.Resource) bool {
	return slices.ContainsFunc(stringsOf(list(r, "callbackUrls")), func(raw string) bool {
		u, err := url.Parse(raw)
		return err == nil && u.Scheme == "http" && u.Hostname() == "localhost" && u.Port() != ""
	})
}

var apiClientRules = []Rule{
	{ID: "PF.COGNITO.7", Title: "The app client a JWT authorizer trusts issues tokens to a developer's tool", Types: []string{userPoolClient},
		Rejects: "the token endpoint needs the client_secret of a client that has one (HTTP Basic), which a developer's tool does not hold: the code exchange fails with invalid_client; without the code grant, openid or a localhost callback the hosted UI returns no code to the tool",
		Source:  cognitoTokenDoc,
		Fix:     "give the authorizer a public client: generateSecret false, allowedOauthFlows [code], scope openid, a http://localhost:<port>/callback callback URL",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !audienceClients(g)[clientID(r)] {
				return ""
			}
			flows := stringsOf(list(r, "allowedOauthFlows"))
			return first(check(!truthy(r, "generateSecret"), "has a client secret"),
				check(truthy(r, "allowedOauthFlowsUserPoolClient") && slices.Contains(flows, "code"), "OAuth code flow not allowed"),
				check(slices.Contains(stringsOf(list(r, "allowedOauthScopes")), "openid"), "scope openid missing"),
				check(loopbackCallback(r), "no http://localhost:<port> callback URL"))
		}},
	{ID: "PF.COGNITO.8", Title: "An app client without a secret has no password sign-in", Types: []string{userPoolClient},
		Rejects: "a public client's id is no secret: with explicitAuthFlows unset Cognito allows SRP and custom auth, and any password flow lets whoever has the id try passwords against InitiateAuth, past the hosted UI",
		Source:  cognitoAuthFlowsDoc,
		Fix:     "set explicitAuthFlows to [ALLOW_REFRESH_TOKEN_AUTH] on a client without a secret: people sign in on the hosted UI",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if truthy(r, "generateSecret") {
				return ""
			}
			flows := stringsOf(list(r, "explicitAuthFlows"))
			if len(flows) == 0 {
				return "explicitAuthFlows unset: Cognito allows SRP and custom auth"
			}
			var others []string
			for _, f := range flows {
				if f != refreshTokenAuthFlow {
					others = append(others, f)
				}
			}
			return check(len(others) == 0, "allows %s", strings.Join(others, ", "))
		}},
}

// callbackProblem is PF.COGNITO.2's finding for a client, or "".
func callbackProblem(r *graph.Resource) string {
	for _, raw := range stringsOf(list(r, "callbackUrls")) {
		if !callbackAllowed(raw) {
			return fmt.Sprintf("callback URL %q", raw)
		}
	}
	return ""
}
