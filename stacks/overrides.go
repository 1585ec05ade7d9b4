package stacks

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/data"
	"platform/internal/schema"
	"platform/internal/validate"
)

// What a stack changes of the product (platform:overrides), the stack facts
// environment values refer to, the stack's own secrets, and how injected
// variables are named and checked.

// expandEnvironments replaces every workload's environment with its values'
// stack facts filled in. Each value is parsed once, here; a value that does
// not parse, or refers to what this workload or stack does not have, is
// refused with its key path.
func (c *Config) expandEnvironments() error {
	var errs []error
	expand := func(name string, t *schema.Task) {
		if t.Environment == nil {
			return
		}
		out := make(map[string]string, len(t.Environment))
		for _, k := range slices.Sorted(maps.Keys(t.Environment)) {
			path := c.workloadPath(name) + ".environment." + k
			tmpl, err := schema.ParseTemplate(t.Environment[k])
			var ve *schema.ValueError
			if errors.As(err, &ve) {
				errs = append(errs, validate.Field(path, ve.Value, ve.Problem, ve.Want))
				continue
			}
			for _, ref := range tmpl.Refs() {
				errs = append(errs, c.checkFact(path, name, ref))
			}
			out[k] = tmpl.Expand(func(ref string) string { return c.fact(name, ref) })
		}
		t.Environment = out
	}
	c.Workloads.EachTask(expand)
	return errors.Join(errs...)
}

// checkFact refuses a reference the workload cannot have: ${host} outside a
// service, a service that does not exist (or that a preview does not run).
func (c *Config) checkFact(path, workload, ref string) error {
	if ref == "host" && !hasKey(c.Workloads.Services, workload) {
		return validate.Field(path, "${host}", "is a service's own host, and "+workload+" is not a service", "${service.<name>.url} of a service")
	}
	service := schema.ReferencedService(ref)
	if service == "" {
		return nil
	}
	if !hasKey(c.Workloads.Services, service) {
		return validate.Field(path, "${"+ref+"}", "names a service the stack does not have", "one of: "+strings.Join(slices.Sorted(maps.Keys(c.Workloads.Services)), ", "))
	}
	return nil
}

// fact is the value of a reference for one workload of this stack.
func (c *Config) fact(workload, ref string) string {
	switch ref {
	case "domain":
		return c.Domain
	case "host":
		return c.hostOf(workload)
	case "stack":
		return c.Stack
	case "region":
		return c.Region
	case "project":
		return c.Project
	}
	return "https://" + c.hostOf(schema.ReferencedService(ref))
}

// hostOf is where a service answers in this stack: in a preview, the
// preview's own host for a service it runs.
func (c *Config) hostOf(service string) string {
	s := c.Workloads.Services[service]
	if c.Preview != nil && slices.Contains(c.PreviewedServices(), service) {
		return c.previewName(service) + "." + c.Domain
	}
	return c.Host(s)
}

// credentialsInURL and privateKey are values that are secrets whatever their name.
var (
	credentialsInURL = regexp.MustCompile(`^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`)
	privateKey       = "-----BEGIN"
)

// validateNaming checks a task's variables: names that look like secrets
// (unless the stack allows them), values that hold credentials, endpoint
// names and the stack's own secrets. A value is never shown.
func (c *Config) validateNaming(path string, t schema.Task) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(t.Environment)) {
		v := t.Environment[k]
		switch {
		case validate.SecretName(k) && !slices.Contains(c.AllowPlainVariables, k):
			errs = append(errs, validate.Field(path+".environment."+k, "(value hidden)", "looks like a secret", "declare it under secrets (secret:<name> for a value of this stack), or list it in "+c.key("allowPlainVariables")))
		case credentialsInURL.MatchString(v):
			errs = append(errs, validate.Field(path+".environment."+k, "(value hidden)", "holds a user and password in a URL", "the password under secrets and the URL composed by the application"))
		case strings.HasPrefix(strings.TrimSpace(v), privateKey):
			errs = append(errs, validate.Field(path+".environment."+k, "(value hidden)", "is a private key", "declare it under secrets"))
		}
	}
	if t.EndpointNames != "" {
		errs = append(errs, validate.OneOf(path+".endpointNames", t.EndpointNames, schema.PresetNames...))
	}
	for _, key := range slices.Sorted(maps.Keys(t.Endpoints)) {
		at := path + ".endpoints." + key
		if problem := schema.EndpointKeyProblem(key, t.Endpoints[key]); problem != "" {
			value := any(key)
			if problem == "is not a variable name" {
				value = t.Endpoints[key]
			}
			errs = append(errs, validate.Field(at, value, problem, "one of "+strings.Join(schema.EndpointKeys(), ", ")+" (<name> a queue or bucket), to a variable name"))
			continue
		}
		switch kind, name := schema.PerName(key); {
		case kind == "queue" && !c.hasQueue(name):
			errs = append(errs, validate.Field(at, key, "names a queue "+c.key("data")+" does not have", "one of: "+strings.Join(c.queueNames(), ", ")))
		case kind == "bucket" && !c.hasBucket(name):
			errs = append(errs, validate.Field(at, key, "names a bucket "+c.key("data")+" does not have", "one of: "+strings.Join(c.bucketNames(), ", ")))
		}
	}
	return errors.Join(errs...)
}

// validateSecretValues refuses a value for a secret no workload names.
func (c *Config) validateSecretValues() error {
	named := c.Workloads.NamedSecrets()
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(c.SecretValues)) {
		if _, used := named[name]; !used {
			errs = append(errs, validate.Field(c.key("secretValues")+"."+name, name, "is not a secret any workload names", "a name used as secret:<name>; one of: "+strings.Join(slices.Sorted(maps.Keys(named)), ", ")))
		}
	}
	return errors.Join(errs...)
}

// secretName is the Secrets Manager name of one of the stack's own secrets.
func (c *Config) secretName(name string) string { return c.Project + "/" + c.Stack + "/" + name }

// secretArgs are the stack's own secrets, one per name a workload uses
// (held-back ones included, so the secret is there before they roll), sorted, each with its value when the stack sets one.
func (c *Config) secretArgs() []data.SecretArgs {
	named := c.Workloads.NamedSecrets()
	var out []data.SecretArgs
	for _, name := range slices.Sorted(maps.Keys(named)) {
		s := data.SecretArgs{Key: name, Name: c.secretName(name)}
		if v, ok := c.SecretValues[name]; ok {
			s.Value = pulumi.String(v)
		}
		out = append(out, s)
	}
	return out
}

// emptySecrets are the stack's own secrets without a value in the stack:
// they are created empty and must be put out of band before a task reads them.
func (c *Config) emptySecrets() []string {
	var out []string
	for _, s := range c.secretArgs() {
		if s.Value == nil {
			out = append(out, s.Name)
		}
	}
	return out
}
