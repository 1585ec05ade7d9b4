package preflight

import (
	"fmt"
	"platform/internal/graph"
	"strings"
)

const (
	cognitoDomainDoc = "Amazon Cognito Developer Guide, Using the Amazon Cognito prefix domain https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html"
	cognitoClientDoc = "Amazon Cognito API Reference, CreateUserPoolClient https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html"
)

// prefixDomain reports whether a user pool domain is a Cognito prefix domain
// (auth.<region>.amazoncognito.com) rather than a custom domain.
func prefixDomain(r *graph.Resource) bool { return !strings.Contains(str(r, "domain"), ".") }

// gateClients returns the app clients that listener rules authenticate with.
func gateClients(g *graph.Graph) map[string][]string {
	hosts := map[string][]string{} // client id -> hosts
	for _, rule := range g.ByType(listenerRule) {
		for i := range list(rule, "actions") {
			id := str(rule, fmt.Sprintf("actions.%d.authenticateCognito.userPoolClientId", i))
			if id == "" {
				continue
			}
			for j := range list(rule, "conditions") {
				hosts[id] = append(hosts[id], stringsOf(list(rule, fmt.Sprintf("conditions.%d.hostHeader.values", j)))...)
			}
		}
	}
	return hosts
}

var cognitoRules = append([]Rule{
	{ID: "PF.COGNITO.1", Title: "A prefix domain avoids the reserved words", Types: []string{userPoolDomain},
		Rejects: "CreateUserPoolDomain: InvalidParameterException: Domain cannot contain reserved word (aws, amazon, cognito)",
		Source:  cognitoDomainDoc, Fix: "choose a prefix without aws, amazon or cognito",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d := str(r, "domain")
			for _, w := range []string{"aws", "amazon", "cognito"} {
				if prefixDomain(r) && strings.Contains(d, w) {
					return fmt.Sprintf("prefix domain %q contains %q", d, w)
				}
			}
			return ""
		}},
	{ID: "PF.COGNITO.2", Title: "Callback URLs are HTTPS without fragments", Types: []string{userPoolClient},
		Rejects: "CreateUserPoolClient: InvalidParameterException: callback URLs must be absolute HTTPS URLs (http only for localhost) without a fragment",
		Source:  cognitoClientDoc, Fix: "list https:// callback URLs without #fragments",
		Check: func(r *graph.Resource, g *graph.Graph) string { return callbackProblem(r) }},
	{ID: "PF.COGNITO.3", Title: "An app client that gates a load balancer fits the ALB's OAuth flow", Types: []string{userPoolClient},
		Rejects: "the ALB authenticates with the authorization code grant and a client secret, and needs the openid scope: otherwise every login fails",
		Source:  "Application Load Balancers Guide, Authenticate users using an Application Load Balancer https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html",
		Fix:     "set generateSecret, allowedOauthFlowsUserPoolClient, allowedOauthFlows [code] and scope openid on the gate's client",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if _, gate := gateClients(g)[clientID(r)]; !gate {
				return ""
			}
			flows := strings.Join(stringsOf(list(r, "allowedOauthFlows")), ",")
			scopes := "," + strings.Join(stringsOf(list(r, "allowedOauthScopes")), ",") + ","
			return first(check(truthy(r, "generateSecret"), "no client secret"),
				check(truthy(r, "allowedOauthFlowsUserPoolClient") && strings.Contains(flows, "code"), "OAuth code flow not allowed"),
				check(strings.Contains(scopes, ",openid,"), "scope openid missing"))
		}},
	{ID: "PF.COGNITO.4", Title: "Every gated host has its ALB callback URL", Types: []string{userPoolClient},
		Rejects: "Cognito answers redirect_mismatch for a host whose https://<host>/oauth2/idpresponse is not a callback URL",
		Source:  "Application Load Balancers Guide, Prepare to use an Amazon Cognito user pool https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html",
		Fix:     "add https://<host>/oauth2/idpresponse of every gated host to callbackUrls",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			have := map[string]bool{}
			for _, u := range stringsOf(list(r, "callbackUrls")) {
				have[u] = true
			}
			for _, host := range gateClients(g)[clientID(r)] {
				if !have["https://"+host+"/oauth2/idpresponse"] {
					return fmt.Sprintf("no callback URL for gated host %s", host)
				}
			}
			return ""
		}},
	{ID: "PF.COGNITO.5", Title: "Password policy values are in range", Types: []string{userPool},
		Rejects: "CreateUserPool: InvalidParameterException: minimumLength 6-99, temporaryPasswordValidityDays 0-365",
		Source:  "Amazon Cognito API Reference, PasswordPolicyType https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html",
		Fix:     "keep the password policy in range",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			minLen, okL := num(r, "passwordPolicy.minimumLength")
			days, okD := num(r, "passwordPolicy.temporaryPasswordValidityDays")
			return first(check(!okL || (minLen >= 6 && minLen <= 99), "minimumLength %v", minLen),
				check(!okD || (days >= 0 && days <= 365), "temporaryPasswordValidityDays %v", days))
		}},
	{ID: "PF.COGNITO.6", Title: "A custom user pool domain has a us-east-1 certificate", Types: []string{userPoolDomain},
		Rejects: "CreateUserPoolDomain: InvalidParameterException: a custom domain needs an ACM certificate in us-east-1 (it is served by CloudFront)",
		Source:  "Amazon Cognito Developer Guide, Using your own domain for managed login https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html",
		Fix:     "set certificateArn to a us-east-1 certificate for the domain",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if prefixDomain(r) {
				return ""
			}
			arn := str(r, "certificateArn")
			return check(strings.HasPrefix(arn, "arn:aws:acm:us-east-1:"), "custom domain %s with certificate %q", str(r, "domain"), arn)
		}},
}, apiClientRules...)

// clientID is an app client's id as the mock (or AWS) answered it.
func clientID(r *graph.Resource) string {
	if id, ok := r.Output("id").(string); ok && id != "" {
		return id
	}
	return r.ID
}
