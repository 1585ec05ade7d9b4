package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
)

// costLine is the line of `plan --cost` that prices one resource.
func costLine(t *testing.T, stdout, resource string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^ +\d+\.\d\d  ` + regexp.QuoteMeta(resource) + ` .*$`).FindString(stdout)
	require.NotEmpty(t, m, "no cost line for %s in:\n%s", resource, stdout)
	return m
}

func TestTheSchedulerEveryMinuteIsPricedByItsRuns(t *testing.T) {
	e := cost.Of(Evaluate(t, "dev"))
	var schedule cost.Item
	for _, i := range e.Items {
		if i.Name == "scheduler-schedule" {
			schedule = i
		}
	}
	// rate(1 minute): 43,200 runs of a 0.25 vCPU / 0.5 GB X86_64 task on
	// dev's Fargate Spot, each billed Fargate's one-minute minimum:
	// 43,200 x (0.25 x 0.04048 + 0.5 x 0.004445) / 60 x 0.3.
	assert.Equal(t, 2.67, schedule.Monthly)
	assert.Contains(t, schedule.Assumption, "43200 runs a month (rate(1 minute))")
	assert.Equal(t, "workloads", schedule.Layer)

	paused, err := EvaluateWith(t, "dev", map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	require.NoError(t, err)
	assert.Empty(t, paused.ByType("aws:scheduler/schedule:Schedule"), "a paused stack has no schedule to fire")
	for _, i := range cost.Of(paused).Items {
		assert.NotEqual(t, "aws:scheduler/schedule:Schedule", i.Type, "%s: nothing of a paused stack is priced as a schedule", i.Name)
	}
}

func TestPlanCostTakesAUsageFile(t *testing.T) {
	usage := filepath.Join(t.TempDir(), "usage.yaml")
	require.NoError(t, os.WriteFile(usage, []byte(`# what dev really does
nat:
  gbPerGateway: 5
schedules:
  workloads:
    scheduler: {minutesPerRun: 3, runsPerMonth: 1000}
`), 0o644))
	code, stdout, stderr := runCLI("plan", "--stack", "dev", "--cost", "--usage", usage, "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "Monthly cost estimate, us-east-1 (")
	// 1,000 runs x 3 minutes of (0.25 x 0.04048 + 0.5 x 0.004445) an hour, on Spot (x 0.3).
	assert.Contains(t, costLine(t, stdout, "Schedule scheduler-schedule"), "0.19  Schedule scheduler-schedule")
	assert.Contains(t, costLine(t, stdout, "Schedule scheduler-schedule"), "1000 runs a month (rate(1 minute)) of 3 min each, billed 3 min, 0.25 vCPU / 0.5 GB X86_64 on Spot at 70% off (usage file)")
	assert.Contains(t, costLine(t, stdout, "Instance network-nat-instance"), "5 GB a month sent out (usage file)")
	assert.Contains(t, costLine(t, stdout, "LoadBalancer cluster-alb"), "(assumed)", "what the file leaves out stays assumed")

	for _, c := range []struct{ name, text, want string }{
		{"unknown key", "nat:\n  gigabytes: 5\n", `usage.yaml: nat.gigabytes`},
		{"a schedule the stack does not have", "schedules:\n  workloads:\n    nightly: {minutesPerRun: 3}\n", `"usage: schedules.workloads.nightly"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(usage, []byte(c.text), 0o644))
			code, _, stderr := runCLI("plan", "--stack", "dev", "--cost", "--usage", usage, "--dir", projectDir)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, c.want)
		})
	}
	code, _, stderr = runCLI("plan", "--stack", "dev", "--usage", usage, "--dir", projectDir)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--usage needs --cost")
}

func TestTheCostHeaderNamesTheRegionAndOtherRegionsAreMarked(t *testing.T) {
	e := cost.Of(Evaluate(t, "production"))
	assert.Equal(t, "us-east-1", e.Region)
	assert.Empty(t, e.NotPriced)
	copies := 0
	for _, i := range e.Items {
		if strings.HasSuffix(i.Assumption, " in us-west-2") {
			copies++
		}
	}
	assert.Positive(t, copies, "the backup copy vault's region is named")

	ireland, err := EvaluateWith(t, "dev", map[string]string{"aws:region": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", cost.Of(ireland).Region)
	assert.Greater(t, cost.Of(ireland).MonthlyTotal, cost.Of(Evaluate(t, "dev")).MonthlyTotal, "eu-west-1 lists higher")

	// Staging has CloudFront, whose certificate and web ACL live in us-east-1.
	far, err := EvaluateWith(t, "staging", map[string]string{"aws:region": "ap-southeast-7"})
	require.NoError(t, err)
	e = cost.Of(far)
	assert.Equal(t, []string{"ap-southeast-7"}, e.NotPriced)
	priced := 0
	for _, i := range e.Items {
		if i.Monthly > 0 {
			priced++
			assert.Contains(t, i.Assumption, " in us-east-1", "%s: only what lives in us-east-1 (the edge) is priced", i.Name)
		}
	}
	require.NotZero(t, priced, "the edge's us-east-1 parts are still priced")
}

func TestADatabasePastStandardSupportIsPricedWithExtendedSupport(t *testing.T) {
	// Config refuses a version already past standard support, so the charge
	// comes to a database that ages out while it runs: dev's PostgreSQL 16,
	// priced on a day after 2029-02-28.
	g := Evaluate(t, "dev")
	price := func(day time.Time) cost.Item {
		e, err := cost.OfWith(g, cost.Options{At: day})
		require.NoError(t, err)
		for _, i := range e.Items {
			if i.Type == "aws:rds/instance:Instance" {
				return i
			}
		}
		t.Fatal("no database")
		return cost.Item{}
	}
	today, later := price(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), price(time.Date(2029, 6, 1, 0, 0, 0, 0, time.UTC))
	assert.NotContains(t, today.Assumption, "Extended Support")
	assert.Contains(t, later.Assumption, "postgres 16 left standard support on 2029-02-28: Extended Support (years 1-2) on 2 vCPU(s)")
	// db.t4g.micro has 2 vCPUs: 2 x 0.100 x 730 a month on top.
	assert.InDelta(t, 146.0, later.Monthly-today.Monthly, 0.011)
}
