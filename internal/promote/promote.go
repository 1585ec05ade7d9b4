// Package promote copies container images between the registries of two
// stacks by digest: production deploys exactly the bytes staging ran, in its
// own account and region. It is plain logic over a Registry, so the call
// sequence can be recorded and checked offline.
package promote

import (
	"fmt"
	"regexp"
	"strings"
)

// Repository is one image repository in one registry.
type Repository struct {
	// Registry is the registry host, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com".
	Registry string
	// Name is the repository name inside the registry, e.g. "platform-staging-catalog".
	Name string
}

func (r Repository) String() string { return r.Registry + "/" + r.Name }

// Registry is what promotion needs from container registries.
type Registry interface {
	// Resolve returns the digest a tag points to in repo.
	Resolve(repo Repository, tag string) (string, error)
	// Has reports whether repo holds the image with digest.
	Has(repo Repository, digest string) (bool, error)
	// Copy copies the image with digest from one repository to another, by
	// digest (no tag), across registries.
	Copy(from Repository, digest string, to Repository) error
	// Tag points a new tag at the image with digest in repo.
	Tag(repo Repository, digest, tag string) error
}

// Image is one image to promote.
type Image struct {
	// Key names the image in the stacks' images config (e.g. "catalog").
	Key string
	// From is the source stack's repository, To the target stack's.
	From, To Repository
	// Ref is the source stack's image: a tag or "sha256:<64 hex>".
	Ref string
}

// Action is what promotion did with one image.
type Action string

const (
	// Copied: the digest was absent in the target, copied and tagged.
	Copied Action = "copied"
	// Present: the target already held the digest; nothing was written.
	Present Action = "present"
)

// Result is the outcome for one image: the digest the target stack deploys.
type Result struct {
	Key    string
	Digest string
	Action Action
}

var digestForm = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)

// IsDigest reports whether ref is in the "sha256:<64 hex>" form.
func IsDigest(ref string) bool { return digestForm.MatchString(ref) }

// TagFor is the tag a promoted image gets in the target repository. It is a
// function of the digest alone, and promotion copies only digests the target
// lacks, so the tag is always new there: an IMMUTABLE repository never sees a
// tag written twice.
func TagFor(digest string) string { return strings.Replace(digest, ":", "-", 1) }

// Run promotes every image in order and returns the digest each target
// deploys. A tag in the source is resolved to its digest first; a digest the
// target already holds is neither copied nor tagged again. It stops at the
// first error, reporting the image it failed on.
func Run(reg Registry, images []Image) ([]Result, error) {
	results := make([]Result, 0, len(images))
	for _, img := range images {
		r, err := promoteOne(reg, img)
		if err != nil {
			return results, fmt.Errorf("promote %s (%s -> %s): %w", img.Key, img.From, img.To, err)
		}
		results = append(results, r)
	}
	return results, nil
}

func promoteOne(reg Registry, img Image) (Result, error) {
	digest := img.Ref
	if !IsDigest(digest) {
		resolved, err := reg.Resolve(img.From, img.Ref)
		if err != nil {
			return Result{}, err
		}
		if !IsDigest(resolved) {
			return Result{}, fmt.Errorf("tag %q resolved to %q, not a sha256 digest", img.Ref, resolved)
		}
		digest = resolved
	}
	present, err := reg.Has(img.To, digest)
	if err != nil {
		return Result{}, err
	}
	if present {
		return Result{Key: img.Key, Digest: digest, Action: Present}, nil
	}
	if err := reg.Copy(img.From, digest, img.To); err != nil {
		return Result{}, err
	}
	if err := reg.Tag(img.To, digest, TagFor(digest)); err != nil {
		return Result{}, err
	}
	return Result{Key: img.Key, Digest: digest, Action: Copied}, nil
}
