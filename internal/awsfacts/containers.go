package awsfacts

// What a task definition's containers may be, as the ECS API and quota pages
// state it (the mocks accept anything).
var _ = register(Source{
	Table: "task definition containers",
	Document: "Amazon ECS service quotas https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html; " +
		"ContainerDependency, Amazon ECS API Reference https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html; " +
		"Use bind mounts with Amazon ECS https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html (stored copies)",
	Checked: day("2026-12-01"),
})

// QuotaContainersPerTaskDef is how many containers one task definition may hold.
// Re-verified 2026-12-01: 10, not adjustable ("The maximum number of
// containers definitions within a task definition").
var QuotaContainersPerTaskDef = Quota{"Amazon Elastic Container Service (Amazon ECS)", "Containers per task definition", 10, false,
	"Amazon ECS service quotas https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html"}

// DependencyConditions are the conditions a container's dependsOn accepts.
// COMPLETE and SUCCESS "can't be set on an essential container"; HEALTHY
// needs the container it waits for to have a health check.
var DependencyConditions = []string{"START", "COMPLETE", "SUCCESS", "HEALTHY"}

// DependencyNeedsNonEssential reports whether a condition waits for a container to exit.
func DependencyNeedsNonEssential(condition string) bool {
	return condition == "COMPLETE" || condition == "SUCCESS"
}
