package cost

import (
	"fmt"

	"platform/internal/graph"
)

// Lambda's us-east-1 prices ("AWS Lambda pricing",
// https://aws.amazon.com/lambda/pricing/, stored copy read 2026-12-01): per
// million requests, and per GB-second by architecture. The monthly free tier
// (1M requests, 400,000 GB-seconds per account) is not subtracted: other
// functions in the account may use it.
const (
	lambdaPerMillionRequests = 0.20
	lambdaGBSecondX86        = 0.0000166667
	lambdaGBSecondArm        = 0.0000133334
	// assumedInvocations and assumedDurationSeconds are a function's month:
	// a queue draining a million messages, each handled in 200 ms.
	assumedInvocations     = 1_000_000
	assumedDurationSeconds = 0.2
)

// lambdaFunction prices requests and compute time under the stated assumption.
func lambdaFunction(_ *pricing, r *graph.Resource) (float64, string) {
	gb := num(r.Input("memorySize")) / 1024
	perGBSecond, arch := lambdaGBSecondArm, "arm64"
	if archs := asList(r.Input("architectures")); len(archs) == 1 && archs[0] == "x86_64" {
		perGBSecond, arch = lambdaGBSecondX86, "x86_64"
	}
	monthly := assumedInvocations/1e6*lambdaPerMillionRequests + assumedInvocations*assumedDurationSeconds*gb*perGBSecond
	return monthly, fmt.Sprintf("%.0fM invocations of %.0f ms at %.0f MB %s a month, free tier not counted",
		float64(assumedInvocations)/1e6, assumedDurationSeconds*1000, gb*1024, arch)
}
