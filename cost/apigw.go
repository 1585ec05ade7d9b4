package cost

import (
	"fmt"

	"platform/internal/graph"
)

// HTTP API prices in us-east-1 ("Amazon API Gateway pricing", HTTP APIs,
// https://aws.amazon.com/api-gateway/pricing/, stored copy read
// 2026-12-01): $1.00 per million requests for the first 300 million a
// month (each 512 KB counts as one request). Custom domains, stages,
// routes, integrations, JWT authorizers and VPC links of HTTP APIs carry no
// charge of their own (apigwFree).
const (
	httpAPIPerMillionRequests = 1.00
	// assumedAPIMillionRequests is one host's month: about 23 requests a minute.
	assumedAPIMillionRequests = 1
)

// httpAPI prices one host's API by its requests.
func httpAPI(p *pricing, _ *graph.Resource) (float64, string) {
	millions := p.use(p.opts.Usage.APIs.MillionRequests, assumedAPIMillionRequests)
	return millions * httpAPIPerMillionRequests, fmt.Sprintf("%.3gM requests a month, at the first tier's price", millions)
}

// apigwFree are the parts of an HTTP API that are free by themselves.
var apigwFree = map[string]string{
	"aws:apigatewayv2/stage:Stage":             "free; requests are priced on the API",
	"aws:apigatewayv2/route:Route":             "free",
	"aws:apigatewayv2/integration:Integration": "free",
	"aws:apigatewayv2/authorizer:Authorizer":   "JWT authorizers are free",
	"aws:apigatewayv2/apiMapping:ApiMapping":   "free",
	"aws:apigatewayv2/domainName:DomainName":   "custom domains are free; the ACM certificate is too",
	"aws:apigatewayv2/vpcLink:VpcLink":         "VPC links of HTTP APIs are free",
}

func init() {
	prices["aws:apigatewayv2/api:Api"] = httpAPI
	for typ, why := range apigwFree {
		Free[typ] = why
	}
}
