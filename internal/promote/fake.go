package promote

import (
	"fmt"
	"strings"
)

// Fake is an in-memory registry that records every call and refuses what ECR
// refuses: copying a digest the source lacks, and (in an immutable
// repository) moving or re-writing an existing tag.
type Fake struct {
	// Calls lists every call in order, e.g. "has r/a sha256:...".
	Calls []string
	repos map[string]*fakeRepo
}

type fakeRepo struct {
	immutable bool
	digests   map[string]bool
	tags      map[string]string
}

// NewFake returns an empty fake registry.
func NewFake() *Fake { return &Fake{repos: map[string]*fakeRepo{}} }

// AddRepository creates an empty repository.
func (f *Fake) AddRepository(repo Repository, immutable bool) {
	f.repos[repo.String()] = &fakeRepo{immutable: immutable, digests: map[string]bool{}, tags: map[string]string{}}
}

// Put stores an image under a tag ("" for none), as a build would.
func (f *Fake) Put(repo Repository, digest, tag string) {
	r := f.repos[repo.String()]
	r.digests[digest] = true
	if tag != "" {
		r.tags[tag] = digest
	}
}

// Tags returns the tags of repo, tag to digest.
func (f *Fake) Tags(repo Repository) map[string]string { return f.repos[repo.String()].tags }

func (f *Fake) repo(repo Repository) (*fakeRepo, error) {
	r, ok := f.repos[repo.String()]
	if !ok {
		return nil, fmt.Errorf("NAME_UNKNOWN: repository %s does not exist", repo)
	}
	return r, nil
}

func (f *Fake) record(parts ...string) { f.Calls = append(f.Calls, strings.Join(parts, " ")) }

// Resolve implements Registry.
func (f *Fake) Resolve(repo Repository, tag string) (string, error) {
	f.record("resolve", repo.String(), tag)
	r, err := f.repo(repo)
	if err != nil {
		return "", err
	}
	digest, ok := r.tags[tag]
	if !ok {
		return "", fmt.Errorf("MANIFEST_UNKNOWN: %s:%s", repo, tag)
	}
	return digest, nil
}

// Has implements Registry.
func (f *Fake) Has(repo Repository, digest string) (bool, error) {
	f.record("has", repo.String(), digest)
	r, err := f.repo(repo)
	if err != nil {
		return false, err
	}
	return r.digests[digest], nil
}

// Copy implements Registry.
func (f *Fake) Copy(from Repository, digest string, to Repository) error {
	f.record("copy", from.String()+"@"+digest, to.String())
	src, err := f.repo(from)
	if err != nil {
		return err
	}
	dst, err := f.repo(to)
	if err != nil {
		return err
	}
	if !src.digests[digest] {
		return fmt.Errorf("MANIFEST_UNKNOWN: %s@%s", from, digest)
	}
	dst.digests[digest] = true
	return nil
}

// Tag implements Registry.
func (f *Fake) Tag(repo Repository, digest, tag string) error {
	f.record("tag", repo.String()+"@"+digest, tag)
	r, err := f.repo(repo)
	if err != nil {
		return err
	}
	if !r.digests[digest] {
		return fmt.Errorf("MANIFEST_UNKNOWN: %s@%s", repo, digest)
	}
	if _, exists := r.tags[tag]; exists && r.immutable {
		return fmt.Errorf("ImageTagAlreadyExistsException: tag %s exists in immutable repository %s", tag, repo)
	}
	r.tags[tag] = digest
	return nil
}
