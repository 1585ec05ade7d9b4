package awsfacts

// apigwQuotas is the HTTP API quota page; HTTP API throttling is the
// account-level quota on the API Gateway quotas page. Re-read on 2026-12-02:
// every value below matches those pages. The throttle rate (10,000 RPS) is
// shared by the account's HTTP, REST and WebSocket APIs in a Region and can
// be raised; the burst (a token bucket of 5,000) is set by AWS from the rate
// and cannot be requested. Thirteen Regions (Cape Town, Milan, Jakarta, UAE,
// Hyderabad, Melbourne, Spain, Zurich, Tel Aviv, Calgary, Malaysia,
// Thailand, Mexico Central) start at 2,500 RPS and 1,250 burst; the values
// below are the other Regions'.
const (
	apigwQuotas   = "Quotas for configuring and running an HTTP API in API Gateway https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
	apigwAccount  = "Amazon API Gateway quotas (account-level: throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs) https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
	apigwTable    = "API Gateway HTTP API quotas"
	apigwRouteDoc = "Create routes for HTTP APIs in API Gateway https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html"
)

var _ = register(Source{Table: apigwTable, Document: apigwQuotas + "; " + apigwAccount + "; " + apigwRouteDoc, Checked: day("2026-12-01")})

// HTTP API quotas a stack's graph can reach.
var (
	QuotaRoutesPerHTTPAPI        = Quota{"Amazon API Gateway", "Routes per API", 300, true, apigwQuotas}
	QuotaIntegrationsPerHTTPAPI  = Quota{"Amazon API Gateway", "Integrations per API", 300, false, apigwQuotas}
	QuotaAuthorizersPerHTTPAPI   = Quota{"Amazon API Gateway", "Authorizers per API", 10, true, apigwQuotas}
	QuotaAudiencesPerAuthorizer  = Quota{"Amazon API Gateway", "Audiences per authorizer", 50, false, apigwQuotas}
	QuotaCustomDomainsPerRegion  = Quota{"Amazon API Gateway", "Custom domains per account per Region", 120, true, apigwQuotas}
	QuotaVPCLinksPerRegion       = Quota{"Amazon API Gateway", "VPC links per account per Region", 10, true, apigwQuotas}
	QuotaHTTPAPIThrottleRate     = Quota{"Amazon API Gateway", "Throttle quota per account, per Region across HTTP APIs (requests per second)", 10000, true, apigwAccount}
	QuotaHTTPAPIThrottleBurst    = Quota{"Amazon API Gateway", "Throttle quota per account, per Region across HTTP APIs (burst)", 5000, false, apigwAccount}
	QuotaSubnetsPerVPCLink       = Quota{"Amazon API Gateway", "Subnets per VPC link", 10, true, apigwQuotas}
	QuotaStagesPerHTTPAPI        = Quota{"Amazon API Gateway", "Stages per API", 10, true, apigwQuotas}
	QuotaHTTPAPIAccessLogFormatB = Quota{"Amazon API Gateway", "Access log template size (bytes)", 3 * 1024, false, apigwQuotas}
)
