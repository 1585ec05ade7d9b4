package cost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"platform/internal/schema"
	"platform/internal/validate"
)

// Usage overrides the estimate's usage assumptions, Infracost-style: a YAML
// file given to `platform plan --cost --usage FILE`. Every key is optional;
// an unset key keeps the default, which the output marks "assumed".
type Usage struct {
	// LoadBalancer is every application load balancer's traffic.
	LoadBalancer struct {
		// LCU is the average load balancer capacity units. Default: 1.
		LCU *float64 `json:"lcu"`
		// DataOutGB is the GB a month sent from it to the internet. Default: 20.
		DataOutGB *float64 `json:"dataOutGB"`
	} `json:"loadBalancer"`
	// NAT is the traffic through each NAT gateway or instance.
	NAT struct {
		// GBPerGateway is the GB a month each processes and sends to the
		// internet. Default: 50.
		GBPerGateway *float64 `json:"gbPerGateway"`
	} `json:"nat"`
	// CDN is every CloudFront distribution's traffic.
	CDN struct {
		// GB a month delivered (North America and Europe). Default: 100.
		GB *float64 `json:"gb"`
		// MillionRequests are HTTPS requests a month, in millions. Default: 1.
		MillionRequests *float64 `json:"millionRequests"`
	} `json:"cdn"`
	// WAF is every web ACL's traffic.
	WAF struct {
		// MillionRequests a month, in millions. Default: 1.
		MillionRequests *float64 `json:"millionRequests"`
	} `json:"waf"`
	// APIs is every HTTP API's traffic (ingress api-gateway).
	APIs struct {
		// MillionRequests a month per host's API, in millions. Default: 1.
		MillionRequests *float64 `json:"millionRequests"`
	} `json:"apis"`
	// Queues is every SQS queue's traffic.
	Queues struct {
		// MillionRequests a month per queue, in millions. Default: 1.
		MillionRequests *float64 `json:"millionRequests"`
	} `json:"queues"`
	// Functions is every Lambda function's work.
	Functions struct {
		// MillionInvocations a month per function, in millions. Default: 1.
		MillionInvocations *float64 `json:"millionInvocations"`
		// Milliseconds an invocation runs on average. Default: 200.
		Milliseconds *float64 `json:"milliseconds"`
	} `json:"functions"`
	// Logs is CloudWatch Logs ingestion.
	Logs struct {
		// GBPerGroup is ingested per task log group a month. Default: 5.
		GBPerGroup *float64 `json:"gbPerGroup"`
		// FlowLogsGB is the VPC flow logs ingested a month. Default: 10.
		FlowLogsGB *float64 `json:"flowLogsGB"`
	} `json:"logs"`
	// Buckets is S3 storage.
	Buckets struct {
		// GB stored per bucket. Default: 10.
		GB *float64 `json:"gb"`
	} `json:"buckets"`
	// Images is ECR storage.
	Images struct {
		// GBPerRepository stored. Default: 2.
		GBPerRepository *float64 `json:"gbPerRepository"`
	} `json:"images"`
	// Emails is SES sending.
	Emails struct {
		// PerMonth are emails sent a month. Default: 10000.
		PerMonth *float64 `json:"perMonth"`
	} `json:"emails"`
	// Aurora is Aurora cluster storage.
	Aurora struct {
		// StorageGB stored. Default: 20.
		StorageGB *float64 `json:"storageGB"`
	} `json:"aurora"`
	// Backups are AWS Backup recovery points.
	Backups struct {
		// DatabaseGB and BucketGB are kept. Default: 20 and 10.
		DatabaseGB *float64 `json:"databaseGB"`
		BucketGB   *float64 `json:"bucketGB"`
	} `json:"backups"`
	// Services are the long-running ECS services and workers.
	Services struct {
		// HoursPerMonth each task runs, 0 to 730. Default: 730 (around the clock).
		HoursPerMonth *float64 `json:"hoursPerMonth"`
	} `json:"services"`
	// Schedules are the scheduled tasks.
	Schedules struct {
		// MinutesPerRun is how long one run takes; Fargate bills at least one
		// minute. Default: 1.
		MinutesPerRun *float64 `json:"minutesPerRun"`
		// Workloads override one schedule workload, by name.
		Workloads map[string]ScheduleUsage `json:"workloads"`
	} `json:"schedules"`
}

// ScheduleUsage overrides one scheduled task's assumptions.
type ScheduleUsage struct {
	// MinutesPerRun is how long one run takes. Default: schedules.minutesPerRun.
	MinutesPerRun *float64 `json:"minutesPerRun"`
	// RunsPerMonth replaces the count from the schedule expression (a job
	// that exits early on most runs still launches a task each time).
	// Default: counted from the expression over a 30-day month.
	RunsPerMonth *float64 `json:"runsPerMonth"`
}

// ReadUsage reads and checks a usage file; errors name the file and the key
// path as written (schedules.workloads.cron.minutesPerRun).
func ReadUsage(path string) (Usage, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return Usage{}, err
	}
	return DecodeUsage(path, text)
}

// DecodeUsage decodes a usage file's text strictly: unknown keys, wrong kinds
// and negative amounts are refused, every problem reported.
func DecodeUsage(file string, text []byte) (Usage, error) {
	var generic any
	if err := yaml.Unmarshal(text, &generic); err != nil {
		return Usage{}, validate.Field(file, "(not shown)", "is not YAML: "+strings.TrimPrefix(err.Error(), "yaml: "), "a mapping of the usage keys")
	}
	var u Usage
	if generic == nil {
		return u, nil
	}
	body, err := json.Marshal(generic)
	if err != nil {
		return Usage{}, validate.Field(file, "(not shown)", "has a key that is not a string", "string keys only")
	}
	if err := schema.DecodeDocument(file+":", string(bytes.TrimSpace(body)), &u); err != nil {
		// "usage.yaml:.nat.gb" reads as "usage.yaml: nat.gb", like the rest.
		var e *validate.Error
		if errors.As(err, &e) {
			tidy := strings.NewReplacer(file+":.", file+": ", file+":[", file+": [")
			e.Path, e.Problem = tidy.Replace(e.Path), tidy.Replace(e.Problem)
		}
		return Usage{}, err
	}
	return u, u.validate(file)
}

// validate refuses amounts no month can have.
func (u Usage) validate(file string) error {
	var errs []error
	check := func(key string, v *float64, most float64) {
		if v != nil && (*v < 0 || (most > 0 && *v > most)) {
			allowed := "0 or more"
			if most > 0 {
				allowed = fmt.Sprintf("0 to %g", most)
			}
			errs = append(errs, validate.Field(file+": "+key, *v, "is out of range", allowed))
		}
	}
	check("loadBalancer.lcu", u.LoadBalancer.LCU, 0)
	check("loadBalancer.dataOutGB", u.LoadBalancer.DataOutGB, 0)
	check("nat.gbPerGateway", u.NAT.GBPerGateway, 0)
	check("cdn.gb", u.CDN.GB, 0)
	check("cdn.millionRequests", u.CDN.MillionRequests, 0)
	check("waf.millionRequests", u.WAF.MillionRequests, 0)
	check("queues.millionRequests", u.Queues.MillionRequests, 0)
	check("logs.gbPerGroup", u.Logs.GBPerGroup, 0)
	check("logs.flowLogsGB", u.Logs.FlowLogsGB, 0)
	check("buckets.gb", u.Buckets.GB, 0)
	check("images.gbPerRepository", u.Images.GBPerRepository, 0)
	check("emails.perMonth", u.Emails.PerMonth, 0)
	check("aurora.storageGB", u.Aurora.StorageGB, 0)
	check("backups.databaseGB", u.Backups.DatabaseGB, 0)
	check("backups.bucketGB", u.Backups.BucketGB, 0)
	check("services.hoursPerMonth", u.Services.HoursPerMonth, HoursPerMonth)
	check("schedules.minutesPerRun", u.Schedules.MinutesPerRun, 0)
	for _, name := range sortedKeys(u.Schedules.Workloads) {
		w := u.Schedules.Workloads[name]
		check("schedules.workloads."+name+".minutesPerRun", w.MinutesPerRun, 0)
		check("schedules.workloads."+name+".runsPerMonth", w.RunsPerMonth, 0)
	}
	return errors.Join(errs...)
}

// checkSchedules refuses a usage file that names a schedule the stack does
// not have: a typo would silently keep the default.
func (u Usage) checkSchedules(have []string) error {
	var errs []error
	for _, name := range sortedKeys(u.Schedules.Workloads) {
		if !slices.Contains(have, name) {
			allowed := "a schedule workload of the stack: " + strings.Join(have, ", ")
			if len(have) == 0 {
				allowed = "none: the stack has no schedule workload"
			}
			errs = append(errs, validate.Field("usage: schedules.workloads."+name, name, "is not a schedule workload of the stack", allowed))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
