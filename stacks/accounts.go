package stacks

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"platform/components/access"
	"platform/internal/validate"
)

// AccountsKey pins the AWS accounts a stack may run in; the explicit providers
// refuse any other.
const AccountsKey = "aws:allowedAccountIds"

var accountID = regexp.MustCompile(`^\d{12}$`)

// StackAccounts is what decides which stack creates an account's GitHub OIDC
// provider: a stack file's tier and pinned accounts.
type StackAccounts struct {
	Stack    string
	Tier     Tier
	Accounts []string
	// Region is the stack file's aws:region; empty when it sets none.
	Region string
}

// OIDCOwners maps every pinned account to the stack that creates its GitHub
// OIDC provider: the lowest tier pinned to it (dev, staging, production), the
// first by name within a tier. AWS allows one provider per URL per account.
func OIDCOwners(stacks []StackAccounts) map[string]string {
	sorted := slices.Clone(stacks)
	slices.SortStableFunc(sorted, func(a, b StackAccounts) int {
		return cmp.Or(cmp.Compare(slices.Index(Tiers, a.Tier), slices.Index(Tiers, b.Tier)), strings.Compare(a.Stack, b.Stack))
	})
	owners := map[string]string{}
	for _, s := range sorted {
		for _, account := range s.Accounts {
			if _, taken := owners[account]; !taken {
				owners[account] = s.Stack
			}
		}
	}
	return owners
}

// parseAccounts reads aws:allowedAccountIds as the engine hands it over (a
// JSON list) and checks each id.
func parseAccounts(raw string) ([]string, error) {
	if raw == "" {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(raw), &ids); err != nil {
		return nil, validate.Field(AccountsKey, raw, "is not a list of account ids", `e.g. ["111111111111"]`)
	}
	for i, id := range ids {
		if !accountID.MatchString(id) {
			return nil, validate.Field(fmt.Sprintf("%s[%d]", AccountsKey, i), id, "is not an AWS account id", "12 digits")
		}
	}
	return ids, nil
}

// readStackAccounts reads the tier, region and pinned accounts of every stack file in
// dir, the project's root, where the stack files live; preview stacks create
// no provider and are left out.
func readStackAccounts(dir, project string) ([]StackAccounts, error) {
	key := func(name string) string { return project + ":" + name }
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []StackAccounts
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var stackFile struct {
			Config map[string]any `yaml:"config"`
		}
		if err := yaml.Unmarshal(text, &stackFile); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		if _, preview := stackFile.Config[key("preview")]; preview {
			continue
		}
		s := StackAccounts{Stack: strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "Pulumi."), ".yaml")}
		s.Tier = Tier(fmt.Sprint(stackFile.Config[key("environment")]))
		if region, ok := stackFile.Config["aws:region"].(string); ok {
			s.Region = region
		}
		switch ids := stackFile.Config[AccountsKey].(type) {
		case []any:
			for _, id := range ids {
				s.Accounts = append(s.Accounts, fmt.Sprint(id))
			}
		case string:
			if s.Accounts, err = parseAccounts(ids); err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// oidcMode decides the stack's GitHub OIDC provider from the owners of its
// pinned accounts: the account's owner creates it, the others look it up, and
// a stack file that says otherwise (written, the decoded value) is refused.
func (c *Config) oidcMode(written string, siblings []StackAccounts) (string, error) {
	if !slices.ContainsFunc(siblings, func(s StackAccounts) bool { return s.Stack == c.Stack }) {
		siblings = append(siblings, StackAccounts{Stack: c.Stack, Tier: c.Tier, Accounts: c.Accounts})
	}
	owners := OIDCOwners(siblings)
	want := access.LookupOIDC
	for _, account := range c.Accounts {
		if owners[account] == c.Stack {
			want = access.CreateOIDC
		}
	}
	if written == "" || written == string(want) {
		return string(want), nil
	}
	path := c.key("access") + ".github.oidcProvider"
	for _, a := range c.Accounts {
		if want == access.CreateOIDC && owners[a] == c.Stack {
			return "", validate.Field(path, written, "leaves account "+a+" without a GitHub OIDC provider: this stack is the first pinned to it", `"create", or no setting`)
		}
		if want == access.LookupOIDC && owners[a] != c.Stack {
			return "", validate.Field(path, written, "would create a second GitHub OIDC provider in account "+a+", which stack "+owners[a]+" creates", `"lookup", or no setting`)
		}
	}
	return string(want), nil
}

// allowedAccounts is the providers' allowedAccountIds; nil leaves it unset.
func (c *Config) allowedAccounts() pulumi.StringArrayInput {
	if len(c.Accounts) == 0 {
		return nil
	}
	return pulumi.ToStringArray(c.Accounts)
}

// promotionSource is the stack file of the stack images are promoted from
// (its first pinned account and its region), or nothing when there is none
// or it pins neither: then the deploy pulls in its own account and region.
func promotionSource(from string, siblings []StackAccounts) StackAccounts {
	for _, s := range siblings {
		if from != "" && s.Stack == from {
			return s
		}
	}
	return StackAccounts{Stack: from}
}

// account is the stack's first pinned account, the one of its registry;
// empty when it pins none.
func (s StackAccounts) account() string {
	if len(s.Accounts) == 0 {
		return ""
	}
	return s.Accounts[0]
}
