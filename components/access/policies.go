package access

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"platform/internal/awsfacts"
	"platform/internal/iamdoc"
)

// PassedToServices are the services the stacks pass roles to: tasks, the
// scheduler, EventBridge, Step Functions, flow logs, RDS Proxy, AWS Backup,
// functions and Grafana. iam:PassRole is granted for these only
// (iam:PassedToService); a test checks every role the stacks make.
var PassedToServices = []string{"backup.amazonaws.com", "ecs-tasks.amazonaws.com", "events.amazonaws.com", "grafana.amazonaws.com", "lambda.amazonaws.com", "rds.amazonaws.com", "scheduler.amazonaws.com", "states.amazonaws.com", "vpc-flow-logs.amazonaws.com"}

// StackTag is the tag key the provider puts on every resource with the stack's
// name; tag-scoped statements match it.
const StackTag = "stack"

// scope is what limits one role's writes to one stack's resources.
type scope struct {
	account, region string
	// domain is the stack's DNS name; its records and mail identity carry it.
	domain string
	// prefix starts every name the stack chooses, e.g. platform-dev.
	prefix string
	// stacks are the values of the stack tag the role may write: "dev", or "pr-*".
	stacks []string
	// boundaries are the permissions boundaries a role the scope creates may carry.
	boundaries []string
}

func (s scope) expand(pattern string) string {
	return strings.NewReplacer("{region}", s.region, "{account}", s.account, "{prefix}", s.prefix, "{domain}", s.domain).Replace(pattern)
}

// boundaryOnly are the role writes that must name one of the scope's boundaries.
var boundaryOnly = []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary"}

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

// sid is a statement id from words; IAM allows only letters and digits.
func sid(words ...string) string {
	var b strings.Builder
	for _, w := range words {
		w = nonAlnum.ReplaceAllString(w, "")
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// statements derives, from the table of IAM actions, what a full `pulumi up`
// of types needs: tag-scoped writes (one statement that creates with the stack
// tag, one that changes what carries it), name-scoped writes, the actions AWS
// authorises only on "*", metadata reads, and roles only with a boundary.
func (s scope) statements(types []string) []iamdoc.Statement {
	tagged := map[string][]string{}
	named := map[string]*iamdoc.Statement{}
	alsoOn := map[string][]string{}
	var unscoped, reads []string
	for _, typ := range types {
		t := awsfacts.ResourceTypes[typ]
		for action, arns := range t.AlsoOn {
			alsoOn[action] = append(alsoOn[action], arns...)
		}
		unscoped = append(unscoped, t.Unscoped...)
		reads = append(reads, t.Reads...)
		writes := slices.DeleteFunc(slices.Clone(t.Writes), func(a string) bool { return slices.Contains(boundaryOnly, a) })
		if len(writes) == 0 {
			continue
		}
		if t.Scope == awsfacts.ScopeTag {
			tagged[t.Service] = append(tagged[t.Service], writes...)
			continue
		}
		var arns []string
		for _, a := range t.ARNs {
			arns = append(arns, s.expand(a))
		}
		condition := map[string]map[string][]string{}
		for op, kv := range t.Condition {
			condition[op] = map[string][]string{}
			for k, values := range kv {
				for _, v := range values {
					condition[op][k] = append(condition[op][k], s.expand(v))
				}
			}
		}
		key := fmt.Sprint(arns, condition)
		if named[key] == nil {
			named[key] = &iamdoc.Statement{Resources: iamdoc.Strings(arns...)}
			if len(condition) > 0 {
				named[key].Condition = condition
			}
		}
		named[key].Actions = append(named[key].Actions, writes...)
	}

	var out []iamdoc.Statement
	for _, service := range slices.Sorted(maps.Keys(tagged)) {
		actions := unique(tagged[service])
		for _, k := range []struct{ word, key string }{{"Create", "aws:RequestTag/"}, {"Change", "aws:ResourceTag/"}} {
			out = append(out, iamdoc.Statement{Sid: sid(k.word, service, "ForStack"), Actions: actions, Resources: iamdoc.Any,
				Condition: map[string]map[string][]string{"StringLike": {k.key + StackTag: s.stacks}}})
		}
	}
	for _, action := range slices.Sorted(maps.Keys(alsoOn)) {
		var arns []string
		for _, a := range unique(alsoOn[action]) {
			arns = append(arns, s.expand(a))
		}
		out = append(out, iamdoc.Statement{Sid: sid(action[strings.Index(action, ":")+1:], "OnWhatItUses"), Actions: []string{action}, Resources: iamdoc.Strings(arns...)})
	}
	count := map[string]int{}
	for _, key := range slices.Sorted(maps.Keys(named)) {
		st := named[key]
		st.Actions = unique(st.Actions)
		service := st.Actions[0][:strings.Index(st.Actions[0], ":")]
		count[service]++
		st.Sid = sid("Named", service, fmt.Sprint(count[service]))
		out = append(out, *st)
	}
	out = append(out, iamdoc.Statement{Sid: "RolesOnlyWithBoundary", Actions: boundaryOnly,
		Resources: iamdoc.Strings(s.expand("arn:aws:iam::{account}:role/{prefix}-*")),
		Condition: map[string]map[string][]string{"StringEquals": {"iam:PermissionsBoundary": s.boundaries}}})
	out = append(out, iamdoc.Statement{Sid: "PassStackRolesToServices", Actions: []string{"iam:PassRole"},
		Resources: iamdoc.Strings(s.expand("arn:aws:iam::{account}:role/{prefix}-*")),
		Condition: map[string]map[string][]string{"StringEquals": {"iam:PassedToService": PassedToServices}}})
	if services := serviceLinkedRoles(types); len(services) > 0 {
		out = append(out, iamdoc.Statement{Sid: "ServiceLinkedRoles", Actions: []string{"iam:CreateServiceLinkedRole"},
			Resources: iamdoc.Strings(s.expand("arn:aws:iam::{account}:role/aws-service-role/*")),
			Condition: map[string]map[string][]string{"StringEquals": {"iam:AWSServiceName": services}}})
	}
	if len(unscoped) > 0 {
		out = append(out, iamdoc.Statement{Sid: "OnlyOnAnyResource", Actions: unique(unscoped), Resources: iamdoc.Any})
	}
	return append(out, readStatements(append(reads, invokeActions()...))...)
}

// readStatements grant metadata reads on every resource, one statement per
// service so that each fits a policy of its own.
func readStatements(actions []string) []iamdoc.Statement {
	byService := map[string][]string{}
	for _, a := range unique(actions) {
		service := a[:strings.Index(a, ":")]
		byService[service] = append(byService[service], a)
	}
	var out []iamdoc.Statement
	for _, service := range slices.Sorted(maps.Keys(byService)) {
		out = append(out, iamdoc.Statement{Sid: sid("Read", service), Actions: byService[service], Resources: iamdoc.Any})
	}
	return out
}

// invokeActions are what the program's data sources call, in preview too.
func invokeActions() []string {
	var out []string
	for _, actions := range awsfacts.Invokes {
		out = append(out, actions...)
	}
	return unique(out)
}

// serviceLinkedRoles are the services whose linked roles types may create.
func serviceLinkedRoles(types []string) []string {
	var out []string
	for _, typ := range types {
		if s := awsfacts.ResourceTypes[typ].ServiceLinkedRole; s != "" {
			out = append(out, s)
		}
	}
	return unique(out)
}

// stateStatements let a role use the stack's state in a self-managed S3
// backend (bucket and objects under .pulumi/ for this project and stack) and
// its secrets key; write adds what an update changes.
func stateStatements(state StateBackend, project, stack, region, account string, write bool) []iamdoc.Statement {
	var out []iamdoc.Statement
	if state.Bucket != "" {
		bucket := "arn:aws:s3:::" + state.Bucket
		out = append(out, iamdoc.Statement{Sid: "ListState", Actions: []string{"s3:ListBucket", "s3:GetBucketLocation"}, Resources: iamdoc.Strings(bucket)})
		stackFiles := []string{
			bucket + "/.pulumi/stacks/" + project + "/" + stack + ".json*",
			bucket + "/.pulumi/locks/" + project + "/" + stack + "/*",
			bucket + "/.pulumi/history/" + project + "/" + stack + "/*",
			bucket + "/.pulumi/backups/" + project + "/" + stack + "/*",
		}
		out = append(out, iamdoc.Statement{Sid: "ReadStackState", Actions: []string{"s3:GetObject"},
			Resources: iamdoc.Strings(append([]string{bucket + "/.pulumi/meta.yaml"}, stackFiles[0])...)})
		if write {
			out = append(out, iamdoc.Statement{Sid: "WriteStackState", Actions: []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
				Resources: iamdoc.Strings(stackFiles...)})
		}
	}
	if state.Key != "" {
		actions := []string{"kms:Decrypt"}
		if write {
			actions = append(actions, "kms:Encrypt", "kms:GenerateDataKey")
		}
		st := iamdoc.Statement{Sid: "StateKey", Actions: actions, Resources: iamdoc.Strings(state.Key)}
		if alias := state.alias(); alias != "" {
			// IAM policies cannot name an alias as a resource: match keys by alias.
			st.Resources = iamdoc.Strings(fmt.Sprintf("arn:aws:kms:%s:%s:key/*", region, account))
			st.Condition = map[string]map[string][]string{"ForAnyValue:StringEquals": {"kms:ResourceAliases": {alias}}}
		}
		out = append(out, st)
	}
	return out
}

// boundaryStatements are a permissions boundary: every service the platform
// uses, never on another stack's tagged resources, never tagging for another
// stack, roles only with one of the boundaries, and the boundaries and the
// GitHub roles' trust unchangeable from inside.
func boundaryStatements(own scope, readable, pullable []string, githubRoles []string) []iamdoc.Statement {
	var services []string
	for _, s := range append(awsfacts.Services(), workloadServices...) {
		services = append(services, s+":*")
	}
	otherThan := func(stacks []string) map[string]map[string][]string {
		return map[string]map[string][]string{"Null": {"aws:ResourceTag/" + StackTag: {"false"}}, "StringNotLike": {"aws:ResourceTag/" + StackTag: stacks}}
	}
	return []iamdoc.Statement{
		{Sid: "PlatformServices", Actions: unique(services), Resources: iamdoc.Any},
		{Sid: "NotOtherStacks", Deny: true, NotActions: ImagePullActions, Resources: iamdoc.Any, Condition: otherThan(readable)},
		// Images may also come from the stack they are promoted from.
		{Sid: "NoImagesOfOtherStacks", Deny: true, Actions: ImagePullActions, Resources: iamdoc.Any, Condition: otherThan(append(slices.Clone(readable), pullable...))},
		{Sid: "NotTaggingForOtherStacks", Deny: true, Actions: []string{"*"}, Resources: iamdoc.Any, Condition: map[string]map[string][]string{
			"Null": {"aws:RequestTag/" + StackTag: {"false"}}, "StringNotLike": {"aws:RequestTag/" + StackTag: own.stacks}}},
		{Sid: "RolesOnlyWithBoundary", Deny: true, Actions: boundaryOnly, Resources: iamdoc.Any, Condition: map[string]map[string][]string{
			"StringNotEquals": {"iam:PermissionsBoundary": own.boundaries}}},
		{Sid: "BoundaryStays", Deny: true, Actions: []string{"iam:DeleteRolePermissionsBoundary"}, Resources: iamdoc.Any},
		{Sid: "BoundariesUnchanged", Deny: true, Actions: []string{"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"},
			Resources: iamdoc.Strings(own.boundaries...)},
		{Sid: "GitHubTrustUnchanged", Deny: true, Actions: []string{"iam:UpdateAssumeRolePolicy", "iam:DeleteRole"}, Resources: iamdoc.Strings(githubRoles...)},
	}
}

// ImagePullActions read an image from a repository.
var ImagePullActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}

// workloadServices are what tasks call beyond the services the platform
// creates resources in: tracing, ECS Exec and SES sending.
var workloadServices = []string{"ssm", "ssmmessages", "xray", "sts"}

func unique(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}
