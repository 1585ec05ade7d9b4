package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
)

// baseStack is the contract between a base (dev) stack and its previews:
// the base writes it as stack outputs (exports), a preview reads it back
// through a StackReference (readBase). Both sides use the keys below, so
// they cannot drift apart; a round-trip test reads dev's exports as a preview.
type baseStack struct {
	ClusterArn, ClusterName, VpcID pulumi.StringInput
	// ALBDNSName is the first load balancer's name, for people; previews
	// read LoadBalancers.
	ALBDNSName, NamespaceID, ZoneID         pulumi.StringInput
	UserPoolArn, UserPoolID, UserPoolDomain pulumi.StringInput
	TasksSecurityGroupID                    pulumi.StringInput
	PrivateSubnetIDs                        pulumi.StringArrayInput
	// LoadBalancers are every load balancer by index (loadBalancerKeys):
	// a preview routes each service through its base service's.
	LoadBalancers pulumi.Input
	// Data is the base's data layer as a dataView sees it.
	Data pulumi.Input
}

// baseKeys names every string field's stack output.
func (b *baseStack) strings() map[string]*pulumi.StringInput {
	return map[string]*pulumi.StringInput{
		"clusterArn": &b.ClusterArn, "clusterName": &b.ClusterName, "vpcId": &b.VpcID,
		"albDnsName": &b.ALBDNSName, "namespaceId": &b.NamespaceID, "zoneId": &b.ZoneID,
		"userPoolArn": &b.UserPoolArn, "userPoolId": &b.UserPoolID, "userPoolDomain": &b.UserPoolDomain,
		"tasksSecurityGroupId": &b.TasksSecurityGroupID,
	}
}

const (
	privateSubnetsKey = "privateSubnetIds"
	dataKey           = "data"
	loadBalancersKey  = "loadBalancers"
)

// loadBalancerOutputs are the exported attributes of the cluster's load balancers.
func loadBalancerOutputs(balancers []compute.LoadBalancer) pulumi.Array {
	out := pulumi.Array{}
	for _, lb := range balancers {
		out = append(out, pulumi.Map{"dnsName": lb.DNSName, "zoneId": lb.ZoneID, "securityGroupId": lb.SecurityGroupID, "httpsListenerArn": lb.HTTPSListenerArn})
	}
	return out
}

// loadBalancerRefs read n load balancers back from a base's loadBalancers output.
func loadBalancerRefs(v pulumi.AnyOutput, n int) []compute.LoadBalancerRef {
	var out []compute.LoadBalancerRef
	for i := range n {
		str := func(key string) pulumi.StringOutput {
			return v.ApplyT(func(all any) string {
				list, _ := all.([]any)
				if i >= len(list) {
					return ""
				}
				m, _ := list[i].(map[string]any)
				s, _ := m[key].(string)
				return s
			}).(pulumi.StringOutput)
		}
		out = append(out, compute.LoadBalancerRef{DNSName: str("dnsName"), ZoneID: str("zoneId"), SecurityGroupID: str("securityGroupId"), HTTPSListenerArn: str("httpsListenerArn")})
	}
	return out
}

// BaseOutputKeys are the stack outputs a preview reads from its base.
func BaseOutputKeys() []string {
	keys := []string{privateSubnetsKey, dataKey, loadBalancersKey}
	for k := range (&baseStack{}).strings() {
		keys = append(keys, k)
	}
	return keys
}

// exports writes the contract into a base stack's outputs; unset parts (no
// user pool without a gate) are left out.
func (b baseStack) exports(out pulumi.Map) {
	for key, v := range b.strings() {
		if *v != nil {
			out[key] = *v
		}
	}
	out[privateSubnetsKey] = b.PrivateSubnetIDs
	out[dataKey] = b.Data
	out[loadBalancersKey] = b.LoadBalancers
}

// readBase reads the contract back from the base stack.
func readBase(ref *pulumi.StackReference) (baseStack, pulumi.AnyOutput) {
	var b baseStack
	for key, v := range b.strings() {
		*v = ref.GetStringOutput(pulumi.String(key))
	}
	b.PrivateSubnetIDs = ref.GetOutput(pulumi.String(privateSubnetsKey)).AsStringArrayOutput()
	data := ref.GetOutput(pulumi.String(dataKey))
	b.Data = data
	b.LoadBalancers = ref.GetOutput(pulumi.String(loadBalancersKey))
	return b, data
}
