package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/internal/iamdoc"
	"platform/internal/schema"
)

// resolver turns workload specs into component arguments against a data
// view: images to repository URLs, secret references to ARNs, grants to
// task-role statements, and data parts to network hops and environment.
type resolver struct {
	cfg  *Config
	data *dataView
}

// image is the full reference of a task's image.
func (r *resolver) image(t schema.Task) pulumi.StringInput {
	if t.External() {
		return pulumi.String(t.Repository)
	}
	return pulumi.Sprintf("%s%s", r.data.repositories[t.Repository], r.cfg.Images[t.Repository].Suffix())
}

// secretARN is the ARN a secret reference reads.
func (r *resolver) secretARN(ref schema.SecretRef) pulumi.StringInput {
	if ref.ARN != "" {
		return pulumi.String(ref.ARN)
	}
	if ref.Named != "" {
		return r.data.secrets[ref.Named]
	}
	return r.part(ref.Part).secretArn
}

// part is the database, cache or broker.
func (r *resolver) part(name schema.Part) *partView {
	return map[schema.Part]*partView{schema.DatabasePart: r.data.database, schema.CachePart: r.data.cache, schema.BrokerPart: r.data.broker}[name]
}

// executionSecrets are every secret and parameter the deployed workloads
// declare: exactly what the execution role may read.
func (r *resolver) executionSecrets(deployed map[string]schema.Task) (secrets, parameters []pulumi.StringInput) {
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(deployed)) {
		t := deployed[name]
		all := maps.Clone(t.Secrets)
		if all == nil {
			all = map[string]schema.SecretRef{}
		}
		maps.Copy(all, sidecarSecrets(t))
		for _, variable := range slices.Sorted(maps.Keys(all)) {
			ref := all[variable]
			if seen[ref.Source()] {
				continue
			}
			seen[ref.Source()] = true
			if ref.IsParameter() {
				parameters = append(parameters, r.secretARN(ref))
			} else {
				secrets = append(secrets, r.secretARN(ref))
			}
		}
	}
	return secrets, parameters
}

// task builds a workload's TaskArgs; extra secrets and grants come from its kind.
func (r *resolver) task(t schema.Task, extraSecrets map[string]schema.SecretRef, extraGrants []schema.Grant) compute.TaskArgs {
	args, _ := r.compose(t, extraSecrets, extraGrants)
	return args
}

// compose builds a workload's TaskArgs and says where each variable comes
// from: "environment", "secret <reference>" or "endpoint <endpoint>" (the
// plan lists them). Injected endpoints are named by the task's Naming and
// never replace a variable the workload sets itself.
func (r *resolver) compose(t schema.Task, extraSecrets map[string]schema.SecretRef, extraGrants []schema.Grant) (compute.TaskArgs, map[string]string) {
	args := compute.TaskArgs{
		Image:                  r.image(t),
		CPU:                    *t.CPU,
		Memory:                 *t.Memory,
		Architecture:           compute.Architecture(t.Architecture),
		Command:                t.Command,
		ReadonlyRootFilesystem: t.ReadonlyRootFilesystem,
		HealthCommand:          t.HealthCommand,
		Exec:                   t.Exec,
		Tracing:                t.Tracing,
		Environment:            map[string]pulumi.StringInput{},
		PlainVariables:         r.cfg.AllowPlainVariables,
	}
	sources := map[string]string{}
	for k, v := range t.Environment {
		args.Environment[k] = pulumi.String(v)
		sources[k] = "environment"
	}
	secrets := maps.Clone(t.Secrets)
	if secrets == nil {
		secrets = map[string]schema.SecretRef{}
	}
	maps.Copy(secrets, extraSecrets)
	// inject sets an endpoint under the name the task gives it, if any.
	inject := func(endpoint, name string, v pulumi.StringInput) {
		k := t.Variable(endpoint, name)
		_, set := args.Environment[k]
		if k == "" || set || secrets[k] != (schema.SecretRef{}) {
			return
		}
		args.Environment[k] = v
		sources[k] = "endpoint " + strings.Replace(endpoint, "<name>", name, 1)
	}
	parts := map[schema.Part]bool{}
	for _, variable := range slices.Sorted(maps.Keys(secrets)) {
		ref := secrets[variable]
		args.Secrets = append(args.Secrets, compute.Secret{Name: variable, ARN: r.secretARN(ref), Key: ref.Key})
		sources[variable] = "secret " + ref.String()
		if ref.Part != "" {
			parts[ref.Part] = true
		}
	}
	for _, name := range schema.Parts {
		if !parts[name] {
			continue
		}
		part := r.part(name)
		args.DataHops = append(args.DataHops, compute.DataHop{Name: string(name), ClientGroupID: part.clientGroup})
		switch name {
		case schema.BrokerPart:
			inject(schema.BrokerURL, "", part.host)
		case schema.DatabasePart:
			inject(schema.DatabaseHost, "", part.host)
			inject(schema.DatabasePort, "", pulumi.Sprintf("%d", part.port))
			inject(schema.DatabaseName, "", r.data.databaseName)
		case schema.CachePart:
			inject(schema.CacheHost, "", part.host)
			inject(schema.CachePort, "", pulumi.Sprintf("%d", part.port))
			// The cache takes TLS only (transit encryption is always on).
			inject(schema.CacheURL, "", pulumi.Sprintf("rediss://%s:%d", part.host, part.port))
		}
	}
	// The first queue and bucket it reaches: the kind's (a worker's first queue) before its own grants.
	all := slices.Concat(extraGrants, t.Grants)
	firstQueue, firstBucket := firstOf(all, schema.QueueGrant), firstOf(all, schema.BucketGrant)
	for _, g := range append(slices.Clone(t.Grants), extraGrants...) {
		switch g.Kind {
		case schema.BucketGrant:
			bucket := r.data.buckets[g.Name]
			args.Statements = append(args.Statements, bucketStatements(g, bucket)...)
			inject(schema.BucketName, g.Name, bucket.name)
			if g.Name == firstBucket {
				inject(schema.BucketsFirst, "", bucket.name)
			}
		case schema.QueueGrant:
			queue := r.data.queues[g.Name]
			args.Statements = append(args.Statements, queueStatement(g, queue))
			inject(schema.QueueURL, g.Name, queue.url)
			if g.Name == firstQueue {
				inject(schema.QueuesFirst, "", queue.name)
				inject(schema.QueuesFirstURL, "", queue.url)
				inject(schema.QueuesPrefix, "", queuePrefix(queue.url))
			}
		case schema.MailGrant:
			args.PolicyARNs = append(args.PolicyARNs, r.data.sendMailPolicy)
			inject(schema.MailDomain, "", pulumi.String(r.cfg.Access.MailDomain))
		}
	}
	r.containers(t, &args)
	return args, sources
}

// firstOf is the name of the first grant of a kind; "" when there is none.
func firstOf(grants []schema.Grant, kind schema.GrantKind) string {
	for _, g := range grants {
		if g.Kind == kind {
			return g.Name
		}
	}
	return ""
}

// queuePrefix is a queue URL without its queue name
// (https://sqs.<region>.amazonaws.com/<account>), as Laravel's SQS_PREFIX.
func queuePrefix(url pulumi.StringInput) pulumi.StringOutput {
	return url.ToStringOutput().ApplyT(func(u string) string { return u[:max(strings.LastIndex(u, "/"), 0)] }).(pulumi.StringOutput)
}

// scaling is a resolved scaling block in the component's terms.
func scaling(s schema.Scaling) compute.Scaling {
	return compute.Scaling{Min: s.Min, Max: *s.Max, CPUTarget: *s.CPUTarget, MemoryTarget: *s.MemoryTarget, SpotShare: *s.SpotShare}
}

// healthCheck is a resolved health check in the component's terms.
func healthCheck(h schema.HealthCheck) compute.HealthCheck {
	return compute.HealthCheck{Path: h.Path, GraceSeconds: *h.GraceSeconds, IntervalSeconds: *h.IntervalSeconds,
		HealthyThreshold: *h.HealthyThreshold, UnhealthyThreshold: *h.UnhealthyThreshold}
}

// bucketStatements grant read, write or both on one bucket's objects.
func bucketStatements(g schema.Grant, b bucketView) []iamdoc.Statement {
	objects := []pulumi.StringInput{pulumi.Sprintf("%s/*", b.arn)}
	var out []iamdoc.Statement
	if g.Mode == "read" || g.Mode == "readwrite" {
		out = append(out,
			iamdoc.Statement{Sid: "List" + sid(g.Name), Actions: []string{"s3:ListBucket"}, Resources: []pulumi.StringInput{b.arn}},
			iamdoc.Statement{Sid: "Read" + sid(g.Name), Actions: []string{"s3:GetObject"}, Resources: objects})
	}
	if g.Mode == "write" || g.Mode == "readwrite" {
		out = append(out, iamdoc.Statement{Sid: "Write" + sid(g.Name), Actions: []string{"s3:PutObject", "s3:DeleteObject"}, Resources: objects})
	}
	return out
}

// queueStatement grants consuming from or sending to one queue.
func queueStatement(g schema.Grant, q queueView) iamdoc.Statement {
	actions := []string{"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
	if g.Mode == "consume" {
		actions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
	}
	return iamdoc.Statement{Sid: strings.ToUpper(g.Mode[:1]) + g.Mode[1:] + sid(g.Name), Actions: actions, Resources: []pulumi.StringInput{q.arn}}
}

// sid turns "uploads-eu" into "UploadsEu" for statement ids.
func sid(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// workerQueues are the grants and backlog queue a worker's queues give it.
func workerQueues(w schema.Worker) []schema.Grant {
	var grants []schema.Grant
	for _, q := range w.Queues {
		grants = append(grants, schema.Grant{Kind: schema.QueueGrant, Name: q, Mode: "consume"})
	}
	return grants
}

// brokerSecrets are what a RabbitMQ consumer is given.
func brokerSecrets(w schema.Worker) map[string]schema.SecretRef {
	if !w.Broker {
		return nil
	}
	return map[string]schema.SecretRef{
		"BROKER_USERNAME": {Part: schema.BrokerPart, Key: "username"},
		"BROKER_PASSWORD": {Part: schema.BrokerPart, Key: "password"},
	}
}

// previewName is a previewed service's name, host label and ECS service name.
func (c *Config) previewName(service string) string {
	return fmt.Sprintf("pr-%d-%s", c.Preview.Number, service)
}
