package ingress

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/awsfacts"
	"platform/internal/naming"
	"platform/internal/validate"
)

// PublicRouteSuffix ends the name of a route without the authorizer: a
// host that is public by the product's choice (cognito false, or a tier
// without the gate).
const PublicRouteSuffix = "-public"

// TLSPolicy is the custom domain's security policy: TLS 1.2 at least (the
// only other choice for a regional HTTP API domain is TLS 1.0).
const TLSPolicy = "TLS_1_2"

// A stage's default throttling: a tenth of the account's default quota
// across all HTTP APIs in the region (awsfacts.QuotaHTTPAPIThrottle*), which
// no stage may ask to exceed.
const (
	DefaultBurstLimit = 500
	DefaultRateLimit  = 1000
)

// MaxBurstLimit and MaxRateLimit are the account's default throttle quota.
var (
	MaxBurstLimit = awsfacts.QuotaHTTPAPIThrottleBurst.Default
	MaxRateLimit  = awsfacts.QuotaHTTPAPIThrottleRate.Default
)

// accessLogFormat is one JSON line per request in the stage's log group.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",` +
	`"method":"$context.httpMethod","path":"$context.path","routeKey":"$context.routeKey","status":"$context.status",` +
	`"protocol":"$context.protocol","responseLength":"$context.responseLength","latency":"$context.responseLatency",` +
	`"integrationStatus":"$context.integrationStatus","integrationError":"$context.integrationErrorMessage","authorizerError":"$context.authorizer.error"}`

// Route is one service behind a host's API.
type Route struct {
	// Service names the service; its integration and routes are named after it. Required.
	Service string
	// Paths are the service's path patterns on the host (RouteKeys turns
	// them into route keys). Default: every path, the $default route.
	Paths []string
	// Registry is the Cloud Map service the service's tasks register in
	// (with SRV records, so each instance has an address and a port). Required.
	Registry pulumi.StringInput
	// Gated routes require a token the JWT authorizer accepts. Requires
	// HttpApiArgs.Authorizer. Default: false.
	Gated bool
}

// JWT is the authorizer of gated routes: tokens the user pool issued for its app client.
type JWT struct {
	// Issuer is https://cognito-idp.<region>.amazonaws.com/<user pool id>. Required.
	Issuer pulumi.StringInput
	// Audience is the app client id: the id token's aud, the access token's client_id. Required.
	Audience pulumi.StringInput
}

// HttpApiArgs configure one host's HTTP API.
type HttpApiArgs struct {
	// Host is the custom domain, e.g. www.dev.example.com. Required.
	Host string
	// ZoneID is the hosted zone the host's alias record goes into. Required.
	ZoneID pulumi.StringInput
	// CertificateArn is the validated ACM certificate of the host, in the
	// API's region (regional endpoints take no other). Required.
	CertificateArn pulumi.StringInput
	// VpcLinkID is the link every integration connects through. Required.
	VpcLinkID pulumi.StringInput
	// Routes are the services on the host, at least one.
	Routes []Route
	// Authorizer checks the tokens of gated routes. Default: none.
	Authorizer *JWT
	// BurstLimit and RateLimit throttle the API's $default stage: requests
	// at once (1 to MaxBurstLimit) and per second (1 to MaxRateLimit).
	// Default: DefaultBurstLimit, DefaultRateLimit.
	BurstLimit int
	RateLimit  float64
	// LogRetentionDays keeps the access logs, a CloudWatch Logs retention. Required.
	LogRetentionDays int
}

func (a HttpApiArgs) validate() error {
	var errs []error
	if a.Host == "" {
		errs = append(errs, validate.Missing("host", "the API's custom domain"))
	}
	if a.ZoneID == nil || a.CertificateArn == nil || a.VpcLinkID == nil {
		errs = append(errs, validate.Missing("zoneId", "the hosted zone, the regional certificate and the VPC link"))
	}
	if len(a.Routes) == 0 {
		errs = append(errs, validate.Missing("routes", "at least one service on the host"))
	}
	errs = append(errs, validate.Range("burstLimit", a.BurstLimit, 1, MaxBurstLimit), validate.Range("logRetentionDays", a.LogRetentionDays, 1, 3653))
	if a.RateLimit < 1 || a.RateLimit > float64(MaxRateLimit) {
		errs = append(errs, validate.Field("rateLimit", a.RateLimit, "is outside the account's throttle quota", fmt.Sprintf("1 to %d requests per second", MaxRateLimit)))
	}
	seen := map[string]string{}
	for i, r := range a.Routes {
		keys, err := RouteKeys(r.Paths)
		errs = append(errs, validate.Nest(fmt.Sprintf("routes[%d]", i), err))
		for _, k := range keys {
			if other, dup := seen[k]; dup {
				errs = append(errs, validate.Field(fmt.Sprintf("routes[%d].paths", i), k, "is also the route of "+other, "one service per route key on a host"))
			}
			seen[k] = r.Service
		}
		if r.Registry == nil {
			errs = append(errs, validate.Missing(fmt.Sprintf("routes[%d].registry", i), "the service's Cloud Map service"))
		}
		if r.Gated && a.Authorizer == nil {
			errs = append(errs, validate.Field(fmt.Sprintf("routes[%d].gated", i), true, "needs the JWT authorizer", "the user pool's issuer and app client"))
		}
	}
	return errors.Join(errs...)
}

// HttpApi is one host's HTTP API: the API, its $default stage with access
// logs and throttling, the custom domain and its record, and a VPC-link
// integration and routes per service.
type HttpApi struct {
	pulumi.ResourceState

	// ApiID is the API; URL is the host's address.
	ApiID pulumi.StringOutput
	URL   string
}

// NewHttpApi creates one host's API.
func NewHttpApi(ctx *pulumi.Context, name string, args *HttpApiArgs, opts ...pulumi.ResourceOption) (*HttpApi, error) {
	a := *args
	if a.BurstLimit == 0 {
		a.BurstLimit = DefaultBurstLimit
	}
	if a.RateLimit == 0 {
		a.RateLimit = DefaultRateLimit
	}
	if err := a.validate(); err != nil {
		return nil, err
	}
	h := &HttpApi{URL: "https://" + a.Host}
	if err := ctx.RegisterComponentResource("platform:ingress:HttpApi", name, h, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(h)
	names := naming.FromContext(ctx)
	api, err := apigatewayv2.NewApi(ctx, name+"-api", &apigatewayv2.ApiArgs{
		Name:         pulumi.String(names.Name(naming.Label, name)),
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("Requests to " + a.Host),
		// Only the custom domain serves: no second, unnamed way in.
		DisableExecuteApiEndpoint: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/apigateway/" + names.Name(naming.LogGroup, name)),
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
	}, parent)
	if err != nil {
		return nil, err
	}
	stage, err := apigatewayv2.NewStage(ctx, name+"-stage", &apigatewayv2.StageArgs{
		ApiId:      api.ID(),
		Name:       pulumi.String(DefaultRoute),
		AutoDeploy: pulumi.Bool(true),
		AccessLogSettings: apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: logs.Arn,
			Format:         pulumi.String(accessLogFormat),
		},
		DefaultRouteSettings: apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingBurstLimit: pulumi.Int(a.BurstLimit),
			ThrottlingRateLimit:  pulumi.Float64(a.RateLimit),
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	if err := routes(ctx, name, a, api, parent); err != nil {
		return nil, err
	}
	domain, err := apigatewayv2.NewDomainName(ctx, name+"-domain", &apigatewayv2.DomainNameArgs{
		DomainName: pulumi.String(a.Host),
		DomainNameConfiguration: apigatewayv2.DomainNameDomainNameConfigurationArgs{
			CertificateArn: a.CertificateArn,
			EndpointType:   pulumi.String("REGIONAL"),
			SecurityPolicy: pulumi.String(TLSPolicy),
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := apigatewayv2.NewApiMapping(ctx, name+"-mapping", &apigatewayv2.ApiMappingArgs{
		ApiId: api.ID(), DomainName: domain.ID(), Stage: stage.ID(),
	}, parent); err != nil {
		return nil, err
	}
	target := domain.DomainNameConfiguration.ToDomainNameDomainNameConfigurationOutput()
	if _, err := route53.NewRecord(ctx, name+"-dns", &route53.RecordArgs{
		ZoneId: a.ZoneID,
		Name:   pulumi.String(a.Host),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name:                 target.TargetDomainName().Elem(),
			ZoneId:               target.HostedZoneId().Elem(),
			EvaluateTargetHealth: pulumi.Bool(false),
		}},
	}, parent); err != nil {
		return nil, err
	}
	h.ApiID = api.ID().ToStringOutput()
	return h, ctx.RegisterResourceOutputs(h, pulumi.Map{"apiId": h.ApiID, "url": pulumi.String(h.URL)})
}

// routes creates the authorizer (when a route is gated) and each service's
// integration through the VPC link and its routes.
func routes(ctx *pulumi.Context, name string, a HttpApiArgs, api *apigatewayv2.Api, parent pulumi.ResourceOption) error {
	var authorizer *apigatewayv2.Authorizer
	if slices.ContainsFunc(a.Routes, func(r Route) bool { return r.Gated }) {
		var err error
		authorizer, err = apigatewayv2.NewAuthorizer(ctx, name+"-authorizer", &apigatewayv2.AuthorizerArgs{
			ApiId:           api.ID(),
			Name:            pulumi.String("cognito"),
			AuthorizerType:  pulumi.String("JWT"),
			IdentitySources: pulumi.StringArray{pulumi.String("$request.header.Authorization")},
			JwtConfiguration: apigatewayv2.AuthorizerJwtConfigurationArgs{
				Issuer:    a.Authorizer.Issuer,
				Audiences: pulumi.StringArray{a.Authorizer.Audience},
			},
		}, parent)
		if err != nil {
			return err
		}
	}
	for _, r := range a.Routes {
		integration, err := apigatewayv2.NewIntegration(ctx, name+"-"+r.Service+"-integration", &apigatewayv2.IntegrationArgs{
			ApiId:                api.ID(),
			IntegrationType:      pulumi.String("HTTP_PROXY"),
			IntegrationMethod:    pulumi.String("ANY"),
			ConnectionType:       pulumi.String("VPC_LINK"),
			ConnectionId:         a.VpcLinkID,
			IntegrationUri:       r.Registry,
			PayloadFormatVersion: pulumi.String("1.0"),
			Description:          pulumi.String("Service " + r.Service + " through the VPC link"),
		}, parent)
		if err != nil {
			return err
		}
		keys, _ := RouteKeys(r.Paths)
		for i, key := range keys {
			route := &apigatewayv2.RouteArgs{
				ApiId:             api.ID(),
				RouteKey:          pulumi.String(key),
				Target:            pulumi.Sprintf("integrations/%s", integration.ID()),
				AuthorizationType: pulumi.String("NONE"),
			}
			// A public route says so in its name: posture excepts it from
			// APIGateway.8 by that suffix (PublicRouteSuffix).
			routeName := fmt.Sprintf("%s-%s-route-%d", name, r.Service, i) + PublicRouteSuffix
			if r.Gated {
				route.AuthorizationType, route.AuthorizerId = pulumi.String("JWT"), authorizer.ID()
				routeName = strings.TrimSuffix(routeName, PublicRouteSuffix)
			}
			if _, err := apigatewayv2.NewRoute(ctx, routeName, route, parent); err != nil {
				return err
			}
		}
	}
	return nil
}
