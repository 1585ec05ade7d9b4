package cost

import (
	"fmt"

	"platform/internal/graph"
)

// Lambda's us-east-1 prices ("AWS Lambda Pricing",
// https://aws.amazon.com/lambda/pricing/, re-checked 2026-12-01 against
// copies that quote its tables: $0.20 per million requests, and per
// GB-second by architecture for the first tier, 6 billion GB-seconds x86
// and 7.5 billion Arm a month). The monthly free tier
// (1M requests, 400,000 GB-seconds per account) is not subtracted: other
// functions in the account may use it.
const (
	lambdaPerMillionRequests = 0.20
	lambdaGBSecondX86        = 0.0000166667
	lambdaGBSecondArm        = 0.0000133334
	// assumedMillionInvocations and assumedMilliseconds are a function's
	// month: a queue draining a million messages, each handled in 200 ms.
	assumedMillionInvocations = 1
	assumedMilliseconds       = 200
)

// lambdaFunction prices requests and compute time under the stated assumption.
func lambdaFunction(p *pricing, r *graph.Resource) (float64, string) {
	gb := num(r.Input("memorySize")) / 1024
	perGBSecond, arch := lambdaGBSecondArm, "arm64"
	if archs := asList(r.Input("architectures")); len(archs) == 1 && archs[0] == "x86_64" {
		perGBSecond, arch = lambdaGBSecondX86, "x86_64"
	}
	millions := p.use(p.opts.Usage.Functions.MillionInvocations, assumedMillionInvocations)
	ms := p.use(p.opts.Usage.Functions.Milliseconds, assumedMilliseconds)
	monthly := millions*lambdaPerMillionRequests + millions*1e6*ms/1000*gb*perGBSecond
	return monthly, fmt.Sprintf("%.3gM invocations of %.0f ms at %.0f MB %s a month, free tier not counted", millions, ms, gb*1024, arch)
}
