package preflight

import (
	"encoding/json"
	"fmt"
	"platform/internal/graph"
	"regexp"
	"strings"
)

const (
	secretsCreateDoc = "AWS Secrets Manager API Reference, CreateSecret and DeleteSecret (RecoveryWindowInDays 7-30, default 30) https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html"
	sqsAttrDoc       = "Amazon SQS API Reference, SetQueueAttributes https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html"
)

var scheduleExpression = regexp.MustCompile(`^(rate\(1 (minute|hour|day)\)|rate\(([2-9]|[1-9][0-9]+) (minutes|hours|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$`)

// queueNamed returns the queue resource with a physical name, or nil.
func queueNamed(g *graph.Graph, name string) *graph.Resource {
	if q := withInput(g, queue, "name", name); len(q) > 0 {
		return q[0]
	}
	return nil
}

var messagingRules = []Rule{
	{ID: "PF.SQS.1", Title: "Queue attributes are in range", Types: []string{queue},
		Rejects: "CreateQueue: InvalidAttributeValue: retention 60-1209600 s, visibility 0-43200 s, receive wait 0-20 s, delay 0-900 s",
		Source:  sqsAttrDoc, Fix: "keep the queue's attributes in range",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			in := func(path string, lo, hi float64) string {
				v, ok := num(r, path)
				return check(!ok || (v >= lo && v <= hi), "%s %v is outside %v to %v", path, v, lo, hi)
			}
			return first(in("messageRetentionSeconds", 60, 1209600), in("visibilityTimeoutSeconds", 0, 43200),
				in("receiveWaitTimeSeconds", 0, 20), in("delaySeconds", 0, 900), in("maxMessageSize", 1024, 1048576))
		}},
	{ID: "PF.SQS.2", Title: "A dead-letter queue keeps messages at least as long as its source", Types: []string{queue},
		Rejects: "a message's age counts from its first enqueue: a DLQ with shorter retention deletes redriven messages at once; maxReceiveCount is 1-1000",
		Source:  "Amazon SQS Developer Guide, Using dead-letter queues https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
		Fix:     "give the DLQ a messageRetentionSeconds at least the source queue's (14 days is usual)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var redrive struct {
				DeadLetterTargetArn string
				MaxReceiveCount     float64
			}
			if json.Unmarshal([]byte(str(r, "redrivePolicy")), &redrive) != nil {
				return ""
			}
			if redrive.MaxReceiveCount < 1 || redrive.MaxReceiveCount > 1000 {
				return fmt.Sprintf("maxReceiveCount %v", redrive.MaxReceiveCount)
			}
			dlq := queueNamed(g, tail(redrive.DeadLetterTargetArn, ":"))
			if dlq == nil {
				return ""
			}
			src, okS := num(r, "messageRetentionSeconds")
			dst, okD := num(dlq, "messageRetentionSeconds")
			if !okS {
				src = 345600 // SQS default, 4 days
			}
			if !okD {
				dst = 345600
			}
			return check(dst >= src, "DLQ %s keeps messages %v s, the source %v s", dlq.Name, dst, src)
		}},
	{ID: "PF.SECRET.1", Title: "A named secret in an unprotected stack can be re-created after a destroy", Types: []string{secret},
		Rejects: "a deleted secret keeps its name for the recovery window (30 days by default): the next `up` after a destroy fails with InvalidRequestException: a secret with this name is already scheduled for deletion",
		Source:  secretsCreateDoc, Fix: "set recoveryWindowInDays 0 on secrets of stacks that are destroyed (dev, previews), or protect the secret; otherwise use 7-30",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			days, ok := num(r, "recoveryWindowInDays")
			if ok && days != 0 && (days < 7 || days > 30) {
				return fmt.Sprintf("recoveryWindowInDays %v is not 0 or 7 to 30", days)
			}
			if !ok {
				days = 30
			}
			return check(str(r, "name") == "" || r.Protect || days == 0, "named secret %q with a %v-day recovery window in an unprotected stack", str(r, "name"), days)
		}},
	{ID: "PF.SQS.3", Title: "A redrive allow policy names 1 to 10 source queues when it allows by queue", Types: []string{"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"},
		Rejects: "SetQueueAttributes: InvalidAttributeValue: byQueue needs 1-10 sourceQueueArns; allowAll and denyAll take none",
		Source:  sqsAttrDoc, Fix: "list the source queues (at most 10) with byQueue",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			var p struct {
				RedrivePermission string
				SourceQueueArns   []string
			}
			if json.Unmarshal([]byte(str(r, "redriveAllowPolicy")), &p) != nil {
				return ""
			}
			n := len(p.SourceQueueArns)
			return check((p.RedrivePermission == "byQueue") == (n >= 1) && n <= 10, "%s with %d source queues", p.RedrivePermission, n)
		}},
	{ID: "PF.RANDOM.1", Title: "Generated passwords fit the service that uses them", Types: []string{"random:index/randomPassword:RandomPassword"},
		Rejects: "CreateReplicationGroup: auth tokens are 16-128 printable characters without @ \" /; CreateBroker: RabbitMQ passwords are 12-250 characters without , : =",
		Source: "Amazon ElastiCache User Guide, Authenticating with the Valkey and Redis OSS AUTH command https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html; " +
			mqCreateDoc,
		Fix: "generate 16-128 characters with special false (or overrideSpecial without the refused characters)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			n, _ := num(r, "length")
			special := r.Input("special") != false
			refused := func(chars string) bool {
				s, set := r.Input("overrideSpecial").(string)
				return special && (!set || strings.ContainsAny(s, chars))
			}
			if len(dependents(r, g, replicationGroup)) > 0 && (n < 16 || n > 128 || refused(`@"/`)) {
				return fmt.Sprintf("auth token of %v characters (special %v)", n, special)
			}
			if len(dependents(r, g, broker)) > 0 && (n < 12 || n > 250 || refused(",:=")) {
				return fmt.Sprintf("broker password of %v characters (special %v)", n, special)
			}
			return ""
		}},
	{ID: "PF.SCHED.1", Title: "Schedule expressions are ones EventBridge Scheduler parses", Types: []string{schedule},
		Rejects: "CreateSchedule: ValidationException: rate(1 minute) is singular, rate(5 minutes) plural, cron takes six fields",
		Source:  "Amazon EventBridge Scheduler User Guide, Schedule types https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html",
		Fix:     "write rate(1 minute), rate(N minutes) or cron(min hour day month weekday year)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			e := str(r, "scheduleExpression")
			return check(e == "" || scheduleExpression.MatchString(e), "scheduleExpression %q", e)
		}},
}
