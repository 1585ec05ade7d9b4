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
		{naming.LoadBalancer, "production", "alb", "platform-production-alb"},
		{naming.LoadBalancer, "production", "public-alb", "platform-producti-6611f4"},
		{naming.CognitoDomain, "staging", "auth", "platform-staging-auth"},
	}
	for _, tc := range cases {
		n := naming.Namer{Project: "platform", Stack: tc.stack}
		assert.Equal(t, tc.want, n.Name(tc.kind, tc.role), "%s %s", tc.kind.Title, tc.role)
	}
	for _, kind := range []naming.Kind{naming.Bucket, naming.Role, naming.Policy, naming.Repository, naming.CognitoDomain, naming.LoadBalancer, naming.TargetGroup, naming.Secret, naming.Queue, naming.Identifier} {
		n := naming.Namer{Project: "platform", Stack: "production"}
		name := n.Name(kind, long)
		assert.LessOrEqual(t, len(name), kind.MaxLen, kind.Title)
		assert.NotEqual(t, name, n.Name(kind, long+"x"), "%s: cut names must stay unique", kind.Title)
		if kind.Lower {
			assert.Equal(t, strings.ToLower(name), name, kind.Title)
		}
	}
}

func TestLoadBalancerPrefixLeavesRoomForPulumiAutoNaming(t *testing.T) {
	assert.Equal(t, 24, naming.LoadBalancer.MaxLen)
	assert.Equal(t, 24, naming.TargetGroup.MaxLen)
}
