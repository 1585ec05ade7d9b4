package validate

import (
	"strings"
	"testing"
)

func TestAWSKeysAreFoundByPathAndNeverShown(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	cases := []struct {
		name  string
		value any
		paths []string
	}{
		{"a key id alone", id, []string{"k"}},
		{"a temporary key id in text", "creds ASIAIOSFODNN7EXAMPLE here", []string{"k"}},
		{"a key id and its secret side by side", map[string]any{"id": id, "secret": secret}, []string{"k.id", "k.secret"}},
		{"a key id in a list", []any{"x", id}, []string{"k[1]"}},
		{"a 40-character value alone is not a key", map[string]any{"hash": secret}, nil},
		{"too short to be a key id", "AKIA1234", nil},
		{"an IAM user's unique id is not a key", "AIDAIOSFODNN7EXAMPLE", nil},
		{"part of a longer word", "XAKIAIOSFODNN7EXAMPLEX", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := AWSKeys("k", tc.value)
			got := Flatten(err)
			if len(got) != len(tc.paths) {
				t.Fatalf("got %v, want errors at %v", err, tc.paths)
			}
			for i, e := range got {
				msg := e.Error()
				if !strings.HasPrefix(msg, `validate "`+tc.paths[i]+`": looks like an AWS access key`) || strings.Contains(msg, id) || strings.Contains(msg, secret) {
					t.Errorf("message %q, want the path %s and no value", msg, tc.paths[i])
				}
			}
		})
	}
}
