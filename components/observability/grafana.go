package observability

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/grafana"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// Grafana authentication providers (CreateWorkspace authenticationProviders).
const (
	GrafanaSSO  = "AWS_SSO"
	GrafanaSAML = "SAML"
)

// GrafanaArgs turn on an Amazon Managed Grafana workspace. Cost: $9 per
// admin or editor user-month, $5 per viewer user-month (cost/ prices it).
type GrafanaArgs struct {
	// Authentication is GrafanaSSO (IAM Identity Center, which must be
	// enabled in the organization or account) or GrafanaSAML. Required.
	Authentication string
	// Admins are Identity Center user ids (AWS_SSO) given the workspace's
	// ADMIN role. Default: none (assign users in the console).
	Admins []string
	// SAMLMetadataURL is the identity provider's metadata URL; required with
	// SAML, not allowed otherwise.
	SAMLMetadataURL string
	// SAMLAdminRoleValues are the SAML role attribute values that make a user
	// admin. Default: "admin".
	SAMLAdminRoleValues []string
}

// validateGrafana checks the workspace's users; paths are those of
// platform:observability.
func validateGrafana(g *GrafanaArgs) error {
	if g == nil {
		return nil
	}
	var errs []error
	switch g.Authentication {
	case GrafanaSSO:
		if g.SAMLMetadataURL != "" {
			errs = append(errs, validate.Field("grafana.samlMetadataUrl", g.SAMLMetadataURL, "is only for SAML", "no samlMetadataUrl with authentication AWS_SSO"))
		}
	case GrafanaSAML:
		if g.SAMLMetadataURL == "" {
			errs = append(errs, validate.Field("grafana.samlMetadataUrl", "", "is required with SAML", "the identity provider's metadata URL (https://...)"))
		}
		if len(g.Admins) > 0 {
			errs = append(errs, validate.Field("grafana.admins", g.Admins, "are Identity Center users", "SAML admins come from samlAdminRoleValues"))
		}
	default:
		errs = append(errs, validate.Field("grafana.authentication", g.Authentication, "is not a Grafana authentication provider", GrafanaSSO+" or "+GrafanaSAML))
	}
	return errors.Join(errs...)
}

// GrafanaDataSourceUID names the CloudWatch data source the dashboard model uses.
const GrafanaDataSourceUID = "cloudwatch"

// grafana creates the workspace, its customer-managed role and a service
// account for provisioning. The data source and the dashboard are Grafana
// objects, not AWS ones, and no Grafana provider is in go.mod: they are JSON
// models exported as stack outputs and posted to the workspace's HTTP API by
// the README's command with a short-lived service account token. A token
// created here would sit in the state and expire (30 days at most) under a
// stack that does not change; one made at apply time lives ten minutes.
func (b *builder) grafana() error {
	g := b.args.Grafana
	if g == nil {
		return nil
	}
	role, err := iam.NewRole(b.ctx, b.name+"-grafana-role", &iam.RoleArgs{
		Name:        pulumi.String(b.names.Name(naming.Role, "grafana")),
		Description: pulumi.String("Grafana workspace: reads the stack's CloudWatch metrics and task logs"),
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRole"},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("grafana.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {b.account}}},
		}),
	}, b.opts()...)
	if err != nil {
		return err
	}
	logGroups := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s%s*", b.region, b.account, naming.TaskLogGroupRoot, b.names.Prefix())
	if _, err := iam.NewRolePolicy(b.ctx, b.name+"-grafana-read", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iamdoc.Document(
			// CloudWatch metric reads have no resource-level permissions.
			iamdoc.Statement{Sid: "ReadMetrics", Actions: []string{"cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "ec2:DescribeRegions", "tag:GetResources"}, Resources: iamdoc.Any},
			iamdoc.Statement{Sid: "ListLogGroups", Actions: []string{"logs:DescribeLogGroups", "logs:GetQueryResults", "logs:StopQuery"}, Resources: iamdoc.Any},
			iamdoc.Statement{Sid: "ReadStackLogs", Actions: []string{"logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields", "logs:StartQuery"}, Resources: iamdoc.Strings(logGroups)},
		),
	}, b.opts()...); err != nil {
		return err
	}
	workspace, err := grafana.NewWorkspace(b.ctx, b.name+"-grafana", &grafana.WorkspaceArgs{
		Name:                     pulumi.String(b.names.Name(naming.Label, "grafana")),
		Description:              pulumi.String("Golden signals of " + b.names.Prefix()),
		AccountAccessType:        pulumi.String("CURRENT_ACCOUNT"),
		AuthenticationProviders:  pulumi.ToStringArray([]string{g.Authentication}),
		PermissionType:           pulumi.String("CUSTOMER_MANAGED"),
		RoleArn:                  role.Arn,
		DataSources:              pulumi.ToStringArray([]string{"CLOUDWATCH"}),
		NotificationDestinations: pulumi.ToStringArray([]string{"SNS"}),
	}, b.opts()...)
	if err != nil {
		return err
	}
	if err := b.grafanaUsers(workspace, g); err != nil {
		return err
	}
	if _, err := grafana.NewWorkspaceServiceAccount(b.ctx, b.name+"-grafana-provisioner", &grafana.WorkspaceServiceAccountArgs{
		WorkspaceId: workspace.ID(), Name: pulumi.String("provisioner"), GrafanaRole: pulumi.String("ADMIN"),
	}, b.opts()...); err != nil {
		return err
	}
	b.o.GrafanaEndpoint = workspace.Endpoint
	b.o.GrafanaWorkspaceID = workspace.ID().ToStringOutput()
	b.o.GrafanaDataSource = pulumi.String(b.grafanaDataSource()).ToStringOutput()
	b.o.GrafanaDashboard = b.grafanaDashboard()
	return nil
}

func (b *builder) grafanaUsers(workspace *grafana.Workspace, g *GrafanaArgs) error {
	if g.Authentication == GrafanaSAML {
		admins := g.SAMLAdminRoleValues
		if len(admins) == 0 {
			admins = []string{"admin"}
		}
		_, err := grafana.NewWorkspaceSamlConfiguration(b.ctx, b.name+"-grafana-saml", &grafana.WorkspaceSamlConfigurationArgs{
			WorkspaceId: workspace.ID(), IdpMetadataUrl: pulumi.String(g.SAMLMetadataURL),
			EditorRoleValues: pulumi.ToStringArray([]string{"editor"}), AdminRoleValues: pulumi.ToStringArray(admins),
			RoleAssertion: pulumi.String("role"), LoginAssertion: pulumi.String("mail"), EmailAssertion: pulumi.String("mail"),
		}, b.opts()...)
		return err
	}
	if len(g.Admins) == 0 {
		return nil
	}
	_, err := grafana.NewRoleAssociation(b.ctx, b.name+"-grafana-admins", &grafana.RoleAssociationArgs{
		WorkspaceId: workspace.ID(), Role: pulumi.String("ADMIN"), UserIds: pulumi.ToStringArray(g.Admins),
	}, b.opts()...)
	return err
}

// grafanaDataSource is the CloudWatch data source (Grafana's POST
// /api/datasources body), signed with the workspace role.
func (b *builder) grafanaDataSource() string {
	out, _ := json.Marshal(map[string]any{
		"name": "CloudWatch", "uid": GrafanaDataSourceUID, "type": "cloudwatch", "access": "proxy", "isDefault": true,
		"jsonData": map[string]any{"authType": "ec2_iam_role", "defaultRegion": b.region},
	})
	return string(out)
}

// grafanaPanel is one time series panel of the Grafana dashboard model.
type grafanaPanel struct {
	ID         int               `json:"id"`
	Type       string            `json:"type"`
	Title      string            `json:"title"`
	GridPos    map[string]int    `json:"gridPos"`
	Datasource map[string]string `json:"datasource"`
	Targets    []grafanaTarget   `json:"targets"`
}

type grafanaTarget struct {
	RefID      string            `json:"refId"`
	Region     string            `json:"region"`
	Namespace  string            `json:"namespace"`
	MetricName string            `json:"metricName"`
	Statistic  string            `json:"statistic"`
	Period     string            `json:"period"`
	Dimensions map[string]string `json:"dimensions"`
	MatchExact bool              `json:"matchExact"`
}

// grafanaDashboard is the golden-signals dashboard (Grafana's POST
// /api/dashboards/db body): the same panels as the CloudWatch dashboard.
func (b *builder) grafanaDashboard() pulumi.StringOutput {
	panels := b.goldenPanels()
	return render(panels, func(metrics [][]shownMetric) (string, error) {
		var out []grafanaPanel
		for n, p := range panels {
			gp := grafanaPanel{ID: n + 1, Type: "timeseries", Title: p.title,
				GridPos:    map[string]int{"x": (n % 2) * 12, "y": (n / 2) * 8, "w": 12, "h": 8},
				Datasource: map[string]string{"type": "cloudwatch", "uid": GrafanaDataSourceUID}}
			for i, m := range metrics[n] {
				dims := map[string]string{}
				for _, d := range m.dims {
					dims[d[0]] = d[1]
				}
				gp.Targets = append(gp.Targets, grafanaTarget{RefID: string(rune('A' + i)), Region: b.region, Namespace: m.namespace,
					MetricName: m.name, Statistic: m.stat, Period: fmt.Sprint(alarmPeriod), Dimensions: dims, MatchExact: true})
			}
			out = append(out, gp)
		}
		body, err := json.Marshal(map[string]any{"overwrite": true, "dashboard": map[string]any{
			"uid": b.names.Name(naming.Kind{Title: "Grafana dashboard uid", MaxLen: 40}, "golden"), "title": "Golden signals: " + b.names.Prefix(),
			"refresh": "1m", "time": map[string]string{"from": "now-6h", "to": "now"}, "panels": out,
		}})
		return string(body), err
	})
}
