package policy

import (
	"encoding/json"
	"fmt"
)

// want returns "" when ok, else the fix.
func want(ok bool, fix string, args ...any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf(fix, args...)
}

// containers parses a task definition's container definitions.
func containers(r Resource) []map[string]any {
	var out []map[string]any
	_ = json.Unmarshal([]byte(r.String("containerDefinitions")), &out)
	return out
}

// eachContainer returns the first container for which bad says something.
func eachContainer(r Resource, bad func(c map[string]any) string) string {
	for _, c := range containers(r) {
		if problem := bad(c); problem != "" {
			return fmt.Sprintf("container %v %s", c["name"], problem)
		}
	}
	return ""
}

// publicCIDR reports whether a CIDR is the whole internet.
func publicCIDR(v any) bool { return v == "0.0.0.0/0" || v == "::/0" }

// wideOpen is an ingress from the internet on a port other than HTTP(S).
func wideOpen(fromPort, toPort any, cidrs ...any) bool {
	for _, c := range cidrs {
		if publicCIDR(c) && !((fromPort == 80.0 || fromPort == 443.0) && toPort == fromPort) {
			return true
		}
	}
	return false
}

// statements parses an IAM policy document input.
func statements(r Resource, input string) []map[string]any {
	var doc struct {
		Statement []map[string]any
	}
	_ = json.Unmarshal([]byte(r.String(input)), &doc)
	return doc.Statement
}

func listOf(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}
