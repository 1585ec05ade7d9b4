package stacks

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"platform/components/data"
	"platform/internal/schema"
	"platform/internal/validate"
)

var externalImage = regexp.MustCompile(`^[a-z0-9.-]+(:\d+)?/[a-z0-9._/-]+(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$`)

// maxRuleValues is an ALB listener rule's quota of condition values, over
// all its conditions (not adjustable).
const maxRuleValues = 5

// Kinds of workload, as the config names them.
const (
	servicesKind   = "services"
	workersKind    = "workers"
	schedulesKind  = "schedules"
	migrationsKind = "migrations"
)

// tasks returns every workload's task by name.
func tasks(w schema.Workloads) map[string]schema.Task { return w.Tasks() }

// kindOf names the kind a workload is declared under.
func kindOf(w schema.Workloads, name string) string {
	if kind := declaredKind(w, name); kind != "" {
		return kind
	}
	return migrationsKind
}

// declaredKind is the kind w declares name under; "" when it does not.
func declaredKind(w schema.Workloads, name string) string {
	switch {
	case hasKey(w.Services, name):
		return servicesKind
	case hasKey(w.Workers, name):
		return workersKind
	case hasKey(w.Schedules, name):
		return schedulesKind
	case hasKey(w.Migrations, name):
		return migrationsKind
	case hasKey(w.Functions, name):
		return functionsKind
	}
	return ""
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// workloadPath is the config path of a workload, e.g. <project>:workloads.services.web.
func (c *Config) workloadPath(name string) string {
	return c.key("workloads") + "." + kindOf(c.Workloads, name) + "." + name
}

// repositories are the stack's own image repositories the workloads use.
func (c *Config) repositories() []string { return c.Workloads.Repositories() }

// validateWorkloads checks what only the stack can: names unique across
// kinds, images, secret and grant references to the data layer, priorities
// and hosts unique, migrations that exist.
func (c *Config) validateWorkloads() error {
	var errs []error
	w := c.Workloads
	seen := map[string]string{}
	for _, kind := range []string{servicesKind, workersKind, schedulesKind, migrationsKind, functionsKind} {
		names := map[string][]string{
			servicesKind: slices.Sorted(maps.Keys(w.Services)), workersKind: slices.Sorted(maps.Keys(w.Workers)),
			schedulesKind: slices.Sorted(maps.Keys(w.Schedules)), migrationsKind: slices.Sorted(maps.Keys(w.Migrations)),
			functionsKind: slices.Sorted(maps.Keys(w.Functions)),
		}[kind]
		for _, n := range names {
			if other, dup := seen[n]; dup {
				errs = append(errs, validate.Field(c.key("workloads")+"."+kind+"."+n, n, "is also the name of one of the "+other, "one name per workload: it names the ECS service and log group"))
			}
			seen[n] = kind
		}
	}
	all := tasks(w)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		errs = append(errs, c.validateTask(c.workloadPath(name), all[name]), c.validateContainers(c.workloadPath(name), all[name]))
	}
	if _, err := c.placement(); err != nil {
		errs = append(errs, err)
	}
	routes := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		s := w.Services[name]
		path := c.workloadPath(name)
		// An ALB rule takes 5 condition values in all (Application Load
		// Balancers Guide, Quotas: condition values per rule); the host is one.
		if len(s.Paths) > maxRuleValues-1 {
			errs = append(errs, validate.Field(path+".paths", len(s.Paths), "are more path patterns than a listener rule takes beside its host",
				fmt.Sprintf("at most %d: a rule takes %d condition values and the host is one", maxRuleValues-1, maxRuleValues)))
		}
		paths := slices.Sorted(slices.Values(s.Paths))
		route := s.Subdomain + "|" + strings.Join(paths, ",")
		if other, dup := routes[route]; dup {
			errs = append(errs, validate.Field(path+".subdomain", s.Subdomain, "routes the same host and paths as "+other, "a host and path combination of its own"))
		}
		routes[route] = name
		errs = append(errs, c.validateAfter(path, s.After))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		wk := w.Workers[name]
		path := c.workloadPath(name)
		for i, q := range wk.Queues {
			if !c.hasQueue(q) {
				errs = append(errs, validate.Field(fmt.Sprintf("%s.queues[%d]", path, i), q, "is not a queue of "+c.key("data"), c.namesWant(c.queueNames(), "queues")))
			} else if slices.Index(wk.Queues, q) != i {
				errs = append(errs, validate.Field(fmt.Sprintf("%s.queues[%d]", path, i), q, "is listed twice", "each queue once"))
			}
		}
		if wk.Broker && c.Data.Broker == nil {
			errs = append(errs, validate.Field(path+".broker", true, "needs a broker", c.key("data")+".broker"))
		}
		errs = append(errs, c.validateAfter(path, wk.After))
	}
	repos := c.repositories()
	for _, name := range slices.Sorted(maps.Keys(c.Images)) {
		if !slices.Contains(repos, name) {
			errs = append(errs, validate.Field(c.key("images")+"."+name, c.Images[name].String(), "is not a repository any workload uses", "one of: "+strings.Join(repos, ", ")))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Sizes)) {
		switch {
		case !hasKey(all, name):
			errs = append(errs, validate.Field(c.key("sizes")+"."+name, name, "is not a workload", "one of: "+strings.Join(slices.Sorted(maps.Keys(all)), ", ")))
		case w.Workers[name].Singleton:
			if z := c.Sizes[name]; z.Min != nil || z.Max != nil || z.SpotShare != nil {
				errs = append(errs, validate.Field(c.key("sizes")+"."+name, name, "is a singleton, which runs exactly one task and does not scale", "only cpu and memory for it"))
			}
		case kindOf(w, name) == schedulesKind || kindOf(w, name) == migrationsKind:
			z := c.Sizes[name]
			if z.Min != nil || z.Max != nil || z.SpotShare != nil {
				errs = append(errs, validate.Field(c.key("sizes")+"."+name, name, "is one of the "+kindOf(w, name)+", which run one task and do not scale", "only cpu and memory for it"))
			}
		}
	}
	return errors.Join(errs...)
}

// validateAfter checks that every migration a workload waits for exists.
func (c *Config) validateAfter(path string, after []string) error {
	var errs []error
	for i, m := range after {
		if !hasKey(c.Workloads.Migrations, m) {
			errs = append(errs, validate.Field(fmt.Sprintf("%s.after[%d]", path, i), m, "is not a migration", "one of: "+strings.Join(slices.Sorted(maps.Keys(c.Workloads.Migrations)), ", ")))
		}
	}
	return errors.Join(errs...)
}

func (c *Config) validateTask(path string, t schema.Task) error {
	var errs []error
	switch {
	case t.Repository == "":
		errs = append(errs, validate.Missing(path+".repository", "a repository of "+c.key("data")+" or an external image"))
	case t.External():
		if !externalImage.MatchString(t.Repository) {
			errs = append(errs, validate.Field(path+".repository", t.Repository, "is not an image reference with a tag or digest", "e.g. public.ecr.aws/nginx/nginx:1.27"))
		}
	case !hasKey(c.Images, t.Repository) && c.Preview != nil:
		// A stack holds back a workload whose first image is not pushed yet
		// (notRolledOut); a preview deploys a pull request's images, all of them.
		errs = append(errs, validate.Missing(c.key("images")+"."+t.Repository, "the image tag or sha256 digest to deploy"))
	}
	errs = append(errs, c.validateNaming(path, t))
	// A preview's data and mail are the base stack's, checked where the base is.
	if c.Preview != nil {
		return errors.Join(errs...)
	}
	return errors.Join(append(errs, c.validateRefs(path, t.Secrets, t.Grants))...)
}

// validateRefs checks a workload's secrets and grants against the stack's
// data parts, queues, buckets and mail domain.
func (c *Config) validateRefs(path string, secrets map[string]schema.SecretRef, grants []schema.Grant) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(secrets)) {
		ref := secrets[name]
		switch {
		case ref.Part == "":
		case !c.hasPart(ref.Part):
			errs = append(errs, validate.Field(path+".secrets."+name, ref.String(), "refers to a part "+c.key("data")+" does not have", c.key("data")+"."+string(ref.Part)+" set"))
		case ref.Part == schema.CachePart && c.Data.Cache.Mode == string(data.ServerlessCache):
			errs = append(errs, validate.Field(path+".secrets."+name, ref.String(), "has no AUTH token: a serverless cache relies on TLS and its security group", c.key("data")+".cache.mode \"node\", or no cache secret"))
		}
	}
	for i, g := range grants {
		at := fmt.Sprintf("%s.grants[%d]", path, i)
		switch {
		case g.Kind == schema.BucketGrant && !c.hasBucket(g.Name):
			errs = append(errs, validate.Field(at, g.String(), "names a bucket "+c.key("data")+" does not have", c.namesWant(c.bucketNames(), "buckets")))
		case g.Kind == schema.QueueGrant && !c.hasQueue(g.Name):
			errs = append(errs, validate.Field(at, g.String(), "names a queue "+c.key("data")+" does not have", c.namesWant(c.queueNames(), "queues")))
		case g.Kind == schema.MailGrant && c.Access.MailDomain == "":
			errs = append(errs, validate.Field(at, g.String(), "needs a mail domain", c.key("access")+".mailDomain"))
		}
	}
	return errors.Join(errs...)
}

func (c *Config) hasPart(part schema.Part) bool {
	switch part {
	case schema.DatabasePart:
		return c.Data.Database != nil
	case schema.CachePart:
		return c.Data.Cache != nil
	case schema.BrokerPart:
		return c.Data.Broker != nil
	}
	return false
}

func (c *Config) queueNames() []string {
	var out []string
	for _, q := range c.Data.Queues {
		out = append(out, q.Name)
	}
	return out
}

func (c *Config) bucketNames() []string {
	var out []string
	for _, b := range c.Data.Buckets {
		out = append(out, b.Name)
	}
	return out
}

// namesWant says which names of a data list are allowed, or that the list
// (e.g. "queues") is empty, so that the message points at where to add one.
func (c *Config) namesWant(names []string, list string) string {
	if len(names) == 0 {
		return "a name of " + c.key("data") + "." + list + ", which has none"
	}
	return "one of: " + strings.Join(names, ", ")
}

func (c *Config) hasQueue(name string) bool  { return slices.Contains(c.queueNames(), name) }
func (c *Config) hasBucket(name string) bool { return slices.Contains(c.bucketNames(), name) }

// Gated reports whether a service's host is behind the Cognito gate.
func (c *Config) Gated(s schema.Service) bool { return c.gated() && *s.Cognito }

// Host is a service's host name.
func (c *Config) Host(s schema.Service) string { return s.Subdomain + "." + c.Domain }

// GatedHosts are the hosts behind the Cognito gate: services' in name order,
// then function routes' hosts not among them.
func (c *Config) GatedHosts() []string {
	var hosts []string
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Services)) {
		if s := c.Workloads.Services[name]; c.Gated(s) {
			hosts = append(hosts, c.Host(s))
		}
	}
	return withNew(hosts, c.gatedRouteHosts(anyFunction))
}

// NeedsEdgeCertificate reports whether CloudFront needs a certificate of its
// own: some service uses the CDN and the stack is not in us-east-1.
func (c *Config) NeedsEdgeCertificate() bool {
	return c.UsesCDN() && c.Region != edgeRegion
}

// UsesCDN reports whether any service is behind CloudFront.
func (c *Config) UsesCDN() bool {
	for _, s := range c.Workloads.Services {
		if s.CDN {
			return true
		}
	}
	return false
}

// edgeRegion is where CloudFront takes certificates from.
const edgeRegion = "us-east-1"

// watchedWorkloads are the services and workers alarms can be set for.
func (c *Config) watchedWorkloads() []string {
	return slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(c.Workloads.Services)), slices.Collect(maps.Keys(c.Workloads.Workers))...)))
}

// mergeNames adds the names of more that list lacks, keeping list's order.
func mergeNames(list, more []string) []string {
	out := slices.Clone(list)
	for _, n := range more {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
