package schema

// Function is one entry of `workloads.functions` (a workloads/<name>.yaml of
// `kind: function`): a Lambda function for background work, triggered by a
// queue, a schedule or an HTTP route.
type Function struct {
	// Repository is a repository of the stack's registry holding a Lambda
	// container image (its image comes from images, as for tasks). Lambda
	// pulls only from private ECR in the stack's region, so an external
	// reference is refused. Either repository or source.
	Repository string `json:"repository"`
	// Source is a folder (or .zip) of code relative to the project root,
	// archived by the engine at deploy. Either repository or source.
	Source string `json:"source"`
	// Runtime is the Lambda runtime of source, e.g. python3.13 or
	// nodejs22.x. Required with source.
	Runtime string `json:"runtime"`
	// Handler is source's entry point, e.g. index.handler. Required with source.
	Handler string `json:"handler"`
	// Command overrides an image's CMD (its handler). Default: the image's.
	Command []string `json:"command"`
	// Architecture is ARM64 or X86_64; an image must be built for it.
	// Default: ARM64 (about 20% cheaper per GB-second).
	Architecture string `json:"architecture"`
	// Memory in MB, 128 to 10240; CPU grows with it. Default: 256.
	Memory *int `json:"memory"`
	// TimeoutSeconds is the longest one invocation may run, 1 to 900; at
	// most the queue's visibility timeout. Default: 30.
	TimeoutSeconds *int `json:"timeoutSeconds"`
	// ReservedConcurrency caps and reserves concurrent invocations, 0 to
	// 1000 (0 stops it). Default: unreserved.
	ReservedConcurrency *int `json:"reservedConcurrency"`
	// Environment are plain variables, never secrets.
	Environment map[string]string `json:"environment"`
	// Secrets are references as for tasks; Lambda injects no secrets, so the
	// function gets <VARIABLE>_SECRET_ARN (and <VARIABLE>_SECRET_KEY for a
	// JSON key) and may read exactly those.
	Secrets map[string]SecretRef `json:"secrets"`
	// Grants are the function role's permissions, as for tasks.
	Grants []Grant `json:"grants"`
	// Queue triggers the function from one of the stack's queues. One
	// trigger: queue or schedule.
	Queue *FunctionQueue `json:"queue"`
	// Schedule triggers it on an EventBridge Scheduler expression, e.g.
	// rate(5 minutes). One trigger: queue or schedule.
	Schedule string `json:"schedule"`
	// HTTP routes a host (and paths) of the load balancer to the function,
	// beside a queue or a schedule or alone. Default: none.
	HTTP *FunctionHTTP `json:"http"`
}

// FunctionQueue is a function's `queue` trigger. Partial batch failures are
// always on: a failed message is retried alone and, after the queue's
// maxReceiveCount, moves to its dead-letter queue.
type FunctionQueue struct {
	// Name is a queue of data.queues. Required.
	Name string `json:"name"`
	// BatchSize is the most messages per invocation, 1 to 10000; above 10
	// needs batchingWindowSeconds. Default: 10.
	BatchSize *int `json:"batchSize"`
	// BatchingWindowSeconds waits up to this long to fill a batch, 0 to 300. Default: 0.
	BatchingWindowSeconds *int `json:"batchingWindowSeconds"`
	// MaxConcurrency caps the invocations the queue drives, 2 to 1000.
	// Default: no cap.
	MaxConcurrency *int `json:"maxConcurrency"`
}

// FunctionHTTP is a function's `http` trigger: an HTTP route on the stack's
// load balancer, as a service's host and paths are. A function may have it
// beside a queue or a schedule: Lambda lets several sources invoke one
// function, each with its own permission.
type FunctionHTTP struct {
	// Subdomain is the host's label under the domain: a label of its own, or
	// a service's subdomain to share that service's host (then paths are
	// required, and are matched before the service's rule; not a host that
	// CloudFront serves, in staging and production). Required.
	Subdomain string `json:"subdomain"`
	// Paths limit the route to these path patterns of the host (at most 4,
	// e.g. /hooks/*). Default: every path; required on a service's host.
	Paths []string `json:"paths"`
	// Cognito false keeps the route public where the environment is gated (a
	// webhook); true puts the Cognito login first, as for services. Default: true.
	Cognito *bool `json:"cognito"`
	// MultiValueHeaders passes repeated headers and query parameters to the
	// function as lists (multiValueHeaders), and expects them so in its
	// response. Default: false, the last value of each.
	MultiValueHeaders bool `json:"multiValueHeaders"`
}
