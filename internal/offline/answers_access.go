package offline

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// accessAnswers answer the identity, sign-in, firewall, mail, key and secret
// types; secrets come back marked secret, as from AWS.
var accessAnswers = map[string]answer{
	"aws:iam/role:Role": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"name": f.name, "arn": f.globalARN("iam", "role/"+f.name), "uniqueId": "AROA" + f.upper(17)}
	},
	"aws:iam/policy:Policy": func(f facts) (string, map[string]any) {
		arn := f.globalARN("iam", "policy/"+f.name)
		return arn, map[string]any{"name": f.name, "arn": arn, "policyId": "ANPA" + f.upper(17)}
	},
	"aws:iam/rolePolicy:RolePolicy": func(f facts) (string, map[string]any) {
		return f.str("role") + ":" + f.name, map[string]any{"name": f.name}
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": func(f facts) (string, map[string]any) {
		return f.str("role") + "-" + f.hex(8), nil
	},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": func(f facts) (string, map[string]any) {
		arn := f.globalARN("iam", "oidc-provider/"+strings.TrimPrefix(f.str("url"), "https://"))
		return arn, map[string]any{"arn": arn}
	},
	"aws:cognito/userPool:UserPool": func(f facts) (string, map[string]any) {
		id := f.region + "_" + f.upper(9)
		return id, map[string]any{
			"arn":      f.arn("cognito-idp", "userpool/"+id),
			"endpoint": "cognito-idp." + f.region + ".amazonaws.com/" + id,
		}
	},
	"aws:cognito/userPoolClient:UserPoolClient": func(f facts) (string, map[string]any) {
		return strings.ToLower(f.upper(26)), map[string]any{
			"clientSecret": resource.MakeSecret(resource.NewProperty(SecretValuePrefix + "(client)" + f.hex(12))),
		}
	},
	"aws:cognito/userPoolDomain:UserPoolDomain": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"cloudfrontDistribution": "d" + f.hex(13) + ".cloudfront.net"}
	},
	"aws:wafv2/webAcl:WebAcl": func(f facts) (string, map[string]any) {
		id := uuid(f)
		return id, map[string]any{"arn": f.arn("wafv2", "regional/webacl/"+f.name+"/"+id), "capacity": 1000}
	},
	"aws:ses/domainIdentity:DomainIdentity": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"arn": f.arn("ses", "identity/"+f.str("domain")), "verificationToken": f.hex(40)}
	},
	"aws:ses/domainDkim:DomainDkim": func(f facts) (string, map[string]any) {
		return f.str("domain"), map[string]any{"dkimTokens": []any{f.hex(32), digest(f.r.URN+"2", 32), digest(f.r.URN+"3", 32)}}
	},
	"aws:secretsmanager/secret:Secret": func(f facts) (string, map[string]any) {
		arn := f.arn("secretsmanager", "secret:"+f.name+"-"+f.hex(6))
		return arn, map[string]any{"arn": arn, "name": f.name}
	},
	"random:index/randomPassword:RandomPassword": func(f facts) (string, map[string]any) {
		return "none", map[string]any{"result": resource.MakeSecret(resource.NewProperty(SecretValuePrefix + "(password)" + f.hex(16)))}
	},
	"aws:kms/key:Key": func(f facts) (string, map[string]any) {
		id := uuid(f)
		return id, map[string]any{"arn": f.arn("kms", "key/"+id), "keyId": id}
	},
}
