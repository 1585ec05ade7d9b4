package stacks

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"platform/internal/schema"
	"platform/internal/validate"
)

// ignoredByPreview are the keys a preview stack file may not set, with why:
// a preview runs its services on the base stack's network, access, data and
// alarms, so a value there would be silently dropped.
var ignoredByPreview = map[string]string{
	"network":       "a preview runs in its base stack's network",
	"access":        "a preview uses its base stack's zone, gate and roles",
	"data":          "a preview's services use the base stack's data",
	"observability": "a preview has no alarms or backups of its own",
	"gate":          "a preview is always behind its base stack's gate",
	"canary":        "a preview runs each service once, from its images, without a canary",
	"placement":     "a preview's services follow their base stack's recorded placement",
	"ingress":       "a preview routes through its base stack's load balancer",
	"apiGateway":    "a preview routes through its base stack's load balancer",
}

// validateIgnoredByPreview refuses what a preview stack file sets that the
// preview would ignore: the keys above, and images of repositories no
// workload of the product uses. (An image of a workload this preview does not
// run is kept: one template serves previews that opt workloads in and out.)
func (c *Config) validateIgnoredByPreview(raw schema.Raw) error {
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(ignoredByPreview)) {
		if text, set := raw[key]; set && text != "{}" {
			errs = append(errs, validate.Field(c.key(key), nil, "is ignored in a preview: "+ignoredByPreview[key], "no "+c.key(key)+" in a preview stack file; set it in the base stack"))
		}
	}
	repos := c.repositories()
	for _, repo := range slices.Sorted(maps.Keys(c.Images)) {
		if !slices.Contains(repos, repo) {
			errs = append(errs, validate.Field(c.key("images")+"."+repo, c.Images[repo].String(), "is ignored in a preview: no workload uses that repository",
				"images only for the product's repositories: "+strings.Join(repos, ", ")))
		}
	}
	return errors.Join(errs...)
}
