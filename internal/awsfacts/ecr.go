package awsfacts

// ecrPullSource: the actions a principal of another account needs on a
// repository to pull an image from it. The document's "Allow another account"
// example; read from a stored copy of the page.
var _ = register(Source{
	Table:    "ECR cross-account pull actions",
	Document: "Private repository policy examples in Amazon ECR https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html",
	Checked:  day("2026-12-01"),
})

// ECRPullActions are the repository-policy actions that let another account
// pull an image (its manifest and its layers). ecr:GetAuthorizationToken is
// never among them: the pulling account grants it through IAM.
func ECRPullActions() []string {
	return []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}
}
