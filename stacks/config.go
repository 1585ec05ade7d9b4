package stacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"platform/components/access"
	"platform/components/data"
	"platform/components/network"
	"platform/components/observability"
	"platform/internal/validate"
)

// Namespace is the Pulumi config namespace of the platform's keys.
const Namespace = "platform"

// Tier is an environment tier; tier defaults hang off it.
type Tier string

// The tiers. Every stack is exactly one of them; pull-request previews are dev.
const (
	Dev        Tier = "dev"
	Staging    Tier = "staging"
	Production Tier = "production"
)

// Tiers lists the tiers in promotion order.
var Tiers = []Tier{Dev, Staging, Production}

// Config is the validated input of one stack: what Pulumi config says, with the
// tier defaults applied.
type Config struct {
	// Project and Stack name the Pulumi project and stack being deployed.
	Project, Stack string
	// Region is the AWS region of every regional resource (`aws:region`).
	Region string
	// Accounts are `aws:allowedAccountIds`: the only AWS accounts the stack's
	// providers may run in. Default: none (any).
	Accounts []string
	// Tier is `platform:environment`.
	Tier Tier
	// Domain is `platform:domain`: the base DNS name every service host lives under.
	Domain string
	// Owner is `platform:owner`: the team tag on every resource.
	Owner string
	// Tags are `platform:tags`: extra tags on every resource.
	Tags map[string]string
	// Network is `platform:network`.
	Network network.NetworkArgs
	// Access is `platform:access`, completed by the stack (domain, gated hosts, protection).
	Access access.AccessLayerArgs
	// Data is `platform:data`, completed by the stack (placement, protection).
	Data data.DataLayerArgs
	// Workloads is `platform:workloads`, declared once in Pulumi.yaml.
	Workloads Workloads
	// Images is `platform:images`: repository name to the tag or digest deployed.
	Images map[string]string
	// Sizes is `platform:sizes`: workload name to this stack's size.
	Sizes map[string]Sizing
	// Gate is `platform:gate`: browser-facing hosts need a Cognito login.
	// Default: on except in production.
	Gate bool
	gate *bool
	// Observability is `platform:observability`: alert subscribers, threshold
	// overrides and backups.
	Observability observability.Config
	// Preview is `platform:preview`: set, the stack is a pull-request preview.
	Preview *PreviewConfig
	// Paused is `platform:paused`: scale everything to zero, stop schedules,
	// drop NAT gateways, bring Aurora Serverless to its minimum. Default: false.
	Paused bool
}

// ConfigKeys are the platform keys the program reads; objects arrive as JSON.
var ConfigKeys = []string{"environment", "domain", "owner", "tags", "network", "access", "data", "workloads", "images", "sizes", "gate", "paused", "preview", "observability"}

// RawConfig is Pulumi config as written in the stack file, before defaults.
// Keys are config keys without the "platform:" namespace; objects are JSON.
type RawConfig map[string]string

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d$`)
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	tagKeyPattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)
)

// maxDomainLen is the DNS limit on a whole name.
const maxDomainLen = 253

// reservedTags are set by the platform itself and cannot be overridden.
var reservedTags = []string{"environment", "project", "stack", "managed-by", "owner"}

// LoadConfig reads and validates the stack's config from the running program.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	cfg := config.New(ctx, Namespace)
	raw := RawConfig{}
	for _, key := range ConfigKeys {
		if v := cfg.Get(key); v != "" {
			raw[key] = v
		}
	}
	c, err := ParseConfig(ctx.Project(), ctx.Stack(), config.Get(ctx, "aws:region"), raw)
	if err != nil {
		return nil, err
	}
	return c, c.loadAccounts(ctx)
}

// ParseConfig turns raw config into a validated Config. All problems are
// reported together, each naming its key.
func ParseConfig(project, stack, region string, raw RawConfig) (*Config, error) {
	c := &Config{
		Project: project,
		Stack:   stack,
		Region:  region,
		Tier:    Tier(raw["environment"]),
		Domain:  strings.TrimSuffix(raw["domain"], "."),
		Owner:   raw["owner"],
	}
	errs := []error{
		decodeObject(raw, "tags", &c.Tags),
		decodeObject(raw, "network", &c.Network),
		decodeObject(raw, "access", &c.Access),
		decodeObject(raw, "data", &c.Data),
		decodeObject(raw, "workloads", &c.Workloads),
		decodeObject(raw, "images", &c.Images),
		decodeObject(raw, "sizes", &c.Sizes),
		decodeBool(raw, "gate", &c.gate),
		c.decodePaused(raw),
		decodeObject(raw, "preview", &c.Preview),
		decodeObject(raw, "observability", &c.Observability),
		c.validate(),
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if c.Preview != nil {
		// A preview has no network, access or data of its own: the base stack's serve it.
		return c, c.validatePreview()
	}
	c.withDefaults()
	if err := errors.Join(
		validate.Nest(key("network"), c.Network.Validate()),
		validate.Nest(key("access"), c.Access.Validate()),
		validate.Nest(key("data"), c.Data.Validate()),
		c.validateWorkloads(),
		validate.Nest(key("observability"), c.Observability.Validate(c.watchedWorkloads())),
	); err != nil {
		return nil, err
	}
	if err := c.validateWorkloadArgs(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) validate() error {
	var errs []error
	switch {
	case c.Region == "":
		errs = append(errs, validate.Missing("aws:region", "an AWS region such as us-east-1"))
	case !regionPattern.MatchString(c.Region):
		errs = append(errs, validate.Field("aws:region", c.Region, "is not an AWS region", "a region such as us-east-1 or eu-west-1"))
	}
	if c.Tier == "" {
		errs = append(errs, validate.Missing(key("environment"), "one of dev, staging, production"))
	} else {
		errs = append(errs, validate.OneOf(key("environment"), c.Tier, Tiers...))
	}
	switch {
	case c.Domain == "":
		errs = append(errs, validate.Missing(key("domain"), "the base DNS name of the environment, e.g. staging.example.com"))
	case len(c.Domain) > maxDomainLen || !domainPattern.MatchString(c.Domain):
		errs = append(errs, validate.Field(key("domain"), c.Domain, "is not a lower-case DNS name", "e.g. staging.example.com"))
	}
	if c.Owner == "" {
		errs = append(errs, validate.Missing(key("owner"), "the owning team's name, used as the owner tag"))
	}
	for k := range c.Tags {
		for _, r := range reservedTags {
			if strings.EqualFold(k, r) {
				errs = append(errs, validate.Field(key("tags")+"."+k, c.Tags[k], "is set by the platform", "a tag key other than "+strings.Join(reservedTags, ", ")))
			}
		}
		if !tagKeyPattern.MatchString(k) || strings.HasPrefix(strings.ToLower(k), "aws:") {
			errs = append(errs, validate.Field(key("tags"), k, "is not a valid tag key", "1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:"))
		}
	}
	return errors.Join(errs...)
}

// key returns the full config key of a platform setting.
func key(name string) string { return Namespace + ":" + name }

// decodeObject decodes the JSON object at raw[name] into out, rejecting fields
// the platform does not know so that a typo never passes silently.
func decodeObject(raw RawConfig, name string, out any) error {
	text, ok := raw[name]
	if !ok || text == "" {
		return nil
	}
	var generic any
	err := json.Unmarshal([]byte(text), &generic)
	if err == nil {
		// First, so that an unknown field is named with its full path.
		err = exactKeys(generic, reflect.TypeOf(out).Elem(), "")
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.DisallowUnknownFields()
		err = dec.Decode(out)
	}
	if err != nil {
		return validate.Field(key(name), text, "does not fit this key: "+jsonProblem(err), "the shape documented in Pulumi.yaml")
	}
	return nil
}

// decodeBool reads a boolean key; absent leaves out nil so the tier decides.
func decodeBool(raw RawConfig, name string, out **bool) error {
	text, ok := raw[name]
	if !ok || text == "" {
		return nil
	}
	v, err := strconv.ParseBool(text)
	if err != nil {
		return validate.Field(key(name), text, "is not a boolean", "true or false")
	}
	*out = &v
	return nil
}

func (c *Config) decodePaused(raw RawConfig) error {
	var paused *bool
	if err := decodeBool(raw, "paused", &paused); err != nil {
		return err
	}
	c.Paused = paused != nil && *paused
	return nil
}

// exactKeys rejects object keys that match a field only when case is ignored,
// which encoding/json would accept: "azcount" must not pass for "azCount".
func exactKeys(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch value := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Map:
			for k, e := range value {
				if err := exactKeys(e, t.Elem(), path+k+"."); err != nil {
					return err
				}
			}
		case reflect.Struct:
			fields := jsonFields(t)
			for k, e := range value {
				ft, ok := fields[k]
				if !ok {
					return fmt.Errorf("json: unknown field %q", path+k)
				}
				if err := exactKeys(e, ft, path+k+"."); err != nil {
					return err
				}
			}
		}
	case []any:
		if t.Kind() == reflect.Slice {
			for _, e := range value {
				if err := exactKeys(e, t.Elem(), path); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields, embedded structs
// flattened as encoding/json does, to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			for k, v := range jsonFields(f.Type) {
				fields[k] = v
			}
			continue
		}
		if name != "" && name != "-" {
			fields[name] = f.Type
		}
	}
	return fields
}

// jsonProblem says what encoding/json rejected without its Go type names.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		where := "a value"
		if typeErr.Field != "" {
			where = fmt.Sprintf("field %q", typeErr.Field)
		}
		return fmt.Sprintf("%s must be %s, not %s", where, kindName(typeErr.Type.Kind()), typeErr.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// kindName names a Go kind the way a config author thinks of it.
func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	default:
		return "a number"
	}
}
