package cli

import (
	"errors"
	"fmt"
	"io"
	"platform/internal/validate"
	"strings"

	"platform/policy"
	"platform/preflight"
)

// Exit codes of `platform plan`; the README's "Exit codes" lists them. When
// several checks fail, the first in this order decides: config, posture, preflight.
const (
	exitOK = 0
	// exitUnevaluated: the stack could not be evaluated (no project, unknown
	// stack, a program error other than invalid config).
	exitUnevaluated = 1
	// exitUsage: a usage error or invalid config.
	exitUsage     = 2
	exitPosture   = 3
	exitPreflight = 4
)

// evaluationExit is the exit code for a stack that did not evaluate.
func evaluationExit(err error) int {
	var invalid *validate.Error
	if errors.As(err, &invalid) {
		return exitUsage
	}
	return exitUnevaluated
}

// planExit reports the failing checks on stderr and returns the exit code.
func planExit(stderr io.Writer, posture policy.Report, checks preflight.Report) int {
	if posture.Failed > 0 {
		fmt.Fprintf(stderr, "platform plan: %d posture finding(s) fail with no exception (see --policy)\n", posture.Failed)
	}
	if checks.Failed > 0 {
		fmt.Fprintf(stderr, "platform plan: %d preflight finding(s): AWS would refuse or break them at deploy time\n", checks.Failed)
	}
	switch {
	case posture.Failed > 0:
		return exitPosture
	case checks.Failed > 0:
		return exitPreflight
	}
	return exitOK
}

// writePreflight prints the preflight summary and every finding as
// `rule  resource  what AWS rejects  fix`.
func writePreflight(w io.Writer, r preflight.Report) {
	fmt.Fprintf(w, "\nPreflight (deploy-time constraints the offline mocks accept): %d checked, %d failed\n", r.Checked, r.Failed)
	for _, f := range r.Findings {
		kind := f.Type[strings.LastIndex(f.Type, ":")+1:]
		fmt.Fprintf(w, "  %-13s %s %s: %s\n  %13s rejects: %s\n  %13s fix: %s\n", f.Rule, kind, f.Name, f.Message, "", f.Rejects, "", f.Fix)
	}
}
