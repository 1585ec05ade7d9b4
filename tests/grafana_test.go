package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
)

const (
	grafanaWorkspaceType = "aws:grafana/workspace:Workspace"
	grafanaRoleAssocType = "aws:grafana/roleAssociation:RoleAssociation"
	grafanaSAMLType      = "aws:grafana/workspaceSamlConfiguration:WorkspaceSamlConfiguration"
	grafanaAccountType   = "aws:grafana/workspaceServiceAccount:WorkspaceServiceAccount"
)

func TestGrafanaIsOffByDefault(t *testing.T) {
	g := Evaluate(t, "staging")
	for _, typ := range []string{grafanaWorkspaceType, grafanaRoleAssocType, grafanaSAMLType, grafanaAccountType} {
		assert.Empty(t, g.ByType(typ), typ)
	}
	assert.Nil(t, g.One("aws:iam/role:Role", "observability-grafana-role"))
	assert.NotContains(t, g.Outputs, "grafanaDashboard")
}

func TestGrafanaWorkspaceReadsOnlyTheStacksLogs(t *testing.T) {
	g, err := EvaluateWith(t, "staging", map[string]string{
		"platform:observability": `{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true, "admins": ["9067-user"]}}`,
	})
	require.NoError(t, err)
	prefix := g.Project + "-staging"
	ws := only(t, g, grafanaWorkspaceType, "observability-grafana")
	role := only(t, g, "aws:iam/role:Role", "observability-grafana-role")
	assert.Equal(t, map[string]any{
		"name": prefix + "-grafana", "description": "Golden signals of " + prefix,
		"accountAccessType": "CURRENT_ACCOUNT", "authenticationProviders": []any{"AWS_SSO"},
		"permissionType": "CUSTOMER_MANAGED", "roleArn": role.State["arn"],
		"dataSources": []any{"CLOUDWATCH"}, "notificationDestinations": []any{"SNS"},
	}, ws.Inputs)

	trust := policyAt(t, role, "assumeRolePolicy")
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, map[string]string{"Service": "grafana.amazonaws.com"}, trust.Statement[0].Principal)
	assert.Contains(t, trust.Statement[0].Condition["StringEquals"], "aws:SourceAccount")

	read := policyAt(t, only(t, g, "aws:iam/rolePolicy:RolePolicy", "observability-grafana-read"), "policy")
	require.Len(t, read.Statement, 3)
	assert.Equal(t, "ReadStackLogs", read.Statement[2].Sid)
	require.Len(t, read.Statement[2].Resource, 1)
	assert.Regexp(t, `^arn:aws:logs:us-east-1:\d{12}:log-group:/ecs/`+prefix+`\*$`, read.Statement[2].Resource[0])
	for _, s := range read.Statement {
		for _, a := range s.Action {
			assert.NotContains(t, []string{"*", "logs:*", "cloudwatch:*"}, a)
		}
	}

	admins := only(t, g, grafanaRoleAssocType, "observability-grafana-admins")
	assert.Equal(t, "ADMIN", admins.Input("role"))
	assert.Equal(t, []any{"9067-user"}, admins.Input("userIds"))
	assert.Equal(t, "ADMIN", only(t, g, grafanaAccountType, "observability-grafana-provisioner").Input("grafanaRole"))
	assert.Empty(t, g.ByType(grafanaSAMLType))

	var source map[string]any
	require.NoError(t, json.Unmarshal([]byte(g.Outputs["grafanaDataSource"].(string)), &source))
	assert.Equal(t, "cloudwatch", source["type"])
	assert.Equal(t, map[string]any{"authType": "ec2_iam_role", "defaultRegion": "us-east-1"}, source["jsonData"])
}

// grafanaModel is the part of the dashboard model the test reads.
type grafanaModel struct {
	Dashboard struct {
		UID    string
		Panels []struct {
			Title      string
			Datasource map[string]string
			Targets    []struct {
				Namespace, MetricName, Statistic, Region string
				Dimensions                               map[string]string
			}
		}
	}
}

func TestGrafanaDashboardShowsTheGoldenSignalsOfEveryService(t *testing.T) {
	g, err := EvaluateWith(t, "staging", map[string]string{
		"platform:observability": `{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true}}`,
	})
	require.NoError(t, err)
	var model grafanaModel
	require.NoError(t, json.Unmarshal([]byte(g.Outputs["grafanaDashboard"].(string)), &model))
	assert.LessOrEqual(t, len(model.Dashboard.UID), 40)
	metrics := map[string][]string{}
	for _, p := range model.Dashboard.Panels {
		assert.Equal(t, "cloudwatch", p.Datasource["uid"], p.Title)
		for _, target := range p.Targets {
			assert.Equal(t, "us-east-1", target.Region)
			metrics[p.Title] = append(metrics[p.Title], target.Namespace+" "+target.MetricName+" "+target.Statistic)
		}
	}
	assert.Equal(t, []string{"AWS/ApplicationELB RequestCount Sum", "AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum", "AWS/ApplicationELB HTTPCode_ELB_5XX_Count Sum"},
		metrics["Load balancer: requests and errors"], "traffic and errors")
	assert.Equal(t, []string{"AWS/ApplicationELB TargetResponseTime p95"}, metrics["Load balancer: latency p95"], "latency")
	assert.Equal(t, []string{"AWS/RDS CPUUtilization Average", "AWS/RDS DatabaseConnections Average"}, metrics["Database: CPU and connections"])
	assert.Len(t, metrics["Queues: messages waiting"], 2, "one line per queue (default, priority), not their dead-letter queues")
	services := g.ByType("aws:ecs/service:Service")
	require.NotEmpty(t, services)
	for _, svc := range services {
		assert.Equal(t, []string{"AWS/ECS CPUUtilization Average", "AWS/ECS MemoryUtilization Average"},
			metrics["Service "+svc.Name[:len(svc.Name)-len("-service")]+": CPU and memory"], "saturation of %s", svc.Name)
	}
}

func TestGrafanaSAMLNeedsItsMetadata(t *testing.T) {
	_, err := EvaluateWith(t, "staging", map[string]string{
		"platform:observability": `{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true, "authentication": "SAML"}}`,
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "platform:observability.grafana.samlMetadataUrl")

	g, err := EvaluateWith(t, "staging", map[string]string{
		"platform:observability": `{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true, "authentication": "SAML", "samlMetadataUrl": "https://idp.example.com/metadata"}}`,
	})
	require.NoError(t, err)
	saml := only(t, g, grafanaSAMLType, "observability-grafana-saml")
	assert.Equal(t, "https://idp.example.com/metadata", saml.Input("idpMetadataUrl"))
	assert.Equal(t, []any{"admin"}, saml.Input("adminRoleValues"))
	assert.Equal(t, []any{"SAML"}, only(t, g, grafanaWorkspaceType, "observability-grafana").Input("authenticationProviders"))
	assert.Empty(t, g.ByType(grafanaRoleAssocType))
}

func TestGrafanaIsPricedPerUser(t *testing.T) {
	price := func(observability string) (float64, int) {
		g, err := EvaluateWith(t, "staging", map[string]string{"platform:observability": observability})
		require.NoError(t, err)
		total, unpriced := 0.0, 0
		for _, item := range cost.Of(g).Items {
			if strings.HasPrefix(item.Type, "aws:grafana/") {
				total += item.Monthly
			}
			if strings.HasPrefix(item.Assumption, "not priced") {
				unpriced++
			}
		}
		return total, unpriced
	}
	off, _ := price(`{"emails": ["ops@shop.example.com"]}`)
	assert.Zero(t, off)
	one, unpriced := price(`{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true}}`)
	assert.Equal(t, 9.0+5*5.0, one, "one admin at $9 and five viewers at $5")
	assert.Zero(t, unpriced)
	two, _ := price(`{"emails": ["ops@shop.example.com"], "grafana": {"enabled": true, "admins": ["a", "b"]}}`)
	assert.Equal(t, 2*9.0+5*5.0, two)
}
