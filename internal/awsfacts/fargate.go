package awsfacts

import "slices"

var fargateSpotSource = register(Source{
	Table:    "Fargate Spot architectures",
	Document: "Amazon ECS Developer Guide, \"Amazon ECS clusters for Fargate: Fargate capacity providers\" https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html (stored copy)",
	Checked:  day("2026-12-01"),
})

// SpotArchitectures are the CPU architectures of Linux tasks Fargate Spot
// runs: "Linux tasks with the ARM64 architecture don't support the Fargate
// Spot capacity provider".
var SpotArchitectures = []string{"X86_64"}

// SpotRuns reports whether Fargate Spot can run a Linux task of architecture.
func SpotRuns(architecture string) bool { return slices.Contains(SpotArchitectures, architecture) }
