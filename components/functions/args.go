// Package functions provides platform:functions:Function, a Lambda function
// with its role, log group, network and triggers (an SQS queue or a
// schedule, and an HTTP route on a load balancer): the platform's serverless
// background tasks and webhooks.
package functions

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/validate"
)

// Defaults and limits of a function. The limits are Lambda's ("Lambda
// quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
// stored copy read 2026-12-01).
const (
	DefaultMemoryMB       = 256
	DefaultTimeoutSeconds = 30
	DefaultArchitecture   = "arm64"
	DefaultBatchSize      = 10
	MinMemoryMB           = 128
	MaxMemoryMB           = 10240
	MaxTimeoutSeconds     = 900
	// MaxBatchSize is an SQS standard queue's limit; above 10 records Lambda
	// requires a batching window of at least one second.
	MaxBatchSize = 10000
	// MaxBatchingWindowSeconds is the event source mapping's limit.
	MaxBatchingWindowSeconds = 300
)

var (
	envName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	// reservedEnv are variables the Lambda runtime sets and a function may
	// not ("Defined runtime environment variables",
	// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
	reservedEnv = []string{"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
		"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
		"AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"}
)

// FunctionArgs describe one function. Exactly one of Image and Source is set.
type FunctionArgs struct {
	// Image is a container image in a private ECR repository of the stack's
	// region (Lambda pulls from nowhere else), with a tag or digest.
	Image pulumi.StringInput
	// Source is a folder (or .zip) of code, relative to the project, that
	// the engine archives; with Runtime and Handler.
	Source string
	// Runtime is a Lambda runtime identifier for Source, e.g. python3.13 or
	// nodejs22.x. Required with Source.
	Runtime string
	// Handler is the entry point for Source, e.g. index.handler. Required with Source.
	Handler string
	// Command overrides an image's CMD (the handler). Default: the image's.
	Command []string
	// Architecture is arm64 or x86_64; an image must be built for it. Default: arm64.
	Architecture string
	// MemoryMB is the memory (and CPU share), 128 to 10240 MB. Default: 256.
	MemoryMB int
	// TimeoutSeconds is the most one invocation runs, 1 to 900. Default: 30.
	TimeoutSeconds int
	// ReservedConcurrency caps concurrent invocations (and reserves them
	// from the account's pool); nil leaves the function unreserved. Default: nil.
	ReservedConcurrency *int
	// Environment are plain variables; names that look like secrets are refused.
	Environment map[string]pulumi.StringInput
	// Secrets are passed by reference: Lambda has no secret injection, so the
	// function receives <NAME>_SECRET_ARN (and <NAME>_SECRET_KEY for a JSON
	// field) and may read exactly these secrets. Default: none.
	Secrets []Secret
	// Statements and PolicyARNs are the role's granted permissions, least privilege.
	Statements []iamdoc.Statement
	PolicyARNs []pulumi.StringInput
	// Network puts the function in the VPC's private subnets; required when
	// it reaches a data part. Default: outside the VPC.
	Network *Network
	// Queue triggers the function from an SQS queue. Default: none.
	Queue *QueueTrigger
	// Schedule triggers it on an EventBridge Scheduler expression. Default: none.
	Schedule string
	// HTTP routes a host (and paths) of a load balancer to the function,
	// beside a queue or a schedule or alone. Default: none.
	HTTP *HTTPRoute
	// Disabled stops the triggers without removing them (a paused stack). Default: false.
	Disabled bool
	// LogRetentionDays keeps the function's logs; a CloudWatch retention. Required.
	LogRetentionDays int
}

// Secret is one secret the function may read.
type Secret struct {
	// Name is the variable the secret stands for; the function gets <Name>_SECRET_ARN.
	Name string
	// ARN is the Secrets Manager secret or SSM parameter.
	ARN pulumi.StringInput
	// Key is a JSON field of the secret; empty for the whole value.
	Key string
	// Parameter is true for an SSM parameter.
	Parameter bool
}

// Network places the function in the VPC.
type Network struct {
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	// ClientGroupIDs are the client security groups of the data parts it
	// reaches: each part admits its client group once, so the function joins
	// them instead of adding rules (and the groups stay within quota).
	ClientGroupIDs []pulumi.StringInput
}

// QueueTrigger is an SQS event source. Partial batch failures are always
// reported, so one bad message is retried (and reaches the queue's DLQ)
// without the batch.
type QueueTrigger struct {
	// ARN is the queue's.
	ARN pulumi.StringInput
	// Name is the queue's name in config, for messages.
	Name string
	// VisibilityTimeoutSeconds is the queue's; Lambda refuses a mapping to a
	// queue whose visibility timeout is below the function's timeout.
	VisibilityTimeoutSeconds int
	// BatchSize is the most messages per invocation, 1 to 10000 (above 10
	// needs BatchingWindowSeconds). Default: 10.
	BatchSize int
	// BatchingWindowSeconds waits up to this long to fill a batch, 0 to 300. Default: 0.
	BatchingWindowSeconds int
	// MaxConcurrency caps the invocations this queue drives, 2 to 1000; 0 is no cap. Default: 0.
	MaxConcurrency int
}

func (a FunctionArgs) withDefaults() FunctionArgs {
	if a.Architecture == "" {
		a.Architecture = DefaultArchitecture
	}
	if a.MemoryMB == 0 {
		a.MemoryMB = DefaultMemoryMB
	}
	if a.TimeoutSeconds == 0 {
		a.TimeoutSeconds = DefaultTimeoutSeconds
	}
	if a.Queue != nil && a.Queue.BatchSize == 0 {
		q := *a.Queue
		q.BatchSize = DefaultBatchSize
		a.Queue = &q
	}
	return a
}

// Validate checks a function's arguments with its defaults applied; the
// stacks call it before anything registers.
func (a FunctionArgs) Validate(name string) error { return a.withDefaults().validate(name) }

func (a FunctionArgs) validate(name string) error {
	var errs []error
	if !functionName.MatchString(name) {
		errs = append(errs, validate.Field("name", name, "is not a valid function name", "lower-case letters, digits and '-', starting with a letter, at most 20 characters"))
	}
	switch {
	case a.Image == nil && a.Source == "":
		errs = append(errs, validate.Missing("repository", "a repository of the stack's registry, or source with runtime and handler"))
	case a.Image != nil && a.Source != "":
		errs = append(errs, validate.Field("source", a.Source, "is set beside an image", "either an image (repository) or source, not both"))
	case a.Source != "":
		if a.Runtime == "" {
			errs = append(errs, validate.Missing("runtime", "a Lambda runtime such as python3.13"))
		}
		if a.Handler == "" {
			errs = append(errs, validate.Missing("handler", "the entry point, e.g. index.handler"))
		}
		if len(a.Command) > 0 {
			errs = append(errs, validate.Field("command", a.Command, "applies to images only", "the handler names a source function's entry point"))
		}
	}
	errs = append(errs,
		validate.OneOf("architecture", a.Architecture, "arm64", "x86_64"),
		validate.Range("memory", a.MemoryMB, MinMemoryMB, MaxMemoryMB),
		validate.Range("timeoutSeconds", a.TimeoutSeconds, 1, MaxTimeoutSeconds))
	if a.ReservedConcurrency != nil {
		errs = append(errs, validate.Range("reservedConcurrency", *a.ReservedConcurrency, 0, 1000))
	}
	errs = append(errs, a.validateVariables()...)
	if a.Queue != nil && a.Schedule != "" {
		errs = append(errs, validate.Field("schedule", a.Schedule, "is set beside a queue", "one trigger: queue or schedule"))
	}
	if q := a.Queue; q != nil {
		errs = append(errs, validate.Range("batchSize", q.BatchSize, 1, MaxBatchSize),
			validate.Range("batchingWindowSeconds", q.BatchingWindowSeconds, 0, MaxBatchingWindowSeconds))
		if q.BatchSize > 10 && q.BatchingWindowSeconds < 1 {
			errs = append(errs, validate.Field("batchSize", q.BatchSize, "is above 10 without a batching window", "batchingWindowSeconds of 1 or more, or a batch size of at most 10"))
		}
		if q.MaxConcurrency != 0 {
			errs = append(errs, validate.Range("maxConcurrency", q.MaxConcurrency, 2, 1000))
		}
		if q.VisibilityTimeoutSeconds < a.TimeoutSeconds {
			errs = append(errs, validate.Field("timeoutSeconds", a.TimeoutSeconds,
				fmt.Sprintf("is above the visibility timeout of queue %s (%d s): Lambda refuses the trigger", q.Name, q.VisibilityTimeoutSeconds),
				fmt.Sprintf("at most %d, or a longer visibilityTimeoutSeconds on the queue (AWS suggests 6 times the timeout)", q.VisibilityTimeoutSeconds)))
		}
	}
	if a.HTTP != nil {
		errs = append(errs, a.HTTP.validate())
	}
	return errors.Join(errs...)
}

var functionName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)

// validateVariables refuses names Lambda reserves, secrets in plain
// variables, and a variable set twice.
func (a FunctionArgs) validateVariables() []error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(a.Environment)) {
		switch {
		case !envName.MatchString(name):
			errs = append(errs, validate.Field("environment", name, "is not a variable name", "a letter, then letters, digits and _"))
		case slices.Contains(reservedEnv, name):
			errs = append(errs, validate.Field("environment", name, "is reserved by the Lambda runtime", "another name"))
		case validate.SecretName(name):
			errs = append(errs, validate.Field("environment."+name, "(value hidden)", "looks like a secret", "declare it under secrets"))
		}
	}
	for _, s := range a.Secrets {
		if _, twice := a.Environment[s.Name+"_SECRET_ARN"]; twice {
			errs = append(errs, validate.Field("environment", s.Name+"_SECRET_ARN", "is also the reference of secret "+s.Name, "each variable once"))
		}
	}
	return errs
}
