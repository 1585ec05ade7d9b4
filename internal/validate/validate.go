// Package validate is the one home of the platform's input errors: every
// rejected value names its config path, the value and what is allowed, in the
// form `validate "services[web].cpu": 300 is not a Fargate size, want one of 256, 512`.
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Error is one rejected input.
type Error struct {
	// Path locates the value, e.g. "platform:network.azCount" or "services[web].cpu".
	Path string
	// Value is the rejected value as the user wrote it; nil when the value is missing.
	Value any
	// Problem says what is wrong, e.g. "is out of range".
	Problem string
	// Want says what is allowed, e.g. "2 to 6".
	Want string
}

func (e *Error) Error() string {
	value := "missing value"
	if e.Value != nil {
		value = fmt.Sprintf("%v", e.Value)
		// Strings, named string types included, are quoted so "" and " x" show.
		if v := reflect.ValueOf(e.Value); v.Kind() == reflect.String {
			value = fmt.Sprintf("%q", v.String())
		}
	}
	msg := fmt.Sprintf("validate %q: %s %s", e.Path, value, e.Problem)
	if e.Value == nil {
		msg = fmt.Sprintf("validate %q: %s", e.Path, e.Problem)
	}
	if e.Want != "" {
		msg += ", want " + e.Want
	}
	return msg
}

// Field returns an Error for the value at path.
func Field(path string, value any, problem, want string) error {
	return &Error{Path: path, Value: value, Problem: problem, Want: want}
}

// Missing returns an Error for a required value that is absent.
func Missing(path, want string) error {
	return &Error{Path: path, Problem: "is required", Want: want}
}

// OneOf returns nil when value is one of allowed, else an Error listing them.
func OneOf[T comparable](path string, value T, allowed ...T) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return Field(path, value, "is not allowed", "one of "+join(allowed))
}

// Range returns nil when min <= value <= max.
func Range(path string, value, minimum, maximum int) error {
	if value < minimum || value > maximum {
		return Field(path, value, "is out of range", fmt.Sprintf("%d to %d", minimum, maximum))
	}
	return nil
}

// Nest prefixes the path of every Error in err with prefix: Nest("platform:network", e)
// turns "cidr" into "platform:network.cidr" and "[web].cpu" into "platform:network[web].cpu".
// Other errors are wrapped with the prefix.
func Nest(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range Flatten(err) {
		var ve *Error
		if errors.As(e, &ve) {
			nested := *ve
			switch {
			case nested.Path == "":
				nested.Path = prefix
			case strings.HasPrefix(nested.Path, "["):
				nested.Path = prefix + nested.Path
			default:
				nested.Path = prefix + "." + nested.Path
			}
			out = append(out, &nested)
			continue
		}
		out = append(out, fmt.Errorf("%s: %w", prefix, e))
	}
	return errors.Join(out...)
}

// Flatten lists the single errors inside a (possibly joined) error.
func Flatten(err error) []error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range joined.Unwrap() {
			out = append(out, Flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func join[T any](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprintf("%v", v)
	}
	return strings.Join(parts, ", ")
}
