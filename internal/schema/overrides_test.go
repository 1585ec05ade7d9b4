package schema

import (
	"strings"
	"testing"
)

func TestTemplatesExpandStackFactsAndRefuseUnknownReferences(t *testing.T) {
	facts := map[string]string{"domain": "staging.example.com", "host": "www.staging.example.com", "service.api.url": "https://api.staging.example.com"}
	for _, c := range []struct{ in, want, problem string }{
		{in: "https://${host}", want: "https://www.staging.example.com"},
		{in: "${service.api.url}/hooks?d=${domain}", want: "https://api.staging.example.com/hooks?d=staging.example.com"},
		{in: "cost $5 and $${host}", want: "cost $5 and ${host}"},
		{in: "plain", want: "plain"},
		{in: "${hostname}", problem: "refers to ${hostname}, which is not a stack fact"},
		{in: "${service.API.url}", problem: "which is not a stack fact"},
		{in: "https://${host", problem: "has a ${ without its closing }"},
	} {
		tmpl, err := ParseTemplate(c.in)
		if c.problem != "" {
			if err == nil || !strings.Contains(err.Error(), c.problem) || !strings.Contains(err.Error(), "${region}") {
				t.Errorf("%q: got %v, want %q listing the allowed references", c.in, err, c.problem)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if got := tmpl.Expand(func(ref string) string { return facts[ref] }); got != c.want {
			t.Errorf("%q expands to %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOverridesMergeOverTheProduct(t *testing.T) {
	product := Workloads{
		Services: map[string]Service{"web": {Task: Task{Repository: "app", Command: []string{"a"},
			Environment: map[string]string{"APP_ENV": "production", "DEBUG": "0", "KEEP": "1"},
			Secrets:     map[string]SecretRef{"DB_PASSWORD": {Part: DatabasePart, Key: "password"}}}}},
		Workers: map[string]Worker{"jobs": {Task: Task{Repository: "app"}}},
	}
	var overrides map[string]Override
	if err := decodeJSON("p:overrides", `{"web":{"environment":{"APP_ENV":"staging","DEBUG":null,"APP_URL":"https://${host}"},
		"secrets":{"APP_KEY":"secret:app-key","DB_PASSWORD":null},"command":["b","c"],"exec":true,"cognito":false,"endpointNames":"laravel"}}`, &overrides); err != nil {
		t.Fatal(err)
	}
	got, err := product.Override(overrides, "p:overrides")
	if err != nil {
		t.Fatal(err)
	}
	web := got.Services["web"]
	env := web.Environment
	if env["APP_ENV"] != "staging" || env["KEEP"] != "1" || env["APP_URL"] != "https://${host}" || len(env) != 3 {
		t.Errorf("environment %v: want APP_ENV replaced, DEBUG removed, KEEP kept, APP_URL added", env)
	}
	if _, kept := web.Secrets["DB_PASSWORD"]; kept || web.Secrets["APP_KEY"].Named != "app-key" || len(web.Secrets) != 1 {
		t.Errorf("secrets %v", web.Secrets)
	}
	if strings.Join(web.Command, " ") != "b c" || !web.Exec || *web.Cognito || web.EndpointNames != "laravel" {
		t.Errorf("switches: %+v", web)
	}
	if _, removed := product.Services["web"].Environment["APP_URL"]; removed || product.Services["web"].Environment["DEBUG"] != "0" {
		t.Error("the product was changed")
	}
	for _, c := range []struct{ doc, want string }{
		{`{"wbe":{"exec":true}}`, `validate "p:overrides.wbe": "wbe" is not a workload, want one of: jobs, web`},
		{`{"jobs":{"cognito":false}}`, `validate "p:overrides.jobs.cognito": false is a service's switch`},
	} {
		var o map[string]Override
		if err := decodeJSON("p:overrides", c.doc, &o); err != nil {
			t.Fatal(err)
		}
		if _, err := product.Override(o, "p:overrides"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %s", c.doc, err, c.want)
		}
	}
}

func TestNamedSecretReferences(t *testing.T) {
	for _, c := range []struct{ in, named, problem string }{
		{in: "secret:app-key", named: "app-key"},
		{in: "secret:App_Key", problem: "is not a secret name"},
		{in: "secret:app-abc123", problem: "reads as the random suffix of an ARN"},
		{in: "secret:", problem: "is not a secret name"},
	} {
		ref, err := ParseSecretRef(c.in)
		switch {
		case c.problem != "" && (err == nil || !strings.Contains(err.Error(), c.problem)):
			t.Errorf("%q: got %v, want %q", c.in, err, c.problem)
		case c.problem == "" && (err != nil || ref.Named != c.named || ref.String() != c.in):
			t.Errorf("%q: got %+v, %v", c.in, ref, err)
		}
	}
}

func TestEndpointNamesFollowThePresetThenTheWorkload(t *testing.T) {
	n := Naming{EndpointNames: "laravel", Endpoints: map[string]string{"database.port": "", "queue.orders.url": "ORDERS"}}
	for _, c := range []struct{ endpoint, name, want string }{
		{DatabaseHost, "", "DB_HOST"},
		{DatabasePort, "", ""},
		{QueuesPrefix, "", "SQS_PREFIX"},
		{QueueURL, "orders", "ORDERS"},
		{QueueURL, "mail-out", "QUEUE_MAIL_OUT_URL"},
		{BucketName, "uploads", "BUCKET_UPLOADS"},
	} {
		if got := n.Variable(c.endpoint, c.name); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.endpoint, c.name, got, c.want)
		}
	}
	if got := (Naming{}).Variable(CacheURL, ""); got != "" {
		t.Errorf("default cache.url %q, want none", got)
	}
	for key, want := range map[string]string{"database.host": "", "queue.x.url": "", "queue.<name>.url": "is not an endpoint", "database.hots": "is not an endpoint"} {
		if got := EndpointKeyProblem(key, "DB_HOST"); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	if got := EndpointKeyProblem("cache.host", "REDIS-HOST"); got != "is not a variable name" {
		t.Errorf("%q", got)
	}
}

func TestAnOverrideSetsOnlyTheKeysItWrites(t *testing.T) {
	app := "https://x"
	o := Override{Environment: map[string]*string{"APP_URL": &app}, Release: &Release{Strategy: CanaryRelease},
		Endpoints: map[string]string{"cache.host": "REDIS_HOST"}}
	for key, want := range map[string]bool{
		"release.steps[1]":     true,
		"release":              true,
		"environment.APP_URL":  true,
		"environment.APP_NAME": false,
		"command":              false,
		"cpu":                  false,
		"secrets.DB":           false,
		"endpoints.cache.host": true,
		"endpoints.cache.port": false,
	} {
		if got := o.Sets(key); got != want {
			t.Errorf("Sets(%q) = %v, want %v", key, got, want)
		}
	}
}
