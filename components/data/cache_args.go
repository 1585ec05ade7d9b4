package data

import (
	"errors"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// DefaultValkey is the Valkey version of a cache that names none: the dated
// engine table's default.
var DefaultValkey = awsfacts.DefaultVersion(awsfacts.Valkey)

// CacheMode is how Valkey runs.
type CacheMode string

// The cache modes.
const (
	// NodeCache is a replication group of nodes: fixed cost, replicas, failover.
	NodeCache CacheMode = "node"
	// ServerlessCache is ElastiCache Serverless: pay per use, cheapest for idle dev stacks.
	ServerlessCache CacheMode = "serverless"
)

// CacheArgs configure Valkey.
type CacheArgs struct {
	// Mode is "node" (replication group) or "serverless". Default: DefaultCacheMode.
	Mode CacheMode
	// Version is the Valkey version, one of 7.2, 8.0, 8.1, 8.2. Default: DefaultValkey.
	Version string
	// NodeType is the node size, e.g. cache.t4g.micro. Node mode only.
	// Default: DefaultCacheNodeType.
	NodeType string
	// Replicas is how many read replicas follow the primary, 0 to 5; with one
	// or more, failover is automatic and Multi-AZ. Node mode only. Default: 0.
	Replicas *int
	// SnapshotRetentionDays keeps daily snapshots, 0 to 35. Default: 0.
	SnapshotRetentionDays *int
}

func (c CacheArgs) validate() error {
	errs := []error{
		validate.OneOf("mode", c.Mode, NodeCache, ServerlessCache),
		engineVersion(awsfacts.Valkey, c.Version),
		validate.Range("snapshotRetentionDays", *c.SnapshotRetentionDays, 0, 35),
	}
	if c.Mode == NodeCache {
		if !cacheNodeType.MatchString(c.NodeType) {
			errs = append(errs, validate.Field("nodeType", c.NodeType, "is not a cache node type", "e.g. cache.t4g.micro or cache.r7g.large"))
		}
		errs = append(errs, validate.Range("replicas", *c.Replicas, 0, 5))
	} else if c.NodeType != "" || c.Replicas != nil {
		errs = append(errs, validate.Field("mode", c.Mode, "takes no nodeType or replicas", "mode \"node\" to size nodes"))
	}
	return errors.Join(errs...)
}
