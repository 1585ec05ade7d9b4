package schema

// The ways into an environment's services (`ingress`).
const (
	// IngressALB serves every host from Application Load Balancers.
	IngressALB = "alb"
	// IngressAPIGateway serves every host from an API Gateway HTTP API.
	IngressAPIGateway = "api-gateway"
)

// APIGateway is `apiGateway`: the HTTP APIs of an api-gateway ingress.
type APIGateway struct {
	// ThrottlingBurstLimit is the most requests each host's API takes at
	// once, 1 to 5000 (the account's default burst quota per region).
	// Default: 500.
	ThrottlingBurstLimit *int `json:"throttlingBurstLimit"`
	// ThrottlingRateLimit is the steady requests per second each host's API
	// takes, 1 to 10000 (the account's default rate quota per region).
	// Default: 1000.
	ThrottlingRateLimit *float64 `json:"throttlingRateLimit"`
}
