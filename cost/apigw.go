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
// charge of their own (declared in Free).
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
