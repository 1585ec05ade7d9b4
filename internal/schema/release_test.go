package schema

import (
	"strings"
	"testing"
)

func TestReleaseValidate(t *testing.T) {
	for _, c := range []struct {
		name    string
		release Release
		want    string
	}{
		{"unset", Release{}, ""},
		{"rolling", Release{Strategy: "rolling"}, ""},
		{"canary default steps", Release{Strategy: "canary"}, ""},
		{"canary steps", Release{Strategy: "canary", Steps: []int{5, 25, 100}}, ""},
		{"unknown strategy", Release{Strategy: "blue-green"}, `"strategy": "blue-green" is not a release strategy`},
		{"steps without canary", Release{Steps: []int{10, 100}}, `"steps": 2 are only for a canary release`},
		{"no steps", Release{Strategy: "canary", Steps: []int{}}, `"steps": 0 is not a number of steps`},
		{"too many steps", Release{Strategy: "canary", Steps: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100}}, `"steps": 11 is not a number of steps`},
		{"zero", Release{Strategy: "canary", Steps: []int{0, 100}}, `"steps[0]": 0 is not a share of the traffic`},
		{"not increasing", Release{Strategy: "canary", Steps: []int{50, 50, 100}}, `"steps[1]": 50 does not increase`},
		{"last not 100", Release{Strategy: "canary", Steps: []int{10, 50}}, `"steps[1]": 50 is not the whole traffic`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.release.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}
