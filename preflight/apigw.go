package preflight

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

// HTTP API types (ingress api-gateway).
const (
	httpAPI        = "aws:apigatewayv2/api:Api"
	httpStage      = "aws:apigatewayv2/stage:Stage"
	httpRoute      = "aws:apigatewayv2/route:Route"
	httpIntegrate  = "aws:apigatewayv2/integration:Integration"
	httpAuthorizer = "aws:apigatewayv2/authorizer:Authorizer"
	httpDomain     = "aws:apigatewayv2/domainName:DomainName"
	vpcLink        = "aws:apigatewayv2/vpcLink:VpcLink"
	httpMapping    = "aws:apigatewayv2/apiMapping:ApiMapping"
)

const (
	apigwRouteDoc  = "Create routes for HTTP APIs in API Gateway (route keys, path variables, greedy path variables) https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html"
	apigwDomainDoc = "Custom domain names for HTTP APIs (regional certificate in the API's Region; security policies) https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html"
	apigwJWTDoc    = "Control access to HTTP APIs with JWT authorizers https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html"
	apigwLinkDoc   = "Create private integrations for HTTP APIs (AWS Cloud Map) https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html; " +
		"Amazon ECS ServiceRegistry (SRV records need a container port) https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html"
	apigwMappingDoc = "Amazon API Gateway V2 API Reference, CreateApiMapping (ApiId, DomainName and Stage required; NotFoundException when one does not exist) https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html"
	apigwLogDoc     = "Configure logging for HTTP APIs in API Gateway https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html"
)

var (
	routeMethod   = regexp.MustCompile(`^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/.*)$`)
	pathVariable  = regexp.MustCompile(`^\{[A-Za-z0-9_]+\+?\}$`)
	cognitoIssuer = regexp.MustCompile(`^https://cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([a-z0-9-]+)_[A-Za-z0-9]+$`)
	arnRegion     = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):`)
)

// routeKeyProblem says what is wrong with an HTTP API route key; "" when nothing.
func routeKeyProblem(key string) string {
	if key == "$default" {
		return ""
	}
	m := routeMethod.FindStringSubmatch(key)
	if m == nil {
		return fmt.Sprintf("route key %q is neither $default nor METHOD /path", key)
	}
	if m[2] == "/" {
		return ""
	}
	segments := strings.Split(strings.TrimPrefix(m[2], "/"), "/")
	for i, s := range segments {
		switch {
		case s == "":
			return fmt.Sprintf("route key %q has an empty path segment", key)
		case strings.ContainsAny(s, "{}") && !pathVariable.MatchString(s):
			return fmt.Sprintf("route key %q: segment %q is not a path variable {name} or {name+}", key, s)
		case strings.HasSuffix(s, "+}") && i != len(segments)-1:
			return fmt.Sprintf("route key %q: the greedy variable %s is not the last segment", key, s)
		case strings.ContainsAny(s, "*?"):
			return fmt.Sprintf("route key %q: segment %q has a wildcard; HTTP APIs match by path variables", key, s)
		}
	}
	return ""
}

// ofAPI counts the resources of typ that belong to the API r.
func ofAPI(r *graph.Resource, g *graph.Graph, typ string) int {
	return len(withInput(g, typ, "apiId", r.ID))
}

var apigwRules = []Rule{
	{ID: "PF.APIGW.1", Title: "HTTP API route keys are $default or METHOD /path with a greedy variable only at the end", Types: []string{httpRoute},
		Rejects: "CreateRoute: BadRequestException (invalid route key)", Source: apigwRouteDoc,
		Fix: "use $default, an exact path, or a prefix ending in /{proxy+}",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			if key := r.Input("routeKey"); known(key) {
				return routeKeyProblem(str(r, "routeKey"))
			}
			return ""
		}},
	quotaRule("PF.APIGW.2", awsfacts.QuotaRoutesPerHTTPAPI, []string{httpAPI}, "split the host's paths over fewer routes (prefixes), or raise the quota",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return ofAPI(r, g, httpRoute), "routes on one API"
		}),
	quotaRule("PF.APIGW.3", awsfacts.QuotaIntegrationsPerHTTPAPI, []string{httpAPI}, "put fewer services on one host: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return ofAPI(r, g, httpIntegrate), "integrations on one API"
		}),
	quotaRule("PF.APIGW.4", awsfacts.QuotaAuthorizersPerHTTPAPI, []string{httpAPI}, "share one authorizer between the API's routes",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return ofAPI(r, g, httpAuthorizer), "authorizers on one API"
		}),
	quotaRule("PF.APIGW.5", awsfacts.QuotaCustomDomainsPerRegion, []string{httpDomain}, "raise the quota, or serve fewer hosts per region",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return countOnFirst(r, g), "custom domains in the stack"
		}),
	quotaRule("PF.APIGW.6", awsfacts.QuotaVPCLinksPerRegion, []string{vpcLink}, "raise the quota, or use fewer api-gateway stacks per region",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return countOnFirst(r, g), "VPC links in the stack"
		}),
	{ID: "PF.APIGW.7", Title: "A custom domain is regional, TLS 1.2, with a certificate in the API's region", Types: []string{httpDomain},
		Rejects: "CreateDomainName: BadRequestException (the certificate must be in the same Region for a REGIONAL endpoint); a TLS_1_0 policy accepts TLS 1.0 clients",
		Source:  apigwDomainDoc, Fix: "use the stack's regional ACM certificate, endpointType REGIONAL and securityPolicy TLS_1_2",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			c := "domainNameConfiguration."
			if p := str(r, c+"securityPolicy"); p != "TLS_1_2" {
				return fmt.Sprintf("security policy %q, want TLS_1_2", p)
			}
			if e := str(r, c+"endpointType"); e != "REGIONAL" {
				return fmt.Sprintf("endpoint type %q, want REGIONAL", e)
			}
			m := arnRegion.FindStringSubmatch(str(r, c+"certificateArn"))
			region := providerRegion(r, g)
			return check(m == nil || region == "" || m[1] == region, "certificate is in %s, the API in %s", safe(m, 1), region)
		}},
	{ID: "PF.APIGW.8", Title: "A stage's throttling stays within the account's quota and its access log goes to a log group", Types: []string{httpStage},
		Rejects: "CreateStage/UpdateStage: BadRequestException for limits over the account's throttle quota or an access log destination that is not a log group ARN",
		Source:  apigwLogDoc + "; " + awsfacts.QuotaHTTPAPIThrottleRate.Document, Fix: "keep burst at most 5000 and rate at most 10000 (or raise the account quota first), and log to a log group ARN without :*",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			burst, hasBurst := num(r, "defaultRouteSettings.throttlingBurstLimit")
			rate, hasRate := num(r, "defaultRouteSettings.throttlingRateLimit")
			if hasBurst && (burst < 0 || burst > float64(awsfacts.QuotaHTTPAPIThrottleBurst.Default)) {
				return fmt.Sprintf("burst limit %v is outside 0 to %d", burst, awsfacts.QuotaHTTPAPIThrottleBurst.Default)
			}
			if hasRate && (rate < 0 || rate > float64(awsfacts.QuotaHTTPAPIThrottleRate.Default)) {
				return fmt.Sprintf("rate limit %v is outside 0 to %d", rate, awsfacts.QuotaHTTPAPIThrottleRate.Default)
			}
			dest := r.Input("accessLogSettings.destinationArn")
			if !known(dest) {
				return ""
			}
			d := str(r, "accessLogSettings.destinationArn")
			if !strings.Contains(d, ":log-group:") || strings.HasSuffix(d, ":*") {
				return fmt.Sprintf("access log destination %s is not a log group ARN", d)
			}
			return check(len(str(r, "accessLogSettings.format")) <= awsfacts.QuotaHTTPAPIAccessLogFormatB.Default, "access log format is over %d bytes", awsfacts.QuotaHTTPAPIAccessLogFormatB.Default)
		}},
	{ID: "PF.APIGW.9", Title: "A JWT authorizer names an https issuer (Cognito's shape), 1 to 50 audiences and a request header", Types: []string{httpAuthorizer},
		Rejects: "CreateAuthorizer: BadRequestException; a wrong issuer or audience answers every request 401",
		Source:  apigwJWTDoc + "; " + awsfacts.QuotaAudiencesPerAuthorizer.Document, Fix: "issuer https://cognito-idp.<region>.amazonaws.com/<user pool id>, the app client id as audience, identity source $request.header.Authorization",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "authorizerType") != "JWT" {
				return ""
			}
			audiences := list(r, "jwtConfiguration.audiences")
			if n := len(audiences); n < 1 || n > awsfacts.QuotaAudiencesPerAuthorizer.Default {
				return fmt.Sprintf("%d audiences, want 1 to %d", n, awsfacts.QuotaAudiencesPerAuthorizer.Default)
			}
			sources := stringsOf(list(r, "identitySources"))
			if len(sources) == 0 || !slices.ContainsFunc(sources, func(s string) bool { return strings.HasPrefix(s, "$request.header.") }) {
				return fmt.Sprintf("identity sources %v name no request header", sources)
			}
			issuer := r.Input("jwtConfiguration.issuer")
			if !known(issuer) {
				return ""
			}
			text := str(r, "jwtConfiguration.issuer")
			if !strings.HasPrefix(text, "https://") {
				return fmt.Sprintf("issuer %s is not an https URL", text)
			}
			if strings.Contains(text, "cognito-idp.") {
				m := cognitoIssuer.FindStringSubmatch(text)
				if m == nil || m[1] != m[2] {
					return fmt.Sprintf("issuer %s is not https://cognito-idp.<region>.amazonaws.com/<region>_<id>", text)
				}
			}
			return ""
		}},
	{ID: "PF.APIGW.10", Title: "A VPC-link integration to Cloud Map reaches a service with SRV records and a container port", Types: []string{httpIntegrate},
		Rejects: "the integration answers 503: the Cloud Map instances carry no port (A records only), or the link has no connection",
		Source:  apigwLinkDoc, Fix: "register the ECS service with SRV records and its container name and port (serviceRegistries), and set connectionId to the VPC link",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "connectionType") != "VPC_LINK" {
				return ""
			}
			if str(r, "integrationType") != "HTTP_PROXY" || str(r, "payloadFormatVersion") != "1.0" {
				return "a private integration is HTTP_PROXY with payload format 1.0"
			}
			if !known(r.Input("connectionId")) || str(r, "connectionId") == "" {
				return "names no VPC link"
			}
			uri := str(r, "integrationUri")
			if !strings.Contains(uri, ":servicediscovery:") {
				return ""
			}
			for _, d := range g.ByType(discoveryService) {
				if d.State["arn"] != uri {
					continue
				}
				srv := slices.ContainsFunc(list(d, "dnsConfig.dnsRecords"), func(v any) bool { m, _ := v.(map[string]any); return m["type"] == "SRV" })
				if !srv {
					return fmt.Sprintf("Cloud Map service %s has no SRV record: its instances have no port", d.Name)
				}
				for _, s := range g.ByType(ecsService) {
					if str(s, "serviceRegistries.registryArn") == uri {
						_, port := num(s, "serviceRegistries.containerPort")
						return check(port && str(s, "serviceRegistries.containerName") != "", "ECS service %s registers without a container name and port", s.Name)
					}
				}
			}
			return ""
		}},
	{ID: "PF.APIGW.11", Title: "An API mapping names its API's stage and waits for the stage and the domain name", Types: []string{httpMapping},
		Rejects: "CreateApiMapping: NotFoundException when the stage or the custom domain does not exist yet (a stage named as a string is not waited for)",
		Source:  apigwMappingDoc, Fix: "pass the stage's and the domain name's outputs (stage.ID(), domain.ID()) so the mapping is created after both",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "apiId") == "" || str(r, "stage") == "" {
				return "names no API or no stage"
			}
			stages, domains := deps(r, g, httpStage), deps(r, g, httpDomain)
			if len(stages) == 0 || len(domains) == 0 {
				return "does not wait for its stage and its domain name"
			}
			return check(str(stages[0], "apiId") == str(r, "apiId"), "maps API %s to a stage of API %s", str(r, "apiId"), str(stages[0], "apiId"))
		}},
}

// countOnFirst counts the graph's resources of r's type on the first of
// them, and 0 on the others: a region-wide quota is broken once, not once
// per resource.
func countOnFirst(r *graph.Resource, g *graph.Graph) int {
	all := g.ByType(r.Type)
	if len(all) == 0 || all[0].URN != r.URN {
		return 0
	}
	return len(all)
}

// safe is m[i], or "" when m is too short.
func safe(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}
