package data

import (
	"encoding/json"
	"fmt"
)

// The tags the platform's workflows push (build-image.yml and
// `platform promote`). Each tag names an image index; its per-architecture
// manifests (linux/amd64 and linux/arm64) are untagged.
const (
	// PreviewTagPattern is a pull request's build, pulled by its preview.
	PreviewTagPattern = "pr-*"
	// BuildTagPattern is a build of the default branch, which the stacks it
	// feeds deploy by digest.
	BuildTagPattern = "git-*"
	// PromotedTagPattern is a digest `platform promote` copied in from
	// another stack (sha256-<hex>).
	PromotedTagPattern = "sha256-*"
)

const (
	// PreviewImageDays is how long a pull request's image is kept after its
	// last push: a preview older than that pulls again only after a new push.
	PreviewImageDays = 30
	// UntaggedImageDays is how long an untagged image is kept after its push:
	// a manifest left behind when its index expired or its tag moved. ECR does
	// not delete a manifest an image index still references
	// (ImageReferencedByManifestList), so the architectures of a kept index
	// stay.
	UntaggedImageDays = 30
)

// lifecycleRule is one rule of an ECR lifecycle policy, fields in the
// order ECR documents them.
type lifecycleRule struct {
	RulePriority int               `json:"rulePriority"`
	Description  string            `json:"description"`
	Selection    lifecycleSelector `json:"selection"`
	Action       lifecycleAction   `json:"action"`
}

type lifecycleSelector struct {
	TagStatus      string   `json:"tagStatus"`
	TagPatternList []string `json:"tagPatternList,omitempty"`
	CountType      string   `json:"countType"`
	CountUnit      string   `json:"countUnit,omitempty"`
	CountNumber    int      `json:"countNumber"`
}

type lifecycleAction struct {
	Type string `json:"type"`
}

// lifecyclePolicy is the policy of every repository. No rule selects
// tagStatus "any": a count over every image counts each push three times
// (the index and its two architectures), so it keeps a third of the pushes
// it names, and an age over every image expires what a stack file pins.
// Counts select one tag pattern each, so they count image indexes, that is
// pushes: keep builds and keep promotions are kept per kind, and pull
// requests' pushes never push a stack's image out. Tags of any other shape
// (a release a stack file pins) are never expired.
func lifecyclePolicy(keep int) string {
	expire := lifecycleAction{Type: "expire"}
	rules := []lifecycleRule{
		{RulePriority: 1, Description: fmt.Sprintf("expire pull request images %d days after their push", PreviewImageDays), Action: expire,
			Selection: lifecycleSelector{TagStatus: "tagged", TagPatternList: []string{PreviewTagPattern}, CountType: "sinceImagePushed", CountUnit: "days", CountNumber: PreviewImageDays}},
		{RulePriority: 2, Description: fmt.Sprintf("keep the last %d builds", keep), Action: expire,
			Selection: lifecycleSelector{TagStatus: "tagged", TagPatternList: []string{BuildTagPattern}, CountType: "imageCountMoreThan", CountNumber: keep}},
		{RulePriority: 3, Description: fmt.Sprintf("keep the last %d promotions", keep), Action: expire,
			Selection: lifecycleSelector{TagStatus: "tagged", TagPatternList: []string{PromotedTagPattern}, CountType: "imageCountMoreThan", CountNumber: keep}},
		{RulePriority: 4, Description: fmt.Sprintf("expire untagged manifests %d days after their push", UntaggedImageDays), Action: expire,
			Selection: lifecycleSelector{TagStatus: "untagged", CountType: "sinceImagePushed", CountUnit: "days", CountNumber: UntaggedImageDays}},
	}
	b, err := json.Marshal(map[string]any{"rules": rules})
	if err != nil {
		panic(err) // a fixed shape of strings and numbers always marshals
	}
	return string(b)
}
