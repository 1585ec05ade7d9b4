package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/data"
)

// dataView is what workloads need from a data layer: this stack's own, the
// base stack's (for a preview, through its outputs), or placeholders (to
// validate before anything exists). A part that is absent is nil.
type dataView struct {
	database, cache, broker *partView
	databaseName            pulumi.StringInput
	queues                  map[string]queueView
	buckets                 map[string]bucketView
	// repositories map a repository name to its URL.
	repositories map[string]pulumi.StringInput
	// sendMailPolicy lets a task role send mail; nil without a mail domain.
	sendMailPolicy pulumi.StringInput
	// secrets map the stack's own secrets' names to their ARNs.
	secrets map[string]pulumi.StringInput
}

// partView is a database, cache or broker: where it is, how to get in, and its secret.
type partView struct {
	host, secretArn, clientGroup pulumi.StringInput
	port                         pulumi.IntInput
}

type queueView struct{ name, url, arn pulumi.StringInput }

type bucketView struct{ name, arn pulumi.StringInput }

// viewOf sees the stack's own data layer.
func viewOf(state *data.DataLayer) *dataView {
	v := &dataView{queues: map[string]queueView{}, buckets: map[string]bucketView{}, repositories: map[string]pulumi.StringInput{}, secrets: map[string]pulumi.StringInput{}}
	for name, s := range state.Secrets {
		v.secrets[name] = s.ARN
	}
	if db := state.Database; db != nil {
		v.database = &partView{host: db.Host, secretArn: db.SecretArn, clientGroup: db.ClientGroupID, port: pulumi.Int(db.Port)}
		v.databaseName = pulumi.String(db.Name)
	}
	if c := state.Cache; c != nil {
		v.cache = &partView{host: c.Host, clientGroup: c.ClientGroupID, port: pulumi.Int(c.Port)}
		if c.AuthTokenSecretArn.OutputState != nil { // a serverless cache has no token
			v.cache.secretArn = c.AuthTokenSecretArn
		}
	}
	if b := state.Broker; b != nil {
		v.broker = &partView{host: b.Endpoint, secretArn: b.SecretArn, clientGroup: b.ClientGroupID, port: pulumi.Int(b.Port)}
	}
	for name, q := range state.Queues {
		v.queues[name] = queueView{name: q.Name, url: q.URL, arn: q.ARN}
	}
	for name, b := range state.Buckets {
		v.buckets[name] = bucketView{name: b.Name, arn: b.ARN}
	}
	for name, r := range state.Repositories {
		v.repositories[name] = r.URL
	}
	return v
}

// placeholderView stands in for the data layer of cfg before it exists.
func placeholderView(cfg *Config) *dataView {
	p := pulumi.String("placeholder")
	part := &partView{host: p, secretArn: p, clientGroup: p, port: pulumi.Int(1)}
	v := &dataView{database: part, cache: part, broker: part, databaseName: p, sendMailPolicy: p,
		queues: map[string]queueView{}, buckets: map[string]bucketView{}, repositories: map[string]pulumi.StringInput{}, secrets: map[string]pulumi.StringInput{}}
	for name := range cfg.Workloads.NamedSecrets() {
		v.secrets[name] = p
	}
	for _, q := range cfg.Data.Queues {
		v.queues[q.Name] = queueView{name: p, url: p, arn: p}
	}
	for _, b := range cfg.Data.Buckets {
		v.buckets[b.Name] = bucketView{name: p, arn: p}
	}
	for _, r := range cfg.repositories() {
		v.repositories[r] = p
	}
	return v
}

// exports are the stack outputs a preview stack reads back through viewOfReference.
func (v *dataView) exports() pulumi.Map {
	out := pulumi.Map{}
	for name, part := range map[string]*partView{"database": v.database, "cache": v.cache, "broker": v.broker} {
		if part != nil {
			m := pulumi.Map{"host": part.host, "clientGroupId": part.clientGroup, "port": part.port}
			if part.secretArn != nil {
				m["secretArn"] = part.secretArn
			}
			out[name] = m
		}
	}
	if v.databaseName != nil {
		out["databaseName"] = v.databaseName
	}
	queues, buckets, repos := pulumi.Map{}, pulumi.Map{}, pulumi.Map{}
	for name, q := range v.queues {
		queues[name] = pulumi.Map{"name": q.name, "url": q.url, "arn": q.arn}
	}
	for name, b := range v.buckets {
		buckets[name] = pulumi.Map{"name": b.name, "arn": b.arn}
	}
	for name, url := range v.repositories {
		repos[name] = url
	}
	out["queues"], out["buckets"], out["repositories"] = queues, buckets, repos
	if len(v.secrets) > 0 {
		secrets := pulumi.Map{}
		for name, arn := range v.secrets {
			secrets[name] = arn
		}
		out["secrets"] = secrets
	}
	if v.sendMailPolicy != nil {
		out["sendMailPolicyArn"] = v.sendMailPolicy
	}
	return out
}
