package stacks

import (
	"fmt"

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
	// Plan are the base's config facts a preview decides on while it is
	// planned: plain values, not resource outputs.
	Plan basePlan
}

// basePlan is what a preview must know of its base before it registers
// anything: whether the base runs, which database client creates the
// preview's own database, and how the preview's own queues are set.
type basePlan struct {
	Paused bool
	// DatabaseEngine is the base's engine; "" without a database.
	DatabaseEngine string
	// DatabaseName is the base's database (read from its data output).
	DatabaseName string
	// Queues are the base's queue settings by name.
	Queues map[string]queueSettings
	// Ingress is the base's ingress; previews stand only on alb ("" reads
	// as alb: a base written before the key existed).
	Ingress string
}

// queueSettings are one queue's resolved settings, as the base's data layer
// created it; a preview's own copy of the queue takes the same.
type queueSettings struct {
	VisibilityTimeoutSeconds int `json:"visibilityTimeoutSeconds"`
	RetentionSeconds         int `json:"retentionSeconds"`
	MaxReceiveCount          int `json:"maxReceiveCount"`
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
	pausedKey         = "paused"
	// databaseEngineKey is left out by a base without a database.
	databaseEngineKey = "databaseEngine"
	queueSettingsKey  = "queueSettings"
	loadBalancersKey  = "loadBalancers"
	ingressKey        = "ingress"
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
	keys := []string{pausedKey, privateSubnetsKey, dataKey, queueSettingsKey, loadBalancersKey, ingressKey}
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
	out[pausedKey] = pulumi.Bool(b.Plan.Paused)
	out[ingressKey] = pulumi.String(b.Plan.Ingress)
	if b.Plan.DatabaseEngine != "" {
		out[databaseEngineKey] = pulumi.String(b.Plan.DatabaseEngine)
	}
	queues := pulumi.Map{}
	for name, q := range b.Plan.Queues {
		queues[name] = pulumi.Map{"visibilityTimeoutSeconds": pulumi.Int(q.VisibilityTimeoutSeconds),
			"retentionSeconds": pulumi.Int(q.RetentionSeconds), "maxReceiveCount": pulumi.Int(q.MaxReceiveCount)}
	}
	out[queueSettingsKey] = queues
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

// readBasePlan waits for the base's plan facts: a preview's shape depends on them.
func readBasePlan(ref *pulumi.StackReference) (basePlan, error) {
	outputs := map[string]any{}
	for _, key := range []string{pausedKey, databaseEngineKey, queueSettingsKey, dataKey, ingressKey} {
		d, err := ref.GetOutputDetails(key)
		if err != nil {
			return basePlan{}, err
		}
		outputs[key] = d.Value
	}
	return basePlanOf(outputs), nil
}

// basePlanOf reads the plan facts out of a base's outputs.
func basePlanOf(outputs map[string]any) basePlan {
	p := basePlan{Queues: map[string]queueSettings{}}
	p.Paused, _ = outputs[pausedKey].(bool)
	p.Ingress, _ = outputs[ingressKey].(string)
	p.DatabaseEngine, _ = outputs[databaseEngineKey].(string)
	data, _ := outputs[dataKey].(map[string]any)
	p.DatabaseName, _ = data["databaseName"].(string)
	queues, _ := outputs[queueSettingsKey].(map[string]any)
	for name, v := range queues {
		m, _ := v.(map[string]any)
		n := func(k string) int { f, _ := m[k].(float64); return int(f) }
		p.Queues[name] = queueSettings{VisibilityTimeoutSeconds: n("visibilityTimeoutSeconds"), RetentionSeconds: n("retentionSeconds"), MaxReceiveCount: n("maxReceiveCount")}
	}
	return p
}

// RefuseBase is why a preview cannot be planned on its base's outputs as
// they are, or nil: a paused base runs nothing a preview could stand on.
func RefuseBase(project string, outputs map[string]any, base, preview string) error {
	plan := basePlanOf(outputs)
	if plan.Paused {
		return pausedBase(project, base, preview)
	}
	return plan.refuseIngress(project, base, preview)
}

// pausedBase is the one message for a preview of a paused base, offline and in `up`.
func pausedBase(project, base, preview string) error {
	return fmt.Errorf("%s is paused: resume it (%s:paused false) before deploying preview %s", base, project, preview)
}

// basePlan is what the stack, as a base, tells its previews about itself.
func (c *Config) basePlan() basePlan {
	p := basePlan{Paused: c.Paused, Queues: map[string]queueSettings{}, Ingress: c.Ingress}
	if db := c.Data.Database; db != nil {
		p.DatabaseEngine, p.DatabaseName = db.Engine, db.Name
	}
	for _, q := range c.Data.Queues {
		p.Queues[q.Name] = queueSettings{VisibilityTimeoutSeconds: *q.VisibilityTimeoutSeconds, RetentionSeconds: *q.RetentionSeconds, MaxReceiveCount: *q.MaxReceiveCount}
	}
	return p
}
