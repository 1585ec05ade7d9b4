package schema

// Grafana is `observability.grafana`: an Amazon Managed Grafana workspace
// with the CloudWatch data source and the golden-signals dashboard. Cost: $9
// per admin or editor user-month, $5 per viewer user-month.
type Grafana struct {
	// Enabled creates the workspace. Default: false.
	Enabled bool `json:"enabled"`
	// Authentication is AWS_SSO (IAM Identity Center, enabled in the
	// organization or account first) or SAML. Default: AWS_SSO.
	Authentication string `json:"authentication"`
	// Admins are Identity Center user ids made workspace admins (AWS_SSO
	// only); the price counts each as an editor, at least one. Default: none.
	Admins []string `json:"admins"`
	// SamlMetadataURL is the SAML identity provider's metadata URL.
	// Required with SAML. Default: none.
	SamlMetadataURL string `json:"samlMetadataUrl"`
	// SamlAdminRoleValues are the SAML role values that make a user admin.
	// Default: [admin].
	SamlAdminRoleValues []string `json:"samlAdminRoleValues"`
}
