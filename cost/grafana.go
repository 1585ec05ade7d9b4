package cost

import (
	"fmt"

	"platform/internal/graph"
)

// Amazon Managed Grafana is priced per active user-month and workspace
// ("Amazon Managed Grafana Pricing", https://aws.amazon.com/grafana/pricing/,
// re-checked 2026-12-01: $9 per active editor or admin, $5 per active viewer;
// every workspace pays for at least one editor).
const (
	grafanaEditorMonth = 9.00 // admin or editor
	grafanaViewerMonth = 5.00
	// assumedGrafanaViewers are the people without console access the
	// workspace is for (issue 18.4): product and support, a handful.
	assumedGrafanaViewers = 5
)

// grafanaWorkspace prices the workspace's admins (its ADMIN role
// associations, at least one: someone administers it) as editors plus the
// assumed viewers.
func grafanaWorkspace(p *pricing, r *graph.Resource) (float64, string) {
	g := p.g
	admins := 0
	for _, a := range g.ByType("aws:grafana/roleAssociation:RoleAssociation") {
		if a.Input("role") == "ADMIN" && a.Parent == r.Parent {
			admins += len(asList(a.Input("userIds")))
		}
	}
	admins = max(admins, 1)
	return float64(admins)*grafanaEditorMonth + assumedGrafanaViewers*grafanaViewerMonth,
		fmt.Sprintf("%d admin/editor and %d viewer user-months", admins, assumedGrafanaViewers)
}
