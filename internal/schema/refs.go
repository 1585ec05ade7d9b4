package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The mini-languages of the config (grants, secret references, image
// references) are parsed here, once, at decode: everything after sees typed
// values.

// ValueError is a value refused while decoding, before the path is known; the
// decoder adds the path.
type ValueError struct {
	Value, Problem, Want string
}

func (e *ValueError) Error() string { return fmt.Sprintf("%q %s, want %s", e.Value, e.Problem, e.Want) }

// decodeString reads a JSON string for a mini-language value.
func decodeString(b []byte, want string) (string, error) {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", &ValueError{Value: strings.TrimSpace(string(b)), Problem: "is not a string", Want: want}
	}
	return s, nil
}

// Part names a data-layer part a workload can reach.
type Part string

// The parts a secret reference can name.
const (
	DatabasePart Part = "database"
	CachePart    Part = "cache"
	BrokerPart   Part = "broker"
)

// Parts lists the parts in the order endpoints are injected.
var Parts = []Part{DatabasePart, CachePart, BrokerPart}

// SecretRef is one secret a workload reads: an ARN, a data part's
// credential, or a secret the stack creates by name (secret:<name>).
type SecretRef struct {
	// ARN is a Secrets Manager secret or SSM parameter; empty for a part.
	ARN string
	// Named is the stack's own secret (secret:app-key); empty otherwise.
	Named string
	// Part is the data part whose secret this is; empty for an ARN.
	Part Part
	// Key is the JSON key inside the secret ("password"); empty for the whole value.
	Key string
}

var (
	// A secret's full ARN ends in "-" and the six random characters Secrets
	// Manager adds to its name (Secrets Manager API Reference, SecretId):
	// ECS and the execution role's policy need the full ARN. Partitions are
	// aws, aws-cn and aws-us-gov.
	secretsManagerARN = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`)
	parameterARN      = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:ssm:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:parameter/[A-Za-z0-9/_.-]+$`)
	partSecrets       = map[string]SecretRef{
		"database#username": {Part: DatabasePart, Key: "username"},
		"database#password": {Part: DatabasePart, Key: "password"},
		"cache":             {Part: CachePart},
		"broker#username":   {Part: BrokerPart, Key: "username"},
		"broker#password":   {Part: BrokerPart, Key: "password"},
	}
)

const secretWant = "secret:<name> (a secret the stack creates), a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>[#key]), an SSM parameter ARN, or one of database#username, database#password, cache, broker#username, broker#password"

// ParseSecretRef parses a secret reference as written in config.
func ParseSecretRef(s string) (SecretRef, error) {
	if ref, ok := partSecrets[s]; ok {
		return ref, nil
	}
	if name, ok := strings.CutPrefix(s, namedSecretPrefix); ok {
		if problem := namedSecretProblem(name); problem != "" {
			return SecretRef{}, &ValueError{Value: s, Problem: problem, Want: namedSecretWant}
		}
		return SecretRef{Named: name}, nil
	}
	arn, key, _ := strings.Cut(s, "#")
	switch {
	case secretsManagerARN.MatchString(arn):
		return SecretRef{ARN: arn, Key: key}, nil
	case parameterARN.MatchString(arn) && key == "":
		return SecretRef{ARN: arn}, nil
	case strings.HasPrefix(s, "arn:"):
		return SecretRef{}, &ValueError{Value: s, Problem: "is not a whole secret or parameter ARN (partition aws, aws-cn or aws-us-gov, region, 12-digit account, and a secret's name with its 6-character suffix)", Want: secretWant}
	}
	return SecretRef{}, &ValueError{Value: s, Problem: "is not a secret reference", Want: secretWant}
}

// IsParameter reports whether the reference is an SSM parameter.
func (r SecretRef) IsParameter() bool { return strings.Contains(r.ARN, ":ssm:") }

// Source is what the execution role must be allowed to read: the ARN, the
// part, or the named secret.
func (r SecretRef) Source() string {
	if r.Named != "" {
		return namedSecretPrefix + r.Named
	}
	return r.ARN + string(r.Part)
}

// String is the reference as written.
func (r SecretRef) String() string {
	s := r.Source()
	if r.Key != "" {
		s += "#" + r.Key
	}
	return s
}

// UnmarshalJSON parses the reference at decode.
func (r *SecretRef) UnmarshalJSON(b []byte) error {
	s, err := decodeString(b, secretWant)
	if err == nil {
		*r, err = ParseSecretRef(s)
	}
	return err
}

// MarshalJSON writes the reference as written.
func (r SecretRef) MarshalJSON() ([]byte, error) { return json.Marshal(r.String()) }

// GrantKind is what a grant is on.
type GrantKind string

// The grant kinds.
const (
	BucketGrant GrantKind = "bucket"
	QueueGrant  GrantKind = "queue"
	MailGrant   GrantKind = "mail"
)

// Grant is one task-role permission.
type Grant struct {
	Kind GrantKind
	// Name is the bucket or queue; empty for mail.
	Name string
	// Mode is read, write or readwrite for a bucket; consume or send for a
	// queue; send for mail.
	Mode string
}

var grantPattern = regexp.MustCompile(`^(bucket:[a-z0-9-]+:(read|write|readwrite)|queue:[a-z0-9-]+:(consume|send)|mail:send)$`)

const grantWant = "bucket:<name>:read|write|readwrite, queue:<name>:consume|send or mail:send"

// ParseGrant parses a grant as written in config.
func ParseGrant(s string) (Grant, error) {
	if !grantPattern.MatchString(s) {
		return Grant{}, &ValueError{Value: s, Problem: "is not a grant", Want: grantWant}
	}
	parts := strings.Split(s, ":")
	if parts[0] == string(MailGrant) {
		return Grant{Kind: MailGrant, Mode: "send"}, nil
	}
	return Grant{Kind: GrantKind(parts[0]), Name: parts[1], Mode: parts[2]}, nil
}

// String is the grant as written.
func (g Grant) String() string {
	if g.Kind == MailGrant {
		return "mail:send"
	}
	return string(g.Kind) + ":" + g.Name + ":" + g.Mode
}

// UnmarshalJSON parses the grant at decode.
func (g *Grant) UnmarshalJSON(b []byte) error {
	s, err := decodeString(b, grantWant)
	if err == nil {
		*g, err = ParseGrant(s)
	}
	return err
}

// MarshalJSON writes the grant as written.
func (g Grant) MarshalJSON() ([]byte, error) { return json.Marshal(g.String()) }

// ImageRef is the image a repository deploys: a tag or a sha256 digest.
type ImageRef struct {
	// Tag such as 1.4.2; empty for a digest.
	Tag string
	// Digest is "sha256:<64 hex>"; empty for a tag.
	Digest string
}

var (
	imageTag    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	imageDigest = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

const imageWant = "a tag such as 1.4.2 or sha256:<64 hex>"

// ParseImageRef parses a tag or digest.
func ParseImageRef(s string) (ImageRef, error) {
	switch {
	case imageDigest.MatchString(s):
		return ImageRef{Digest: s}, nil
	case strings.HasPrefix(s, "sha256:"):
		return ImageRef{}, &ValueError{Value: s, Problem: "is not a whole sha256 digest", Want: "sha256: and 64 lower-case hex digits"}
	case imageTag.MatchString(s):
		return ImageRef{Tag: s}, nil
	}
	return ImageRef{}, &ValueError{Value: s, Problem: "is not an image tag or digest", Want: imageWant}
}

// Suffix is what follows the repository URL: ":tag" or "@sha256:...".
func (i ImageRef) Suffix() string {
	if i.Digest != "" {
		return "@" + i.Digest
	}
	return ":" + i.Tag
}

// String is the reference as written.
func (i ImageRef) String() string { return i.Tag + i.Digest }

// UnmarshalJSON parses the reference at decode.
func (i *ImageRef) UnmarshalJSON(b []byte) error {
	s, err := decodeString(b, imageWant)
	if err == nil {
		*i, err = ParseImageRef(s)
	}
	return err
}

// MarshalJSON writes the reference as written.
func (i ImageRef) MarshalJSON() ([]byte, error) { return json.Marshal(i.String()) }
