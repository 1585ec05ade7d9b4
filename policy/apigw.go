package policy

// HTTP API types (ingress api-gateway).
const (
	httpStage = "aws:apigatewayv2/stage:Stage"
	httpRoute = "aws:apigatewayv2/route:Route"
)

// publicRouteSuffix ends the names of routes the product made public
// (components/ingress.PublicRouteSuffix; policy imports no component).
const publicRouteSuffix = "-public"

// apigwRules are the FSBP controls on API Gateway V2 resources (Security
// Hub user guide, "Security Hub controls for API Gateway").
var apigwRules = []Rule{
	{Control: "APIGateway.4", Title: "API Gateway should be associated with a WAF Web ACL", Severity: Medium, Types: []string{httpStage},
		Check: func(Resource) string {
			return "has no web ACL: AWS WAF protects REST APIs, not HTTP APIs; choose ingress alb for WAF"
		}},
	{Control: "APIGateway.8", Title: "API Gateway routes should specify an authorization type", Severity: Medium, Types: []string{httpRoute},
		Check: func(r Resource) string {
			t := r.String("authorizationType")
			return want(t != "" && t != "NONE", "takes anyone; give it an authorizer (the host behind the gate)")
		}},
	{Control: "APIGateway.9", Title: "Access logging should be configured for API Gateway V2 Stages", Severity: Medium, Types: []string{httpStage},
		Check: func(r Resource) string {
			return want(r.String("accessLogSettings.destinationArn") != "" && r.String("accessLogSettings.format") != "",
				"keeps no access log; set accessLogSettings to a log group")
		}},
}

// apigwExceptions are the two things an HTTP API ingress gives up by design.
var apigwExceptions = []Exception{
	{Control: "APIGateway.4", Reason: "HTTP APIs cannot be associated with AWS WAF (ingress api-gateway trades WAF for a cheaper ingress; the stage's throttling is its only rate limit)"},
	{Control: "APIGateway.8", NameSuffix: publicRouteSuffix, Reason: "the host is public by the product's choice (cognito false, or a tier without the gate)"},
}
