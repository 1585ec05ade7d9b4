package cost

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"platform/internal/graph"
)

const stackURN = "urn:pulumi:test::platform::"

// provider is an AWS provider resource of a region.
func provider(name, region string) *graph.Resource {
	return &graph.Resource{URN: stackURN + "pulumi:providers:aws::" + name, Type: "pulumi:providers:aws", Name: name, Custom: true,
		Inputs: map[string]any{"region": region}}
}

// scheduled is a ScheduledTask component with its task definition and schedule.
func scheduled(name, expr string, arch string) []*graph.Resource {
	parent := stackURN + "platform:compute:ScheduledTask::" + name
	return []*graph.Resource{
		{URN: parent, Type: "platform:compute:ScheduledTask", Name: name},
		{URN: parent + "$aws:ecs/taskDefinition:TaskDefinition::" + name + "-task", Type: "aws:ecs/taskDefinition:TaskDefinition", Name: name + "-task",
			Parent: parent, Custom: true, Provider: stackURN + "pulumi:providers:aws::aws",
			Inputs: map[string]any{"cpu": "256", "memory": "512", "runtimePlatform": map[string]any{"cpuArchitecture": arch}}},
		{URN: parent + "$aws:scheduler/schedule:Schedule::" + name + "-schedule", Type: "aws:scheduler/schedule:Schedule", Name: name + "-schedule",
			Parent: parent, Custom: true, Provider: stackURN + "pulumi:providers:aws::aws",
			Inputs: map[string]any{"scheduleExpression": expr, "state": "ENABLED",
				"target": map[string]any{"ecsParameters": map[string]any{"taskCount": 1.0, "launchType": "FARGATE"}}}},
	}
}

func item(t *testing.T, e Estimate, name string) Item {
	t.Helper()
	for _, i := range e.Items {
		if i.Name == name {
			return i
		}
	}
	t.Fatalf("no item %s", name)
	return Item{}
}

func float(v float64) *float64 { return &v }

func TestScheduledTasksArePricedByTheirRuns(t *testing.T) {
	armMinute := (0.25*fargateVCPUArm + 0.5*fargateGBArm) / 60
	x86Minute := (0.25*fargateVCPUX86 + 0.5*fargateGBX86) / 60
	for _, c := range []struct {
		name, expr, arch string
		usage            Usage
		want             float64
		note             string
	}{
		// 16.4: a scheduler every minute is 43,200 launches a month.
		{"every minute", "rate(1 minute)", "ARM64", Usage{}, 43200 * armMinute, "43200 runs a month (rate(1 minute)) of 1 min each"},
		{"a run under a minute is billed a minute", "rate(1 minute)", "ARM64", func() Usage {
			var u Usage
			u.Schedules.MinutesPerRun = float(0.25)
			return u
		}(), 43200 * armMinute, "billed 1 min"},
		{"nightly, 10 minutes, x86", "cron(0 3 * * ? *)", "X86_64", func() Usage {
			var u Usage
			u.Schedules.Workloads = map[string]ScheduleUsage{"job": {MinutesPerRun: float(10)}}
			return u
		}(), 30 * 10 * x86Minute, "0.25 vCPU / 0.5 GB X86_64"},
		{"runs from the usage file", "rate(5 minutes)", "ARM64", func() Usage {
			var u Usage
			u.Schedules.Workloads = map[string]ScheduleUsage{"job": {RunsPerMonth: float(100), MinutesPerRun: float(2)}}
			return u
		}(), 100 * 2 * armMinute, "100 runs a month"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := graph.New("platform", "test", append(scheduled("job", c.expr, c.arch), provider("aws", "us-east-1")))
			e, err := OfWith(g, Options{Usage: c.usage})
			if err != nil {
				t.Fatal(err)
			}
			got := item(t, e, "job-schedule")
			if math.Abs(got.Monthly-math.Round(c.want*100)/100) > 1e-9 || !strings.Contains(got.Assumption, c.note) {
				t.Fatalf("got %.2f %q, want %.2f and %q", got.Monthly, got.Assumption, c.want, c.note)
			}
		})
	}
}

func TestADisabledScheduleCostsNothing(t *testing.T) {
	rs := scheduled("job", "rate(1 minute)", "ARM64")
	rs[2].Inputs["state"] = "DISABLED"
	e := Of(graph.New("platform", "test", append(rs, provider("aws", "us-east-1"))))
	if i := item(t, e, "job-schedule"); i.Monthly != 0 || i.Assumption != "disabled: no runs" {
		t.Fatalf("got %v", i)
	}
}

func TestAssumptionsSayWhetherTheyAreDefaultsOrFromTheUsageFile(t *testing.T) {
	g := graph.New("platform", "test", append(scheduled("job", "rate(1 hour)", "ARM64"), provider("aws", "us-east-1")))
	if a := item(t, Of(g), "job-schedule").Assumption; !strings.HasSuffix(a, " (assumed)") {
		t.Fatalf("default not marked assumed: %q", a)
	}
	var u Usage
	u.Schedules.MinutesPerRun = float(3)
	e, _ := OfWith(g, Options{Usage: u})
	if a := item(t, e, "job-schedule").Assumption; !strings.HasSuffix(a, " (usage file)") {
		t.Fatalf("usage value not marked: %q", a)
	}
}

func TestARegionOutsideThePriceTableIsNotPriced(t *testing.T) {
	db := func(name, prov string) *graph.Resource {
		return &graph.Resource{URN: stackURN + "aws:rds/instance:Instance::" + name, Type: "aws:rds/instance:Instance", Name: name, Custom: true,
			Provider: stackURN + "pulumi:providers:aws::" + prov,
			Inputs:   map[string]any{"instanceClass": "db.t4g.micro", "allocatedStorage": 20.0, "engine": "postgres", "engineVersion": "16"}}
	}
	g := graph.New("platform", "test", []*graph.Resource{provider("aws", "ap-southeast-7"), provider("aws-eu", "eu-west-1"),
		db("home", "aws"), db("ireland", "aws-eu")})
	e := Of(g)
	if e.Region != "ap-southeast-7" || len(e.NotPriced) != 1 || e.NotPriced[0] != "ap-southeast-7" {
		t.Fatalf("region %q, not priced %v", e.Region, e.NotPriced)
	}
	home := item(t, e, "home")
	if home.Monthly != 0 || home.Assumption != "not priced: the price table has no ap-southeast-7" {
		t.Fatalf("home: %v", home)
	}
	ireland := item(t, e, "ireland")
	if want := math.Round((0.016*HoursPerMonth+20*gp3PerGB)*1.1*100) / 100; ireland.Monthly != want || !strings.HasSuffix(ireland.Assumption, " in eu-west-1") {
		t.Fatalf("ireland: %v, want %.2f", ireland, want)
	}
}

func TestDatabasesPastStandardSupportPayExtendedSupport(t *testing.T) {
	db := func(version string, multiAZ bool) *graph.Graph {
		return graph.New("platform", "test", []*graph.Resource{provider("aws", "us-east-1"),
			{URN: stackURN + "aws:rds/instance:Instance::db", Type: "aws:rds/instance:Instance", Name: "db", Custom: true,
				Inputs: map[string]any{"instanceClass": "db.r7g.xlarge", "allocatedStorage": 100.0, "engine": "postgres", "engineVersion": version, "multiAz": multiAZ}}})
	}
	base := rdsHour["db.r7g.xlarge"]*HoursPerMonth + 100*gp3PerGB
	at := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		name, version, day string
		multiAZ            bool
		want               float64
		note               string
	}{
		{"in standard support", "16", "2026-12-01", false, base, ""},
		{"13 in its first years", "13", "2026-12-01", false, base + 4*extendedSupportHour*HoursPerMonth, "Extended Support (years 1-2) on 4 vCPU(s)"},
		{"Multi-AZ pays for both", "13", "2026-12-01", true, 2 * (base + 4*extendedSupportHour*HoursPerMonth), "left standard support on 2026-02-28"},
		{"year three doubles", "13", "2028-03-01", false, base + 4*extendedSupportYear3Hour*HoursPerMonth, "(year 3)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := OfWith(db(c.version, c.multiAZ), Options{At: at(c.day)})
			got := item(t, e, "db")
			if got.Monthly != math.Round(c.want*100)/100 || !strings.Contains(got.Assumption, c.note) ||
				(c.note == "" && strings.Contains(got.Assumption, "Extended")) {
				t.Fatalf("got %.2f %q, want %.2f and %q", got.Monthly, got.Assumption, c.want, c.note)
			}
		})
	}
}

func TestNATAndLoadBalancerPriceDataTransfer(t *testing.T) {
	vpc := &graph.Resource{URN: stackURN + "awsx:ec2:Vpc::vpc", Type: "awsx:ec2:Vpc", Name: "vpc", Remote: true,
		Inputs: map[string]any{"availabilityZoneNames": []any{"a", "b"}, "natGateways": map[string]any{"strategy": "Single"}}}
	lb := &graph.Resource{URN: stackURN + "aws:lb/loadBalancer:LoadBalancer::lb", Type: "aws:lb/loadBalancer:LoadBalancer", Name: "lb", Custom: true,
		Inputs: map[string]any{"subnets": []any{"a", "b"}}}
	g := graph.New("platform", "test", []*graph.Resource{provider("aws", "us-east-1"), vpc, lb})
	var u Usage
	u.NAT.GBPerGateway = float(200)
	u.LoadBalancer.DataOutGB = float(1000)
	e, _ := OfWith(g, Options{Usage: u})
	if want := math.Round(((natHour+publicIPv4)*HoursPerMonth+200*natPerGB+200*dataOutPerGB)*100) / 100; item(t, e, "vpc").Monthly != want {
		t.Fatalf("vpc %v, want %.2f", item(t, e, "vpc"), want)
	}
	if want := math.Round(((albHour+albLCUHour+2*publicIPv4)*HoursPerMonth+1000*dataOutPerGB)*100) / 100; item(t, e, "lb").Monthly != want {
		t.Fatalf("lb %v, want %.2f", item(t, e, "lb"), want)
	}
}

func TestUsageFilesAreReadStrictly(t *testing.T) {
	good := "nat:\n  gbPerGateway: 10\nschedules:\n  minutesPerRun: 0.5\n  workloads:\n    job: {runsPerMonth: 720}\n"
	u, err := DecodeUsage("usage.yaml", []byte(good))
	if err != nil || *u.NAT.GBPerGateway != 10 || *u.Schedules.Workloads["job"].RunsPerMonth != 720 {
		t.Fatalf("%v %+v", err, u)
	}
	for _, c := range []struct{ name, text, want string }{
		{"unknown key", "nat:\n  gb: 10\n", `usage.yaml: nat.gb`},
		{"unknown key lists the allowed", "nat:\n  gb: 10\n", "gbPerGateway"},
		{"wrong kind", "cdn:\n  gb: lots\n", "is a string"},
		{"negative", "buckets:\n  gb: -1\n", "usage.yaml: buckets.gb"},
		{"more hours than a month", "services:\n  hoursPerMonth: 800\n", "0 to 730"},
		{"not YAML", "nat: [\n", "is not YAML"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeUsage("usage.yaml", []byte(c.text))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	var named Usage
	named.Schedules.Workloads = map[string]ScheduleUsage{"nightly": {}}
	g := graph.New("platform", "test", append(scheduled("job", "rate(1 hour)", "ARM64"), provider("aws", "us-east-1")))
	if _, err := OfWith(g, Options{Usage: named}); err == nil || !strings.Contains(err.Error(), "schedules.workloads.nightly") || !strings.Contains(err.Error(), "job") {
		t.Fatalf("a schedule the stack does not have: %v", err)
	}
}

func TestTheREADMEUsageFileIsOneTheEstimateReads(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(readme), "A usage file overrides the assumptions")
	_, block, _ := strings.Cut(rest, "```yaml\n")
	block, _, _ = strings.Cut(block, "```")
	u, err := DecodeUsage("README.md", []byte(block))
	if err != nil || u.Services.HoursPerMonth == nil || *u.Schedules.Workloads["scheduler"].MinutesPerRun != 0.2 {
		t.Fatalf("the README's usage file: %v %+v", err, u)
	}
}
