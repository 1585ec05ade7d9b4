package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"platform/internal/validate"
)

// placeholderDecrypter "decrypts" every `secure:` value of one key to that
// key's SecretPlaceholder: the offline run has no secrets provider, and the
// ciphertext must never reach the program or the plan.
type placeholderDecrypter string

func (d placeholderDecrypter) DecryptValue(context.Context, string) (string, error) {
	return SecretPlaceholder(string(d)), nil
}

func (d placeholderDecrypter) BatchDecrypt(ctx context.Context, ciphertexts []string) ([]string, error) {
	return config.DefaultBatchDecrypt(ctx, d, ciphertexts)
}

// checkValue returns the text the program receives for a stack file's value,
// after the engine's checks (pkg/workspace validateStackConfigValue in
// pulumi/pulumi): a secret key must be encrypted, and a typed key's value
// must pass workspace.ValidateConfigValue, which takes "true"/"false" for
// booleans and "3", 3 and 3.0 for integers. One check is the platform's own:
// a key in the project's namespace must be declared in Pulumi.yaml.
func (p *Project) checkValue(full, written string, value config.Value) (string, error) {
	decl, declared := p.Config[full]
	if strings.HasPrefix(full, p.Name+":") && !declared && !slices.Contains(p.Optional, strings.TrimPrefix(full, p.Name+":")) {
		return "", validate.Field(written, nil, "is not a key of this project", "one of "+strings.Join(p.knownKeys(), ", "))
	}
	text, err := value.Value(placeholderDecrypter(full))
	if err != nil {
		return "", validate.Field(written, nil, "cannot be read: "+err.Error(), "")
	}
	if decl.Secret && !value.Secure() {
		return "", validate.Field(written, nil, "is in plain text but Pulumi.yaml declares it secret", "an encrypted value (pulumi config set --secret)")
	}
	// An encrypted scalar cannot be type-checked without its plaintext, which
	// the offline run never has.
	if decl.Type == "" || (value.Secure() && !value.Object()) {
		return text, nil
	}
	var content any = text
	if value.Object() {
		if err := json.Unmarshal([]byte(text), &content); err != nil {
			return "", validate.Field(written, nil, "cannot be read: "+err.Error(), "")
		}
	}
	if !workspace.ValidateConfigValue(decl.Type, decl.sdk.Items, content) {
		const problem = "the type Pulumi.yaml declares"
		switch content.(type) {
		case map[string]any: // objects and lists are not repeated in the message
			return "", validate.Field(written, nil, "is a mapping, not "+problem, typeWant(decl))
		case []any:
			return "", validate.Field(written, nil, "is a list, not "+problem, typeWant(decl))
		}
		return "", validate.Field(written, text, "is not of "+problem, typeWant(decl))
	}
	return text, nil
}

// typeWant names what a declared type accepts, the way the engine's check does.
func typeWant(decl ConfigDecl) string {
	switch decl.Type {
	case "integer":
		return `an integer (3, "3" or 3.0)`
	case "boolean":
		return `a boolean (true, false, "true" or "false")`
	case "object":
		return "a mapping"
	case "string":
		return "a string"
	}
	return fmt.Sprintf("a %s", workspace.InferFullTypeName(decl.Type, decl.sdk.Items))
}
