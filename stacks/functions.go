package stacks

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/functions"
	"platform/internal/awsfacts"
	"platform/internal/schema"
	"platform/internal/validate"
)

// functionsKind is how the config names functions.
const functionsKind = "functions"

// resolveFunctions applies every function default once.
func resolveFunctions(w *schema.Workloads) {
	for name, f := range w.Functions {
		f.Architecture = cmp.Or(f.Architecture, string(compute.ARM64))
		f.Memory = or(f.Memory, functions.DefaultMemoryMB)
		f.TimeoutSeconds = or(f.TimeoutSeconds, functions.DefaultTimeoutSeconds)
		if f.Queue != nil {
			q := *f.Queue
			q.BatchSize = or(q.BatchSize, functions.DefaultBatchSize)
			q.BatchingWindowSeconds = or(q.BatchingWindowSeconds, 0)
			f.Queue = &q
		}
		if f.HTTP != nil {
			h := *f.HTTP
			h.Cognito = or(h.Cognito, true)
			f.HTTP = &h
		}
		w.Functions[name] = f
	}
}

// functionArgs is the one builder of a function's arguments, for deploy and
// validation alike.
func (r *resolver) functionArgs(name string, f schema.Function, at site) *functions.FunctionArgs {
	args := &functions.FunctionArgs{
		Source: f.Source, Runtime: f.Runtime, Handler: f.Handler, Command: f.Command,
		Architecture: strings.ToLower(f.Architecture), MemoryMB: *f.Memory, TimeoutSeconds: *f.TimeoutSeconds,
		ReservedConcurrency: f.ReservedConcurrency,
		Schedule:            f.Schedule, Disabled: r.cfg.Paused, LogRetentionDays: *r.cfg.Observability.LogRetentionDays,
	}
	if f.Repository != "" {
		args.Image = r.image(schema.Task{Repository: f.Repository})
	}
	if f.HTTP != nil {
		args.HTTP = r.routeArgs(name, *f.HTTP, at)
	}
	// The same composition as a task's: endpoints, data hops and grants.
	task, _ := r.compose(schema.Task{Repository: f.Repository, CPU: ref(0), Memory: ref(0), Environment: f.Environment, Secrets: f.Secrets, Grants: f.Grants}, nil, nil)
	args.Environment, args.Statements, args.PolicyARNs = task.Environment, task.Statements, task.PolicyARNs
	for _, variable := range slices.Sorted(maps.Keys(f.Secrets)) {
		ref := f.Secrets[variable]
		args.Secrets = append(args.Secrets, functions.Secret{Name: variable, ARN: r.secretARN(ref), Key: ref.Key, Parameter: ref.IsParameter()})
	}
	if len(task.DataHops) > 0 {
		// While validating there is no cluster yet; its VPC is a placeholder.
		var vpc pulumi.StringInput = pulumi.String("placeholder")
		if at.place.Cluster != nil {
			vpc = at.place.Cluster.VpcID
		}
		args.Network = &functions.Network{VpcID: vpc, SubnetIDs: at.place.SubnetIDs}
		for _, h := range task.DataHops {
			args.Network.ClientGroupIDs = append(args.Network.ClientGroupIDs, h.ClientGroupID)
		}
	}
	if q := f.Queue; q != nil {
		queue := r.data.queues[q.Name]
		args.Queue = &functions.QueueTrigger{ARN: queue.arn, Name: q.Name, VisibilityTimeoutSeconds: r.cfg.queueVisibility(q.Name),
			BatchSize: *q.BatchSize, BatchingWindowSeconds: *q.BatchingWindowSeconds}
		if q.MaxConcurrency != nil {
			args.Queue.MaxConcurrency = *q.MaxConcurrency
		}
	}
	return args
}

// queueVisibility is a queue's resolved visibility timeout; 0 for an unknown queue.
func (c *Config) queueVisibility(name string) int {
	for _, q := range c.Data.Queues {
		if q.Name == name {
			return *q.VisibilityTimeoutSeconds
		}
	}
	return 0
}

// validateFunctions checks what only the stack can: the image or source,
// the queue (which nothing else consumes), secrets and grants.
func (c *Config) validateFunctions() error {
	var errs []error
	consumers := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Workers)) {
		for _, q := range c.Workloads.Workers[name].Queues {
			consumers[q] = "worker " + name
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Workloads.Functions)) {
		f := c.Workloads.Functions[name]
		path := c.workloadPath(name)
		switch {
		case strings.Contains(f.Repository, "/"):
			errs = append(errs, validate.Field(path+".repository", f.Repository, "is an external image: Lambda pulls only from private ECR in the stack's region",
				"a repository of the stack's registry, or source with runtime and handler"))
		case f.Repository != "" && !hasKey(c.Images, f.Repository) && c.Preview != nil:
			errs = append(errs, validate.Missing(c.key("images")+"."+f.Repository, "the image tag or sha256 digest to deploy"))
		}
		errs = append(errs, validate.OneOf(path+".architecture", f.Architecture, string(compute.ARM64), string(compute.X8664)))
		if f.Source != "" && f.Runtime != "" && !awsfacts.LambdaRuntimeSupported(f.Runtime, time.Now()) {
			errs = append(errs, validate.Field(path+".runtime", f.Runtime, "is not a Lambda runtime supported today (deprecated runtimes cannot create functions)",
				"one of "+strings.Join(awsfacts.LambdaRuntimes(time.Now()), ", ")))
		}
		errs = append(errs, c.validateRefs(path, f.Secrets, f.Grants))
		if q := f.Queue; q != nil {
			switch {
			case !c.hasQueue(q.Name):
				errs = append(errs, validate.Field(path+".queue.name", q.Name, "is not a queue of "+c.key("data"), "one of: "+strings.Join(c.queueNames(), ", ")))
			case consumers[q.Name] != "":
				errs = append(errs, validate.Field(path+".queue.name", q.Name, "is already consumed by "+consumers[q.Name], "a queue no other workload consumes: two consumers split its messages"))
			}
			consumers[q.Name] = "function " + name
		}
	}
	errs = append(errs, c.validateFunctionRoutes())
	return errors.Join(errs...)
}
