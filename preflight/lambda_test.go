package preflight

import (
	"strings"
	"testing"

	"platform/internal/graph"
)

func fn(extra M, opts ...func(*graph.Resource)) *graph.Resource {
	inputs := M{"name": "platform-dev-dispatch", "packageType": "Zip", "runtime": "python3.13", "handler": "index.handler", "memorySize": 256, "timeout": 30}
	for k, v := range extra {
		inputs[k] = v
	}
	return res(lambdaFunction, "fn", inputs, append(opts, outputs(M{"arn": "arn:aws:lambda:us-east-1:111122223333:function:platform-dev-dispatch"}))...)
}

func outputs(m M) func(*graph.Resource) { return func(r *graph.Resource) { r.State = m } }

// trigger is a function on a queue with the given visibility timeout and batch.
func trigger(visibility, timeout, batch int) func() []*graph.Resource {
	q := res(queue, "q", M{"visibilityTimeoutSeconds": visibility}, outputs(M{"arn": "arn:aws:sqs:us-east-1:111122223333:q"}))
	f := fn(M{"timeout": timeout})
	m := res(lambdaMapping, "mapping", M{"eventSourceArn": "arn:aws:sqs:us-east-1:111122223333:q", "functionName": f.Output("arn"), "batchSize": batch})
	return one(q, f, m)
}

func vpcFunction(attached bool) func() []*graph.Resource {
	a := res(rolePolicyAttach, "vpc-access", M{"policyArn": vpcAccessPolicy})
	f := fn(M{"vpcConfig": M{"subnetIds": L{"subnet-a"}}})
	if attached {
		on(a)(f)
	}
	return one(a, f)
}

func imageFunction(image string) func() []*graph.Resource {
	p := res(awsProvider, "aws", M{"region": "us-east-1"})
	return one(p, fn(M{"packageType": "Image", "imageUri": image, "runtime": nil, "handler": nil}, provider(p)))
}

// consumer is a function on a queue whose waited-for role policy grants actions.
func consumer(actions ...string) func() []*graph.Resource {
	policy := res(rolePolicy, "policy", M{"policy": jsonText(M{"Statement": L{M{"Effect": "Allow", "Action": actions, "Resource": L{"arn:aws:sqs:us-east-1:111122223333:q"}}}})})
	f := fn(nil, on(policy))
	m := res(lambdaMapping, "mapping", M{"eventSourceArn": "arn:aws:sqs:us-east-1:111122223333:q", "functionName": f.Output("arn"), "batchSize": 10})
	return one(policy, f, m)
}

var lambdaCases = []ruleCase{
	{rule: "PF.LAMBDA.8", badName: "mapping", good: consumer("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), bad: consumer("sqs:ReceiveMessage")},
	{rule: "PF.LAMBDA.1", badName: "fn", good: one(fn(nil)), bad: one(fn(M{"memorySize": 64}))},
	{rule: "PF.LAMBDA.2", badName: "fn", good: one(fn(M{"environment": M{"variables": M{"A": "b"}}})),
		bad: one(fn(M{"environment": M{"variables": M{"A": strings.Repeat("b", 4096)}}}))},
	{rule: "PF.LAMBDA.3", badName: "fn", good: imageFunction("111122223333.dkr.ecr.us-east-1.amazonaws.com/platform-dev-digest:1.0"),
		bad: imageFunction("111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform-dev-digest:1.0")},
	{rule: "PF.LAMBDA.4", badName: "fn", good: one(fn(nil)), bad: one(fn(M{"runtime": "python3.9"}))},
	{rule: "PF.LAMBDA.5", badName: "mapping", good: trigger(180, 30, 10), bad: trigger(30, 60, 10)},
	{rule: "PF.LAMBDA.6", badName: "fn", good: vpcFunction(true), bad: vpcFunction(false)},
	{rule: "PF.LAMBDA.7", badName: "fn", good: one(fn(M{"reservedConcurrentExecutions": 10})), bad: one(fn(M{"reservedConcurrentExecutions": 950}))},
}

func TestLambdaRules(t *testing.T) { runCases(t, lambdaCases) }
