// Package access provides platform:access:AccessLayer: what makes an
// environment reachable and manageable. DNS zone, TLS certificates, IAM roles
// (task execution, GitHub Actions through OIDC), the Cognito gate for
// non-production hosts, SES mail and the WAF for public entry points.
package access

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/validate"
)

// ZoneMode says whether the stack owns its hosted zone.
type ZoneMode string

// The zone modes.
const (
	// CreateZone creates a hosted zone for the domain; delegate to its name servers once.
	CreateZone ZoneMode = "create"
	// LookupZone uses an existing public hosted zone.
	LookupZone ZoneMode = "lookup"
)

// OIDCMode says whether the stack creates the account's GitHub OIDC provider.
type OIDCMode string

// The OIDC provider modes. AWS allows one provider per URL per account, so
// exactly one stack of an account creates it and the others look it up.
const (
	CreateOIDC OIDCMode = "create"
	LookupOIDC OIDCMode = "lookup"
)

// MFAMode is the Cognito user pool's multi-factor setting.
type MFAMode string

// The MFA modes.
const (
	MFAOff      MFAMode = "off"
	MFAOptional MFAMode = "optional"
	MFARequired MFAMode = "required"
)

// Defaults of AccessLayerArgs.
const (
	DefaultZone         = CreateZone
	DefaultOIDCProvider = CreateOIDC
	// DefaultPreviewEnvironment is the GitHub environment of preview jobs.
	DefaultPreviewEnvironment = "preview"
	// DefaultPreviewStacksEnvironment is the GitHub environment of the jobs
	// that deploy pull-request preview stacks.
	DefaultPreviewStacksEnvironment = "preview-stacks"
	DefaultMFA                      = MFAOptional
	// DefaultWAFRateLimit is requests per IP per 5 minutes before blocking.
	DefaultWAFRateLimit        = 2000
	minWAFRateLimit            = 100
	maxWAFRateLimit            = 2_000_000_000
	githubOIDCURL              = "https://token.actions.githubusercontent.com"
	githubOIDCHost             = "token.actions.githubusercontent.com"
	stsAudience                = "sts.amazonaws.com"
	cdnCertificateRegion       = "us-east-1"
	cognitoCallbackPath        = "/oauth2/idpresponse"
	minPasswordLength          = 14
	temporaryPasswordValidDays = 3
)

var (
	dnsName    = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	repository = regexp.MustCompile(`^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$`)
	ghEnv      = regexp.MustCompile(`^[A-Za-z0-9._-]{1,255}$`)
	stateKey   = regexp.MustCompile(`^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key/[0-9a-f-]{36}|alias/[A-Za-z0-9/_-]+)|alias/[A-Za-z0-9/_-]+)$`)
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// AccessLayerArgs configure an AccessLayer. The stack builds them from its
// resolved config (stacks/adapters.go) and the deploy-time values it has.
type AccessLayerArgs struct {
	// Domain is the environment's base DNS name; every host lives under it. Required.
	Domain string
	// Zone is "create" (the stack owns a zone for Domain) or "lookup" (use the
	// existing zone ZoneName). Default: DefaultZone.
	Zone ZoneMode
	// ZoneName is the zone to look up: Domain or a parent of it; only with
	// Zone "lookup". Default: Domain.
	ZoneName string
	// ParentZone is a public hosted zone in the same account that is a
	// parent of Domain (e.g. example.com for staging.example.com); only with
	// Zone "create". The layer writes the new zone's NS delegation into it, so
	// certificates and mail validate in the same `up`. Default: none.
	ParentZone string
	// Delegated says Domain is delegated to the created zone's name servers.
	// false (only with Zone "create" and no ParentZone) holds the stack at its
	// zone: the first `up` creates the zone alone and prints nameServers;
	// delegate Domain to them, then set true (or remove it) and `up` again.
	// Nothing waits for a delegation that does not exist yet. Default: true.
	Delegated *bool
	// GitHub configures the deploy and preview roles.
	GitHub GitHubArgs
	// BoundaryArn is the stack's permissions boundary (NewPermissionsBoundary);
	// the GitHub roles carry it. Stacks always set it. Default: none.
	BoundaryArn pulumi.StringInput
	// MFA is the Cognito pool's multi-factor setting: "off", "optional" or
	// "required" (TOTP apps). Default: DefaultMFA.
	MFA MFAMode
	// MailDomain, when set, is verified in SES (DKIM, custom MAIL FROM) so
	// services can send from it; Domain or a name under it. Default: none.
	MailDomain string
	// NoWAF leaves the load balancer without the regional web ACL (a stack
	// whose every host is behind the gate); the CloudFront one is made all
	// the same. Default: false.
	NoWAF bool
	// WAFRateLimit is how many requests one IP may make in 5 minutes before
	// the WAF blocks it, 100 to 2e9. Default: DefaultWAFRateLimit.
	WAFRateLimit int
	// LargeBodyPaths are path prefixes (e.g. "/uploads/", "/webhooks/*")
	// that may receive request bodies over 8 KB, which the core rule set
	// blocks everywhere else. Default: none (the stack adds the paths of its
	// public, path-limited services such as webhooks).
	LargeBodyPaths []string

	// GatedHosts are the fully qualified hosts behind the Cognito gate; the
	// user pool exists only when there is one. Default: none.
	GatedHosts []string
	// GateClients are the gated hosts of each load balancer, by its index:
	// one app client each, so that no client passes the callback URLs an
	// app client takes (100, not adjustable), and each load balancer's rules
	// authenticate with their own. Default: one client for all GatedHosts.
	GateClients [][]string
	// ExecutionSecretARNs are the Secrets Manager secrets, and
	// ExecutionParameterARNs the SSM parameters, that tasks receive through
	// `valueFrom`: the execution role may read exactly these. Default: none.
	ExecutionSecretARNs    []pulumi.StringInput
	ExecutionParameterARNs []pulumi.StringInput
	// CDN says some host is behind CloudFront: a CloudFront-scope web ACL is
	// made for it. Default: false.
	CDN bool
	// CDNHosts are the hosts CloudFront fronts. The regional ACL leaves
	// their per-IP rate limit to the CloudFront ACL: behind CloudFront the
	// source IP is an edge server, not the viewer. Default: none.
	CDNHosts []string
	// CDNProvider is an AWS provider in us-east-1. When set, a second
	// certificate (and the CDN web ACL) is made there for CloudFront.
	// Default: nil (no CDN, or the stack's region is us-east-1 already).
	CDNProvider pulumi.ProviderResource
	// Protect keeps the zone and the user pool from deletion, in AWS and in
	// Pulumi. Default: false.
	Protect bool
	// Paused: the stack serves nothing, so it has no web ACL; the zone,
	// certificates and user pool (it holds the users) stay. Default: false.
	Paused bool
	// NoLoadBalancer: nothing takes the regional web ACL (an API Gateway
	// HTTP API cannot be associated with AWS WAF), and no load balancer
	// authenticates with a gate client, so neither is made. Default: false.
	NoLoadBalancer bool
	// APIClient, with GatedHosts, makes the public app client that issues
	// the tokens an HTTP API's JWT authorizer accepts (apiclient.go).
	// Default: none.
	APIClient *APIClientArgs
}

func (a AccessLayerArgs) withDefaults() AccessLayerArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	if a.Zone == "" {
		a.Zone = DefaultZone
	}
	if a.ZoneName == "" {
		a.ZoneName = a.Domain
	}
	if a.GitHub.OIDCProvider == "" {
		a.GitHub.OIDCProvider = DefaultOIDCProvider
	}
	if a.GitHub.PreviewEnvironment == "" {
		a.GitHub.PreviewEnvironment = DefaultPreviewEnvironment
	}
	if a.GitHub.PreviewStacksEnvironment == "" {
		a.GitHub.PreviewStacksEnvironment = DefaultPreviewStacksEnvironment
	}
	if a.GitHub.PushEnvironment == "" {
		a.GitHub.PushEnvironment = a.GitHub.DeployEnvironment
	}
	if a.MFA == "" {
		a.MFA = DefaultMFA
	}
	if a.WAFRateLimit == 0 {
		a.WAFRateLimit = DefaultWAFRateLimit
	}
	return a
}

func (a AccessLayerArgs) validate() error {
	var errs []error
	if !dnsName.MatchString(a.Domain) {
		errs = append(errs, validate.Field("domain", a.Domain, "is not a lower-case DNS name", "e.g. staging.example.com"))
	}
	errs = append(errs, validate.OneOf("zone", a.Zone, CreateZone, LookupZone))
	if a.Zone == CreateZone && a.ZoneName != a.Domain {
		errs = append(errs, validate.Field("zoneName", a.ZoneName, "names a zone to look up but zone is \"create\"", "zone \"lookup\", or no zoneName"))
	}
	if a.ParentZone != "" && (a.Zone != CreateZone || a.ParentZone == a.Domain || !isUnder(a.Domain, a.ParentZone)) {
		errs = append(errs, validate.Field("parentZone", a.ParentZone, "is not a parent zone of the created zone "+a.Domain, `a parent of the domain, with zone "create"`))
	}
	if !a.IsDelegated() && (a.Zone != CreateZone || a.ParentZone != "") {
		errs = append(errs, validate.Field("delegated", false, "only holds a created zone that is delegated by hand", `zone "create" without parentZone, or no delegated`))
	}
	if !isUnder(a.Domain, a.ZoneName) {
		errs = append(errs, validate.Field("zoneName", a.ZoneName, "is not the domain or a parent of it", a.Domain+" or a parent zone"))
	}
	if a.GitHub.Repository == "" {
		errs = append(errs, validate.Missing("github.repository", `the GitHub repository allowed to deploy, as "owner/name"`))
	} else if !repository.MatchString(a.GitHub.Repository) {
		errs = append(errs, validate.Field("github.repository", a.GitHub.Repository, "is not a GitHub repository", `"owner/name"`))
	}
	errs = append(errs, validate.OneOf("github.oidcProvider", a.GitHub.OIDCProvider, CreateOIDC, LookupOIDC))
	envs := map[string]string{"github.deployEnvironment": a.GitHub.DeployEnvironment, "github.previewEnvironment": a.GitHub.PreviewEnvironment,
		"github.previewStacksEnvironment": a.GitHub.PreviewStacksEnvironment, "github.pushEnvironment": a.GitHub.PushEnvironment}
	for _, field := range slices.Sorted(maps.Keys(envs)) {
		if !ghEnv.MatchString(envs[field]) {
			errs = append(errs, validate.Field(field, envs[field], "is not a GitHub environment name", "letters, digits, ., _ or -"))
		}
	}
	for i, app := range a.GitHub.Applications {
		if !repository.MatchString(app) {
			errs = append(errs, validate.Field(fmt.Sprintf("github.applications[%d]", i), app, "is not a GitHub repository", `"owner/name"`))
		}
	}
	if n := trustChars(pushSubjects(a.GitHub)); n > iamdoc.TrustPolicyMaxChars {
		errs = append(errs, validate.Field("github.applications", len(a.GitHub.Applications), fmt.Sprintf("repositories make the push role's trust policy %d characters", n),
			fmt.Sprintf("at most %d (IAM's role trust policy quota)", iamdoc.TrustPolicyMaxChars)))
	}
	if key := a.GitHub.State.Key; key != "" && !stateKey.MatchString(key) {
		errs = append(errs, validate.Field("github.state.key", key, "is not a KMS key or alias", `a key ARN, an alias ARN or "alias/<name>"`))
	}
	if bucket := a.GitHub.State.Bucket; bucket != "" && !bucketName.MatchString(bucket) {
		errs = append(errs, validate.Field("github.state.bucket", bucket, "is not an S3 bucket name", "3 to 63 lower-case letters, digits, . or -"))
	}
	errs = append(errs, validate.OneOf("mfa", a.MFA, MFAOff, MFAOptional, MFARequired))
	if a.MailDomain != "" && (!dnsName.MatchString(a.MailDomain) || !isUnder(a.MailDomain, a.Domain)) {
		errs = append(errs, validate.Field("mailDomain", a.MailDomain, "is not the domain or a name under it", a.Domain+" or e.g. mail."+a.Domain))
	}
	errs = append(errs, validate.Range("wafRateLimit", a.WAFRateLimit, minWAFRateLimit, maxWAFRateLimit))
	for i, p := range a.LargeBodyPaths {
		if !strings.HasPrefix(p, "/") || strings.TrimRight(pathPrefix(p), "/") == "" {
			errs = append(errs, validate.Field(fmt.Sprintf("largeBodyPaths[%d]", i), p, "is not a path prefix below the root", `e.g. "/uploads/" or "/webhooks/*"`))
		}
	}
	seen := map[string]bool{}
	for i, host := range a.GatedHosts {
		path := fmt.Sprintf("gatedHosts[%d]", i)
		switch {
		case !dnsName.MatchString(host) || !isUnder(host, a.Domain):
			errs = append(errs, validate.Field(path, host, "is not a host under the domain", "a name under "+a.Domain))
		case seen[host]:
			errs = append(errs, validate.Field(path, host, "is listed twice", "each host once"))
		}
		seen[host] = true
	}
	if a.APIClient != nil {
		errs = append(errs, a.APIClient.withDefaults().validate())
	}
	return errors.Join(errs...)
}

// Validate reports every problem of the args, with defaults applied.
func (a AccessLayerArgs) Validate() error { return a.withDefaults().validate() }

// IsDelegated reports whether the domain's delegation can be relied on: the
// stack goes past its zone only then.
func (a AccessLayerArgs) IsDelegated() bool { return a.Delegated == nil || *a.Delegated }

// isUnder reports whether name is parent or a name below it.
func isUnder(name, parent string) bool {
	return name == parent || strings.HasSuffix(name, "."+parent)
}

// AccessLayer is the access and control layer of one environment.
type AccessLayer struct {
	pulumi.ResourceState

	// ZoneID is the hosted zone every record goes into.
	ZoneID pulumi.StringOutput
	// NameServers are the zone's name servers: where the domain is delegated.
	NameServers pulumi.StringArrayOutput
	// delegation is the NS record in ParentZone; what validates waits for it.
	delegation pulumi.Resource
	// CertificateArn is the validated regional certificate for the domain and
	// its wildcard; it resolves only once validation is done, so listeners wait.
	CertificateArn pulumi.StringOutput
	// CDNCertificateArn is the validated us-east-1 certificate for CloudFront;
	// nil unless CDNProvider was set.
	CDNCertificateArn pulumi.StringOutput
	// ExecutionRoleArn is the ECS task execution role.
	ExecutionRoleArn pulumi.StringOutput
	// ExecutionRolePolicy is its permission to read the declared secrets: a
	// task that starts before it exists cannot read them. (Depending on the
	// layer instead would catch only the children registered so far, which
	// varies from run to run.)
	ExecutionRolePolicy pulumi.Resource
	// OIDCProviderArn is GitHub's OIDC provider in the account.
	OIDCProviderArn pulumi.StringOutput
	// DeployRoleArn is assumed by the deploy workflow of DeployEnvironment.
	DeployRoleArn pulumi.StringOutput
	// PreviewRoleArn is assumed, read-only, by pull-request workflows.
	PreviewRoleArn pulumi.StringOutput
	// WebACLArn is the regional WAF web ACL for the load balancer.
	WebACLArn pulumi.StringOutput
	// CDNWebACLArn is the CloudFront-scope web ACL; nil without CDN.
	CDNWebACLArn pulumi.StringOutput
	// UserPoolArn, UserPoolID and UserPoolDomain (the hosted UI's domain
	// prefix) are the Cognito gate's user pool, and UserPoolClientID its
	// load-balancer app client: what an ALB authenticate-cognito action
	// needs. All four are unset (no OutputState) when no host is gated.
	UserPoolArn      pulumi.StringOutput
	UserPoolID       pulumi.StringOutput
	UserPoolClientID pulumi.StringOutput
	UserPoolDomain   pulumi.StringOutput
	// UserPoolClientIDs are the app clients by load balancer (GateClients);
	// the first is UserPoolClientID, and one without gated hosts is unset.
	// None with NoLoadBalancer.
	UserPoolClientIDs []pulumi.StringOutput
	// APIClientID is the public app client of APIClient: the audience of
	// the HTTP APIs' JWT authorizer. Unset without it or without a gated host.
	APIClientID pulumi.StringOutput
	// SendMailPolicyArn lets a task role send from MailDomain; nil without mail.
	SendMailPolicyArn pulumi.StringOutput
}

// NewAccessLayer creates the access layer.
func NewAccessLayer(ctx *pulumi.Context, name string, args *AccessLayerArgs, opts ...pulumi.ResourceOption) (*AccessLayer, error) {
	if args == nil {
		args = &AccessLayerArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, err
	}
	l := &AccessLayer{}
	if err := ctx.RegisterComponentResource("platform:access:AccessLayer", name, l, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: a, layer: l}
	steps := []func() error{b.dns, b.certificates, b.executionRole, b.github, b.cognito, b.mail, b.waf}
	if !a.IsDelegated() {
		// Held at the zone: everything else validates through DNS or needs what does.
		steps = steps[:1]
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if !a.IsDelegated() {
		return l, ctx.RegisterResourceOutputs(l, pulumi.Map{"zoneId": l.ZoneID, "nameServers": l.NameServers})
	}
	outputs := pulumi.Map{
		"zoneId":           l.ZoneID,
		"nameServers":      l.NameServers,
		"certificateArn":   l.CertificateArn,
		"executionRoleArn": l.ExecutionRoleArn,
		"oidcProviderArn":  l.OIDCProviderArn,
		"deployRoleArn":    l.DeployRoleArn,
		"previewRoleArn":   l.PreviewRoleArn,
		"webAclArn":        l.WebACLArn,
	}
	return l, ctx.RegisterResourceOutputs(l, outputs)
}

// builder carries what every part of the layer needs.
type builder struct {
	ctx   *pulumi.Context
	name  string
	args  AccessLayerArgs
	layer *AccessLayer
}

// opts parents a child to the layer and protects it when asked.
func (b *builder) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(b.layer)}, extra...)
}
