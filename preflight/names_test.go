package preflight

import (
	"fmt"
	"platform/internal/graph"
	"strings"
	"testing"
)

// nameExamples holds, per named type, a name AWS accepts and one it refuses.
var nameExamples = map[string][2]string{
	"aws:cloudwatch/eventRule:EventRule":     {"platform-dev-database-rotation", "database rotation"},
	"aws:cloudwatch/eventTarget:EventTarget": {"restart", strings.Repeat("t", 65)},
	"aws:sfn/stateMachine:StateMachine":      {"platform-dev-rotation", "rotation*machine"},
	bucket:                                   {"shop-uploads-111122223333", "Shop_Uploads"},
	ecsCluster:                               {"platform-dev-cluster", "platform dev"},
	ecsService:                               {"admin", strings.Repeat("s", 256)},
	taskDefinition:                           {"platform-dev-admin", "platform:dev"},
	loadBalancer:                             {"platform-dev-alb", "internal-alb"},
	targetGroup:                              {"admin-tg", "admin-tg-"},
	repository:                               {"platform-dev/admin", "Platform-Dev"},
	logGroup:                                 {"/ecs/platform-dev-admin", "/ecs/admin logs"},
	role:                                     {"platform-dev-task-execution", strings.Repeat("r", 65)},
	iamPolicy:                                {"platform-dev-send-mail", "send mail"},
	dbInstance:                               {"platform-dev-db", "platform--db"},
	replicationGroup:                         {"platform-dev-cache", "platform-dev-cache-that-is-longer-than-forty"},
	broker:                                   {"platform-dev-broker", "platform.dev.broker"},
	secret:                                   {"platform-dev/broker", "broker credentials"},
	queue:                                    {"platform-dev-default", "platform.dev"},
	topic:                                    {"platform-dev-alerts", "alerts!"},
	userPool:                                 {"platform dev gate", "gate#1"},
	userPoolDomain:                           {"platform-dev-login-1a2b", "-login"},
	webACL:                                   {"platform-dev-web", "platform dev web"},
	schedule:                                 {"platform-dev-scheduler", "platform/dev"},
	discoveryService:                         {"admin", "admin.internal"},
	metricAlarm:                              {"admin: CPU high", "admin\tCPU"},
	dashboard:                                {"platform-dev", "platform dev"},
	backupVault:                              {"platform-backup", "b"},
	backupPlan:                               {"platform-backup", "platform backup"},
	dbProxy:                                  {"platform-db-proxy", "1proxy"},
}

func TestEveryNameRuleAcceptsAndRefusesItsExamples(t *testing.T) {
	for i, n := range names {
		ex, ok := nameExamples[n.Type]
		if !ok {
			t.Errorf("no name example for %s", n.Type)
			continue
		}
		rule := fmt.Sprintf("PF.NAME.%d", i+2)
		for j, name := range ex {
			r := res(n.Type, "r", M{n.Input: name})
			got := findingsOf(Run(graph.New("p", "test", []*graph.Resource{r})), rule)
			if wantFail := j == 1; (len(got) == 1) != wantFail {
				t.Errorf("%s %s %q: failed %v, want %v (%v)", rule, n.Type, name, len(got) == 1, wantFail, got)
			}
		}
	}
}

func TestAutoNamedResourcesAreNotNameChecked(t *testing.T) {
	if got := Run(graph.New("p", "test", []*graph.Resource{res(targetGroup, "a-logical-name-far-longer-than-thirty-two", M{})})); got.Failed != 0 {
		t.Errorf("an auto-named target group: %v", got.Findings)
	}
}

func TestS3ReservedNames(t *testing.T) {
	for _, name := range []string{"xn--shop", "shop-s3alias", "shop..logs", "192.168.1.10", "sthree-shop"} {
		got := findingsOf(Run(graph.New("p", "test", []*graph.Resource{res(bucket, "b", M{"bucket": name})})), "PF.NAME.2")
		if len(got) != 1 {
			t.Errorf("bucket %q: %v", name, got)
		}
	}
}

func randomSuffixed() []*graph.Resource {
	suffix := res("random:index/randomId:RandomId", "suffix", M{"byteLength": 4})
	suffix.State = M{"hex": "9f3a1c2e"}
	return []*graph.Resource{suffix, res(bucket, "b", M{"bucket": "shop-uploads-9f3a1c2e"}, on(suffix))}
}

var globalNameCases = []ruleCase{
	{rule: "PF.NAME.1", badName: "b", good: one(res(bucket, "b", M{"bucket": "shop-uploads-111122223333"}), res(role, "r", M{"permissionsBoundary": "arn:aws:iam::111122223333:policy/x"})),
		bad: one(res(bucket, "b", M{"bucket": "shop-uploads"}), res(role, "r", M{"permissionsBoundary": "arn:aws:iam::111122223333:policy/x"}))},
	{rule: "PF.NAME.1", badName: "b", good: randomSuffixed, bad: one(res(bucket, "b", M{"bucket": "shop-uploads-9f3a1c2e"}))},
	{rule: "PF.NAME.1", badName: "d", good: one(res(userPoolDomain, "d", M{"domain": "login.example.com"})), bad: one(res(userPoolDomain, "d", M{"domain": "app-login"}))},
}

func TestGlobalNames(t *testing.T) { runCases(t, globalNameCases) }
