package preflight

import (
	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const listenerCertificate = "aws:lb/listenerCertificate:ListenerCertificate"

// scaleQuotaRules are the quotas that grow with the number of services: the
// platform spreads services over load balancers (internal/routing) and app
// clients, so a plan within them is one AWS accepts however large.
var scaleQuotaRules = []Rule{
	quotaRule("PF.QUOTA.17", awsfacts.QuotaCertificatesPerALB, []string{loadBalancer}, "use a wildcard certificate, spread hosts over load balancers, or raise the quota",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			n := 0
			for _, l := range dependents(r, g, listener) {
				n += len(dependents(l, g, listenerCertificate))
			}
			return n, "certificates besides the default ones"
		}),
	// Reported on each load balancer past the quota, in URN order, so one
	// too many is one finding.
	quotaRule("PF.QUOTA.18", awsfacts.QuotaALBsPerRegion, []string{loadBalancer}, "raise the quota, or use fewer stacks per region",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			if !isALB(r) {
				return 0, "application load balancers"
			}
			n := 0
			for _, lb := range g.ByType(loadBalancer) {
				if !lb.Read && isALB(lb) && lb.URN <= r.URN {
					n++
				}
			}
			return n, "application load balancers in the stack's region (counting this one)"
		}),
	quotaRule("PF.QUOTA.19", awsfacts.QuotaServicesPerCluster, []string{ecsCluster}, "split the services over clusters: this quota cannot be raised",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			arn, _ := r.Output("arn").(string)
			return len(withInput(g, ecsService, "cluster", arn)), "services"
		}),
	quotaRule("PF.QUOTA.20", awsfacts.QuotaAppClientsPerPool, []string{userPool}, "raise the quota: the platform makes one app client per load balancer and preview",
		func(r *graph.Resource, g *graph.Graph) (int, string) {
			return len(withInput(g, userPoolClient, "userPoolId", r.ID)), "app clients"
		}),
}

// isALB: the provider's default load balancer type is application.
func isALB(r *graph.Resource) bool {
	t := str(r, "loadBalancerType")
	return t == "" || t == "application"
}
