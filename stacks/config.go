package stacks

import (
	"cmp"
	"errors"
	"maps"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"platform/internal/awsfacts"
	"platform/internal/schema"
	"platform/internal/tier"
	"platform/internal/validate"
)

// Tier is an environment tier; tier defaults hang off it.
type Tier = tier.Tier

// The tiers. Every stack is exactly one of them; pull-request previews are dev.
const (
	Dev        = tier.Dev
	Staging    = tier.Staging
	Production = tier.Production
)

// Tiers lists the tiers in promotion order.
var Tiers = tier.All

// Config is one stack's input, resolved: what its config says with every
// default applied (see Resolve), plus the stack's identity. It is read-only:
// deploy-time values (VPC ids, providers) are passed to the adapters as
// arguments, never written here.
type Config struct {
	// Project names the Pulumi project; it is also the config namespace.
	Project string
	// Stack names the stack being deployed.
	Stack string
	// Region is `aws:region`, the region of every regional resource.
	Region string
	// Accounts are `aws:allowedAccountIds`: the only AWS accounts the stack's
	// providers may run in. Default: none (any).
	Accounts []string
	// Tier is the validated `environment`.
	Tier Tier
	// Resolved is the stack's config after Resolve.
	Resolved
	// statedDelegated: the stack file says its domain is delegated to the
	// zone (access.delegated: true), which no graph can show.
	statedDelegated bool
	// promotionSource is the account and region of the stack whose images
	// this one promotes (production: staging's); empty parts are this
	// stack's own.
	promotionSource StackAccounts
	// held are the workloads not rolled out, with the reason: their image is
	// not pushed yet, or they wait on a migration that is held.
	held map[string]string
}

// Resolved is a stack's config after Resolve: every optional field is set.
type Resolved = schema.Stack

var (
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// maxDomainLen is the DNS limit on a whole name.
const maxDomainLen = 253

// reservedTags are set by the platform itself and cannot be overridden.
var reservedTags = []string{"environment", "project", "stack", "managed-by", "owner"}

// LoadConfig reads and validates the stack's config from the running program.
// The config namespace is the project's name.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	get := func(key string) string { return config.Get(ctx, key) }
	return ReadConfig(ctx.Project(), ctx.Stack(), cmp.Or(ctx.RootDirectory(), "."), get)
}

// ReadConfig reads and validates a stack's config through get (a full key,
// "<project>:domain" or "aws:region", to its text; "" when unset) and the
// product files under root: what LoadConfig does, without a running program,
// so validation can be exercised alone.
func ReadConfig(project, stack, root string, get func(key string) string) (*Config, error) {
	raw := schema.Raw{}
	for _, key := range schema.Keys {
		if v := get(project + ":" + key); v != "" {
			raw[key] = v
		}
	}
	env := Environment{Project: project, Stack: stack, Region: get("aws:region")}
	var err error
	if env.Product, err = schema.LoadProduct(root); err != nil {
		return nil, err
	}
	if env.Accounts, err = parseAccounts(get(AccountsKey)); err != nil {
		return nil, err
	}
	if len(env.Accounts) > 0 || get(project+":environment") == string(Production) {
		if env.Siblings, err = readStackAccounts(root, project); err != nil {
			return nil, err
		}
	}
	if env.BasePlacement, err = readBasePlacement(root, project, raw); err != nil {
		return nil, err
	}
	return ParseConfig(env, raw)
}

// Environment is what a stack's config is read against: its identity, its
// product files, and the accounts it and its sibling stack files are pinned to.
type Environment struct {
	Project, Stack, Region string
	// Product are the workloads of the project's product files.
	Product schema.Workloads
	// Accounts are the stack's aws:allowedAccountIds.
	Accounts []string
	// Siblings are every stack file's tier, region and pinned accounts (read
	// only when the stack is pinned, or production, which promotes from
	// staging's registry).
	Siblings []StackAccounts
	// BasePlacement is a preview's base stack's recorded placement.
	BasePlacement map[string]schema.Placed
}

// ParseConfig decodes, resolves and validates raw config and the product
// files' workloads. All problems are reported together, each naming its key
// as the user wrote it.
func ParseConfig(env Environment, raw schema.Raw) (*Config, error) {
	project, stack := env.Project, env.Stack
	if err := validateNoAWSKeys(project, raw, env.Product); err != nil {
		return nil, err
	}
	in, err := schema.Decode(project, raw)
	if err != nil {
		return nil, err
	}
	if in.Workloads, err = env.Product.Merge(in.Workloads, project+":workloads"); err != nil {
		return nil, err
	}
	if in.Workloads, err = in.Workloads.Override(in.Overrides, project+":overrides"); err != nil {
		return nil, err
	}
	in.Domain = strings.TrimSuffix(in.Domain, ".")
	c := &Config{Project: project, Stack: stack, Region: env.Region, Tier: Tier(in.Environment), Accounts: env.Accounts}
	if err := c.validateIdentity(in); err != nil {
		return nil, err
	}
	if len(env.Accounts) > 0 && in.Preview == nil {
		// Pinned stacks: which one creates the account's GitHub OIDC
		// provider follows from the stack files, before defaults apply.
		mode, err := c.oidcMode(in.Access.GitHub.OIDCProvider, env.Siblings)
		if err != nil {
			return nil, err
		}
		in.Access.GitHub.OIDCProvider = mode
	}
	c.promotionSource = promotionSource(c.promotesFrom(), env.Siblings)
	c.statedDelegated = in.Access.Delegated != nil && *in.Access.Delegated
	if in.Preview != nil {
		in.Placement = env.BasePlacement
	}
	c.Resolved = Resolve(*in, c.Tier, stack)
	// Stack facts are filled into environment values once, after every default.
	factsErr := c.expandEnvironments()
	if c.Preview == nil {
		c.held = c.notRolledOut()
	}
	if c.Preview != nil {
		// A preview has no network, access or data of its own: the base stack's serve it.
		_, placementErr := c.placement()
		if err := errors.Join(factsErr, c.validatePreview(), c.validateIgnoredByPreview(raw), placementErr); err != nil {
			return nil, writtenWhere(project, in.Sizes, in.Overrides, env.Product, err)
		}
		return c, nil
	}
	if err := errors.Join(
		c.validatePause(),
		c.validateCanary(),
		validate.Nest(c.key("network"), networkArgs(c).Validate()),
		validate.Nest(c.key("access"), c.accessArgs(accessInputs{}).Validate()),
		validate.Nest(c.key("data"), dataArgs(c, nil, nil).Validate()),
		factsErr,
		c.validateWorkloads(),
		c.validateSecretValues(),
		c.validateFunctions(),
		c.validateEgress(),
		c.validateIngress(),
		validate.Nest(c.key("observability"), c.observabilityConfig().Validate(c.watchedWorkloads())),
	); err != nil {
		return nil, writtenWhere(project, in.Sizes, in.Overrides, env.Product, err)
	}
	if err := errors.Join(c.validateWorkloadArgs(), c.validateEnvironment()); err != nil {
		return nil, writtenWhere(project, in.Sizes, in.Overrides, env.Product, err)
	}
	return c, nil
}

// validateIdentity checks what every other check depends on: region, tier,
// domain, owner and tags.
func (c *Config) validateIdentity(in *schema.Stack) error {
	var errs []error
	switch {
	case c.Region == "":
		errs = append(errs, validate.Missing("aws:region", "an AWS region such as us-east-1"))
	default:
		if _, ok := awsfacts.LookupRegion(c.Region); !ok {
			errs = append(errs, validate.Field("aws:region", c.Region, "is not an AWS commercial Region", awsfacts.RegionWant(c.Region)))
		}
	}
	if copy := in.Observability.BackupCopyRegion; copy != "" {
		path := c.key("observability") + ".backupCopyRegion"
		if _, ok := awsfacts.LookupRegion(copy); !ok {
			errs = append(errs, validate.Field(path, copy, "is not an AWS commercial Region", awsfacts.RegionWant(copy)))
		} else if copy == c.Region {
			errs = append(errs, validate.Field(path, copy, "is the stack's own region: a copy there survives nothing the original does not", "another region"))
		}
	}
	if c.Tier == "" {
		errs = append(errs, validate.Missing(c.key("environment"), "one of dev, staging, production"))
	} else {
		errs = append(errs, validate.OneOf(c.key("environment"), c.Tier, Tiers...))
	}
	switch {
	case in.Domain == "":
		errs = append(errs, validate.Missing(c.key("domain"), "the base DNS name of the environment, e.g. staging.example.com"))
	case len(in.Domain) > maxDomainLen || !domainPattern.MatchString(in.Domain):
		errs = append(errs, validate.Field(c.key("domain"), in.Domain, "is not a lower-case DNS name", "e.g. staging.example.com"))
	}
	for k := range in.Tags {
		for _, r := range reservedTags {
			if strings.EqualFold(k, r) {
				errs = append(errs, validate.Field(c.key("tags")+"."+k, in.Tags[k], "is set by the platform", "a tag key other than "+strings.Join(reservedTags, ", ")))
			}
		}
	}
	// AWS's limits on the tags every resource gets: the user's and the
	// platform's together (count, lengths, characters, the aws: prefix).
	all := maps.Clone(in.Tags)
	if all == nil {
		all = map[string]string{}
	}
	for _, k := range reservedTags {
		all[k] = "x"
	}
	for _, p := range awsfacts.CheckTags(all) {
		path := c.key("tags")
		if !p.AllTags {
			path += "." + p.Key
		}
		errs = append(errs, validate.Field(path, nil, p.Problem, "at most 50 tags, keys of 1 to 127 and values of up to 256 letters, digits, spaces and _.:/=+-@, not starting with aws:"))
	}
	return errors.Join(errs...)
}

// key returns the full config key of a platform setting: the project's
// namespace and the name.
func (c *Config) key(name string) string { return c.Project + ":" + name }

// Gated reports whether the environment puts browser-facing hosts behind the gate.
func (c *Config) gated() bool { return *c.Gate }
