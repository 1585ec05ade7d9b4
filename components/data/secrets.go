package data

import (
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/validate"
)

// SecretArgs configure one of the stack's own application secrets (an
// APP_KEY): a Secrets Manager secret the stack creates and the workloads
// that name it read by reference.
type SecretArgs struct {
	// Key is the short name the workloads use (app-key), unique among the
	// secrets; it names the child resources. Required.
	Key string
	// Name is the secret's full name, e.g. <project>/<stack>/app-key:
	// letters, digits and /_+=.@-, 1 to 512 characters. Required.
	Name string
	// Value is the secret's value; nil creates the secret without a value,
	// to be put out of band (a task that reads it fails to start until
	// then). Default: nil.
	Value pulumi.StringInput
}

// Secret is a created application secret.
type Secret struct {
	ARN pulumi.StringOutput
}

// secretName is what Secrets Manager accepts as a name (CreateSecret, Name).
var secretName = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)

func (s SecretArgs) validate() error {
	switch {
	case s.Key == "":
		return validate.Missing("secrets", "a short name for each secret")
	case !secretName.MatchString(s.Name):
		return validate.Field("secrets."+s.Key, s.Name, "is not a Secrets Manager name", "1 to 512 letters, digits and /_+=.@-")
	}
	return nil
}

// secrets creates the application secrets, encrypted with the account's
// aws/secretsmanager key (the execution role needs no key grant), kept for
// the recovery window of the stack's protection. A value is written as a
// secret; no value leaves the secret without a version.
func (b *builder) secrets() error {
	for _, spec := range b.args.Secrets {
		role := b.name + "-secret-" + spec.Key
		secret, err := secretsmanager.NewSecret(b.ctx, role, &secretsmanager.SecretArgs{
			Name:                 pulumi.String(spec.Name),
			Description:          pulumi.String("Application secret, read by reference by the workloads that name it"),
			RecoveryWindowInDays: b.recoveryWindow(),
		}, b.stateful()...)
		if err != nil {
			return err
		}
		if spec.Value != nil {
			if _, err := secretsmanager.NewSecretVersion(b.ctx, role+"-value", &secretsmanager.SecretVersionArgs{
				SecretId: secret.ID(), SecretString: pulumi.ToSecret(spec.Value.ToStringOutput()).(pulumi.StringOutput),
			}, b.opts()...); err != nil {
				return err
			}
		}
		b.layer.Secrets[spec.Key] = &Secret{ARN: secret.Arn}
	}
	return nil
}
