package preflight

import "testing"

var (
	prImages = keep(1, M{"tagStatus": "tagged", "tagPatternList": L{"pr-*"}, "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30})
	builds   = keep(2, M{"tagStatus": "tagged", "tagPatternList": L{"git-*"}, "countType": "imageCountMoreThan", "countNumber": 10})
	orphans  = keep(3, M{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30})
)

var ecrLifecycleCases = []ruleCase{
	{rule: "PF.ECR.3", badName: "lifecycle", good: one(lifecycle(prImages, builds, orphans)),
		bad: one(lifecycle(keep(1, M{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10})))},
	{rule: "PF.ECR.3", badName: "lifecycle", good: one(lifecycle(prImages, builds)),
		bad: one(lifecycle(prImages, keep(2, M{"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 90})))},
	{rule: "PF.ECR.3", badName: "lifecycle", good: one(lifecycle(builds, orphans)),
		bad: one(lifecycle(builds, keep(3, M{"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5})))},
}

func TestECRLifecycleRules(t *testing.T) { runCases(t, ecrLifecycleCases) }
