package tests

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A new fck-nat AMI does not replace dev's NAT on a routine up: the lookup
// still answers the newest, but the instance ignores it until replaced on
// purpose.
func TestNATInstanceKeepsItsAMIUntilReplacedOnPurpose(t *testing.T) {
	g := Evaluate(t, "dev")
	nat := only(t, g, "aws:ec2/instance:Instance", "network-nat-instance")
	assert.Equal(t, []string{"ami"}, nat.IgnoreChanges)
	assert.NotEmpty(t, nat.Input("ami"), "the first up still launches the AMI the lookup found")
}

// RunInstances is authorised on every resource it uses: the public AMI, the
// subnet and the security group carry no tag the request sets, so they are
// granted by ARN; the instance, volume and network interface it creates stay
// under the stack-tag condition.
func TestDeployRoleMayLaunchTheNATFromItsPublicImage(t *testing.T) {
	g := Evaluate(t, "dev")
	statements, _ := rolePolicies(t, g, "access-github-deploy")
	var launch []statement
	for _, s := range statements {
		if s.allows("ec2:RunInstances") {
			launch = append(launch, s)
		}
	}
	require.Len(t, launch, 3, "create with the stack tag, change what carries it, and what it uses")
	uses := launch[slices.IndexFunc(launch, func(s statement) bool { return s.Sid == "RunInstancesOnWhatItUses" })]
	assert.Equal(t, statement{Sid: "RunInstancesOnWhatItUses", Effect: "Allow", Action: []string{"ec2:RunInstances"},
		Resource: []string{"arn:aws:ec2:us-east-1::image/*", "arn:aws:ec2:us-east-1:" + offlineAccount + ":security-group/*", "arn:aws:ec2:us-east-1:" + offlineAccount + ":subnet/*"}},
		statement{Sid: uses.Sid, Effect: uses.Effect, Action: uses.Action, Resource: uses.Resource, Condition: uses.Condition})
	for _, s := range launch {
		if s.Sid == uses.Sid {
			continue
		}
		assert.True(t, s.onAny(), s.Sid)
		assert.True(t, s.stackScoped([]string{"dev"}, "platform-dev"), "%s keeps the stack-tag condition: %v", s.Sid, s.Condition)
	}
}
