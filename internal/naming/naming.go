// Package naming gives every physical AWS name that is scoped per account or
// globally one shape, <project>-<stack>-<role>, so that stacks can share an
// account without collisions, cut to the length limit of each resource type.
package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Kind is a family of AWS names with one length limit and character set.
type Kind struct {
	// Title names the kind in messages.
	Title string
	// MaxLen is the AWS limit on the whole name.
	MaxLen int
	// Lower forces lower case (S3, ECR, Cognito domains).
	Lower bool
	// Reserved are words AWS refuses inside the name; each is broken with a
	// hyphen after its first letter ("aws" becomes "a-ws").
	Reserved []string
}

// The kinds the platform names. Load balancers and target groups are not
// among them: they are auto-named (replacing one must not collide with
// itself), so their logical names stay within 32 - AutoNameSuffix characters.
var (
	Bucket     = Kind{Title: "S3 bucket", MaxLen: 63, Lower: true}
	Role       = Kind{Title: "IAM role", MaxLen: 64}
	Policy     = Kind{Title: "IAM policy", MaxLen: 128}
	Repository = Kind{Title: "ECR repository", MaxLen: 256, Lower: true}
	// CognitoDomain: 1-63 lower-case letters, digits and hyphens
	// (CloudFormation AWS::Cognito::UserPoolDomain pattern, stored copy read
	// 2026-12-01), without "aws", "amazon" or "cognito" (the Cognito prefix
	// domain rule as the issue quotes it).
	CognitoDomain = Kind{Title: "Cognito domain", MaxLen: 63, Lower: true, Reserved: []string{"aws", "amazon", "cognito"}}
	Secret        = Kind{Title: "Secrets Manager secret", MaxLen: 512}
	Label         = Kind{Title: "resource name (Cognito pool, WAF ACL, ...)", MaxLen: 128}
	LogGroup      = Kind{Title: "CloudWatch log group", MaxLen: 512 - len("/vpc/")}
	Queue         = Kind{Title: "SQS queue", MaxLen: 80 - len(".fifo")}
	Identifier    = Kind{Title: "RDS/ElastiCache/MQ identifier", MaxLen: 40, Lower: true}
)

// TaskLogGroupRoot starts the name of every ECS task log group, so the
// execution role can be limited to the stack's own.
const TaskLogGroupRoot = "/ecs/"

// AutoNameSuffix is the random "-xxxxxxx" Pulumi adds to an auto-named resource.
const AutoNameSuffix = 8

// hashLen is how many hex characters of a digest replace the cut tail of a name.
const hashLen = 6

var unsafeChars = regexp.MustCompile(`[^a-zA-Z0-9-]+`)

// Namer builds physical names for one project and stack.
type Namer struct {
	Project string
	Stack   string
}

// FromContext returns the Namer of the running program.
func FromContext(ctx *pulumi.Context) Namer {
	return Namer{Project: ctx.Project(), Stack: ctx.Stack()}
}

// Prefix is what every name of the stack starts with: "<project>-<stack>".
// IAM policies use it to reach exactly the stack's own resources.
func (n Namer) Prefix() string { return n.Name(Role, "") }

// Name returns "<project>-<stack>-<role>" for kind, within its limit. A name
// that is too long keeps its start and ends in a digest of the full name, so two
// long names never collide after cutting.
func (n Namer) Name(kind Kind, role string) string {
	full := strings.Trim(unsafeChars.ReplaceAllString(n.Project+"-"+n.Stack+"-"+role, "-"), "-")
	if kind.Lower {
		full = strings.ToLower(full)
	}
	for _, word := range kind.Reserved {
		full = strings.ReplaceAll(full, word, word[:1]+"-"+word[1:])
	}
	if len(full) <= kind.MaxLen {
		return full
	}
	sum := sha256.Sum256([]byte(full))
	digest := hex.EncodeToString(sum[:])[:hashLen]
	head := strings.TrimRight(full[:kind.MaxLen-hashLen-1], "-")
	return head + "-" + digest
}

// Global is the name of a resource in a namespace every AWS account shares
// (S3 buckets, Cognito prefix domains): Name with the account id at the end,
// so the same project and stack deployed from another account cannot take it
// first. The start stays the stack's prefix, so prefix-scoped policies still
// cover it; the account id is never cut.
func (n Namer) Global(kind Kind, role, account string) string {
	suffix := "-" + account
	short := kind
	short.MaxLen -= len(suffix)
	return n.Name(short, role) + suffix
}
