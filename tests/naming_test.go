package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"platform/internal/naming"
)

func TestNamesCarryProjectAndStackWithinTheLimitOfEachKind(t *testing.T) {
	long := strings.Repeat("very-long-role-", 20)
	cases := []struct {
		kind  naming.Kind
		stack string
		role  string
		want  string
	}{
		{naming.Bucket, "staging", "uploads", "platform-staging-uploads"},
		{naming.Bucket, "Staging", "Uploads", "platform-staging-uploads"},
		{naming.Role, "staging", "TaskExecution", "platform-staging-TaskExecution"},
		{naming.Role, "pr-42", "web_task", "platform-pr-42-web-task"},
		{naming.Identifier, "production", "very-long-cache-name-x", "platform-production-very-long-cac-12788f"},
		{naming.CognitoDomain, "staging", "auth", "platform-staging-auth"},
	}
	for _, tc := range cases {
		n := naming.Namer{Project: "platform", Stack: tc.stack}
		assert.Equal(t, tc.want, n.Name(tc.kind, tc.role), "%s %s", tc.kind.Title, tc.role)
	}
	for _, kind := range []naming.Kind{naming.Bucket, naming.Role, naming.Policy, naming.Repository, naming.CognitoDomain, naming.Secret, naming.Queue, naming.Identifier} {
		n := naming.Namer{Project: "platform", Stack: "production"}
		name := n.Name(kind, long)
		assert.LessOrEqual(t, len(name), kind.MaxLen, kind.Title)
		assert.NotEqual(t, name, n.Name(kind, long+"x"), "%s: cut names must stay unique", kind.Title)
		if kind.Lower {
			assert.Equal(t, strings.ToLower(name), name, kind.Title)
		}
	}
}

func TestAutoNamedLoadBalancersAndTargetGroupsFitAWSLimits(t *testing.T) {
	for _, stack := range append(persistentStacks, "pr-42", "pr-4899") {
		g := Evaluate(t, stack)
		for _, typ := range []string{"aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup"} {
			for _, r := range g.ByType(typ) {
				assert.LessOrEqual(t, len(r.Name)+naming.AutoNameSuffix, 32, "%s: %s would get a name over 32 characters", stack, r.Name)
			}
		}
		assert.Len(t, g.Named("aws"), 1, "one provider named aws")
	}
}
