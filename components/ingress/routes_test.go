package ingress

import (
	"slices"
	"testing"
)

func TestRouteKeys(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  []string
		bad   bool
	}{
		{nil, []string{"$default"}, false},
		{[]string{"/*"}, []string{"$default"}, false},
		{[]string{"/webhooks/*"}, []string{"ANY /webhooks/{proxy+}"}, false},
		{[]string{"/health", "/api/v1/*"}, []string{"ANY /health", "ANY /api/v1/{proxy+}"}, false},
		{[]string{"/img/*.png"}, nil, true},
		{[]string{"/a*/b"}, nil, true},
		{[]string{"/a?"}, nil, true},
		{[]string{"/{id}"}, nil, true},
	} {
		got, err := RouteKeys(c.paths)
		if (err != nil) != c.bad {
			t.Errorf("RouteKeys(%v) error = %v, want error %v", c.paths, err, c.bad)
		}
		if !c.bad && !slices.Equal(got, c.want) {
			t.Errorf("RouteKeys(%v) = %v, want %v", c.paths, got, c.want)
		}
	}
}
