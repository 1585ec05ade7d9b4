package access

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// cognitoMFA maps the config's words to Cognito's.
var cognitoMFA = map[MFAMode]string{MFAOff: "OFF", MFAOptional: "OPTIONAL", MFARequired: "ON"}

// cognito creates the invitation-only user pool, the app client each load
// balancer authenticates gated hosts with, and the API client when asked;
// nothing when no host is gated.
func (b *builder) cognito() error {
	if len(b.args.GatedHosts) == 0 {
		return nil
	}
	names := naming.FromContext(b.ctx)
	deletion := "INACTIVE"
	if b.args.Protect {
		deletion = "ACTIVE"
	}
	pool, err := cognito.NewUserPool(b.ctx, b.name+"-user-pool", &cognito.UserPoolArgs{
		Name: pulumi.String(names.Name(naming.Label, "gate")),
		// Invitation only: people get in because an admin created them.
		AdminCreateUserConfig:  cognito.UserPoolAdminCreateUserConfigArgs{AllowAdminCreateUserOnly: pulumi.Bool(true)},
		UsernameAttributes:     pulumi.StringArray{pulumi.String("email")},
		AutoVerifiedAttributes: pulumi.StringArray{pulumi.String("email")},
		PasswordPolicy: cognito.UserPoolPasswordPolicyArgs{
			MinimumLength:                 pulumi.Int(minPasswordLength),
			RequireLowercase:              pulumi.Bool(true),
			RequireUppercase:              pulumi.Bool(true),
			RequireNumbers:                pulumi.Bool(true),
			RequireSymbols:                pulumi.Bool(true),
			TemporaryPasswordValidityDays: pulumi.Int(temporaryPasswordValidDays),
		},
		MfaConfiguration:              pulumi.String(cognitoMFA[b.args.MFA]),
		SoftwareTokenMfaConfiguration: b.softwareTokenMFA(),
		AccountRecoverySetting: cognito.UserPoolAccountRecoverySettingArgs{
			RecoveryMechanisms: cognito.UserPoolAccountRecoverySettingRecoveryMechanismArray{
				cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs{Name: pulumi.String("verified_email"), Priority: pulumi.Int(1)},
			},
		},
		DeletionProtection: pulumi.String(deletion),
	}, b.opts(pulumi.Protect(b.args.Protect))...)
	if err != nil {
		return err
	}
	// Prefix domains are global across accounts: the account id keeps it ours.
	account, _, err := b.accountAndRegion()
	if err != nil {
		return err
	}
	domain, err := cognito.NewUserPoolDomain(b.ctx, b.name+"-user-pool-domain", &cognito.UserPoolDomainArgs{
		UserPoolId: pool.ID(),
		Domain:     pulumi.String(names.Global(naming.CognitoDomain, "login", account)),
	}, b.opts()...)
	if err != nil {
		return err
	}
	groups := b.args.GateClients
	if groups == nil {
		groups = [][]string{b.args.GatedHosts}
	}
	if b.args.NoLoadBalancer {
		groups = nil
	}
	for i, hosts := range groups {
		var id pulumi.StringOutput
		if len(hosts) > 0 {
			client, err := NewGateClient(b.ctx, gateClientName(b.name, i), pool.ID(), hosts, b.opts()...)
			if err != nil {
				return err
			}
			id = client.ID().ToStringOutput()
		}
		b.layer.UserPoolClientIDs = append(b.layer.UserPoolClientIDs, id)
	}
	b.layer.UserPoolArn = pool.Arn
	b.layer.UserPoolID = pool.ID().ToStringOutput()
	if len(groups) > 0 {
		b.layer.UserPoolClientID = b.layer.UserPoolClientIDs[0]
	}
	b.layer.UserPoolDomain = domain.Domain
	return b.apiClient(pool.ID())
}

// NewGateClient creates an app client of the user pool for the load
// balancer's authenticate-cognito action on hosts: a client secret, the
// authorization-code flow and exactly one callback URL per host. A preview
// stack makes its own on the base stack's pool, so the base never changes.
func NewGateClient(ctx *pulumi.Context, name string, userPoolID pulumi.StringInput, hosts []string, opts ...pulumi.ResourceOption) (*cognito.UserPoolClient, error) {
	var callbacks pulumi.StringArray
	for _, host := range hosts {
		callbacks = append(callbacks, pulumi.String(CallbackURL(host)))
	}
	return cognito.NewUserPoolClient(ctx, name, &cognito.UserPoolClientArgs{
		Name:                            pulumi.String(name),
		UserPoolId:                      userPoolID,
		GenerateSecret:                  pulumi.Bool(true),
		AllowedOauthFlowsUserPoolClient: pulumi.Bool(true),
		AllowedOauthFlows:               pulumi.StringArray{pulumi.String("code")},
		AllowedOauthScopes:              pulumi.StringArray{pulumi.String("openid"), pulumi.String("email")},
		CallbackUrls:                    callbacks,
		SupportedIdentityProviders:      pulumi.StringArray{pulumi.String("COGNITO")},
		PreventUserExistenceErrors:      pulumi.String("ENABLED"),
	}, opts...)
}

// gateClientName names the app client of load balancer i; the first keeps
// the name a one-balancer stack always had.
func gateClientName(layer string, i int) string {
	if i == 0 {
		return layer + "-alb-client"
	}
	return layer + "-alb-client-" + strconv.Itoa(i)
}

// CallbackURL is where Cognito returns a browser to the load balancer of host.
func CallbackURL(host string) string {
	return "https://" + strings.TrimSuffix(host, ".") + cognitoCallbackPath
}

func (b *builder) softwareTokenMFA() cognito.UserPoolSoftwareTokenMfaConfigurationPtrInput {
	if b.args.MFA == MFAOff {
		return nil
	}
	return cognito.UserPoolSoftwareTokenMfaConfigurationArgs{Enabled: pulumi.Bool(true)}
}
