package tests

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
)

const logGroupType = "aws:cloudwatch/logGroup:LogGroup"

// seedLayout is the layout the seed documents describe for the fixture's
// product: dev's stack file with a NAT gateway, and every task on regular
// Fargate, X86_64, at 512 CPU units and 1024 MiB. The seed runs no
// CloudFront yet (000: "what's next"), and neither does dev.
func seedLayout(t *testing.T) *graph.Graph {
	return devLayout(t, layout{nat: "gateway", x86: true, seedSizes: true, standardLogs: true, scheduleOnDemand: true, standardFlowLogs: true})
}

// layout is a step from the seed layout to dev's defaults; the zero layout
// but nat is dev's defaults. A new dev choice is a field here (what the
// step writes into the stack or product files) and a row of devCostTable.
type layout struct {
	nat string
	// x86 runs every task on X86_64; seedSizes at 512/1024 on regular Fargate.
	x86, seedSizes, onDemand bool
	// standardLogs keeps the task log groups in the Standard class.
	standardLogs bool
	// scheduleOnDemand runs the schedules on regular Fargate.
	scheduleOnDemand bool
	// standardFlowLogs keeps the VPC flow log group in the Standard class.
	standardFlowLogs bool
}

func devLayout(t *testing.T, l layout) *graph.Graph {
	t.Helper()
	dev, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	network := "    nat: " + l.nat + "\n"
	if l.standardFlowLogs {
		network += "    flowLogClass: STANDARD\n"
	}
	stack := strings.Replace(string(dev), "    nat: instance\n", network, 1)
	require.Contains(t, string(dev), "    nat: instance\n", "the dev stack file names its NAT")
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(projectDir, "workloads"))
	require.NoError(t, err)
	sizes := "  platform:sizes:\n"
	for _, e := range entries {
		text, err := os.ReadFile(filepath.Join(projectDir, "workloads", e.Name()))
		require.NoError(t, err)
		file := string(text)
		if l.x86 {
			file += "architecture: X86_64\n"
		}
		if l.scheduleOnDemand && strings.Contains(file, "kind: schedule") {
			file += "spot: false\n"
		}
		if file != string(text) {
			files[filepath.Join("workloads", e.Name())] = file
		}
		name := strings.TrimSuffix(e.Name(), ".yaml")
		scaled := strings.Contains(string(text), "kind: service") || strings.Contains(string(text), "kind: worker")
		switch {
		case l.seedSizes && scaled:
			sizes += "    " + name + ": {cpu: 512, memory: 1024, spotShare: 0}\n"
		case l.seedSizes:
			sizes += "    " + name + ": {cpu: 512, memory: 1024}\n"
		case l.onDemand && scaled:
			sizes += "    " + name + ": {spotShare: 0}\n"
		}
	}
	if sizes != "  platform:sizes:\n" {
		stack += sizes
	}
	if l.standardLogs {
		require.NotContains(t, stack, "platform:observability:", "the dev stack file leaves observability to the tier")
		stack += "  platform:observability:\n    logClass: STANDARD\n"
	}
	files["Pulumi.seed.yaml"] = stack
	g, err := evaluate.StackWith(copyFixture(t, files), "seed", nil)
	require.NoError(t, err)
	return g
}

func TestSeedLayoutRunsWhatTheSeedDescribes(t *testing.T) {
	g := seedLayout(t)
	require.Equal(t, "Single", only(t, g, vpcType, "network-vpc").Input("natGateways.strategy"))
	for _, task := range g.ByType("aws:ecs/taskDefinition:TaskDefinition") {
		require.Equal(t, "X86_64", task.Input("runtimePlatform.cpuArchitecture"), task.Name)
		require.Equal(t, "512", task.Input("cpu"), task.Name)
		require.Equal(t, "1024", task.Input("memory"), task.Name)
	}
	require.NotEmpty(t, g.ByType("aws:ecs/taskDefinition:TaskDefinition"))
	services := 0
	for _, item := range cost.Of(g).Items {
		if item.Type == ecsServiceType {
			services++
			require.Contains(t, item.Assumption, "0.0 on Spot", item.Name)
		}
	}
	require.Equal(t, len(g.ByType(ecsServiceType)), services, "every service is priced")
	require.NotZero(t, services)
}

// A paused stack runs nothing that writes logs: its log groups are priced
// at storage only (not counted), priced by the same table as the seed.
func TestPausedDevCostsAtMostATenthOfTheSeedLayout(t *testing.T) {
	seed, paused := cost.Of(seedLayout(t)), cost.Of(pausedDev(t))
	groups := 0
	for _, i := range paused.Items {
		if i.Type == logGroupType {
			groups++
			require.Zero(t, i.Monthly, i.Name)
			require.Contains(t, i.Assumption, "nothing in the stack writes to it", i.Name)
		} else {
			require.NotContains(t, []string{ecsServiceType, "aws:lb/loadBalancer:LoadBalancer", "aws:rds/instance:Instance"}, i.Type)
		}
	}
	require.NotZero(t, groups, "a pause keeps the log groups")
	t.Logf("seed layout %.2f a month; paused dev %.2f (%.1f%%)", seed.MonthlyTotal, paused.MonthlyTotal, 100*paused.MonthlyTotal/seed.MonthlyTotal)
	require.LessOrEqual(t, paused.MonthlyTotal, 0.10*seed.MonthlyTotal)
}

// Every log group of a running stack has a writer the estimator sees, so
// none of them is priced as idle; a new kind of writer fails here until
// cost/logs.go knows it.
func TestEveryRunningLogGroupIsPricedAsWritten(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "production"} {
		g, priced := Evaluate(t, stack), 0
		for _, i := range cost.Of(g).Items {
			if i.Type == logGroupType {
				priced++
				require.Contains(t, i.Assumption, "written by", "%s: %s", stack, i.Name)
				require.NotZero(t, i.Monthly, "%s: %s", stack, i.Name)
			}
		}
		require.NotZero(t, priced, stack)
		require.Equal(t, len(g.ByType(logGroupType)), priced, "%s: every log group is priced", stack)
	}
}

// The schedule of .github/workflows/pause.yml: paused Monday to Friday
// 20:00-07:00 and from Friday 20:00 to Monday 07:00, 103 of 168 hours.
const pausedHoursPerWeek = 4*11 + 59

// onPauseSchedule is a month of a stack that costs running a month when it
// runs and paused when it is paused, on pause.yml's schedule, to the cent.
func onPauseSchedule(running, paused float64) float64 {
	return math.Round((running*(168-pausedHoursPerWeek)+paused*pausedHoursPerWeek)/168*100) / 100
}

// devCostTable is the README's table of what each dev choice saves, priced
// by the estimator on the fixture's product. Each row is a layout, each a
// step on from the row above; the last is dev's defaults.
func devCostTable(t *testing.T) string {
	steps := []struct {
		what string
		l    layout
	}{
		{"Seed layout: NAT gateway, every task 512 CPU units / 1024 MiB, X86_64, on demand, Standard logs", layout{nat: "gateway", x86: true, seedSizes: true, standardLogs: true, scheduleOnDemand: true, standardFlowLogs: true}},
		{"NAT: one fck-nat instance instead of a gateway", layout{nat: "instance", x86: true, seedSizes: true, standardLogs: true, scheduleOnDemand: true, standardFlowLogs: true}},
		{"Tasks at the tier's sizes (256 / 512 unless the product asks more)", layout{nat: "instance", x86: true, onDemand: true, standardLogs: true, scheduleOnDemand: true, standardFlowLogs: true}},
		{"Fargate Spot for services and workers, X86_64 (the platform runs no ARM64 on Spot: the ECS guide refuses it)", layout{nat: "instance", standardLogs: true, scheduleOnDemand: true, standardFlowLogs: true}},
		{"Schedules on Fargate Spot too, X86_64 (a run Spot interrupts is one missed run)", layout{nat: "instance", standardLogs: true, standardFlowLogs: true}},
		{"Task logs in the Infrequent Access class (`observability.logClass`)", layout{nat: "instance", standardFlowLogs: true}},
		{"VPC flow log in the Infrequent Access class (`network.flowLogClass`, vended logs at 0.25 a GB): dev's defaults", layout{nat: "instance"}},
	}
	type row struct {
		what    string
		monthly float64
	}
	var rows []row
	for _, s := range steps {
		rows = append(rows, row{s.what, cost.Of(devLayout(t, s.l)).MonthlyTotal})
	}
	seed, running := rows[0].monthly, rows[len(rows)-1].monthly
	require.Equal(t, cost.Of(Evaluate(t, "dev")).MonthlyTotal, running, "the last step is dev's defaults")
	paused := cost.Of(pausedDev(t)).MonthlyTotal
	scheduled := onPauseSchedule(running, paused)
	rows = append(rows, row{"Paused (`platform:paused: true`)", paused},
		row{fmt.Sprintf("On the pause schedule: paused %d of 168 hours a week (%.0f hours a month)", pausedHoursPerWeek, pausedHoursPerWeek*cost.HoursPerMonth/168.0), scheduled})
	var b strings.Builder
	b.WriteString("| Dev layout | USD a month | Saves | Of the seed layout |\n|---|---:|---:|---:|\n")
	previous := seed
	for i, r := range rows {
		saves := "-"
		if i > 0 && i < len(rows)-1 {
			saves = fmt.Sprintf("%.2f", previous-r.monthly)
		}
		if i == len(rows)-1 {
			saves = fmt.Sprintf("%.2f", running-r.monthly)
		}
		fmt.Fprintf(&b, "| %s | %.2f | %s | %.0f%% |\n", r.what, r.monthly, saves, 100*r.monthly/seed)
		previous = r.monthly
	}
	withACL, withoutACL := cost.Of(gatedStack(t, "dev", "    waf: true\n")).MonthlyTotal, cost.Of(gatedStack(t, "dev", "")).MonthlyTotal
	fmt.Fprintf(&b, "\nThe web ACL stays on this product: its webhooks host is public. A dev whose every host is behind the gate has none (`access.waf`), %.2f a month less (priced on this product with webhooks gated).\n", withACL-withoutACL)
	api := cost.Of(apiDev(t, nil)).MonthlyTotal
	fmt.Fprintf(&b, "With the HTTP API ingress instead of the load balancer and its web ACL (`platform:ingress: api-gateway`, a choice, not dev's default: it takes no previews and gives browsers no login page), dev costs %.2f a month, %.0f%% of the seed layout.\n", api, 100*api/seed)
	var edge float64
	for _, i := range cost.Of(Evaluate(t, "staging")).Items {
		if i.Type == "aws:cloudfront/distribution:Distribution" || i.Name == "access-cdn-web-acl" {
			edge += i.Monthly
		}
	}
	fmt.Fprintf(&b, "Dev also runs no CloudFront: the distribution and its web ACL cost %.2f a month (priced on staging's).\n", edge)
	floor, rest := devFloor(t)
	fmt.Fprintf(&b, "Running all month, dev cannot reach a third of the seed layout with this product: the parts it needs in their smallest size (the load balancer and the web ACL of its public host, the database, the broker, the cache and the NAT instance) cost %.2f, %.0f%% of the seed layout, and leave %.2f of 35%% (%.2f) for the rest, which costs %.2f. On the pause schedule, which dev has by default, it costs %.2f, %.0f%%.\n",
		floor, 100*floor/seed, 0.35*seed-floor, 0.35*seed, rest, scheduled, 100*scheduled/seed)
	return b.String()
}

// devFixedParts are the types dev runs one of, each in the smallest size
// the platform offers: no dev choice makes them cheaper, only fewer.
var devFixedParts = map[string]bool{
	"aws:lb/loadBalancer:LoadBalancer":                  true,
	"aws:wafv2/webAcl:WebAcl":                           true,
	"aws:rds/instance:Instance":                         true,
	"aws:mq/broker:Broker":                              true,
	"aws:elasticache/replicationGroup:ReplicationGroup": true,
	"aws:ec2/instance:Instance":                         true,
}

// devFloor splits running dev's estimate into its fixed parts and the rest.
func devFloor(t *testing.T) (floor, rest float64) {
	parts := 0
	for _, i := range cost.Of(Evaluate(t, "dev")).Items {
		if devFixedParts[i.Type] {
			floor += i.Monthly
			parts++
		} else {
			rest += i.Monthly
		}
	}
	require.Equal(t, len(devFixedParts), parts, "dev runs one of each fixed part")
	return floor, rest
}

// Dev ships with the pause schedule (.github/workflows/pause.yml runs for
// every adopter), so a month of dev's defaults is that schedule's mix of
// running and paused hours: at most 35% of the seed layout.
func TestDevOnItsDefaultScheduleCostsAtMostAThirdOfTheSeedLayout(t *testing.T) {
	require.Equal(t, pausedHoursPerWeek, pausedHoursOfTheWorkflow(t), "the estimate's paused hours are pause.yml's")
	seed := cost.Of(seedLayout(t)).MonthlyTotal
	running, paused := cost.Of(Evaluate(t, "dev")).MonthlyTotal, cost.Of(pausedDev(t)).MonthlyTotal
	month := onPauseSchedule(running, paused)
	t.Logf("seed layout %.2f; dev running %.2f (%.0f%%), on its schedule %.2f (%.0f%%)", seed, running, 100*running/seed, month, 100*month/seed)
	require.LessOrEqual(t, month, 0.35*seed)
}

func TestREADMEShowsWhatEachDevChoiceSaves(t *testing.T) {
	const begin, end = "<!-- dev-cost:begin (go test ./tests -run TestREADMEShowsWhatEachDevChoiceSaves -update) -->\n", "<!-- dev-cost:end -->"
	path := filepath.Join(repoRoot, "README.md")
	readme := mustRead(t, path)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	require.True(t, i >= 0 && j > i, "README has the dev cost block")
	want := devCostTable(t)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(readme[:i+len(begin)]+want+readme[j:]), 0o644))
		return
	}
	require.Equal(t, want, readme[i+len(begin):j], "refresh with go test ./tests -run TestREADMEShowsWhatEachDevChoiceSaves -update")
}

// pausedHoursOfTheWorkflow counts the hours of a week dev is paused by
// pause.yml's two weekday crons: the evening one pauses, the morning one
// resumes (the workflow's ACTION picks pause for the 20:00 one).
func pausedHoursOfTheWorkflow(t *testing.T) int {
	workflow := mustRead(t, filepath.Join(repoRoot, ".github", "workflows", "pause.yml"))
	crons := regexp.MustCompile(`cron: "0 (\d+) \* \* 1-5"`).FindAllStringSubmatch(workflow, -1)
	require.Len(t, crons, 2, "a weekday pause and a weekday resume")
	pauseAt, _ := strconv.Atoi(crons[0][1])
	resumeAt, _ := strconv.Atoi(crons[1][1])
	require.Contains(t, workflow, "github.event.schedule == '0 "+crons[0][1]+" * * 1-5' && 'pause'", "the first cron pauses")
	paused, hours := false, 0
	// Two weeks from a Monday 00:00, counting the second: the first sets the state.
	for h := range 2 * 168 {
		day, hour := h/24%7, h%24 // day 0 is Monday
		if day < 5 && hour == pauseAt {
			paused = true
		}
		if day < 5 && hour == resumeAt {
			paused = false
		}
		if h >= 168 && paused {
			hours++
		}
	}
	return hours
}
