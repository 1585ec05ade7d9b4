package schema

import "time"

// CanaryStarted is when `platform canary start` started a canary, in UTC to
// the second (RFC 3339, "2026-12-02T01:55:00Z"). The canary's ECS service
// name hashes it with the image: ECS refuses to create a service while one of
// its name is ACTIVE or DRAINING (DeleteService), so the same image started
// again after an abort needs a new name. A time needs no state once abort
// removes the entry (a growing counter would have to outlive it), and one
// second tells two starts apart: between a start and a restart that could
// collide lie two deploys, one creating the canary service and one deleting
// it, each far longer than a second.
type CanaryStarted string

// CanaryStartedLayout is the one form CanaryStarted takes.
const CanaryStartedLayout = "2006-01-02T15:04:05Z"

const canaryStartedWant = "a UTC time to the second such as 2026-12-02T01:55:00Z (platform canary start writes it)"

// StartCanary is the CanaryStarted of a start at t.
func StartCanary(t time.Time) CanaryStarted {
	return CanaryStarted(t.UTC().Format(CanaryStartedLayout))
}

// ParseCanaryStarted reads a CanaryStarted as written.
func ParseCanaryStarted(s string) (CanaryStarted, error) {
	t, err := time.Parse(CanaryStartedLayout, s)
	if err != nil || t.Format(CanaryStartedLayout) != s {
		return "", &ValueError{Value: s, Problem: "is not a canary's start", Want: canaryStartedWant}
	}
	return CanaryStarted(s), nil
}

// UnmarshalJSON parses the start at decode.
func (c *CanaryStarted) UnmarshalJSON(b []byte) error {
	s, err := decodeString(b, canaryStartedWant)
	if err == nil {
		*c, err = ParseCanaryStarted(s)
	}
	return err
}
