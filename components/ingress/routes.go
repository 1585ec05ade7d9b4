package ingress

import (
	"fmt"
	"strings"

	"platform/internal/validate"
)

// DefaultRoute takes every request no other route of the API matches.
const DefaultRoute = "$default"

// RouteKeys turn a service's ALB-style path patterns into HTTP API route
// keys: no paths (or /*) is the API's $default route, /prefix/* is
// "ANY /prefix/{proxy+}" (a greedy path variable, which must end the
// path), and an exact path is "ANY /path". An HTTP API matches paths by
// route, not by pattern, so wildcards anywhere else have no route key.
func RouteKeys(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return []string{DefaultRoute}, nil
	}
	var keys []string
	for i, p := range paths {
		key, err := routeKey(p)
		if err != nil {
			return nil, validate.Field(fmt.Sprintf("paths[%d]", i), p, err.Error(), "an exact path (/health) or a prefix ending in /* (/webhooks/*)")
		}
		keys = append(keys, key)
	}
	return keys, nil
}

func routeKey(path string) (string, error) {
	if path == "/*" {
		return DefaultRoute, nil
	}
	prefix, greedy := strings.CutSuffix(path, "/*")
	if !strings.HasPrefix(path, "/") || strings.ContainsAny(prefix, "*?{}") {
		return "", fmt.Errorf("has a wildcard an HTTP API route cannot match")
	}
	if greedy {
		return "ANY " + prefix + "/{proxy+}", nil
	}
	return "ANY " + path, nil
}
