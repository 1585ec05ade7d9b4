package tests

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/evaluate"
	"platform/internal/graph"
	"platform/policy"
)

// The laravel fixture shows issue 16.1 and 16.2: its workloads use the
// laravel endpoint names and the stack's own secret:app-key, its stack files
// override the environment and set the secret's value (production leaves it
// to be put out of band).

const laravelFixture = "testdata/laravel"

// laravel evaluates a stack of the laravel fixture with extra config (full keys).
func laravel(t *testing.T, stack string, config map[string]string) *graph.Graph {
	t.Helper()
	g, err := evaluate.StackWith(laravelFixture, stack, config)
	require.NoError(t, err)
	return g
}

// laravelError is the error a stack of the laravel fixture is refused with.
func laravelError(t *testing.T, stack string, config map[string]string) string {
	t.Helper()
	_, err := evaluate.StackWith(laravelFixture, stack, config)
	require.Error(t, err)
	return err.Error()
}

// app is the one application container of a workload's task definition:
// its plain variables by name, and its secrets' valueFrom by name.
func app(t *testing.T, g *graph.Graph, workload string) (env, secrets map[string]string) {
	t.Helper()
	c := containers(t, only(t, g, taskDefType, workload+"-task"))[0]
	env, secrets = map[string]string{}, map[string]string{}
	for _, kv := range c.Environment {
		env[kv.Name] = kv.Value
	}
	for _, s := range c.Secrets {
		secrets[s.Name] = s.ValueFrom
	}
	return env, secrets
}

func TestStackOverridesMergeOverTheProductFiles(t *testing.T) {
	staging := laravel(t, "staging", nil)
	web, _ := app(t, staging, "web")
	assert.Equal(t, "staging", web["APP_ENV"], "the stack file's override wins over the product file")
	assert.Equal(t, "sqs", web["QUEUE_CONNECTION"], "what the override leaves alone stays the product's")
	queue, _ := app(t, staging, "queue")
	assert.Equal(t, "production", queue["APP_ENV"], "a workload the stack does not override is the product's")

	dev := laravel(t, "dev", nil)
	devWeb, _ := app(t, dev, "web")
	assert.Equal(t, "local", devWeb["APP_ENV"])
	assert.Equal(t, "true", devWeb["APP_DEBUG"], "an override adds variables")
	assert.Equal(t, true, only(t, dev, ecsServiceType, "web-service").Input("enableExecuteCommand"), "an override turns a switch on")
	assert.NotEqual(t, true, only(t, staging, ecsServiceType, "web-service").Input("enableExecuteCommand"))

	removed := laravel(t, "staging", map[string]string{"globex:overrides": `{"web": {"environment": {"QUEUE_CONNECTION": null}, "command": ["php", "-S", "0.0.0.0:8080"]}}`})
	web, _ = app(t, removed, "web")
	assert.NotContains(t, web, "QUEUE_CONNECTION", "null removes a variable")
	assert.Equal(t, "production", web["APP_ENV"], "the override replaced whole: no APP_ENV override any more")
	assert.Equal(t, []string{"php", "-S", "0.0.0.0:8080"}, containers(t, only(t, removed, taskDefType, "web-task"))[0].Command, "a list replaces")
	api, _ := app(t, removed, "api")
	assert.Equal(t, "sqs", api["QUEUE_CONNECTION"], "only the overridden workload changes")
}

func TestOverridesAndReferencesAreRefusedWithTheirKey(t *testing.T) {
	for _, c := range []struct{ name, overrides, want string }{
		{"unknown workload", `{"wbe": {"exec": true}}`,
			`validate "globex:overrides.wbe": "wbe" is not a workload, want one of: api, cron, migrate, panel, queue, scheduler, web`},
		{"cognito on a worker", `{"queue": {"cognito": false}}`,
			`validate "globex:overrides.queue.cognito": false is a service's switch, want cognito only on a service`},
		{"unknown reference", `{"web": {"environment": {"APP_URL": "https://${hostname}"}}}`,
			`validate "globex:overrides.web.environment.APP_URL": "https://${hostname}" refers to ${hostname}, which is not a stack fact, want one of ${domain}, ${host}, ${stack}, ${region}, ${project}, ${service.<name>.url}`},
		{"host of a worker", `{"queue": {"environment": {"APP_URL": "https://${host}"}}}`,
			`validate "globex:overrides.queue.environment.APP_URL": "${host}" is a service's own host, and queue is not a service, want ${service.<name>.url} of a service`},
		{"unknown service", `{"queue": {"environment": {"APP_URL": "${service.www.url}"}}}`,
			`validate "globex:overrides.queue.environment.APP_URL": "${service.www.url}" names a service the stack does not have, want one of: api, panel, web`},
		{"unclosed reference", `{"web": {"environment": {"APP_URL": "${domain"}}}`,
			`validate "globex:overrides.web.environment.APP_URL": "${domain" has a ${ without its closing }`},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Contains(t, laravelError(t, "staging", map[string]string{"globex:overrides": c.overrides}), c.want)
		})
	}
}

func TestEnvironmentValuesReferToTheStack(t *testing.T) {
	for stack, domain := range map[string]string{"staging": "staging.globex.example.com", "production": "globex.example.com"} {
		g := laravel(t, stack, nil)
		web, _ := app(t, g, "web")
		api, _ := app(t, g, "api")
		queue, _ := app(t, g, "queue")
		assert.Equal(t, "https://www."+domain, web["APP_URL"], "${host} is the service's own host")
		assert.Equal(t, "https://api."+domain, api["APP_URL"])
		assert.Equal(t, "https://www."+domain, api["FRONTEND_URL"], "${service.web.url}")
		assert.Equal(t, "https://www."+domain, queue["APP_URL"], "a worker refers to a service's URL")
	}
	g := laravel(t, "perf", map[string]string{"globex:overrides": `{"cron": {"environment": {"WHERE": "${project}/${stack} in ${region} under ${domain}, $${literal}"}}}`})
	cron, _ := app(t, g, "cron")
	assert.Equal(t, "globex/perf in eu-west-1 under perf.globex.example.com, ${literal}", cron["WHERE"])
}

func TestTheStacksOwnSecretIsCreatedGrantedToItsReadersAndInjectedByReference(t *testing.T) {
	const secretType, versionType = "aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretVersion:SecretVersion"
	for _, stack := range []string{"staging", "production"} {
		g := laravel(t, stack, nil)
		secret := only(t, g, secretType, "data-secret-app-key")
		assert.Equal(t, "globex/"+stack+"/app-key", secret.Input("name"), "one secret per name and stack")
		assert.Nil(t, secret.Input("kmsKeyId"), "encrypted with the account's aws/secretsmanager key")
		arn := secret.Output("arn").(string)

		var readable []string
		for _, s := range policyAt(t, only(t, g, rolePolicyType, "access-execution-policy"), "policy").Statement {
			if s.Sid == "ReadDeclaredSecrets" {
				readable = s.Resource
			}
		}
		assert.Contains(t, readable, arn, "the execution role reads it")
		for _, workload := range []string{"web", "api", "queue", "cron", "migrate"} {
			env, secrets := app(t, g, workload)
			assert.NotContains(t, env, "APP_KEY", "never plain")
			if workload == "cron" || workload == "migrate" {
				assert.NotContains(t, secrets, "APP_KEY", "%s does not name it and is not given it", workload)
				continue
			}
			assert.Equal(t, arn, secrets["APP_KEY"], "%s reads it by reference", workload)
		}
	}
	staging := laravel(t, "staging", nil)
	version := only(t, staging, versionType, "data-secret-app-key-value")
	assert.Equal(t, graph.SecretMarker, version.Input("secretString"), "the value from platform:secretValues is a secret in the plan")
	assert.NotContains(t, string(planJSON(t, staging)), "YmFzZTY0", "the ciphertext never reaches the plan")

	production := laravel(t, "production", nil)
	assert.Empty(t, production.Named("data-secret-app-key-value"), "no value in the stack: the secret is created without a version")
	assert.Equal(t, []any{"globex/production/app-key"}, production.Outputs["emptySecrets"])
	assert.Equal(t, true, only(t, production, secretType, "data-secret-app-key").Protect, "production protects it")
	assert.Equal(t, 30.0, only(t, production, secretType, "data-secret-app-key").Input("recoveryWindowInDays"))

	err := laravelError(t, "staging", map[string]string{"globex:secretValues": `{"app-key": "x", "api-token": "y"}`})
	assert.Contains(t, err, `validate "globex:secretValues.api-token": "api-token" is not a secret any workload names, want a name used as secret:<name>; one of: app-key`)
	assert.NotContains(t, err, `"y"`)
}

func TestLaravelEndpointNamesAndRenamedVariables(t *testing.T) {
	g := laravel(t, "staging", nil)
	web, _ := app(t, g, "web")
	for _, name := range []string{"DB_HOST", "DB_PORT", "DB_DATABASE", "REDIS_HOST", "REDIS_PORT", "SQS_PREFIX", "SQS_QUEUE", "MAIL_FROM_DOMAIN"} {
		assert.Contains(t, web, name)
	}
	for _, name := range []string{"DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "CACHE_HOST", "CACHE_PORT"} {
		assert.NotContains(t, web, name, "the laravel preset replaces the default names")
	}
	queueURL := web["QUEUE_DEFAULT_URL"]
	require.NotEmpty(t, queueURL)
	assert.Equal(t, queueURL, web["SQS_PREFIX"]+"/"+web["SQS_QUEUE"], "SQS_PREFIX and SQS_QUEUE make the queue's URL, as Laravel joins them")
	assert.Equal(t, "3306", web["DB_PORT"])

	renamed := laravel(t, "staging", map[string]string{"globex:overrides": `{"web": {"endpoints": {"database.host": "MYSQL_HOST", "cache.port": "", "queue.default.url": "JOBS_URL"}}}`})
	web, _ = app(t, renamed, "web")
	assert.Contains(t, web, "MYSQL_HOST")
	assert.NotContains(t, web, "DB_HOST")
	assert.NotContains(t, web, "REDIS_PORT", `"" injects nothing`)
	assert.Equal(t, queueURL, web["JOBS_URL"])
	assert.NotContains(t, web, "QUEUE_DEFAULT_URL")

	symfony := laravel(t, "staging", map[string]string{"globex:overrides": `{"queue": {"endpointNames": "symfony"}}`})
	queue, _ := app(t, symfony, "queue")
	assert.Equal(t, queueURL, queue["MESSENGER_TRANSPORT_DSN"])
	assert.True(t, strings.HasPrefix(queue["REDIS_URL"], "rediss://"), "the cache takes TLS only: %s", queue["REDIS_URL"])
	assert.Contains(t, queue, "DATABASE_HOST")

	for key, want := range map[string]string{
		`{"web": {"endpointNames": "rails"}}`:                  `validate "globex:overrides.web.endpointNames": "rails" is not allowed, want one of default, laravel, symfony`,
		`{"web": {"endpoints": {"database.hots": "X"}}}`:       `validate "globex:overrides.web.endpoints.database.hots": "database.hots" is not an endpoint`,
		`{"web": {"endpoints": {"queue.orders.url": "X"}}}`:    `validate "globex:overrides.web.endpoints.queue.orders.url": "queue.orders.url" names a queue globex:data does not have, want one of: default`,
		`{"web": {"endpoints": {"cache.host": "REDIS-HOST"}}}`: `validate "globex:overrides.web.endpoints.cache.host": "REDIS-HOST" is not a variable name`,
	} {
		assert.Contains(t, laravelError(t, "staging", map[string]string{"globex:overrides": key}), want)
	}
}

func TestPlanListsEveryInjectedVariable(t *testing.T) {
	g := laravel(t, "staging", nil)
	listed, _ := g.Outputs["variables"].(map[string]any)
	require.Len(t, listed, 7)
	for workload, vars := range listed {
		env, secrets := app(t, g, workload)
		given := slices.Sorted(maps.Keys(vars.(map[string]any)))
		assert.Equal(t, slices.Sorted(maps.Keys(merge(env, secrets))), given, "%s: the plan lists exactly what its task is given", workload)
	}
	web := listed["web"].(map[string]any)
	assert.Equal(t, "endpoint database.host", web["DB_HOST"])
	assert.Equal(t, "secret secret:app-key", web["APP_KEY"])
	assert.Equal(t, "environment", web["APP_URL"])

	code, text, stderr := runCLI("plan", "--stack", "staging", "--dir", laravelFixture)
	require.Contains(t, []int{0, 4}, code, stderr)
	assert.Contains(t, text, "\nVariables per workload:\n")
	assert.Regexp(t, `\n  web\n(    .*\n)*    DB_HOST +endpoint database.host\n`, text)
	code, doc, stderr := runCLI("plan", "--stack", "staging", "--format", "json", "--dir", laravelFixture)
	require.Contains(t, []int{0, 4}, code, stderr)
	var plan graph.Plan
	require.NoError(t, json.Unmarshal([]byte(doc), &plan))
	assert.Equal(t, "endpoint queues.prefix", plan.Outputs["variables"].(map[string]any)["web"].(map[string]any)["SQS_PREFIX"])

	code, text, _ = runCLI("plan", "--stack", "production", "--dir", laravelFixture)
	require.Equal(t, 0, code)
	assert.Contains(t, text, "empty secret: globex/production/app-key (put its value with aws secretsmanager put-secret-value before a task that reads it starts)")
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func TestSecretLookingVariablesAreRefusedWithoutTheirValue(t *testing.T) {
	const value = "s3cr3t-value"
	for _, c := range []struct{ variable, value, problem string }{
		{"APP_KEY", "base64:" + value, "looks like a secret"},
		{"APP_SECRET", value, "looks like a secret"},
		{"MAIL_PASS", value, "looks like a secret"},
		{"MYSQL_PWD", value, "looks like a secret"},
		{"DATABASE_DSN", "mysql://app:" + value + "@db.internal:3306/app", "holds a user and password in a URL"},
		{"BROKER", "amqps://user:" + value + "@mq.internal:5671", "holds a user and password in a URL"},
		{"SIGNING", "-----BEGIN PRIVATE KEY-----\n" + value, "is a private key"},
	} {
		t.Run(c.variable, func(t *testing.T) {
			doc, err := json.Marshal(map[string]any{"web": map[string]any{"environment": map[string]string{c.variable: c.value}}})
			require.NoError(t, err)
			msg := laravelError(t, "staging", map[string]string{"globex:overrides": string(doc)})
			assert.Contains(t, msg, `validate "globex:overrides.web.environment.`+c.variable+`": "(value hidden)" `+c.problem, "the override set it")
			assert.NotContains(t, msg, value, "a refusal never shows the value")
		})
	}
	// A DSN without credentials and a name listed as plain are fine.
	g := laravel(t, "staging", map[string]string{
		"globex:overrides":           `{"web": {"environment": {"CACHE_DSN": "rediss://cache.internal:6379", "PASSWORD_MIN_LENGTH": "12"}}}`,
		"globex:allowPlainVariables": `["PASSWORD_MIN_LENGTH"]`,
	})
	web, _ := app(t, g, "web")
	assert.Equal(t, "12", web["PASSWORD_MIN_LENGTH"])
	assert.Equal(t, "PASSWORD_MIN_LENGTH", only(t, g, taskDefType, "web-task").Input("tags.platform:plain-variables"))
	for _, f := range policy.Evaluate(g, evaluate.TierOf(g)).Findings {
		assert.NotEqual(t, "ECS.8", f.Control, "the allowed name passes the posture check: %s", f.Message)
	}
	msg := laravelError(t, "staging", map[string]string{"globex:overrides": `{"web": {"environment": {"PASSWORD_MIN_LENGTH": "12"}}}`})
	assert.Contains(t, msg, `"(value hidden)" looks like a secret, want declare it under secrets (secret:<name> for a value of this stack), or list it in globex:allowPlainVariables`)
}

func TestAPreviewReadsTheBaseStacksOwnSecret(t *testing.T) {
	catalog := strings.Replace(mustRead(t, projectDir+"/workloads/catalog.yaml"), "secrets:\n", "secrets:\n  APP_KEY: secret:app-key\n", 1) + "environment:\n  APP_URL: https://${host}\n"
	dir := copyFixture(t, map[string]string{"workloads/catalog.yaml": catalog})
	dev, err := evaluate.StackWith(dir, "dev", nil)
	require.NoError(t, err)
	arn := only(t, dev, "aws:secretsmanager/secret:Secret", "data-secret-app-key").Output("arn")
	require.NotEmpty(t, arn)

	preview, err := evaluate.StackWith(dir, "pr-42", nil)
	require.NoError(t, err)
	assert.Empty(t, preview.ByType("aws:secretsmanager/secret:Secret"), "a preview creates no secret of its own")
	env, secrets := app(t, preview, "pr-42-catalog")
	assert.Equal(t, arn, secrets["APP_KEY"], "the preview reads the base's secret by reference")
	assert.Equal(t, "https://pr-42-catalog.dev.shop.example.com", env["APP_URL"], "${host} is the preview's own host")
	var readable []string
	for _, s := range policyAt(t, only(t, preview, rolePolicyType, "preview-execution-policy"), "policy").Statement {
		if s.Sid == "ReadDeclaredSecrets" {
			readable = s.Resource
		}
	}
	assert.Contains(t, readable, arn)
}
