package preflight

import (
	"platform/internal/graph"
	"strings"
	"testing"
)

// imageRun is a service running an image from a repository; created says
// whether this graph creates the repository (else it is read).
func imageRun(created bool, desired int) func() []*graph.Resource {
	return func() []*graph.Resource {
		repo := res(repository, "repo", M{"name": "shop/admin"}, func(r *graph.Resource) { r.Read = !created })
		td := res(taskDefinition, "td", M{"containerDefinitions": jsonText(L{M{"name": "app", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/admin:main-1"}})}, on(repo))
		return []*graph.Resource{repo, td, res(ecsService, "svc", M{"desiredCount": desired}, on(td))}
	}
}

// validation is a certificate validated through a record in a zone this graph creates.
func validation(delegate bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		z := res(zone, "zone", M{"name": "dev.example.com"}, id("Z-DEV"))
		rec := res(record, "cert-record", M{"zoneId": "Z-DEV", "name": "_x.dev.example.com.", "type": "CNAME", "ttl": 60}, on(z))
		out := []*graph.Resource{z, rec, res(certValidation, "validation", M{"certificateArn": "arn:c"}, on(rec))}
		if delegate {
			parent := res(zone, "parent", M{"name": "example.com"}, id("Z-PARENT"), func(r *graph.Resource) { r.Read = true })
			out = append(out, parent, res(record, "delegation", M{"zoneId": "Z-PARENT", "name": "dev.example.com", "type": "NS", "ttl": 300}))
		}
		return out
	}
}

func loggingLB(dependsOnPolicy bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		b := res(bucket, "logs", M{"bucket": "logs-1"})
		p := res(bucketPolicy, "logs-policy", M{"bucket": "logs-1"}, on(b))
		lb := res(loadBalancer, "alb", M{"accessLogs": M{"bucket": "logs-1", "enabled": true}}, on(b))
		if dependsOnPolicy {
			on(p)(lb)
		}
		return []*graph.Resource{b, p, lb}
	}
}

func capacityService(dependsOnCapacity bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		c := res(ecsCluster, "cluster", M{"name": "c"})
		cap := res(capacityProviders, "capacity", M{"capacityProviders": L{"FARGATE"}}, on(c))
		svc := res(ecsService, "svc", M{"capacityProviderStrategies": L{M{"capacityProvider": "FARGATE"}}}, on(c))
		if dependsOnCapacity {
			on(cap)(svc)
		}
		return []*graph.Resource{c, cap, svc}
	}
}

func migration(waits bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		sg := res(securityGroup, "sg", M{}, id("sg-m"))
		out := res(egressRule, "db-out", M{"securityGroupId": "sg-m"}, on(sg))
		execRole := res(role, "exec", M{"name": "exec"})
		perm := res(rolePolicy, "exec-secrets", M{"role": "exec"}, on(execRole))
		td := res(taskDefinition, "td", M{"executionRoleArn": "arn:aws:iam::111122223333:role/exec"}, on(execRole))
		run := res(command, "run", M{"environment": M{"SECURITY_GROUP": "sg-m"}}, on(sg, td))
		if waits {
			on(out, perm)(run)
		}
		return []*graph.Resource{sg, out, execRole, perm, td, run}
	}
}

func httpsListener(viaValidation bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		cert := res(certificate, "cert", M{"domainName": "example.com"})
		v := res(certValidation, "validation", M{"certificateArn": "arn:c"}, on(cert))
		l := res(listener, "https", M{"protocol": "HTTPS", "certificateArn": "arn:c"}, on(cert))
		if viaValidation {
			on(v)(l)
		}
		return []*graph.Resource{cert, v, l}
	}
}

func loggingTask(dependsOnGroup bool) func() []*graph.Resource {
	return func() []*graph.Resource {
		lg := res(logGroup, "logs", M{"name": "/ecs/app"})
		td := res(taskDefinition, "td", M{"containerDefinitions": jsonText(L{M{"name": "app", "logConfiguration": M{"logDriver": "awslogs", "options": M{"awslogs-group": "/ecs/app"}}}})})
		if dependsOnGroup {
			on(lg)(td)
		}
		return []*graph.Resource{lg, td}
	}
}

var orderCases = []ruleCase{
	{rule: "PF.ORDER.1", badName: "svc", good: imageRun(false, 1), bad: imageRun(true, 1)},
	{rule: "PF.ORDER.1", badName: "svc", good: imageRun(true, 0), bad: imageRun(true, 2)},
	{rule: "PF.ORDER.1", badName: "svc",
		good: func() []*graph.Resource {
			rs := imageRun(true, 1)()
			push := res(command, "push", M{"create": "docker build -t $REPO . && docker push $REPO"}, on(rs[0]))
			on(push)(rs[2])
			return append(rs, push)
		},
		bad: func() []*graph.Resource {
			rs := imageRun(true, 1)()
			migrate := res(command, "migrate", M{"create": "aws ecs run-task --cluster c"}, on(rs[0]))
			on(migrate)(rs[2])
			return append(rs, migrate)
		}},
	{rule: "PF.ORDER.2", badName: "validation", good: validation(true), bad: validation(false)},
	{rule: "PF.ORDER.3", badName: "alb", good: loggingLB(true), bad: loggingLB(false)},
	{rule: "PF.ORDER.4", badName: "svc", good: capacityService(true), bad: capacityService(false)},
	{rule: "PF.ORDER.5", badName: "run", good: migration(true), bad: migration(false)},
	{rule: "PF.ORDER.6", badName: "https", good: httpsListener(true), bad: httpsListener(false)},
	{rule: "PF.ORDER.7", badName: "td", good: loggingTask(true), bad: loggingTask(false)},
}

func TestOrderRules(t *testing.T) { runCases(t, orderCases) }

func TestEveryRuleHasAPassingAndAFailingCase(t *testing.T) {
	covered := map[string]bool{}
	for _, cases := range [][]ruleCase{ecsCases, elbCases, dataCases, accessCases, platformCases, globalNameCases, quotaCases, scaleQuotaCases, orderCases, networkCases, platform2Cases, lambdaCases, snapshotCases, budgetCases, containerCases, grafanaCases, canaryCases, logClassCases, scheduleSpotCases, regionCases, lambdaHTTPCases, apigwCases, apiClientCases, ecrLifecycleCases} {
		for _, c := range cases {
			covered[c.rule] = true
		}
	}
	ids := map[string]bool{}
	for _, r := range Rules {
		if ids[r.ID] {
			t.Errorf("rule id %s is used twice", r.ID)
		}
		ids[r.ID] = true
		if r.Rejects == "" || r.Fix == "" || r.Title == "" || len(r.Types) == 0 || r.Check == nil {
			t.Errorf("rule %s lacks a title, types, what AWS rejects, a fix or a check", r.ID)
		}
		nameRule := strings.HasPrefix(r.ID, "PF.NAME.") && r.ID != "PF.NAME.1" // covered by TestEveryNameRuleAcceptsAndRefusesItsExamples
		if !covered[r.ID] && !nameRule {
			t.Errorf("rule %s has no test case", r.ID)
		}
	}
}
