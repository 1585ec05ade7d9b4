package stacks

import (
	"maps"
	"slices"
)

// What the first and every later `pulumi up` needs to succeed on real AWS
// (issue 14), derived from the workloads so that no stack file has to say it.

// CDNHosts are the hosts behind CloudFront, sorted.
func (c *Config) CDNHosts() []string {
	var hosts []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; s.CDN {
			hosts = append(hosts, c.Host(s))
		}
	}
	return hosts
}

// largeBodyPaths are platform:access.largeBodyPaths plus the paths of every
// service that is never gated and limited to paths: a webhook endpoint,
// whose callers (payment processors) post bodies over 8 KB and cannot log in.
func (c *Config) largeBodyPaths() []string {
	paths := append([]string{}, c.Access.LargeBodyPaths...)
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		s := c.Workloads.Services[name]
		if s.Cognito != nil && !*s.Cognito {
			paths = mergeNames(paths, s.Paths)
		}
	}
	return paths
}
