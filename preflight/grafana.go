package preflight

import (
	"regexp"
	"slices"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const (
	grafanaWorkspace = "aws:grafana/workspace:Workspace"
	grafanaSAML      = "aws:grafana/workspaceSamlConfiguration:WorkspaceSamlConfiguration"
	grafanaDoc       = "Amazon Managed Grafana API Reference, CreateWorkspace https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspace.html"
)

// grafanaName is CreateWorkspace's workspaceName pattern.
var grafanaName = regexp.MustCompile(`^[a-zA-Z0-9-._~]{1,255}$`)

// AWS Security Hub's FSBP has no Amazon Managed Grafana control, so no
// posture rule.
var grafanaRules = []Rule{
	{ID: "PF.GRAFANA.1", Title: "Grafana workspace names are 1-255 of [a-zA-Z0-9-._~]", Types: []string{grafanaWorkspace},
		Rejects: "CreateWorkspace: ValidationException: workspaceName must match [a-zA-Z0-9-._~]{1,255}",
		Source:  grafanaDoc, Fix: "name the workspace with letters, digits and - . _ ~ only",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			name := str(r, "name")
			return check(name == "" || grafanaName.MatchString(name), "name %q", name)
		}},
	{ID: "PF.GRAFANA.2", Title: "Grafana workspaces use known authentication and a role when customer-managed", Types: []string{grafanaWorkspace},
		Rejects: "CreateWorkspace: ValidationException: authenticationProviders are AWS_SSO or SAML (at least one); accountAccessType CURRENT_ACCOUNT or ORGANIZATION; CUSTOMER_MANAGED needs workspaceRoleArn",
		Source:  grafanaDoc, Fix: "authenticate with AWS_SSO or SAML and give a CUSTOMER_MANAGED workspace its role",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			providers := stringsOf(list(r, "authenticationProviders"))
			known := len(providers) > 0 && !slices.ContainsFunc(providers, func(p string) bool { return p != "AWS_SSO" && p != "SAML" })
			access := str(r, "accountAccessType")
			return first(check(known, "authenticationProviders %v", providers),
				check(access == "CURRENT_ACCOUNT" || access == "ORGANIZATION", "accountAccessType %q", access),
				check(str(r, "permissionType") != "CUSTOMER_MANAGED" || r.Input("roleArn") != nil, "CUSTOMER_MANAGED without roleArn"))
		}},
	{ID: "PF.GRAFANA.3", Title: "A SAML workspace has its SAML configuration", Types: []string{grafanaWorkspace},
		Rejects: "nobody can sign in: a SAML workspace stays NOT_CONFIGURED until UpdateWorkspaceAuthentication gives it the identity provider's metadata",
		Source:  "Amazon Managed Grafana User Guide, Use SAML with your Amazon Managed Grafana workspace https://docs.aws.amazon.com/grafana/latest/userguide/authentication-in-AMG-SAML.html",
		Fix:     "set platform:observability.grafana.samlMetadataUrl",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			saml := slices.Contains(stringsOf(list(r, "authenticationProviders")), "SAML")
			return check(!saml || len(dependents(r, g, grafanaSAML)) > 0, "SAML without a workspace SAML configuration")
		}},
	{ID: "PF.GRAFANA.4", Title: "Grafana workspaces are created where Amazon Managed Grafana is offered", Types: []string{grafanaWorkspace},
		Rejects: "CreateWorkspace fails: Amazon Managed Grafana has no endpoint in the Region (grafana.<region>.amazonaws.com), in 10 Regions only",
		Source:  "AWS General Reference, Amazon Managed Grafana endpoints and quotas https://docs.aws.amazon.com/general/latest/gr/grafana-service.html",
		Fix:     "turn platform:observability.grafana off in this stack, or run the stack in a Region that offers it",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return offered(r, g, awsfacts.ManagedGrafana)
		}},
}
