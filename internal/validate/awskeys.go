package validate

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// AWS access key ids begin AKIA (an IAM user's access key) or ASIA
// (temporary, AWS STS) — the only access-key prefixes in IAM User Guide, "IAM
// identifiers", Understanding unique ID prefixes
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html,
// re-checked 2026-12-01; AIDA, AROA and the other prefixes name users, roles
// and policies, which are not secret). The 16 characters after the prefix are
// base32 (A-Z, 2-7); the pattern takes A-Z and 0-9, a superset, as secret
// scanners such as GitHub's do. The secret access key is 40 characters of
// base64 ("Manage access keys for IAM users").
var (
	accessKeyID     = regexp.MustCompile(`(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)`)
	secretAccessKey = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
)

// AWSKeys refuses every plain-text AWS access key id in v (a decoded
// JSON or YAML value written at path; "" for a mapping of whole keys), and
// every 40-character secret access key beside one. The value is never
// shown: the message names the key path.
func AWSKeys(path string, v any) error {
	var errs []error
	walkKeys(path, v, &errs)
	return errors.Join(errs...)
}

func walkKeys(path string, v any, errs *[]error) {
	refuse := func(at string) {
		*errs = append(*errs, Field(at, nil, "looks like an AWS access key in plain text: anyone who can read the file can use it",
			"no AWS keys in config: workloads get AWS access from their task roles, other credentials go in Secrets Manager under secrets"))
	}
	switch t := v.(type) {
	case string:
		if accessKeyID.MatchString(t) {
			refuse(path)
		}
	case []any:
		for i, e := range t {
			walkKeys(fmt.Sprintf("%s[%d]", path, i), e, errs)
		}
	case map[string]any:
		hasID := false
		for _, e := range t {
			if s, ok := e.(string); ok && accessKeyID.MatchString(s) {
				hasID = true
			}
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			at := k
			if path != "" {
				at = path + "." + k
			}
			if s, ok := t[k].(string); ok && hasID && secretAccessKey.MatchString(s) {
				refuse(at)
				continue
			}
			walkKeys(at, t[k], errs)
		}
	}
}
