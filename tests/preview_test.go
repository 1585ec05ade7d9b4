package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/internal/offline"
	"platform/internal/schema"
	"platform/stacks"
)

const commandType = "command:local:Command"

// shopPreview is the shop fixture's preview template as rendered for pr-42,
// with preview keys replaced: the base test of every preview choice.
func shopPreview(t *testing.T, preview string) map[string]string {
	t.Helper()
	return map[string]string{"platform:preview": `{"base":"organization/platform/dev","number":42,` + preview + `}`}
}

// envOf is the environment of a task definition's first container.
func envOf(t *testing.T, g *graph.Graph, task string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, e := range containers(t, only(t, g, taskDefType, task))[0].Environment {
		env[e.Name] = e.Value
	}
	return env
}

// dependsOn reports whether r waits for the resource named other.
func dependsOn(t *testing.T, g *graph.Graph, r *graph.Resource, typ, other string) bool {
	t.Helper()
	return slices.Contains(r.Dependencies, only(t, g, typ, other).URN)
}

func TestAPreviewCreatesItsOwnDatabaseAndMigratesItBeforeItsWorkloads(t *testing.T) {
	dev := Evaluate(t, "dev")
	g := Evaluate(t, "pr-42")
	devName := dev.Outputs["data"].(map[string]any)["databaseName"].(string)
	own := devName + "_pr_42"

	create := containers(t, only(t, g, taskDefType, "pr-42-createdb-task"))[0]
	assert.Equal(t, "public.ecr.aws/docker/library/postgres:17-alpine", create.Image)
	require.Len(t, create.Command, 3)
	assert.Contains(t, create.Command[2], `createdb "$DATABASE_NAME"`)
	assert.Contains(t, create.Command[2], "grep -q 'already exists'", "a second deploy of the preview keeps its database")
	assert.Equal(t, own, envOf(t, g, "pr-42-createdb-task")["DATABASE_NAME"])
	var secrets []string
	for _, s := range create.Secrets {
		secrets = append(secrets, s.Name+"="+s.ValueFrom)
	}
	master := dev.Outputs["databaseSecretArn"].(string)
	assert.Equal(t, []string{"DATABASE_PASSWORD=" + master + ":password::", "DATABASE_USER=" + master + ":username::"}, secrets)
	// createdb joins the database's client group: no rule of its own on dev's groups.
	assert.Contains(t, only(t, g, commandType, "pr-42-createdb-run").Input("environment.SECURITY_GROUP"), only(t, dev, sgType, "data-db-clients-sg").ID)

	// createdb, then the migration, then what waits for it; all on the preview's database.
	migrate := only(t, g, commandType, "pr-42-migrate-run")
	assert.True(t, dependsOn(t, g, migrate, commandType, "pr-42-createdb-run"))
	assert.Equal(t, own, envOf(t, g, "pr-42-migrate-task")["DATABASE_NAME"])
	for _, name := range []string{"admin", "catalog", "orders", "jobs"} {
		assert.True(t, dependsOn(t, g, only(t, g, ecsServiceType, "pr-42-"+name+"-service"), commandType, "pr-42-migrate-run"), name)
		assert.Equal(t, own, envOf(t, g, "pr-42-"+name+"-task")["DATABASE_NAME"], name)
	}
	assert.False(t, dependsOn(t, g, only(t, g, ecsServiceType, "pr-42-frontend-service"), commandType, "pr-42-migrate-run"), "frontend waits for no migration")
	assert.Len(t, g.ByType(commandType), 2)
	assert.NotContains(t, g.Outputs, stacks.PreviewNotesKey, "nothing shared to say")
}

func TestAPreviewOnASharedDatabaseRunsNoMigrationAndSaysSo(t *testing.T) {
	dev := Evaluate(t, "dev")
	g, err := EvaluateWith(t, "pr-42", shopPreview(t, `"database":"shared"`))
	require.NoError(t, err)
	assert.Empty(t, g.ByType(commandType))
	assert.Empty(t, g.ByType("platform:compute:MigrationTask"))
	assert.Equal(t, dev.Outputs["data"].(map[string]any)["databaseName"], envOf(t, g, "pr-42-catalog-task")["DATABASE_NAME"])
	assert.Equal(t, []any{"shares dev's database: no migration runs, and the preview writes dev's data"}, g.Outputs[stacks.PreviewNotesKey])
}

func TestAPreviewOfAMySQLProductCreatesItsDatabaseWithTheMySQLClient(t *testing.T) {
	g, err := evaluate.StackWith(secondFixture, "pr-7", nil)
	require.NoError(t, err)
	create := containers(t, only(t, g, taskDefType, "pr-7-createdb-task"))[0]
	assert.Equal(t, "public.ecr.aws/docker/library/mysql:8.4", create.Image)
	assert.Contains(t, create.Command[2], `--execute="CREATE DATABASE IF NOT EXISTS $DATABASE_NAME"`)
	assert.Contains(t, create.Command[2], `MYSQL_PWD="$DATABASE_PASSWORD"`, "the password never on the command line")
	assert.True(t, dependsOn(t, g, only(t, g, commandType, "pr-7-migrate-run"), commandType, "pr-7-createdb-run"))
}

func TestAPreviewSendsToAndConsumesOnlyItsOwnQueues(t *testing.T) {
	dev := Evaluate(t, "dev")
	g := Evaluate(t, "pr-42")
	layer := only(t, g, dataComponentType, "pr-42-data")
	var queues []string
	for _, q := range g.ByType(queueType) {
		assert.Equal(t, layer.URN, q.Parent)
		queues = append(queues, q.Input("name").(string))
	}
	slices.Sort(queues)
	assert.Equal(t, []string{"platform-pr-42-default", "platform-pr-42-default-dlq", "platform-pr-42-priority", "platform-pr-42-priority-dlq"}, queues)
	// The base's settings, and a dead-letter queue each.
	assert.Equal(t, only(t, dev, queueType, "data-queue-priority").Input("visibilityTimeoutSeconds"), only(t, g, queueType, "pr-42-data-queue-priority").Input("visibilityTimeoutSeconds"))
	assert.Equal(t, 60.0, only(t, g, queueType, "pr-42-data-queue-priority").Input("visibilityTimeoutSeconds"))
	assert.Contains(t, only(t, g, queueType, "pr-42-data-queue-default").Input("redrivePolicy"), only(t, g, queueType, "pr-42-data-queue-default-dlq").Output("arn"))

	// orders sends to them; the preview's jobs worker (one task) consumes them and scales on them.
	assert.Equal(t, only(t, g, queueType, "pr-42-data-queue-default").Output("url"), envOf(t, g, "pr-42-orders-task")["QUEUE_DEFAULT_URL"])
	assert.Equal(t, only(t, g, queueType, "pr-42-data-queue-priority").Output("url"), envOf(t, g, "pr-42-jobs-task")["QUEUE_PRIORITY_URL"])
	assert.Equal(t, 1.0, only(t, g, scalingType, "pr-42-jobs-scaling").Input("maxCapacity"))
	// Nothing of the preview names dev's queues: dev's old worker never sees its jobs.
	for _, r := range g.Resources {
		inputs, err := json.Marshal(r.Inputs)
		require.NoError(t, err)
		for _, devQueue := range []string{"platform-dev-default", "platform-dev-priority"} {
			assert.NotContains(t, string(inputs), devQueue, r.Name)
		}
	}
	// The broker consumer and the schedule are not previewed unless asked.
	assert.Nil(t, g.One(ecsServiceType, "pr-42-recon-service"))
	assert.Nil(t, g.One("aws:scheduler/schedule:Schedule", "pr-42-scheduler-schedule"))
}

func TestAPreviewOnSharedQueuesRunsNoWorkerAndSaysSo(t *testing.T) {
	dev := Evaluate(t, "dev")
	g, err := EvaluateWith(t, "pr-42", shopPreview(t, `"queues":"shared"`))
	require.NoError(t, err)
	assert.Empty(t, g.ByType(queueType))
	assert.Empty(t, g.ByType("platform:compute:WorkerService"))
	assert.Equal(t, only(t, dev, queueType, "data-queue-default").Output("url"), envOf(t, g, "pr-42-orders-task")["QUEUE_DEFAULT_URL"])
	assert.Equal(t, []any{"shares dev's queues (default, priority): dev's workers consume the preview's jobs"}, g.Outputs[stacks.PreviewNotesKey])

	// `plan` says so; the template keeps its own queues and says nothing.
	shared := strings.Replace(mustRead(t, projectDir+"/Pulumi.pr.yaml.template"), "queues: own", "queues: shared", 1)
	code, stdout, stderr := runCLI("plan", "--dir", copyFixture(t, map[string]string{"Pulumi.pr.yaml.template": shared}), "--stack", "pr-42")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "\npreview: shares dev's queues (default, priority): dev's workers consume the preview's jobs\n")
	code, stdout, _ = runCLI("plan", "--dir", projectDir, "--stack", "pr-42")
	assert.Equal(t, 0, code)
	assert.NotContains(t, stdout, "preview: shares")
}

func TestWorkloadsOptInAndOutOfPreviews(t *testing.T) {
	optIn := map[string]string{
		// A public webhook opted in: gated like every preview host.
		"workloads/webhooks.yaml":  mustRead(t, projectDir+"/workloads/webhooks.yaml") + "preview: true\n",
		"workloads/scheduler.yaml": mustRead(t, projectDir+"/workloads/scheduler.yaml") + "preview: true\n",
		"workloads/admin.yaml":     mustRead(t, projectDir+"/workloads/admin.yaml") + "preview: false\n",
		"Pulumi.pr.yaml.template":  strings.Replace(mustRead(t, projectDir+"/Pulumi.pr.yaml.template"), "    jobs: ${IMAGE_TAG}\n", "    jobs: ${IMAGE_TAG}\n    webhooks: ${IMAGE_TAG}\n", 1),
	}
	g, err := evaluate.StackWith(copyFixture(t, optIn), "pr-42", nil)
	require.NoError(t, err)
	hook := only(t, g, ruleType, "pr-42-webhooks-rule")
	assert.Equal(t, "authenticate-cognito", hook.Input("actions.0.type"), "opted in, a public service is gated in its preview")
	assert.Equal(t, []any{"pr-42-webhooks.dev.shop.example.com"}, hook.Input("conditions.0.hostHeader.values"))
	assert.Nil(t, g.One(ruleType, "pr-42-admin-rule"), "opted out")
	assert.Nil(t, g.One(ecsServiceType, "pr-42-admin-service"))
	schedule := only(t, g, "aws:scheduler/schedule:Schedule", "pr-42-scheduler-schedule")
	assert.Equal(t, "ENABLED", schedule.Input("state"))
	assert.Equal(t, only(t, g, queueType, "pr-42-data-queue-default").Output("url"), envOf(t, g, "pr-42-scheduler-task")["QUEUE_DEFAULT_URL"])
}

func TestPreviewChoicesThatWouldTouchTheBasesWorkAreRefused(t *testing.T) {
	recon := copyFixture(t, map[string]string{"workloads/recon.yaml": mustRead(t, projectDir+"/workloads/recon.yaml") + "preview: true\n"})
	_, err := evaluate.StackWith(recon, "pr-42", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `validate "workloads/recon.yaml: preview": true would consume the base's broker messages: a preview shares the base's broker, want false`)

	jobs := copyFixture(t, map[string]string{"workloads/jobs.yaml": mustRead(t, projectDir+"/workloads/jobs.yaml") + "preview: true\n"})
	_, err = evaluate.StackWith(jobs, "pr-42", shopPreview(t, `"queues":"shared"`))
	require.Error(t, err)
	assert.Equal(t, `validate "workloads/jobs.yaml: preview": true would consume the base's queues with platform:preview.queues shared, want false, or platform:preview.queues own`, err.Error())

	named := copyFixture(t, map[string]string{"workloads/createdb.yaml": "kind: worker\nrepository: jobs\npreview: true\n"})
	_, err = evaluate.StackWith(named, "pr-42", nil)
	require.Error(t, err)
	assert.Equal(t, `validate "workloads/createdb.yaml": "createdb" is the name of the task that creates a preview's database, want another name, or platform:preview.database shared`, err.Error())

	_, err = EvaluateWith(t, "pr-42", shopPreview(t, `"database":"mine"`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `validate "platform:preview.database": "mine"`)
}

// 63 characters is PostgreSQL's identifier limit, one under MySQL's 64, so
// the one check serves both engines; the fixture's PostgreSQL shows it.
func TestAPreviewDatabaseNameStaysWithinTheStricterEngineLimit(t *testing.T) {
	long := strings.Repeat("d", 57) // the longest base name that fits with _pr_42
	for name, want := range map[string]string{long: "", long + "x": "preview pr-42: its database name " + long + "x_pr_42 is longer than 63 characters: a shorter platform:data.database.name in dev, or platform:preview.database shared"} {
		dev := strings.Replace(mustRead(t, projectDir+"/Pulumi.dev.yaml"), "      engine: postgres\n", "      engine: postgres\n      name: "+name+"\n", 1)
		require.Contains(t, dev, "name: "+name)
		g, err := evaluate.StackWith(copyFixture(t, map[string]string{"Pulumi.dev.yaml": dev}), "pr-42", nil)
		if want != "" {
			require.Error(t, err)
			assert.Equal(t, want, err.Error())
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, name+"_pr_42", envOf(t, g, "pr-42-createdb-task")["DATABASE_NAME"])
	}
}

func TestAPreviewOfAPausedBaseIsRefused(t *testing.T) {
	paused := mustRead(t, projectDir+"/Pulumi.dev.yaml") + "  platform:paused: true\n  platform:pauses: 1\n"
	_, err := evaluate.StackWith(copyFixture(t, map[string]string{"Pulumi.dev.yaml": paused}), "pr-42", nil)
	require.Error(t, err)
	assert.Equal(t, "dev is paused: resume it (platform:paused false) before deploying preview pr-42", err.Error())

	// `pulumi up` of the preview, reading a paused base's outputs, refuses the same way.
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	project.Optional = schema.Keys
	outputs := map[string]any{}
	for k, v := range Evaluate(t, "dev").Outputs {
		outputs[k] = v
	}
	outputs["paused"] = true
	_, err = offline.Run{Project: project, Stack: "pr-42", Program: stacks.Deploy,
		References: map[string]map[string]any{"organization/platform/dev": outputs}}.Evaluate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dev is paused: resume it (platform:paused false) before deploying preview pr-42")
}
