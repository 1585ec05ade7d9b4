// Package schema is what a user writes in a stack's config, as written: one
// Go type per config key, decoded strictly once (exact key names, unknown keys
// refused, every error naming the key path). It holds no defaults and no
// Pulumi types: stacks.Resolve applies the tier's defaults to it, and the doc
// comments here are the source of the generated configuration reference.
//
// A pointer field is optional with a default: nil is "unset", and any value
// the user wrote, 0 and false included, is used or refused, never replaced.
package schema

import "strings"

// Stack is every platform key of one stack's config.
type Stack struct {
	// Environment is the tier: dev, staging or production. It selects the
	// tier defaults (sizes, availability, protection). Required.
	Environment string `json:"environment"`
	// Domain is the base DNS name of the environment; every service host
	// lives under it, e.g. staging.example.com. Required.
	Domain string `json:"domain"`
	// Owner is the owning team, put on every resource as the owner tag.
	// Default: platform-team.
	Owner string `json:"owner"`
	// Tags are extra tags on every resource (key to value). The platform's
	// own tags (environment, project, stack, managed-by, owner) cannot be
	// overridden. Default: none.
	Tags map[string]string `json:"tags"`
	// Network is the VPC.
	Network Network `json:"network"`
	// Access is DNS, identities and the gate.
	Access Access `json:"access"`
	// Data is the durable state; a part that is absent is off.
	Data Data `json:"data"`
	// Workloads are the product's services, workers, schedules, migrations and functions.
	Workloads Workloads `json:"workloads"`
	// Images are the image each repository deploys in this stack: repository
	// name to a tag ("1.4.2") or a digest ("sha256:..."). Every repository a
	// workload uses needs one.
	Images map[string]ImageRef `json:"images"`
	// Sizes are this stack's sizes per workload name. Unset values come from
	// the workload, then the tier.
	Sizes map[string]Sizing `json:"sizes"`
	// Overrides change workloads of the product in this stack (overrides.go).
	Overrides map[string]Override `json:"overrides"`
	// SecretValues are the values of the stack's own secrets (secret:<name>),
	// by name; set each with pulumi config set --secret --path
	// 'platform:secretValues.<name>'. A secret left out is created empty:
	// put its value with aws secretsmanager put-secret-value before a task
	// that reads it starts. Default: none.
	SecretValues map[string]string `json:"secretValues"`
	// AllowPlainVariables are variable names that look like secrets but are
	// not (PASSWORD_MIN_LENGTH), allowed in plain environment. Default: none.
	AllowPlainVariables []string `json:"allowPlainVariables"`
	// Gate puts browser-facing hosts behind a Cognito login (invitation
	// only). Default: true, except production.
	Gate *bool `json:"gate"`
	// Paused removes everything that holds no state (load balancer, web
	// ACLs, distributions, NAT, the broker, a cache without snapshots, every
	// running task) and keeps the data: the zone, certificates, user pool,
	// repositories, buckets, queues, secrets and log groups stay, and the
	// database is removed into the final snapshot pause N makes
	// (<database identifier>-pause-N, N from pauses) and restored from it on
	// resume. Production is never paused. Default: false.
	Paused bool `json:"paused"`
	// Pauses counts the stack's pauses, 0 or more: raise it by one with each
	// pause and keep it on resume (scripts/pause.sh does both). A database
	// of a stack paused N times restores from <database identifier>-pause-N
	// and leaves <database identifier>-pause-N+1 when the next pause removes
	// it. A paused stack with a database needs 1 or more. Default: 0.
	Pauses *int `json:"pauses"`
	// Placement is the recorded load balancer and listener-rule priority of
	// each service (service name to {loadBalancer, priority}), written by
	// platform place (the deploy runs it before every up): a recorded
	// service stays where it is while others are added, so only new services
	// are placed (README "Scale"). An entry of a service the product no
	// longer has is ignored, its spot free; platform place drops it. A
	// preview uses its base stack's. Default: none (placed by name).
	Placement map[string]Placed `json:"placement"`
	// Preview makes the stack a pull-request preview layered onto a dev stack.
	Preview *Preview `json:"preview"`
	// Observability is alert subscribers, threshold overrides and backups.
	Observability Observability `json:"observability"`
	// Canary are the canary releases in flight, by service name, each a
	// service with release strategy canary; `platform canary start`,
	// `promote` and `abort` write them. Default: none.
	Canary map[string]Canary `json:"canary"`
	// Ingress is how requests reach the services: alb (Application Load
	// Balancers, with WAF, the Cognito login and CloudFront) or api-gateway
	// (an API Gateway HTTP API per host through a VPC link; gated routes
	// take a Cognito bearer token; no WAF, no CloudFront, no canary).
	// Default: alb.
	Ingress string `json:"ingress"`
	// APIGateway sizes the HTTP APIs of ingress api-gateway.
	APIGateway APIGateway `json:"apiGateway"`
}

// Network is `network`.
type Network struct {
	// CIDR is the VPC range, private, /16 to /20. Default: 10.0.0.0/16.
	CIDR string `json:"cidr"`
	// AZCount is how many availability zones the VPC spans, 2 to 6.
	// Default: 2, production 3.
	AZCount *int `json:"azCount"`
	// NAT is how private subnets reach the internet: gateway, instance (a
	// fck-nat instance) or none. Default: instance dev, gateway staging and
	// production.
	NAT string `json:"nat"`
	// NATGateways is single or perAz, with nat gateway. Default: single,
	// production perAz.
	NATGateways string `json:"natGateways"`
	// InterfaceEndpoints adds ECR, Logs, Secrets Manager and SSM endpoints.
	// Default: false, production true.
	InterfaceEndpoints *bool `json:"interfaceEndpoints"`
	// FlowLogRetentionDays is a CloudWatch Logs retention. Default: 7 dev,
	// 30 staging, 90 production.
	FlowLogRetentionDays *int `json:"flowLogRetentionDays"`
	// FlowLogClass is the VPC flow log group's class: STANDARD or
	// INFREQUENT_ACCESS (flow log delivery at the lower vended rate; read
	// with Logs Insights, no Live Tail, metric or subscription filters).
	// Changing it replaces the group and drops the flows it holds.
	// Default: INFREQUENT_ACCESS dev, STANDARD staging and production.
	FlowLogClass string `json:"flowLogClass"`
}

// Access is `access`.
type Access struct {
	// Zone is create or lookup. Default: create.
	Zone string `json:"zone"`
	// ZoneName is the zone to look up: the domain or a parent. Default: the domain.
	ZoneName string `json:"zoneName"`
	// ParentZone is a public hosted zone in the same account that is a
	// parent of the domain; only with zone create. The new zone's NS
	// delegation is written into it, so certificates and mail validate in
	// the same up. Default: none.
	ParentZone string `json:"parentZone"`
	// Delegated says the domain is delegated to the created zone's name
	// servers; false (only with zone create and no parentZone) holds the
	// stack at its zone until the delegation exists. Default: true.
	Delegated *bool `json:"delegated"`
	// GitHub is the repository that deploys the stack.
	GitHub GitHub `json:"github"`
	// MFA is off, optional or required for the gate's users. Default: optional.
	MFA string `json:"mfa"`
	// MailDomain is the SES sending domain. Default: no mail.
	MailDomain string `json:"mailDomain"`
	// WAF associates the regional web ACL (AWS managed rule groups and the
	// per-IP rate limit) with the load balancer. Default: true, except on
	// dev when every host is behind the Cognito gate: the gate answers
	// every unauthenticated request at the load balancer, before any
	// reaches a task.
	WAF *bool `json:"waf"`
	// WAFRateLimit is requests per client IP per 5 minutes, 100 to
	// 2000000000. Default: 2000.
	WAFRateLimit *int `json:"wafRateLimit"`
	// LargeBodyPaths are path prefixes (e.g. /uploads/) that may receive
	// request bodies over 8 KB, which the core rule set blocks elsewhere.
	// Default: none (the paths of public, path-limited services are added).
	LargeBodyPaths []string `json:"largeBodyPaths"`
}

// GitHub is `access.github`.
type GitHub struct {
	// Repository is "owner/name". Required.
	Repository string `json:"repository"`
	// OIDCProvider is create or lookup: one stack per AWS account creates
	// it. Default: create.
	OIDCProvider string `json:"oidcProvider"`
	// DeployEnvironment is the GitHub environment allowed to deploy.
	// Default: the stack name.
	DeployEnvironment string `json:"deployEnvironment"`
	// PreviewEnvironment is the GitHub environment of read-only previews.
	// Default: preview.
	PreviewEnvironment string `json:"previewEnvironment"`
	// PreviewStacksEnvironment is the GitHub environment of the jobs that
	// deploy pull-request preview stacks with the previews role, which
	// reaches only pr-* resources; only for a stack that hosts previews.
	// Default: preview-stacks.
	PreviewStacksEnvironment string `json:"previewStacksEnvironment"`
	// Applications are the application repositories ("owner/name") whose
	// build-image.yml calls may push images to this stack's repositories
	// through a push role. Default: none, and no push role.
	Applications []string `json:"applications"`
	// PushEnvironment is the GitHub environment of the application
	// repositories' build job. Default: the deploy environment.
	PushEnvironment string `json:"pushEnvironment"`
	// State is the self-managed state backend the GitHub roles read and the
	// deploy roles write. Default: none (Pulumi Cloud).
	State StateBackend `json:"state"`
}

// StateBackend is `access.github.state`.
type StateBackend struct {
	// Bucket is the S3 bucket of "pulumi login s3://<bucket>". Default: none.
	Bucket string `json:"bucket"`
	// Key is the KMS key of the awskms secrets provider: a key ARN, an alias
	// ARN or "alias/<name>". Default: none.
	Key string `json:"key"`
}

// Preview is `preview`.
type Preview struct {
	// Base is the dev stack's reference, "<organization>/<project>/<stack>". Required.
	Base string `json:"base"`
	// Number is the pull request's number. Required.
	Number int `json:"number"`
	// Database is own or shared. own: the preview's workloads use their own
	// database, <base's database>_pr_<number>, on the base's server; it is
	// created if missing and migrated by the migrations its workloads wait
	// for, and is left behind when the preview is destroyed. shared: they
	// use the base's database and no migration runs. Default: own.
	Database string `json:"database"`
	// Queues is own or shared. own: every queue a previewed workload uses
	// is the preview's own (with its dead-letter queue, deleted with the
	// preview), consumed by the previewed workers. shared: they send to
	// the base's queues, whose workers consume the preview's jobs, and no
	// worker is previewed. Default: own.
	Queues string `json:"queues"`
}

// Placed is one service's entry in `placement`.
type Placed struct {
	// LoadBalancer is the load balancer, 0 (the first) to 49. Required.
	LoadBalancer *int `json:"loadBalancer"`
	// Priority is the rule's priority on that load balancer's listeners, 1
	// to 29999. Required.
	Priority *int `json:"priority"`
}

// Sizing is one workload's entry in `sizes`.
type Sizing struct {
	// CPU in 1/1024 vCPU. Default: the workload's.
	CPU *int `json:"cpu"`
	// Memory in MiB. Default: the workload's.
	Memory *int `json:"memory"`
	// Min is the task count at deploy. Default: the workload's, then the tier.
	Min *int `json:"min"`
	// Max is the most tasks. Default: the workload's, then the tier.
	Max *int `json:"max"`
	// SpotShare is the percentage of tasks above the first on Fargate Spot,
	// 0 to 100. Default: the workload's, then the tier.
	SpotShare *int `json:"spotShare"`
}

// Observability is `observability`.
type Observability struct {
	// Emails receive every alarm and its recovery.
	Emails []string `json:"emails"`
	// Webhooks are HTTPS endpoints (chat) that receive them too.
	Webhooks []string `json:"webhooks"`
	// Thresholds override the platform's per alarm kind.
	Thresholds map[string]Threshold `json:"thresholds"`
	// Services override thresholds of one service or worker: name to kind.
	Services map[string]map[string]Threshold `json:"services"`
	// Backups turns AWS Backup of the database and buckets on.
	// Default: false, production true.
	Backups *bool `json:"backups"`
	// BackupRetentionDays keeps recovery points, 1 to 36500. Default: 7
	// dev, 14 staging, 35 production.
	BackupRetentionDays *int `json:"backupRetentionDays"`
	// BackupCopyRegion copies every recovery point to a vault in that
	// region. Default: no copy.
	BackupCopyRegion string `json:"backupCopyRegion"`
	// LogRetentionDays keeps every task log group, a CloudWatch Logs
	// retention. Default: 7 dev, 30 staging, 90 production.
	LogRetentionDays *int `json:"logRetentionDays"`
	// LogClass is the class of every task log group: STANDARD or
	// INFREQUENT_ACCESS (half the ingestion price; read with Logs
	// Insights, no Live Tail, metric or subscription filters). A group's
	// class is fixed when it is created: changing it replaces the groups
	// and drops the logs they hold. Default: INFREQUENT_ACCESS dev,
	// STANDARD staging and production.
	LogClass string `json:"logClass"`
	// Budget is the stack's monthly AWS Budget at its estimate plus a
	// margin, alerting the alerts topic. Default: none until
	// `platform budget` records an estimate.
	Budget *Budget `json:"budget"`
	// Grafana adds an Amazon Managed Grafana workspace. Default: none.
	Grafana *Grafana `json:"grafana"`
}

// Budget is the stack's monthly AWS Budget: its costs (selected by the
// stack's cost allocation tag) against a limit, notifying the alerts topic
// when the month's forecast passes 80% and when actual spend passes 100%.
type Budget struct {
	// Estimate is the stack's monthly estimate in USD, recorded by
	// `platform budget --stack NAME` from the same price table as
	// `plan --cost`; the limit is this plus the margin. Default: none (no
	// budget until an estimate or an amount is recorded).
	Estimate *float64 `json:"estimate"`
	// MarginPercent is added to the estimate, 0 to 1000. Default: 20.
	MarginPercent *float64 `json:"marginPercent"`
	// Amount is an explicit monthly limit in USD, more than 0, replacing
	// estimate plus margin. Default: none.
	Amount *float64 `json:"amount"`
	// CostAllocationTags activates the platform's tag keys as cost
	// allocation tags. Only the payer (management or standalone) account can
	// activate them, and only after the tags have been on resources for up to
	// 24 hours; set it in that account's stack after its first deploy.
	// Default: false.
	CostAllocationTags *bool `json:"costAllocationTags"`
}

// Threshold is when an alarm fires.
type Threshold struct {
	// Value in the kind's unit, 0 or more. Required.
	Value *float64 `json:"threshold"`
	// Periods of one minute, 1 to 60. Default: 5 dev, 3 staging, 2 production.
	Periods *int `json:"periods"`
}

// BaseStack is the base stack's own name: the last part of its reference.
func (p Preview) BaseStack() string {
	return p.Base[strings.LastIndex(p.Base, "/")+1:]
}
