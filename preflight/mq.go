package preflight

import (
	"fmt"
	"platform/internal/graph"
	"regexp"
	"strings"
)

const mqCreateDoc = "Amazon MQ REST API Reference, Brokers (CreateBroker) https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html"

var rabbitUser = regexp.MustCompile(`^[A-Za-z0-9_.~-]{2,100}$`)

var mqRules = []Rule{
	{ID: "PF.MQ.1", Title: "A RabbitMQ broker's subnets match its deployment mode", Types: []string{broker},
		Rejects: "CreateBroker: BadRequestException: SINGLE_INSTANCE takes exactly one subnet, CLUSTER_MULTI_AZ two or more",
		Source:  mqCreateDoc, Fix: "give a single-instance broker one subnet and a cluster subnets in several Availability Zones",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			n := len(list(r, "subnetIds"))
			switch str(r, "deploymentMode") {
			case "SINGLE_INSTANCE":
				return check(n == 1, "SINGLE_INSTANCE with %d subnets", n)
			case "CLUSTER_MULTI_AZ":
				return check(n >= 2, "CLUSTER_MULTI_AZ with %d subnet", n)
			}
			return ""
		}},
	{ID: "PF.MQ.2", Title: "The broker's instance type runs its deployment mode and engine version", Types: []string{broker},
		Rejects: "CreateBroker: BadRequestException: mq.t3.micro runs only SINGLE_INSTANCE brokers; RabbitMQ 4 runs only on mq.m7g, RabbitMQ 3.13 on mq.t3, mq.m5 and mq.m7g",
		Source: "Amazon MQ Developer Guide, Amazon MQ for RabbitMQ instance types https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rmq-broker-instance-types.html; " +
			"Managing Amazon MQ for RabbitMQ engine versions https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html (stored copies)",
		Fix: "use mq.m7g.large (or larger) for CLUSTER_MULTI_AZ and for RabbitMQ 4",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			instance, v := str(r, "hostInstanceType"), str(r, "engineVersion")
			return first(check(instance != "mq.t3.micro" || str(r, "deploymentMode") == "SINGLE_INSTANCE", "mq.t3.micro with %s", str(r, "deploymentMode")),
				check(str(r, "engineType") != "RabbitMQ" || !versionAtLeast(v, 4, 0) || strings.HasPrefix(instance, "mq.m7g."), "RabbitMQ %s on %s", v, instance))
		}},
	{ID: "PF.MQ.3", Title: "RabbitMQ 3.13 and later brokers upgrade minor versions automatically", Types: []string{broker},
		Rejects: "CreateBroker: BadRequestException: RabbitMQ 3.13 and later require autoMinorVersionUpgrade and a major.minor engine version; 3.12 and older are past end of support (only 3.13 and 4.2 are offered)",
		Source:  "Amazon MQ Developer Guide, Managing Amazon MQ for RabbitMQ engine versions https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html",
		Fix:     "set autoMinorVersionUpgrade true and engineVersion like 3.13 or 4.2",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			v := str(r, "engineVersion")
			if str(r, "engineType") != "RabbitMQ" || v == "" {
				return ""
			}
			if !versionAtLeast(v, 3, 13) {
				return fmt.Sprintf("engineVersion %s is past end of support", v)
			}
			return first(check(truthy(r, "autoMinorVersionUpgrade"), "engineVersion %s without autoMinorVersionUpgrade", v),
				check(strings.Count(v, ".") == 1, "engineVersion %s names a patch", v))
		}},
	{ID: "PF.MQ.4", Title: "RabbitMQ users and logs are ones Amazon MQ accepts", Types: []string{broker},
		Rejects: "CreateBroker: BadRequestException: RabbitMQ usernames are 2-100 of letters, digits, - . _ ~ and not guest; RabbitMQ has no audit log",
		Source:  mqCreateDoc, Fix: "rename the user and drop logs.audit on RabbitMQ brokers",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if str(r, "engineType") != "RabbitMQ" {
				return ""
			}
			for i := range list(r, "users") {
				u := str(r, fmt.Sprintf("users.%d.username", i))
				if u != "" && (!rabbitUser.MatchString(u) || u == "guest") {
					return fmt.Sprintf("username %q", u)
				}
			}
			return check(!truthy(r, "logs.audit"), "logs.audit on RabbitMQ")
		}},
}
