package preflight

import (
	"fmt"
	"platform/internal/graph"
	"regexp"
	"slices"
	"strings"
)

var ecrImage = regexp.MustCompile(`^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/([^:@]+)`)

// needsFirst returns a message when r does not depend on every resource in
// prereqs, naming those missing.
func needsFirst(r *graph.Resource, g *graph.Graph, prereqs []*graph.Resource, why string) string {
	var missing []string
	for _, f := range prereqs {
		if !g.DependsOn(r.URN, f.URN) {
			missing = append(missing, f.Type[strings.LastIndex(f.Type, ":")+1:]+" "+f.Name)
		}
	}
	return check(len(missing) == 0, "does not depend on %s (%s)", strings.Join(missing, ", "), why)
}

// runsTasks reports whether a resource starts tasks when created: a service
// with a desired count, or a command (the migration run).
func runsTasks(r *graph.Resource) bool {
	if r.Type == command {
		return true
	}
	n, ok := num(r, "desiredCount")
	return !ok || n > 0
}

// imageBuilders are the types that can push an image in the same run.
var imageBuilders = []string{command, "docker-build:index:Image", "docker:index:Image"}

// pushedFirst reports whether r waits for a step of this run that pushes
// into repo: a build that depends on the repository (a command must run
// "... push ..."; the migration's run-task command is no push).
func pushedFirst(r, repo *graph.Resource, g *graph.Graph) bool {
	for _, typ := range imageBuilders {
		for _, push := range g.ByType(typ) {
			pushes := push.Type != command || strings.Contains(str(push, "create"), " push ")
			if push.URN != r.URN && pushes && g.DependsOn(push.URN, repo.URN) && g.DependsOn(r.URN, push.URN) {
				return true
			}
		}
	}
	return false
}

// delegated reports whether the graph delegates a zone it creates: an NS
// record of the zone's name in another zone.
func delegated(z *graph.Resource, g *graph.Graph) bool {
	// The stack file may state that the domain is delegated (done before
	// this run, see the README's first deploy); the graph cannot show it.
	if slices.ContainsFunc(graph.FactsOf(g).DelegatedZones, func(name string) bool { return fqdn(name) == fqdn(str(z, "name")) }) {
		return true
	}
	for _, rec := range withInput(g, record, "type", "NS") {
		if fqdn(str(rec, "name")) == fqdn(str(z, "name")) && zoneOf(rec, g) != z {
			return true
		}
	}
	return false
}

// logGroupsOf lists the awslogs groups a task definition's containers write to,
// leaving out those the awslogs driver creates itself.
func logGroupsOf(td *graph.Resource) []string {
	var out []string
	for _, c := range containers(td) {
		opts, _ := (&graph.Resource{Inputs: c}).Input("logConfiguration.options").(map[string]any)
		if name, ok := opts["awslogs-group"].(string); ok && opts["awslogs-create-group"] != "true" {
			out = append(out, name)
		}
	}
	return out
}

var orderRules = []Rule{
	{ID: "PF.ORDER.1", Title: "Images exist before the tasks that pull them", Types: []string{ecsService, command},
		Rejects: "the run that creates an ECR repository has no image in it yet: tasks fail with CannotPullContainerError and the deployment (or migration) never settles",
		Source:  "Amazon ECS Developer Guide, CannotPullContainer task errors https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html",
		Fix:     "create the repositories before the workloads (a bootstrap stack or an earlier `up`) and push the image; or push in the same run from a build step the tasks depend on; or start services at desiredCount 0 until an image exists",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !runsTasks(r) || graph.FactsOf(g).ImagesRecordedAfterPush {
				// A stack that deploys only recorded images never pulls from
				// a repository this run creates: the image was pushed first.
				return ""
			}
			for _, td := range deps(r, g, taskDefinition) {
				for _, c := range containers(td) {
					m := ecrImage.FindStringSubmatch(fmt.Sprint(c["image"]))
					if m == nil {
						continue
					}
					for _, repo := range withInput(g, repository, "name", m[1]) {
						if !repo.Read && !pushedFirst(r, repo, g) {
							return fmt.Sprintf("runs %s from repository %s that this same run creates", td.Name, m[1])
						}
					}
				}
			}
			return ""
		}},
	{ID: "PF.ORDER.2", Title: "DNS validation only in zones that are delegated", Types: []string{certValidation, sesVerification},
		Rejects: "the validation records sit in a zone created in the same run: until the parent delegates it (NS records) ACM and SES never see them and the wait times out",
		Source: "AWS Certificate Manager User Guide, DNS validation https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html; " +
			"Amazon SES Developer Guide, Verifying a DKIM domain identity https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html",
		Fix: "delegate the zone first: create it in an earlier run (or stack), add its NS records to the parent, then validate; or add the parent's NS record in this stack",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for _, rec := range deps(r, g, record) {
				if z := zoneOf(rec, g); z != nil && !z.Read && !delegated(z, g) {
					return fmt.Sprintf("validates through record %s in zone %s that this run creates and nothing delegates", rec.Name, str(z, "name"))
				}
			}
			return ""
		}},
	{ID: "PF.ORDER.3", Title: "A load balancer enables access logs after the bucket policy exists", Types: []string{loadBalancer},
		Rejects: "ModifyLoadBalancerAttributes: InvalidConfigurationRequest: Access Denied for bucket, when the policy is created in parallel",
		Source:  elbLogsDoc, Fix: "make the load balancer depend on the log bucket's BucketPolicy (pulumi.DependsOn)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "accessLogs.enabled") {
				return ""
			}
			return needsFirst(r, g, withInput(g, bucketPolicy, "bucket", r.Input("accessLogs.bucket")), "ELB checks the policy when logging is enabled")
		}},
	{ID: "PF.ORDER.4", Title: "A service names capacity providers after the cluster has them", Types: []string{ecsService},
		Rejects: "CreateService: InvalidParameterException: the capacity provider is not associated with the cluster, when the association is created in parallel",
		Source:  ecsServiceDoc, Fix: "make the service depend on the cluster's ClusterCapacityProviders",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if len(providersOf(r)) == 0 {
				return ""
			}
			return needsFirst(r, g, clusterCapacity(r, g), "the strategy's providers must be associated first")
		}},
	{ID: "PF.ORDER.5", Title: "A one-shot task run waits for its network rules and execution role permissions", Types: []string{command},
		Rejects: "the task starts before its security group rules or the execution role's secret permission exist: it cannot reach its database or fails ResourceInitializationError, and the run fails",
		Source:  "Amazon ECS Developer Guide, Amazon ECS task execution IAM role (secrets permissions) https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
		Fix:     "make the command depend on the security group's rules and on the execution role's policies",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var prereqs []*graph.Resource
			for _, sg := range strings.Split(str(r, "environment.SECURITY_GROUP"), ",") {
				prereqs = append(prereqs, withInput(g, egressRule, "securityGroupId", sg)...)
				prereqs = append(prereqs, withInput(g, ingressRule, "securityGroupId", sg)...)
			}
			for _, td := range deps(r, g, taskDefinition) {
				name := tail(str(td, "executionRoleArn"), "/")
				prereqs = append(prereqs, withInput(g, rolePolicy, "role", name)...)
				prereqs = append(prereqs, withInput(g, rolePolicyAttach, "role", name)...)
			}
			return needsFirst(r, g, prereqs, "the task needs it when it starts")
		}},
	{ID: "PF.ORDER.6", Title: "Certificates are issued before listeners and distributions use them", Types: []string{listener, distribution},
		Rejects: "CreateListener: UnsupportedCertificate / CreateDistribution: InvalidViewerCertificate while the certificate is still pending validation",
		Source:  "AWS Certificate Manager User Guide, DNS validation https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html",
		Fix:     "use the CertificateValidation's certificateArn (or depend on it) rather than the Certificate's",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			arn := first(str(r, "certificateArn"), str(r, "viewerCertificate.acmCertificateArn"))
			if arn == "" {
				return ""
			}
			return needsFirst(r, g, withInput(g, certValidation, "certificateArn", arn), "ACM must issue it first")
		}},
	{ID: "PF.ORDER.7", Title: "A task's log group exists before the task starts", Types: []string{taskDefinition},
		Rejects: "ResourceInitializationError: failed to validate logger args: The specified log group does not exist",
		Source:  "Amazon ECS Developer Guide, Send Amazon ECS logs to CloudWatch (awslogs-create-group) https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
		Fix:     "make the task definition depend on its LogGroup (use the log group's name output)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var groups []*graph.Resource
			for _, name := range logGroupsOf(r) {
				groups = append(groups, withInput(g, logGroup, "name", name)...)
			}
			return needsFirst(r, g, groups, "awslogs needs the group")
		}},
}
