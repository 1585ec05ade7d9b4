package schema

import (
	"errors"
	"fmt"

	"platform/internal/validate"
)

// The release strategies of a service.
const (
	RollingRelease = "rolling"
	CanaryRelease  = "canary"
)

// DefaultCanarySteps are the traffic percentages of a canary release whose
// steps are unset: a tenth first, then all of it.
var DefaultCanarySteps = []int{10, 100}

// maxCanarySteps bounds a release's steps: each is a deploy.
const maxCanarySteps = 10

// Release is a service's `release`: how a new image reaches its traffic.
type Release struct {
	// Strategy is rolling (ECS replaces the tasks in place; a failing
	// deployment rolls back) or canary (a new image runs as a second service
	// beside the first and takes the current step's share of the traffic;
	// `platform canary start|promote|abort` move it through the steps).
	// Default: rolling.
	Strategy string `json:"strategy"`
	// Steps are the canary's shares of the traffic in percent after its
	// warm-up at 0, 1 to 100, strictly increasing, the last 100, at most 10;
	// only with canary. Default: [10, 100].
	Steps []int `json:"steps"`
}

// Canary reports whether the release is by canary.
func (r Release) Canary() bool { return r.Strategy == CanaryRelease }

// Validate reports every problem of the release, with paths below `release`.
func (r Release) Validate() error {
	var errs []error
	if r.Strategy != "" && r.Strategy != RollingRelease && r.Strategy != CanaryRelease {
		errs = append(errs, validate.Field("strategy", r.Strategy, "is not a release strategy", RollingRelease+" or "+CanaryRelease))
	}
	if r.Steps == nil {
		return errors.Join(errs...)
	}
	if !r.Canary() {
		return errors.Join(append(errs, validate.Field("steps", len(r.Steps), "are only for a canary release", "strategy canary, or no steps"))...)
	}
	if len(r.Steps) == 0 || len(r.Steps) > maxCanarySteps {
		errs = append(errs, validate.Field("steps", len(r.Steps), "is not a number of steps", fmt.Sprintf("1 to %d steps", maxCanarySteps)))
	}
	for i, step := range r.Steps {
		path := fmt.Sprintf("steps[%d]", i)
		switch {
		case step < 1 || step > 100:
			errs = append(errs, validate.Field(path, step, "is not a share of the traffic", "1 to 100 percent"))
		case i > 0 && step <= r.Steps[i-1]:
			errs = append(errs, validate.Field(path, step, "does not increase", fmt.Sprintf("above %d", r.Steps[i-1])))
		}
	}
	if n := len(r.Steps); n > 0 && r.Steps[n-1] != 100 {
		errs = append(errs, validate.Field(fmt.Sprintf("steps[%d]", n-1), r.Steps[n-1], "is not the whole traffic", "the last step 100"))
	}
	return errors.Join(errs...)
}

// Canary is one service's entry in `canary`: a canary release in flight.
// The `platform canary` commands write it; a stack without one runs every
// service's image from images alone.
type Canary struct {
	// Image is the tag or digest of the service's repository the canary
	// runs. Required.
	Image *ImageRef `json:"image"`
	// Step is where the canary is: 0 while it warms up (it runs and passes
	// its health checks with none of the traffic), n at the release's n-th
	// step (steps: [10, 100] has steps 1 and 2). Default: 0.
	Step *int `json:"step"`
	// Started is when `platform canary start` started it, in UTC to the
	// second (2026-12-02T01:55:00Z); the canary's ECS service name hashes
	// it with the image, so a restart of the same image after an abort
	// does not collide with the last one while ECS drains it; entries
	// written before starts were recorded have none, and their name
	// hashes the image alone. Default: none.
	Started *CanaryStarted `json:"started"`
}
