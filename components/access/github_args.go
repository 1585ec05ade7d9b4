package access

import "strings"

// GitHubArgs configure the GitHub Actions identities.
type GitHubArgs struct {
	// Repository is "owner/name"; only its workflows can assume the roles. Required.
	Repository string
	// OIDCProvider is "create" or "lookup": one stack per AWS account creates
	// the provider. Default: DefaultOIDCProvider.
	OIDCProvider OIDCMode
	// DeployEnvironment is the GitHub environment whose jobs may assume the
	// deploy role (with required reviewers for production). Required; the stack
	// defaults it to the stack name.
	DeployEnvironment string
	// PreviewEnvironment is the GitHub environment of pull-request jobs that
	// run `pulumi preview` with the read-only role (a job that names an
	// environment gets that in its token's subject, not "pull_request").
	// Default: DefaultPreviewEnvironment.
	PreviewEnvironment string
	// PreviewStacksEnvironment is the GitHub environment of the jobs that
	// deploy pull-request preview stacks (pr-<n>) with the previews role,
	// which reaches only pr-* resources. Only for a stack that hosts
	// previews. Default: DefaultPreviewStacksEnvironment.
	PreviewStacksEnvironment string
	// Applications are the application repositories ("owner/name") whose
	// build-image.yml calls may push images to this stack's ECR repositories
	// through a push role; none means no push role. Default: none.
	Applications []string
	// PushEnvironment is the environment of the application repositories'
	// build job (build-image.yml runs in it). Default: DeployEnvironment.
	PushEnvironment string
	// State is the self-managed state backend the GitHub roles read (and the
	// deploy roles write); empty for Pulumi Cloud. Default: none.
	State StateBackend
	// PromotesFrom is the stack whose image digests the deploy copies into
	// this stack's repositories (scripts/promote-images.sh); the deploy role
	// may pull that stack's images and push its own. Set by the stack for
	// production. Default: none.
	PromotesFrom string
	// PromotesFromAccount is the 12-digit account of PromotesFrom's image
	// registry (one account per environment is the recommended layout).
	// Default: this stack's account.
	PromotesFromAccount string
	// PromotesFromRegion is the region of PromotesFrom's image registry.
	// Default: this stack's region.
	PromotesFromRegion string
	// DeploysPreviews makes the stack create the role that deploys
	// pull-request preview stacks (pr-*) and their boundary. Set by the stack
	// for dev.
	DeploysPreviews bool
}

// StateBackend is a self-managed Pulumi state backend (scripts/bootstrap-state.sh).
type StateBackend struct {
	// Bucket is the S3 bucket of "pulumi login s3://<bucket>". Default: none.
	Bucket string
	// Key is the KMS key of the awskms secrets provider: a key ARN, an alias
	// ARN, or "alias/<name>" (bootstrap-state.sh makes alias/pulumi-state).
	// Default: none.
	Key string
}

// alias is the key's alias name ("alias/pulumi-state"), or "" for a key ARN.
func (s StateBackend) alias() string {
	if i := strings.Index(s.Key, "alias/"); i >= 0 {
		return s.Key[i:]
	}
	return ""
}
