package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
)

const (
	lambdaType  = "aws:lambda/function:Function"
	mappingType = "aws:lambda/eventSourceMapping:EventSourceMapping"
)

// dispatchData is the fixture's dev data with one more queue, for a function.
const dispatchData = `{"database":{"engine":"postgres"},"cache":{},"broker":{},"buckets":[{"name":"uploads"}],
 "queues":[{"name":"default"},{"name":"priority","visibilityTimeoutSeconds":60},{"name":"dispatch","visibilityTimeoutSeconds":120}]}`

// evaluateFunctions plans dev of a fixture copy with extra workload files and
// the dispatch queue.
func evaluateFunctions(t *testing.T, files map[string]string, overrides map[string]string) (*graph.Graph, error) {
	t.Helper()
	dir := copyFixture(t, files)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "functions", "dispatch"), 0o755))
	all := map[string]string{"platform:data": dispatchData}
	for k, v := range overrides {
		all[k] = v
	}
	return evaluate.StackWith(dir, "dev", all)
}

func TestAQueueFunctionRunsInTheVPCWithItsQueueAndSecrets(t *testing.T) {
	g, err := evaluateFunctions(t, map[string]string{"workloads/dispatch.yaml": `kind: function
source: functions/dispatch
runtime: python3.13
handler: index.handler
timeoutSeconds: 60
queue: {name: dispatch, batchSize: 5}
secrets:
  DATABASE_PASSWORD: database#password
grants: ['queue:default:send']
`}, nil)
	require.NoError(t, err)
	fn := only(t, g, lambdaType, "dispatch-function")
	assert.Equal(t, "Zip", fn.Input("packageType"))
	assert.Equal(t, "python3.13", fn.Input("runtime"))
	assert.Equal(t, []any{"arm64"}, fn.Input("architectures"))
	assert.Equal(t, 256.0, fn.Input("memorySize"))
	assert.Equal(t, 60.0, fn.Input("timeout"))
	assert.Equal(t, "/aws/lambda/platform-dev-dispatch", only(t, g, "aws:cloudwatch/logGroup:LogGroup", "dispatch-logs").Input("name"))
	assert.Equal(t, 7.0, only(t, g, "aws:cloudwatch/logGroup:LogGroup", "dispatch-logs").Input("retentionInDays"))
	assert.Equal(t, map[string]any{"logFormat": "JSON", "logGroup": "/aws/lambda/platform-dev-dispatch"}, fn.Input("loggingConfig"))

	env := fn.Input("environment.variables").(map[string]any)
	assert.Contains(t, env, "DATABASE_HOST")
	assert.Contains(t, env, "QUEUE_DEFAULT_URL")
	assert.Equal(t, "password", env["DATABASE_PASSWORD_SECRET_KEY"])
	assert.NotContains(t, env, "DATABASE_PASSWORD", "Lambda has no secret injection: a reference, never the value")

	vpc := fn.Input("vpcConfig").(map[string]any)
	// Its own group (HTTPS out) and the database's client group, which the database admits once.
	assert.Equal(t, []any{only(t, g, sgType, "dispatch-sg").ID, only(t, g, sgType, "data-db-clients-sg").ID}, vpc["securityGroupIds"])
	assert.Empty(t, g.Named("dispatch-to-database-in"), "no rule of its own on the database's group")
	only(t, g, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "dispatch-vpc-access")

	m := only(t, g, mappingType, "dispatch-queue")
	assert.Equal(t, 5.0, m.Input("batchSize"))
	assert.Equal(t, []any{"ReportBatchItemFailures"}, m.Input("functionResponseTypes"))
	assert.Equal(t, true, m.Input("enabled"))

	errorsAlarm := only(t, g, "aws:cloudwatch/metricAlarm:MetricAlarm", "observability-function-dispatch-functionErrors")
	assert.Equal(t, "Errors", errorsAlarm.Input("metricName"))
	assert.Equal(t, map[string]any{"FunctionName": fn.Output("name")}, errorsAlarm.Input("dimensions"))
	only(t, g, "aws:cloudwatch/metricAlarm:MetricAlarm", "observability-function-dispatch-functionThrottles")
	only(t, g, "aws:cloudwatch/metricAlarm:MetricAlarm", "observability-queue-platform-dev-dispatch-queueAgeSeconds")

	for control, bad := range map[string][2]any{"Lambda.2": {"runtime", "python3.9"}, "Lambda.5": {"vpcConfig.subnetIds", []any{"subnet-a"}}} {
		check := rule(t, control).Check
		assert.Empty(t, check(policy.Resource{URN: fn.URN, Type: fn.Type, Name: fn.Name, Inputs: fn.Inputs}), "%s: compliant as deployed", control)
		assert.NotEmpty(t, check(tampered(fn, bad[0].(string), bad[1])), control)
	}

	sids := map[string]bool{}
	for _, s := range policyAt(t, only(t, g, "aws:iam/rolePolicy:RolePolicy", "dispatch-policy"), "policy").Statement {
		sids[s.Sid] = true
	}
	assert.Equal(t, map[string]bool{"OwnLogs": true, "ConsumeTrigger": true, "ReadDeclaredSecrets": true, "SendDefault": true}, sids)
}

func TestAScheduledImageFunctionStaysOutsideTheVPC(t *testing.T) {
	g, err := evaluateFunctions(t, map[string]string{"workloads/digest.yaml": "kind: function\nrepository: digest\nschedule: rate(1 day)\nmemory: 512\n"},
		map[string]string{"platform:images": `{"frontend":"main-3f9c2e1","catalog":"main-3f9c2e1","orders":"main-3f9c2e1","webhooks":"main-3f9c2e1","admin":"main-3f9c2e1","recon":"main-3f9c2e1","jobs":"main-3f9c2e1","digest":"1.0.0"}`})
	require.NoError(t, err)
	fn := only(t, g, lambdaType, "digest-function")
	assert.Equal(t, "Image", fn.Input("packageType"))
	assert.Contains(t, fn.Input("imageUri"), "platform-dev-digest:1.0.0")
	assert.Nil(t, fn.Input("vpcConfig"), "nothing it reaches is in the VPC")
	assert.Empty(t, g.ByType(mappingType))
	schedule := only(t, g, "aws:scheduler/schedule:Schedule", "digest-schedule")
	assert.Equal(t, "rate(1 day)", schedule.Input("scheduleExpression"))
	assert.Equal(t, fn.Output("arn"), schedule.Input("target.arn"))
	only(t, g, repositoryType, "data-repository-digest")
}

func TestFunctionsRefuseWhatLambdaRefuses(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"external image", "repository: public.ecr.aws/lambda/python:3.13\nschedule: rate(1 day)\n",
			`"workloads/f.yaml: repository": "public.ecr.aws/lambda/python:3.13" is an external image: Lambda pulls only from private ECR`},
		{"deprecated runtime", "source: functions/dispatch\nruntime: python3.9\nhandler: index.handler\nschedule: rate(1 day)\n",
			`"workloads/f.yaml: runtime": "python3.9" is not a Lambda runtime supported today`},
		{"timeout above the visibility timeout", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\ntimeoutSeconds: 300\nqueue: {name: dispatch}\n",
			`timeoutSeconds": 300 is above the visibility timeout of queue dispatch (120 s): Lambda refuses the trigger`},
		{"queue a worker consumes", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\nqueue: {name: default}\n",
			`"workloads/f.yaml: queue.name": "default" is already consumed by worker jobs`},
		{"two triggers", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\nqueue: {name: dispatch}\nschedule: rate(1 day)\n",
			`schedule": "rate(1 day)" is set beside a queue`},
		{"big batch without a window", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\nqueue: {name: dispatch, batchSize: 100}\n",
			`batchSize": 100 is above 10 without a batching window`},
		{"source without handler", "source: functions/dispatch\nruntime: python3.13\nschedule: rate(1 day)\n", `"workloads/f.yaml: handler": is required`},
		{"task keys are not function keys", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\ncpu: 256\n", `workloads/f.yaml: cpu`},
		{"memory out of range", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\nmemory: 64\n", `memory": 64`},
		{"source that is not there", "source: functions/missing\nruntime: python3.13\nhandler: i.h\nschedule: rate(1 day)\n",
			`"workloads/f.yaml: source": "functions/missing" does not exist in the project`},
		{"reserved variable", "source: functions/dispatch\nruntime: python3.13\nhandler: i.h\nenvironment: {AWS_REGION: x}\n", `"AWS_REGION" is reserved by the Lambda runtime`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evaluateFunctions(t, map[string]string{"workloads/f.yaml": "kind: function\n" + tc.file}, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAPausedStackRemovesItsFunctions(t *testing.T) {
	g, err := evaluateFunctions(t, map[string]string{"workloads/dispatch.yaml": "kind: function\nsource: functions/dispatch\nruntime: python3.13\nhandler: index.handler\nqueue: {name: dispatch}\nsecrets: {DATABASE_PASSWORD: database#password}\n"},
		map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	require.NoError(t, err)
	assert.Empty(t, g.ByType(lambdaType))
	assert.Empty(t, g.ByType(mappingType))
	only(t, g, "aws:sqs/queue:Queue", "data-queue-dispatch")
}
