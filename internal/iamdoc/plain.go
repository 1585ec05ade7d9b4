package iamdoc

import (
	"encoding/json"
	"fmt"
	"unicode"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ManagedPolicyMaxChars is the most characters a customer managed policy may
// hold, white space not counted ("IAM and AWS STS quotas", IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, stored copy read 2026-12-01).
const ManagedPolicyMaxChars = 6144

// ManagedPoliciesPerRole is the default quota of managed policies attached to
// one role (same source; it can be raised to 20 on request).
const ManagedPoliciesPerRole = 10

// TrustPolicyMaxChars is the default quota of a role trust policy's length
// (same source; it can be raised to 4,096 on request).
const TrustPolicyMaxChars = 2048

// JSON renders statements whose resources and principals are all literal
// strings, so that the document's size is known when the program runs.
func JSON(statements ...Statement) (string, error) {
	list := make([]map[string]any, 0, len(statements))
	for _, s := range statements {
		m := map[string]any{"Effect": "Allow"}
		if s.Deny {
			m["Effect"] = "Deny"
		}
		if s.Sid != "" {
			m["Sid"] = s.Sid
		}
		if len(s.Actions) > 0 {
			m["Action"] = s.Actions
		}
		if len(s.NotActions) > 0 {
			m["NotAction"] = s.NotActions
		}
		if len(s.Resources) > 0 {
			resources, err := literals(s.Resources)
			if err != nil {
				return "", fmt.Errorf("statement %q: %w", s.Sid, err)
			}
			m["Resource"] = resources
		}
		if len(s.Principal) > 0 {
			principal := map[string]string{}
			for k, v := range s.Principal {
				text, ok := v.(pulumi.String)
				if !ok {
					return "", fmt.Errorf("statement %q: principal %s is not known until deployment", s.Sid, k)
				}
				principal[k] = string(text)
			}
			m["Principal"] = principal
		}
		if len(s.Condition) > 0 {
			m["Condition"] = s.Condition
		}
		list = append(list, m)
	}
	out, err := json.Marshal(map[string]any{"Version": Version, "Statement": list})
	return string(out), err
}

func literals(inputs []pulumi.StringInput) ([]string, error) {
	out := make([]string, len(inputs))
	for i, in := range inputs {
		text, ok := in.(pulumi.String)
		if !ok {
			return nil, fmt.Errorf("resource %d is not known until deployment", i)
		}
		out[i] = string(text)
	}
	return out, nil
}

// Chars is a policy document's size as IAM counts it: white space outside
// strings is not counted, and the platform's documents have none inside.
func Chars(document string) int {
	n := 0
	for _, r := range document {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// Pack splits statements, in order, into as few documents as fit under limit
// characters each. A statement too big for a document of its own is an error.
func Pack(statements []Statement, limit int) ([]string, error) {
	var docs []string
	var current []Statement
	flush := func() error {
		if len(current) == 0 {
			return nil
		}
		doc, err := JSON(current...)
		if err != nil {
			return err
		}
		docs = append(docs, doc)
		current = nil
		return nil
	}
	for _, s := range statements {
		alone, err := JSON(s)
		if err != nil {
			return nil, err
		}
		if Chars(alone) > limit {
			return nil, fmt.Errorf("statement %q alone is %d characters, more than a policy's %d", s.Sid, Chars(alone), limit)
		}
		doc, err := JSON(append(current, s)...)
		if err != nil {
			return nil, err
		}
		if Chars(doc) > limit {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		current = append(current, s)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return docs, nil
}

// Strings are literal resources for a statement.
func Strings(values ...string) []pulumi.StringInput {
	out := make([]pulumi.StringInput, len(values))
	for i, v := range values {
		out[i] = pulumi.String(v)
	}
	return out
}
