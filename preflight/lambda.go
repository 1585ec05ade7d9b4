package preflight

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

const (
	lambdaFunction = "aws:lambda/function:Function"
	lambdaMapping  = "aws:lambda/eventSourceMapping:EventSourceMapping"

	lambdaCreateDoc  = "AWS Lambda API Reference, CreateFunction (FunctionName 1-64 characters, MemorySize 128-10240, Timeout 1-900) https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"
	lambdaQuotaDoc   = "Lambda quotas (environment variables 4 KB; concurrent executions 1,000 default, 100 always unreserved) https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
	lambdaImageDoc   = "Create a Lambda function using a container image (Amazon ECR private repository in the function's Region) https://docs.aws.amazon.com/lambda/latest/dg/images-create.html"
	lambdaSQSDoc     = "Using Lambda with Amazon SQS (queue visibility timeout at least the function timeout; batch size 1-10000, above 10 with a batching window) https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
	lambdaVPCDoc     = "Giving Lambda functions access to resources in an Amazon VPC (execution role needs ec2:CreateNetworkInterface ...: AWSLambdaVPCAccessExecutionRole) https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"
	vpcAccessPolicy  = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
	lambdaEnvMaxSize = 4096
	// unreservedFloor is the concurrency AWS keeps unreserved in every
	// account; reservations past the default quota minus it are refused.
	unreservedFloor, defaultConcurrency = 100, 1000
)

var (
	lambdaName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	ecrRegionImage = regexp.MustCompile(`^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/`)
)

var lambdaRules = []Rule{
	{ID: "PF.LAMBDA.1", Title: "Function name, memory and timeout are within Lambda's limits", Types: []string{lambdaFunction},
		Rejects: "CreateFunction: ValidationException for a name outside [A-Za-z0-9-_]{1,64}, memory outside 128-10240 MB or a timeout outside 1-900 s",
		Source:  lambdaCreateDoc, Fix: "shorten the name; keep memory and timeoutSeconds in range",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			name := str(r, "name")
			mem, okM := num(r, "memorySize")
			timeout, okT := num(r, "timeout")
			return first(check(name == "" || lambdaName.MatchString(name), "name %q", name),
				check(!okM || (mem >= 128 && mem <= 10240), "memorySize %v", mem),
				check(!okT || (timeout >= 1 && timeout <= 900), "timeout %v", timeout))
		}},
	{ID: "PF.LAMBDA.2", Title: "Environment variables fit in 4 KB", Types: []string{lambdaFunction},
		Rejects: "CreateFunction: InvalidParameterValueException: Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit",
		Source:  lambdaQuotaDoc, Fix: "move large values to a secret or a file in the image",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			vars, _ := r.Input("environment.variables").(map[string]any)
			size := 0
			for k, v := range vars {
				s, _ := v.(string)
				if !known(v) {
					s = strings.Repeat("x", 64) // an ARN or URL known at deploy
				}
				size += len(k) + len(s)
			}
			return check(size <= lambdaEnvMaxSize, "environment variables take about %d bytes", size)
		}},
	{ID: "PF.LAMBDA.3", Title: "A container image comes from private ECR in the function's region", Types: []string{lambdaFunction},
		Rejects: "CreateFunction: InvalidParameterValueException: Source image ... is not valid (Lambda pulls only from Amazon ECR private repositories in its own Region)",
		Source:  lambdaImageDoc, Fix: "push the image to the stack's own repository (the platform creates one per repository name)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			uri := str(r, "imageUri")
			if str(r, "packageType") != "Image" || !known(r.Input("imageUri")) || uri == "" {
				return ""
			}
			m := ecrRegionImage.FindStringSubmatch(uri)
			if m == nil {
				return fmt.Sprintf("image %s is not in Amazon ECR", uri)
			}
			region := providerRegion(r, g)
			return check(region == "" || m[1] == region, "image %s is in %s, the function in %s", uri, m[1], region)
		}},
	{ID: "PF.LAMBDA.4", Title: "A .zip function names a supported runtime and a handler", Types: []string{lambdaFunction},
		Rejects: "CreateFunction: InvalidParameterValueException: The runtime parameter of <id> is no longer supported for creating or updating AWS Lambda functions",
		Source:  "Lambda runtimes (deprecation dates) https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
		Fix:     "use one of the supported runtimes (awsfacts.LambdaRuntimes)",
		Check: func(r *graph.Resource, _ *graph.Graph) string {
			if str(r, "packageType") != "Zip" {
				return ""
			}
			runtime := str(r, "runtime")
			return first(check(awsfacts.LambdaRuntimeSupported(runtime, time.Now()), "runtime %q is not supported today", runtime),
				check(str(r, "handler") != "", "no handler"))
		}},
	{ID: "PF.LAMBDA.5", Title: "An SQS trigger fits its queue", Types: []string{lambdaMapping},
		Rejects: "CreateEventSourceMapping: InvalidParameterValueException: Queue visibility timeout: N seconds is less than Function timeout: M seconds; batch size above 10 without MaximumBatchingWindowInSeconds",
		Source:  lambdaSQSDoc, Fix: "give the queue a visibilityTimeoutSeconds of at least the function's timeout (6 times is AWS's advice); keep batches at 10 or set a batching window",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			batch, _ := num(r, "batchSize")
			window, _ := num(r, "maximumBatchingWindowInSeconds")
			msg := first(check(batch <= 10000, "batchSize %v", batch), check(batch <= 10 || window >= 1, "batchSize %v without a batching window", batch))
			q, fn := byOutput(g, queue, "arn", r.Input("eventSourceArn")), byOutput(g, lambdaFunction, "arn", r.Input("functionName"))
			if msg != "" || q == nil || fn == nil {
				return msg
			}
			visibility, ok := num(q, "visibilityTimeoutSeconds")
			if !ok {
				visibility = 30 // SQS's default
			}
			timeout, ok := num(fn, "timeout")
			if !ok {
				timeout = 3 // Lambda's default
			}
			return check(visibility >= timeout, "queue visibility timeout %v s is less than the function timeout %v s", visibility, timeout)
		}},
	{ID: "PF.LAMBDA.6", Title: "A function in a VPC may create its network interfaces first", Types: []string{lambdaFunction},
		Rejects: "CreateFunction: InvalidParameterValueException: The provided execution role does not have permissions to call CreateNetworkInterface on EC2",
		Source:  lambdaVPCDoc, Fix: "attach AWSLambdaVPCAccessExecutionRole to the function's role, and make the function depend on the attachment",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if r.Input("vpcConfig") == nil {
				return ""
			}
			for _, a := range deps(r, g, rolePolicyAttach) {
				if str(a, "policyArn") == vpcAccessPolicy {
					return ""
				}
			}
			return "no AWSLambdaVPCAccessExecutionRole attachment the function waits for"
		}},
	{ID: "PF.LAMBDA.7", Title: "Reserved concurrency leaves the account's unreserved floor", Types: []string{lambdaFunction},
		Rejects: "PutFunctionConcurrency: InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]",
		Source:  lambdaQuotaDoc, Fix: "reserve less, or raise the account's concurrent executions quota (Service Quotas: Lambda, Concurrent executions, adjustable) and say so",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			total := 0.0
			for _, f := range g.ByType(lambdaFunction) {
				if v, ok := num(f, "reservedConcurrentExecutions"); ok && v > 0 {
					total += v
				}
			}
			return check(total <= defaultConcurrency-unreservedFloor, "the stack reserves %v concurrent executions of the default %d", total, defaultConcurrency)
		}},
	{ID: "PF.LAMBDA.8", Title: "An SQS trigger's function may read its queue before the trigger exists", Types: []string{lambdaMapping},
		Rejects: "CreateEventSourceMapping: InvalidParameterValueException: The function execution role does not have permissions to call ReceiveMessage on SQS (Lambda checks sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes when the mapping is created)",
		Source:  "Using Lambda with Amazon SQS, execution role permissions https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
		Fix:     "grant the function's role those actions on the queue in a policy the function waits for",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			fn := byOutput(g, lambdaFunction, "arn", r.Input("functionName"))
			queueARN := r.Input("eventSourceArn")
			if fn == nil || !known(queueARN) {
				return ""
			}
			need := map[string]bool{"sqs:ReceiveMessage": true, "sqs:DeleteMessage": true, "sqs:GetQueueAttributes": true}
			for _, p := range deps(fn, g, rolePolicy) {
				for _, st := range statements(p, "policy") {
					if st["Effect"] != "Allow" || !slices.Contains(stringsOf(asList(st["Resource"])), fmt.Sprint(queueARN)) {
						continue
					}
					for _, a := range stringsOf(asList(st["Action"])) {
						delete(need, a)
					}
				}
			}
			missing := slices.Sorted(maps.Keys(need))
			return check(len(missing) == 0, "the function's role lacks %v on %v, or the function does not wait for the policy", missing, queueARN)
		}},
}

// byOutput returns the resource of typ whose output at path equals value, or nil.
func byOutput(g *graph.Graph, typ, path string, value any) *graph.Resource {
	if !known(value) {
		return nil
	}
	for _, r := range g.ByType(typ) {
		if r.Output(path) == value {
			return r
		}
	}
	return nil
}
