package preflight

import (
	"encoding/json"
	"fmt"

	"platform/internal/graph"
)

// ecrLifecycleDoc is where ECR says how rules select images; the image index
// and its per-architecture manifests are separate images to a lifecycle
// policy (aws/containers-roadmap#2613), and a manifest an index references
// cannot be deleted (ImageFailure ImageReferencedByManifestList).
const ecrLifecycleDoc = "Amazon ECR User Guide, Lifecycle policies (evaluation rules) https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html " +
	"and Amazon ECR API Reference, ImageFailure https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageFailure.html"

var ecrLifecycleRules = []Rule{
	{ID: "PF.ECR.3", Title: "Lifecycle rules never expire the image a stack runs", Types: []string{"aws:ecr/lifecyclePolicy:LifecyclePolicy"},
		Rejects: "ECS CannotPullContainerError on the next task replacement: a rule over tagStatus any counts each multi-arch push as an image index and two manifests, " +
			"or ages out a pinned image; a count over untagged images counts manifests, not pushes",
		Source: ecrLifecycleDoc,
		Fix:    "select tagged images by one tag pattern per rule (count builds and promotions, age pull request tags) and untagged ones by age only",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var doc struct{ Rules []map[string]any }
			if json.Unmarshal([]byte(str(r, "policy")), &doc) != nil {
				return "" // PF.ECR.1 reports a policy that is not JSON
			}
			for _, rule := range doc.Rules {
				sel, _ := rule["selection"].(map[string]any)
				switch {
				case sel["tagStatus"] == "any":
					return fmt.Sprintf("rule %v selects tagStatus any", rule["rulePriority"])
				case sel["tagStatus"] == "untagged" && sel["countType"] != "sinceImagePushed":
					return fmt.Sprintf("rule %v counts untagged images by %v", rule["rulePriority"], sel["countType"])
				}
			}
			return ""
		}},
}
