package awsfacts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestCheckTags(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	for _, tc := range []struct {
		name string
		tags map[string]string
		want []string
	}{
		{"ordinary tags pass", map[string]string{"Project": "shop", "cost-center": "42", "owner@team": "a/b:c=d+e_f.g h", "Environment": ""}, nil},
		{"unicode letters and numbers pass", map[string]string{"Département": "Économie", "チーム": "開発２"}, nil},
		{"key of 127 characters passes", map[string]string{long(127): "x"}, nil},
		{"value of 256 characters passes", map[string]string{"k": long(256)}, nil},
		{"empty key", map[string]string{"": "x"}, []string{`tag "": the key is empty; a key has 1 to 127 characters`}},
		{"key too long", map[string]string{long(128): "x"}, []string{"the key has 128 characters; at most 127"}},
		{"value too long", map[string]string{"k": long(257)}, []string{`tag "k": the value has 257 characters; at most 256`}},
		{"characters AWS refuses in a key", map[string]string{"team#1": "x"}, []string{`tag "team#1": the key has characters AWS refuses; allowed are letters, numbers, spaces and _ . : / = + - @`}},
		{"characters AWS refuses in a value", map[string]string{"k": "a,b"}, []string{`tag "k": the value has characters AWS refuses`}},
		{"invalid UTF-8", map[string]string{"k": "\xff"}, []string{`tag "k": the value has characters AWS refuses`}},
		{"aws: key in any case", map[string]string{"AWS:owner": "x"}, []string{`tag "AWS:owner": the key starts with aws:, which is reserved for AWS in any case`}},
		{"aws: value", map[string]string{"k": "Aws:thing"}, []string{`tag "k": the value starts with aws:`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range CheckTags(tc.tags) {
				got = append(got, p.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("CheckTags = %q, want %d problems %q", got, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestCheckTagsCountsTheMergedSet(t *testing.T) {
	tags := map[string]string{}
	for i := range MaxUserTags {
		tags[fmt.Sprintf("k%02d", i)] = "v"
	}
	if p := CheckTags(tags); len(p) != 0 {
		t.Errorf("50 tags: %v", p)
	}
	tags["one-more"] = "v"
	p := CheckTags(tags)
	if len(p) != 1 || !p[0].AllTags || p[0].String() != "the resource would carry 51 tags, the platform's included; AWS allows 50" {
		t.Errorf("51 tags: %v", p)
	}
}

func TestCheckTagsNeverQuotesValues(t *testing.T) {
	secret := "hunter2-is-my-password,really"
	for _, p := range CheckTags(map[string]string{"k": secret + long257()}) {
		if strings.Contains(p.String(), "hunter2") {
			t.Errorf("problem quotes the value: %s", p)
		}
	}
}

func long257() string { return strings.Repeat("x", 257) }

func TestCheckTagsIsSortedByKey(t *testing.T) {
	var keys []string
	for _, p := range CheckTags(map[string]string{"b#": "", "a#": "", "c#": ""}) {
		keys = append(keys, p.Key)
	}
	if !slices.Equal(keys, []string{"a#", "b#", "c#"}) {
		t.Errorf("keys = %v", keys)
	}
}
