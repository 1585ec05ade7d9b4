package preflight

import (
	"encoding/json"
	"fmt"
	"platform/internal/graph"
	"regexp"
	"strings"
)

const (
	iamCreateRoleDoc = "IAM API Reference, CreateRole https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"
	iamOIDCDoc       = "IAM User Guide, Create an OpenID Connect (OIDC) identity provider in IAM (one provider per URL per account) https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html"
)

var iamRules = []Rule{
	{ID: "PF.IAM.1", Title: "A role's trust policy lets a principal assume it", Types: []string{role},
		Rejects: "CreateRole: MalformedPolicyDocument: a trust policy needs an Allow with a Principal and an sts:AssumeRole* action",
		Source:  iamCreateRoleDoc, Fix: "give assumeRolePolicy an Allow statement with a Principal and sts:AssumeRole (or AssumeRoleWithWebIdentity)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !known(r.Input("assumeRolePolicy")) {
				return ""
			}
			for _, s := range statements(r, "assumeRolePolicy") {
				for _, a := range stringsOf(asList(s["Action"])) {
					if s["Effect"] == "Allow" && s["Principal"] != nil && strings.HasPrefix(a, "sts:AssumeRole") {
						return ""
					}
				}
			}
			return "assumeRolePolicy has no Allow of sts:AssumeRole* to a principal"
		}},
	{ID: "PF.IAM.2", Title: "Role session duration and description are in range", Types: []string{role},
		Rejects: "CreateRole: ValidationError: maxSessionDuration 3600-43200 s, description at most 1000 characters",
		Source:  iamCreateRoleDoc, Fix: "keep maxSessionDuration between 1 and 12 hours and the description short",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d, ok := num(r, "maxSessionDuration")
			return first(check(!ok || (d >= 3600 && d <= 43200), "maxSessionDuration %v", d),
				check(len(str(r, "description")) <= 1000, "description of %d characters", len(str(r, "description"))))
		}},
	{ID: "PF.IAM.3", Title: "An OIDC provider is an HTTPS URL with at most 100 client ids and 5 thumbprints", Types: []string{oidcProvider},
		Rejects: "CreateOpenIDConnectProvider: ValidationError: url must begin with https://, up to 100 client ids and 5 thumbprints",
		Source:  iamOIDCDoc, Fix: "use the issuer's https URL and trim the lists",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return first(check(strings.HasPrefix(str(r, "url"), "https://"), "url %q", str(r, "url")),
				check(len(list(r, "clientIdLists")) <= 100, "%d client ids", len(list(r, "clientIdLists"))),
				check(len(list(r, "thumbprintLists")) <= 5, "%d thumbprints", len(list(r, "thumbprintLists"))))
		}},
	{ID: "PF.IAM.5", Title: "Policy documents are well-formed", Types: []string{role, rolePolicy, iamPolicy, bucketPolicy, "aws:sns/topicPolicy:TopicPolicy", "aws:kms/key:Key"},
		Rejects: "Create*/Put*Policy: MalformedPolicyDocument: a policy is JSON with a Statement list whose entries have Effect Allow or Deny and Action or NotAction",
		Source:  "IAM User Guide, IAM JSON policy element reference https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html",
		Fix:     "build the document with the iamdoc helpers",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			input := "policy"
			if r.Type == role {
				input = "assumeRolePolicy"
			}
			text := str(r, input)
			if text == "" {
				return ""
			}
			var doc struct{ Statement []map[string]any }
			if err := json.Unmarshal([]byte(text), &doc); err != nil || len(doc.Statement) == 0 {
				return input + " is not a JSON policy with statements"
			}
			for i, s := range doc.Statement {
				if (s["Effect"] != "Allow" && s["Effect"] != "Deny") || (s["Action"] == nil && s["NotAction"] == nil) {
					return fmt.Sprintf("%s statement %d lacks Effect Allow/Deny or an Action", input, i)
				}
			}
			return ""
		}},
	{ID: "PF.IAM.6", Title: "Attached policies are policy ARNs", Types: []string{rolePolicyAttach, role},
		Rejects: "AttachRolePolicy: InvalidInput: ARN is not a policy ARN (arn:aws:iam::aws:policy/... or arn:aws:iam::<account>:policy/...)",
		Source:  "IAM API Reference, AttachRolePolicy https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html",
		Fix:     "attach the policy's ARN, not its name",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, arn := range stringsOf(append(list(r, "policyArn"), list(r, "managedPolicyArns")...)) {
				if !policyARN.MatchString(arn) {
					return fmt.Sprintf("policy %q", arn)
				}
			}
			return ""
		}},
}

var policyARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/.+$`)

// AccountWide are findings that only show across the stacks of one account:
// account-wide singletons (the GitHub OIDC provider) and IAM names created by
// more than one stack deploying to the same account.
func AccountWide(graphs ...*graph.Graph) []Finding {
	type key struct{ account, typ, name string }
	owners := map[key][]*graph.Graph{}
	var order []key
	for _, g := range graphs {
		account := accountID(g)
		for _, typ := range []string{oidcProvider, role, iamPolicy} {
			for _, r := range g.ByType(typ) {
				input := "name"
				if typ == oidcProvider {
					input = "url"
				}
				if r.Read || str(r, input) == "" {
					continue
				}
				k := key{account, typ, str(r, input)}
				if owners[k] == nil {
					order = append(order, k)
				}
				owners[k] = append(owners[k], g)
			}
		}
	}
	var out []Finding
	for _, k := range order {
		gs := owners[k]
		for _, g := range gs[1:] {
			r := withInput(g, k.typ, map[bool]string{true: "url", false: "name"}[k.typ == oidcProvider], k.name)[0]
			out = append(out, Finding{Rule: "PF.IAM.4", Title: "An account-wide IAM name is created by one stack only", URN: r.URN, Type: r.Type, Name: r.Name,
				Message: fmt.Sprintf("%s %s is also created by stack %s in account %s", r.Type, k.name, gs[0].Stack, k.account),
				Rejects: "CreateOpenIDConnectProvider / CreateRole: EntityAlreadyExists: the name is taken in the account by the other stack",
				Fix:     "create the account's GitHub OIDC provider once (a bootstrap stack, or in one stack) and read it elsewhere with aws.iam.getOpenIdConnectProvider",
				Source:  iamOIDCDoc})
		}
	}
	return out
}
