package awsfacts

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Tag limits common to the AWS services the platform tags. Keys and values
// are case-sensitive: "Env" and "env" are two keys.
const (
	// MaxUserTags is how many tags a resource takes besides AWS's own aws: tags,
	// which do not count.
	MaxUserTags = 50
	// MaxTagKeyChars is the longest key in Unicode characters. Most services
	// take 128; EC2's CreateTags takes 127, and every stack tags EC2 resources
	// (VPC, subnets, security groups) with its default tags.
	MaxTagKeyChars = 127
	// MaxTagValueChars is the longest value in Unicode characters; a value may be empty.
	MaxTagValueChars = 256
	// ReservedTagPrefix begins keys and values only AWS may write, in any case.
	ReservedTagPrefix = "aws:"
)

// tagChars is the character set the tag APIs accept: letters, numbers and
// spaces in any script, and _ . : / = + - @ (the IAM Tag pattern).
var tagChars = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// TagCharsAllowed describes tagChars for messages.
const TagCharsAllowed = "letters, numbers, spaces and _ . : / = + - @"

var _ = register(Source{
	Table: "tag limits",
	Document: "AWS Batch user guide, \"Tag restrictions\" https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html (the common rules); " +
		"IAM API reference, \"Tag\" https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html (pattern [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@], key 1-128, value 0-256); " +
		"Amazon EC2 API reference, \"Tag\" https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html (key at most 127, no aws: prefix); " +
		"Amazon ECS API reference, \"Tag\" https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html (50 tags per resource; aws: in any case reserved for keys and values, not counted). Stored copies.",
	Checked: day("2026-12-01"),
})

// TagProblem is one tag AWS would refuse, in plain words.
type TagProblem struct {
	// Key is the tag's key as written.
	Key string
	// AllTags marks a problem with the whole set (too many tags) rather than one tag.
	AllTags bool
	// Problem says what is wrong and what is allowed.
	Problem string
}

func (p TagProblem) String() string {
	if p.AllTags {
		return p.Problem
	}
	return fmt.Sprintf("tag %q: %s", p.Key, p.Problem)
}

// CheckTags returns what AWS would refuse in the tags one resource carries,
// sorted by key: each key and value is checked against the limits, and the
// count against MaxUserTags. Pass the tags the resource ends up with — the
// platform's own and the user's merged — since the limit is on their sum.
// Values are never quoted back, so a secret pasted into a tag does not leak
// into an error.
func CheckTags(tags map[string]string) []TagProblem {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var problems []TagProblem
	add := func(key, format string, args ...any) {
		problems = append(problems, TagProblem{Key: key, Problem: fmt.Sprintf(format, args...)})
	}
	for _, k := range keys {
		v := tags[k]
		switch n := utf8.RuneCountInString(k); {
		case n == 0:
			add(k, "the key is empty; a key has 1 to %d characters", MaxTagKeyChars)
		case n > MaxTagKeyChars:
			add(k, "the key has %d characters; at most %d", n, MaxTagKeyChars)
		}
		if !utf8.ValidString(k) || !tagChars.MatchString(k) {
			add(k, "the key has characters AWS refuses; allowed are %s", TagCharsAllowed)
		}
		if reserved(k) {
			add(k, "the key starts with %s, which is reserved for AWS in any case", ReservedTagPrefix)
		}
		if n := utf8.RuneCountInString(v); n > MaxTagValueChars {
			add(k, "the value has %d characters; at most %d", n, MaxTagValueChars)
		}
		if !utf8.ValidString(v) || !tagChars.MatchString(v) {
			add(k, "the value has characters AWS refuses; allowed are %s", TagCharsAllowed)
		}
		if reserved(v) {
			add(k, "the value starts with %s, which is reserved for AWS in any case", ReservedTagPrefix)
		}
	}
	if user := countUserTags(keys); user > MaxUserTags {
		problems = append(problems, TagProblem{AllTags: true, Problem: fmt.Sprintf(
			"the resource would carry %d tags, the platform's included; AWS allows %d", user, MaxUserTags)})
	}
	return problems
}

func reserved(s string) bool { return strings.HasPrefix(strings.ToLower(s), ReservedTagPrefix) }

// countUserTags counts the tags that count against MaxUserTags: all but aws: ones.
func countUserTags(keys []string) int {
	n := 0
	for _, k := range keys {
		if !reserved(k) {
			n++
		}
	}
	return n
}
