package preflight

import (
	"testing"

	"platform/internal/graph"
)

// lambdaRoute is a lambda target group with its function registered, the
// permission given or not, and the attachment waiting for it or not.
func lambdaRoute(tgInputs M, permitted, waits bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		tg := res(targetGroup, "tg", tgInputs)
		fn := res(lambdaFunction, "fn", M{"name": "platform-dev-relay"})
		out := []*graph.Resource{tg, fn}
		var after []*graph.Resource
		if permitted {
			p := res(lambdaPermission, "invoke", M{"action": "lambda:InvokeFunction", "principal": elbInvokePrincipal, "sourceArn": "arn:tg"}, on(tg, fn))
			out = append(out, p)
			if waits {
				after = append(after, p)
			}
		}
		return append(out, res(targetAttachment, "target", M{"targetGroupArn": "arn:tg", "targetId": "arn:fn"}, on(append(after, tg, fn)...)))
	}
}

// lambdaTG is a lambda target group's inputs, with extra ones.
func lambdaTG(extra M) M {
	inputs := M{"targetType": "lambda", "lambdaMultiValueHeadersEnabled": false, "healthCheck": M{"enabled": false}}
	for k, v := range extra {
		inputs[k] = v
	}
	return inputs
}

// twoFunctions registers two functions with one lambda target group.
func twoFunctions() []*graph.Resource {
	rs := lambdaRoute(lambdaTG(nil), true, true)()
	return append(rs, res(targetAttachment, "second", M{"targetGroupArn": "arn:tg", "targetId": "arn:other"}, on(rs[0])))
}

var lambdaHTTPCases = []ruleCase{
	{rule: "PF.LAMBDA.9", badName: "tg", good: lambdaRoute(lambdaTG(nil), true, true), bad: lambdaRoute(lambdaTG(M{"port": 80, "protocol": "HTTP"}), true, true)},
	{rule: "PF.LAMBDA.9", badName: "ip", good: one(res(targetGroup, "ip", M{"targetType": "ip", "port": 8080})),
		bad: one(res(targetGroup, "ip", M{"targetType": "ip", "port": 8080, "lambdaMultiValueHeadersEnabled": true}))},
	{rule: "PF.LAMBDA.10", badName: "tg", good: lambdaRoute(lambdaTG(nil), true, true), bad: twoFunctions},
	{rule: "PF.LAMBDA.10", badName: "tg", good: lambdaRoute(lambdaTG(nil), true, true), bad: lambdaRoute(lambdaTG(M{"healthCheck": M{"enabled": true}}), true, true)},
	{rule: "PF.LAMBDA.11", badName: "target", good: lambdaRoute(lambdaTG(nil), true, true), bad: lambdaRoute(lambdaTG(nil), true, false)},
	{rule: "PF.LAMBDA.11", badName: "target", good: lambdaRoute(lambdaTG(nil), true, true), bad: lambdaRoute(lambdaTG(nil), false, false)},
}

func TestLambdaHTTPRules(t *testing.T) { runCases(t, lambdaHTTPCases) }
