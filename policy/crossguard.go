package policy

import (
	"context"
	"slices"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"platform/internal/graph"
	"platform/internal/graph/engine"
	"platform/internal/tier"
)

// PackName and PackVersion identify the CrossGuard pack.
const PackName = "platform-fsbp"

// PackVersion is the pack's version.
var PackVersion = semver.MustParse("0.1.0")

// CrossGuardPack is the policy pack `pulumi preview --policy-pack ./policy/pack`
// runs: every portable rule, mandatory, with the same exceptions as the
// offline plan. The tier comes from the environment tag of the resource's
// provider. Rules that need other resources (GraphCheck) are left out:
// policyx runs resource policies only (its stack analysis is unimplemented).
func CrossGuardPack() (policyx.PolicyPack, error) {
	var policies []policyx.Policy
	for _, rule := range Rules {
		if !rule.Portable() {
			continue
		}
		policies = append(policies, policyx.NewResourceValidationPolicy(rule.Control, policyx.ResourceValidationPolicyArgs{
			Description:      rule.Title,
			EnforcementLevel: policyx.EnforcementLevelMandatory,
			ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
				r := args.Resource
				if !slices.Contains(rule.Types, r.Type) {
					return nil
				}
				view := Resource{URN: r.URN, Type: r.Type, Name: r.Name, Inputs: engine.Plain(resource.ToResourcePropertyMap(r.Properties))}
				problem := rule.Check(view)
				if problem == "" || Excepted(rule.Control, tierTag(r), r.Name) != "" {
					return nil
				}
				args.Manager.ReportViolation(r.Type+" "+r.Name+": "+problem, r.URN)
				return nil
			},
		}))
	}
	return policyx.NewPolicyPack(PackName, PackVersion, policyx.EnforcementLevelMandatory, policies)
}

// tierTag is the environment tag the platform's provider puts on everything;
// a missing or unknown tag is no tier, so no tier-bound exception applies.
func tierTag(r policyx.AnalyzerResource) tier.Tier {
	props := engine.Plain(resource.ToResourcePropertyMap(r.Provider.Properties))
	tag, _ := (&graph.Resource{Inputs: props}).Input("defaultTags.tags.environment").(string)
	t, _ := tier.Parse(tag)
	return t
}
