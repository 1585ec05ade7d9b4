package preflight

import (
	"testing"

	"platform/internal/graph"
)

func workspace(extra M) *graph.Resource {
	inputs := M{"name": "platform-staging", "authenticationProviders": L{"AWS_SSO"}, "accountAccessType": "CURRENT_ACCOUNT",
		"permissionType": "CUSTOMER_MANAGED", "roleArn": "arn:aws:iam::111122223333:role/platform-staging-grafana"}
	for k, v := range extra {
		inputs[k] = v
	}
	return res(grafanaWorkspace, "grafana", inputs)
}

// samlWorkspace is a SAML workspace, with or without its configuration.
func samlWorkspace(configured bool) func() []*graph.Resource {
	w := workspace(M{"authenticationProviders": L{"SAML"}})
	if !configured {
		return one(w)
	}
	return one(w, res(grafanaSAML, "saml", M{}, on(w)))
}

var grafanaCases = []ruleCase{
	{rule: "PF.GRAFANA.1", badName: "grafana", good: one(workspace(nil)), bad: one(workspace(M{"name": "platform staging"}))},
	{rule: "PF.GRAFANA.2", badName: "grafana", good: one(workspace(nil)), bad: one(workspace(M{"roleArn": nil}))},
	{rule: "PF.GRAFANA.3", badName: "grafana", good: samlWorkspace(true), bad: samlWorkspace(false)},
}

func TestGrafanaRules(t *testing.T) { runCases(t, grafanaCases) }
