// Package tier names the environment tiers. Every stack is exactly one of
// them (pull-request previews are dev). It is plain data, so the policy
// pack, cost and stack configuration share one type without importing each
// other or the Pulumi SDK.
package tier

import "platform/internal/validate"

// Tier is an environment tier: "dev", "staging" or "production".
type Tier string

// The tiers.
const (
	Dev        Tier = "dev"
	Staging    Tier = "staging"
	Production Tier = "production"
)

// All lists the tiers in promotion order.
var All = []Tier{Dev, Staging, Production}

// Parse returns the tier named s; anything else, the empty string included,
// is an error naming the environment setting (config key and tag alike).
func Parse(s string) (Tier, error) {
	t := Tier(s)
	if err := validate.OneOf("environment", t, All...); err != nil {
		return "", err
	}
	return t, nil
}
