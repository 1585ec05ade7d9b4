package access

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// The API client is how a developer's OAuth tool gets a token the HTTP
// APIs' JWT authorizer accepts: the authorization code grant (with PKCE, which Cognito supports but does not require) on
// the hosted UI, to a loopback callback, with no client secret to hand out.
// (A load balancer's client has a secret and only the balancer's callbacks.)

// DefaultAPICallbackPort is the loopback port a developer's OAuth tool
// listens on when none is given: off the 8080 a service itself often uses.
const DefaultAPICallbackPort = 9876

// The API client's token lifetimes: an access or ID token is a bearer
// credential for an hour (Cognito's default); a refresh token gets new ones
// for a working day, then the developer signs in again (and an admin can
// revoke it before: token revocation is on).
const (
	APITokenMinutes      = 60
	APIRefreshTokenHours = 12
)

// The loopback ports a developer tool may listen on: unprivileged ones.
const (
	minCallbackPort = 1024
	maxCallbackPort = 65535
)

// apiScopes are the API client's OAuth scopes: openid (an ID token) and
// email, the pool's username attribute. No aws.cognito.signin.user.admin:
// its tokens cannot call Cognito's user APIs.
var apiScopes = []string{"openid", "email"}

// APIClientArgs configure the public app client for the HTTP APIs.
type APIClientArgs struct {
	// CallbackPorts are the loopback ports a developer's OAuth tool receives
	// the authorization code on: each is http://localhost:<port>/callback,
	// the one plain-HTTP callback Cognito accepts. 1024 to 65535.
	// Default: [DefaultAPICallbackPort].
	CallbackPorts []int
}

func (a APIClientArgs) withDefaults() APIClientArgs {
	if len(a.CallbackPorts) == 0 {
		a.CallbackPorts = []int{DefaultAPICallbackPort}
	}
	return a
}

func (a APIClientArgs) validate() error {
	var errs []error
	seen := map[int]bool{}
	for i, port := range a.CallbackPorts {
		path := fmt.Sprintf("apiClient.callbackPorts[%d]", i)
		errs = append(errs, validate.Range(path, port, minCallbackPort, maxCallbackPort))
		if seen[port] {
			errs = append(errs, validate.Field(path, port, "is listed twice", "each port once"))
		}
		seen[port] = true
	}
	return errors.Join(errs...)
}

// APICallbackURL is where Cognito returns the code to a developer's tool.
func APICallbackURL(port int) string { return fmt.Sprintf("http://localhost:%d/callback", port) }

// apiClient creates the public app client on the gate's pool.
func (b *builder) apiClient(userPoolID pulumi.StringInput) error {
	if b.args.APIClient == nil {
		return nil
	}
	a := b.args.APIClient.withDefaults()
	var callbacks pulumi.StringArray
	for _, port := range a.CallbackPorts {
		callbacks = append(callbacks, pulumi.String(APICallbackURL(port)))
	}
	name := b.name + "-api-client"
	client, err := cognito.NewUserPoolClient(b.ctx, name, &cognito.UserPoolClientArgs{
		Name:       pulumi.String(name),
		UserPoolId: userPoolID,
		// Public: the tool runs on a developer's machine, where no secret stays one.
		GenerateSecret:                  pulumi.Bool(false),
		AllowedOauthFlowsUserPoolClient: pulumi.Bool(true),
		AllowedOauthFlows:               pulumi.StringArray{pulumi.String("code")},
		AllowedOauthScopes:              pulumi.ToStringArray(apiScopes),
		CallbackUrls:                    callbacks,
		SupportedIdentityProviders:      pulumi.StringArray{pulumi.String("COGNITO")},
		// Sign-in only through the hosted UI (and its MFA): no password or
		// SRP flow against the API; unset, Cognito would allow SRP and custom auth.
		ExplicitAuthFlows:          pulumi.StringArray{pulumi.String("ALLOW_REFRESH_TOKEN_AUTH")},
		PreventUserExistenceErrors: pulumi.String("ENABLED"),
		EnableTokenRevocation:      pulumi.Bool(true),
		AccessTokenValidity:        pulumi.Int(APITokenMinutes),
		IdTokenValidity:            pulumi.Int(APITokenMinutes),
		RefreshTokenValidity:       pulumi.Int(APIRefreshTokenHours),
		TokenValidityUnits: cognito.UserPoolClientTokenValidityUnitsArgs{
			AccessToken: pulumi.String("minutes"), IdToken: pulumi.String("minutes"), RefreshToken: pulumi.String("hours"),
		},
	}, b.opts()...)
	if err != nil {
		return err
	}
	b.layer.APIClientID = client.ID().ToStringOutput()
	return nil
}
