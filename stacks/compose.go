package stacks

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/internal/iamdoc"
	"platform/internal/validate"
)

// resolver turns workload specs into component arguments against the data
// layer: images to repository URLs, secret references to ARNs, grants to
// task-role statements, and data parts to network hops and environment.
type resolver struct {
	cfg  *Config
	data *dataView
}

// image is the full reference of a task's image.
func (r *resolver) image(t TaskSpec) pulumi.StringInput {
	if isExternal(t.Repository) {
		return pulumi.String(t.Repository)
	}
	tag := r.cfg.Images[t.Repository]
	separator := ":"
	if strings.HasPrefix(tag, "sha256:") {
		separator = "@"
	}
	return pulumi.Sprintf("%s%s%s", r.data.repositories[t.Repository], separator, tag)
}

// secretARN resolves a secret reference to its ARN and JSON key.
func (r *resolver) secretARN(ref string) (pulumi.StringInput, string) {
	if strings.HasPrefix(ref, "arn:") {
		arn, key, _ := strings.Cut(ref, "#")
		return pulumi.String(arn), key
	}
	part, key, _ := strings.Cut(ref, "#")
	return r.part(part).secretArn, key
}

// part is the database, cache or broker.
func (r *resolver) part(name string) *partView {
	return map[string]*partView{"database": r.data.database, "cache": r.data.cache, "broker": r.data.broker}[name]
}

// ExecutionSecrets are every secret and parameter some workload declares:
// exactly what the execution role may read.
func (r *resolver) executionSecrets() (secrets, parameters []pulumi.StringInput) {
	seen := map[string]bool{}
	tasks := r.cfg.Workloads.tasks()
	if r.cfg.Preview != nil {
		tasks = map[string]TaskSpec{}
		for _, name := range r.cfg.PreviewedServices() {
			tasks[name] = r.cfg.Workloads.Services[name].TaskSpec
		}
	}
	for _, name := range slices.Sorted(maps.Keys(tasks)) {
		for _, ref := range sortedValues(tasks[name].Secrets) {
			source, _, _ := strings.Cut(ref, "#")
			if seen[source] {
				continue
			}
			seen[source] = true
			arn, _ := r.secretARN(ref)
			if strings.HasPrefix(ref, "arn:aws:ssm:") {
				parameters = append(parameters, arn)
			} else {
				secrets = append(secrets, arn)
			}
		}
	}
	return secrets, parameters
}

// task builds a workload's TaskArgs; extra secrets and grants come from its kind.
func (r *resolver) task(name string, t TaskSpec, scaling compute.Scaling, extraSecrets map[string]string, extraGrants []string) (compute.TaskArgs, compute.Scaling) {
	cpu, memory, scaling := r.cfg.sizeOf(name, t, scaling)
	args := compute.TaskArgs{
		Image:                  r.image(t),
		CPU:                    cpu,
		Memory:                 memory,
		Architecture:           t.Architecture,
		Command:                t.Command,
		ReadonlyRootFilesystem: t.ReadonlyRootFilesystem,
		HealthCommand:          t.HealthCommand,
		Exec:                   t.Exec,
		Tracing:                t.Tracing,
		Environment:            map[string]pulumi.StringInput{},
	}
	for k, v := range t.Environment {
		args.Environment[k] = pulumi.String(v)
	}
	setDefault := func(k string, v pulumi.StringInput) {
		if _, set := args.Environment[k]; !set {
			args.Environment[k] = v
		}
	}
	secrets := map[string]string{}
	for k, v := range t.Secrets {
		secrets[k] = v
	}
	for k, v := range extraSecrets {
		secrets[k] = v
	}
	parts := map[string]bool{}
	for _, variable := range slices.Sorted(maps.Keys(secrets)) {
		ref := secrets[variable]
		arn, key := r.secretARN(ref)
		args.Secrets = append(args.Secrets, compute.Secret{Name: variable, ARN: arn, Key: key})
		if !strings.HasPrefix(ref, "arn:") {
			part, _, _ := strings.Cut(ref, "#")
			parts[part] = true
		}
	}
	for _, name := range []string{"database", "cache", "broker"} {
		if !parts[name] {
			continue
		}
		part := r.part(name)
		args.DataHops = append(args.DataHops, compute.DataHop{Name: name, SecurityGroupID: part.securityGroup, Port: part.port})
		prefix := strings.ToUpper(name)
		if name == "broker" {
			setDefault("BROKER_URL", part.host)
			continue
		}
		setDefault(prefix+"_HOST", part.host)
		setDefault(prefix+"_PORT", pulumi.Sprintf("%d", part.port))
	}
	if parts["database"] {
		setDefault("DATABASE_NAME", r.data.databaseName)
	}
	for _, g := range append(append([]string{}, t.Grants...), extraGrants...) {
		parts := strings.Split(g, ":")
		switch parts[0] {
		case "bucket":
			bucket := r.data.buckets[parts[1]]
			args.Statements = append(args.Statements, bucketStatements(parts[1], parts[2], bucket)...)
			setDefault("BUCKET_"+envName(parts[1]), bucket.name)
		case "queue":
			queue := r.data.queues[parts[1]]
			args.Statements = append(args.Statements, queueStatement(parts[1], parts[2], queue))
			setDefault("QUEUE_"+envName(parts[1])+"_URL", queue.url)
		case "mail":
			args.PolicyARNs = append(args.PolicyARNs, r.data.sendMailPolicy)
			setDefault("MAIL_FROM_DOMAIN", pulumi.String(r.cfg.Access.MailDomain))
		}
	}
	return args, scaling
}

// bucketStatements grant read, write or both on one bucket's objects.
func bucketStatements(name, mode string, b bucketView) []iamdoc.Statement {
	objects := []pulumi.StringInput{pulumi.Sprintf("%s/*", b.arn)}
	var out []iamdoc.Statement
	if mode == "read" || mode == "readwrite" {
		out = append(out,
			iamdoc.Statement{Sid: "List" + sid(name), Actions: []string{"s3:ListBucket"}, Resources: []pulumi.StringInput{b.arn}},
			iamdoc.Statement{Sid: "Read" + sid(name), Actions: []string{"s3:GetObject"}, Resources: objects})
	}
	if mode == "write" || mode == "readwrite" {
		out = append(out, iamdoc.Statement{Sid: "Write" + sid(name), Actions: []string{"s3:PutObject", "s3:DeleteObject"}, Resources: objects})
	}
	return out
}

// queueStatement grants consuming from or sending to one queue.
func queueStatement(name, mode string, q queueView) iamdoc.Statement {
	actions := []string{"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
	if mode == "consume" {
		actions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
	}
	return iamdoc.Statement{Sid: strings.ToUpper(mode[:1]) + mode[1:] + sid(name), Actions: actions, Resources: []pulumi.StringInput{q.arn}}
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

// envName turns "uploads-eu" into "UPLOADS_EU".
func envName(name string) string { return strings.ToUpper(strings.ReplaceAll(name, "-", "_")) }

func sortedValues(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// workloads creates the migrations, then the services, workers and schedules.
// edgeEntry is what CDN services need from the access layer.
type edgeEntry struct {
	certificate, webACL pulumi.StringInput
}

func (r *resolver) workloads(ctx *pulumi.Context, place compute.Placement, zoneID pulumi.StringInput, gate *compute.Gate, edge edgeEntry, opts ...pulumi.ResourceOption) (map[string]*compute.FargateService, error) {
	w := r.cfg.Workloads
	migrations := map[string]*compute.MigrationTask{}
	for _, name := range slices.Sorted(maps.Keys(w.Migrations)) {
		task, _ := r.task(name, w.Migrations[name].TaskSpec, compute.Scaling{}, nil, nil)
		m, err := compute.NewMigrationTask(ctx, name, &compute.MigrationTaskArgs{Task: task, Placement: place}, opts...)
		if err != nil {
			return nil, err
		}
		migrations[name] = m
	}
	after := func(names []string) []pulumi.Resource {
		var out []pulumi.Resource
		for _, n := range names {
			out = append(out, migrations[n].Run)
		}
		return out
	}
	services := map[string]*compute.FargateService{}
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		spec := w.Services[name]
		task, scaling := r.task(name, spec.TaskSpec, spec.Scaling, nil, nil)
		args := &compute.FargateServiceArgs{
			Task: task, Placement: place, Port: spec.Port,
			Domain: r.cfg.Domain, Subdomain: spec.Subdomain, ZoneID: zoneID, Paths: spec.Paths,
			Priority: spec.Priority, HealthCheck: spec.HealthCheck,
			Cognito: r.cfg.Gated(spec), CDN: spec.CDN, StaticPaths: spec.StaticPaths,
			Scaling: scaling, After: after(spec.After),
		}
		if args.Cognito {
			args.Gate = gate
		}
		if spec.CDN {
			args.CDNCertificateArn, args.CDNWebACLArn = edge.certificate, edge.webACL
		}
		s, err := compute.NewFargateService(ctx, name, args, opts...)
		if err != nil {
			return nil, err
		}
		services[name] = s
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		spec := w.Workers[name]
		var grants []string
		for _, q := range spec.Queues {
			grants = append(grants, "queue:"+q+":consume")
		}
		var secrets map[string]string
		if spec.Broker {
			secrets = map[string]string{"BROKER_USERNAME": "broker#username", "BROKER_PASSWORD": "broker#password"}
		}
		task, scaling := r.task(name, spec.TaskSpec, spec.Scaling, secrets, grants)
		args := &compute.WorkerServiceArgs{Task: task, Placement: place, BacklogPerTask: spec.BacklogPerTask, Scaling: scaling, After: after(spec.After)}
		if len(spec.Queues) > 0 {
			args.BacklogQueue = r.data.queues[spec.Queues[0]].name
		}
		if _, err := compute.NewWorkerService(ctx, name, args, opts...); err != nil {
			return nil, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(w.Schedules)) {
		spec := w.Schedules[name]
		task, _ := r.task(name, spec.TaskSpec, compute.Scaling{}, nil, nil)
		if _, err := compute.NewScheduledTask(ctx, name, &compute.ScheduledTaskArgs{
			Task: task, Placement: place, Schedule: spec.Schedule, Disabled: r.cfg.Paused,
		}, opts...); err != nil {
			return nil, err
		}
	}
	return services, nil
}

// validateWorkloadArgs runs every workload's component validation before
// anything is registered, through the same mapping the deployment uses, with
// placeholders for what only exists once the data layer does.
func (c *Config) validateWorkloadArgs() error {
	placeholder := pulumi.String("placeholder")
	r := &resolver{cfg: c, data: placeholderView(c)}
	w := c.Workloads
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(w.Services)) {
		spec := w.Services[name]
		task, scaling := r.task(name, spec.TaskSpec, spec.Scaling, nil, nil)
		args := compute.FargateServiceArgs{
			Task: task, Port: spec.Port, Domain: c.Domain, Subdomain: spec.Subdomain, ZoneID: placeholder,
			Paths: spec.Paths, Priority: spec.Priority, HealthCheck: spec.HealthCheck,
			Cognito: c.Gated(spec), Gate: &compute.Gate{}, CDN: spec.CDN, StaticPaths: spec.StaticPaths, Scaling: scaling,
		}
		if spec.CDN {
			args.CDNCertificateArn = placeholder
		}
		errs = append(errs, validate.Nest(key("workloads")+".services["+name+"]", args.Validate(name)))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Workers)) {
		spec := w.Workers[name]
		task, scaling := r.task(name, spec.TaskSpec, spec.Scaling, nil, nil)
		args := compute.WorkerServiceArgs{Task: task, BacklogPerTask: spec.BacklogPerTask, Scaling: scaling}
		errs = append(errs, validate.Nest(key("workloads")+".workers["+name+"]", args.Validate(name)))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Schedules)) {
		spec := w.Schedules[name]
		task, _ := r.task(name, spec.TaskSpec, compute.Scaling{}, nil, nil)
		args := compute.ScheduledTaskArgs{Task: task, Schedule: spec.Schedule}
		errs = append(errs, validate.Nest(key("workloads")+".schedules["+name+"]", args.Validate(name)))
	}
	for _, name := range slices.Sorted(maps.Keys(w.Migrations)) {
		task, _ := r.task(name, w.Migrations[name].TaskSpec, compute.Scaling{}, nil, nil)
		args := compute.MigrationTaskArgs{Task: task}
		errs = append(errs, validate.Nest(key("workloads")+".migrations["+name+"]", args.Validate(name)))
	}
	return errors.Join(errs...)
}
