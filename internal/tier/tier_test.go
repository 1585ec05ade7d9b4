package tier

import "testing"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Tier
		err  string
	}{
		{in: "dev", want: Dev},
		{in: "staging", want: Staging},
		{in: "production", want: Production},
		{in: "prod", err: `validate "environment": "prod" is not allowed, want one of dev, staging, production`},
		{in: "Dev", err: `validate "environment": "Dev" is not allowed, want one of dev, staging, production`},
		{in: "", err: `validate "environment": "" is not allowed, want one of dev, staging, production`},
	} {
		got, err := Parse(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err || got != "" {
				t.Errorf("Parse(%q) = %q, %v; want error %s", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestAllIsInPromotionOrder(t *testing.T) {
	want := []Tier{"dev", "staging", "production"}
	if len(All) != len(want) {
		t.Fatalf("All = %v, want %v", All, want)
	}
	for i := range want {
		if All[i] != want[i] {
			t.Errorf("All[%d] = %q, want %q", i, All[i], want[i])
		}
	}
}
