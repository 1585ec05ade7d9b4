package preflight

import (
	"platform/internal/graph"
	"strings"
)

const ecCreateDoc = "Amazon ElastiCache API Reference, CreateReplicationGroup https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html"

var elasticacheRules = []Rule{
	{ID: "PF.EC.1", Title: "Automatic failover and Multi-AZ have a replica to fail over to", Types: []string{replicationGroup},
		Rejects: "CreateReplicationGroup: InvalidParameterCombination: automatic failover needs at least 2 cache clusters; Multi-AZ needs automatic failover",
		Source:  ecCreateDoc, Fix: "set numCacheClusters 2 or more with automaticFailoverEnabled, or turn both failover and multiAz off",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			n, ok := num(r, "numCacheClusters")
			return first(check(!truthy(r, "automaticFailoverEnabled") || !ok || n >= 2, "automaticFailoverEnabled with %v cache cluster(s)", n),
				check(!truthy(r, "multiAzEnabled") || truthy(r, "automaticFailoverEnabled"), "multiAzEnabled without automaticFailoverEnabled"))
		}},
	{ID: "PF.EC.2", Title: "An auth token needs in-transit encryption", Types: []string{replicationGroup},
		Rejects: "CreateReplicationGroup: InvalidParameterValue: AuthToken can only be specified with TransitEncryptionEnabled",
		Source:  ecCreateDoc, Fix: "set transitEncryptionEnabled true when authToken is set",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(r.Input("authToken") == nil || truthy(r, "transitEncryptionEnabled"), "authToken without transitEncryptionEnabled")
		}},
	{ID: "PF.EC.3", Title: "Valkey versions and node types are ones ElastiCache offers", Types: []string{replicationGroup},
		Rejects: "CreateReplicationGroup: InvalidParameterValue: Valkey runs 7.2 and later (7.2, 8.0, 8.1, 8.2, 9.0, 9.1 in the stored guide) on cache.* current-generation node types",
		Source: "Amazon ElastiCache User Guide, Supported engines and versions https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html; " +
			"Supported node types https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html",
		Fix: "use a Valkey engineVersion of 7.2 or later, as major.minor, and a cache.t4g / m7g / r7g node type",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "engine") != "valkey" {
				return ""
			}
			v, node := str(r, "engineVersion"), str(r, "nodeType")
			okV := v == "" || (versionAtLeast(v, 7, 2) && strings.Count(v, ".") == 1)
			okN := node == "" || (strings.HasPrefix(node, "cache.") && !strings.HasPrefix(node, "cache.t2.") && !strings.HasPrefix(node, "cache.t1.") && !strings.HasPrefix(node, "cache.m1."))
			return first(check(okV, "valkey engineVersion %q", v), check(okN, "nodeType %q", node))
		}},
	{ID: "PF.EC.4", Title: "Snapshot retention and cluster counts are in range", Types: []string{replicationGroup},
		Rejects: "CreateReplicationGroup: InvalidParameterValue: snapshotRetentionLimit 0-35 days, numCacheClusters 1-6",
		Source:  ecCreateDoc, Fix: "keep snapshotRetentionLimit at most 35 and numCacheClusters 1 to 6",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			days, okD := num(r, "snapshotRetentionLimit")
			n, okN := num(r, "numCacheClusters")
			return first(check(!okD || (days >= 0 && days <= 35), "snapshotRetentionLimit %v", days), check(!okN || (n >= 1 && n <= 6), "numCacheClusters %v", n))
		}},
	{ID: "PF.EC.6", Title: "A cache subnet group names subnets and a description", Types: []string{"aws:elasticache/subnetGroup:SubnetGroup"},
		Rejects: "CreateCacheSubnetGroup: InvalidParameterValue: SubnetIds needs at least one subnet; CacheSubnetGroupDescription is required (at most 255 characters)",
		Source:  "Amazon ElastiCache API Reference, CreateCacheSubnetGroup https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html",
		Fix:     "list the isolated subnets and keep the description (the provider defaults it to Managed by Pulumi)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			_, set := r.Inputs["description"]
			return first(check(len(list(r, "subnetIds")) > 0, "no subnets"), check(!set || (str(r, "description") != "" && len(str(r, "description")) <= 255), "description %q", str(r, "description")))
		}},
}
