package promote

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// CraneVersion is the crane release the workflows install
// (github.com/google/go-containerregistry/cmd/crane); the commands below are
// that version's.
const CraneVersion = "v0.20.2"

// Runner runs a command and returns its standard output; a non-zero exit is
// an error that carries the standard error.
type Runner func(name string, args ...string) ([]byte, error)

// Exec is the Runner of a real machine.
func Exec(name string, args ...string) ([]byte, error) {
	out, err := exec.Command(name, args...).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(exit.Stderr)))
	}
	return out, err
}

// Crane is the Registry of real registries, through the crane command line.
// Credentials come from the docker config crane reads (the workflow logs in
// to every registry with `crane auth login` first).
type Crane struct {
	// Path is the crane binary. Default: "crane".
	Path string
	// Run runs it. Default: Exec.
	Run Runner
}

func (c Crane) run(args ...string) (string, error) {
	path, run := c.Path, c.Run
	if path == "" {
		path = "crane"
	}
	if run == nil {
		run = Exec
	}
	out, err := run(path, args...)
	return strings.TrimSpace(string(out)), err
}

// Resolve implements Registry with `crane digest repo:tag`.
func (c Crane) Resolve(repo Repository, tag string) (string, error) {
	return c.run("digest", repo.String()+":"+tag)
}

// manifestUnknown is the OCI distribution error code of a manifest the
// repository does not hold (ECR answers it for an unknown digest). Any other
// failure (no such repository, no credentials) is an error, never "absent".
const manifestUnknown = "MANIFEST_UNKNOWN"

// Has implements Registry with `crane digest repo@digest`, which reads the
// manifest by digest.
func (c Crane) Has(repo Repository, digest string) (bool, error) {
	_, err := c.run("digest", repo.String()+"@"+digest)
	if err == nil {
		return true, nil
	}
	if strings.Contains(err.Error(), manifestUnknown) {
		return false, nil
	}
	return false, err
}

// Copy implements Registry with `crane copy from@digest to@digest`: every
// platform of an index is copied and the digest is kept.
func (c Crane) Copy(from Repository, digest string, to Repository) error {
	_, err := c.run("copy", from.String()+"@"+digest, to.String()+"@"+digest)
	return err
}

// Tag implements Registry with `crane tag repo@digest tag`.
func (c Crane) Tag(repo Repository, digest, tag string) error {
	_, err := c.run("tag", repo.String()+"@"+digest, tag)
	return err
}
