package cost

import (
	"fmt"
	"math"

	"platform/internal/awsfacts"
	"platform/internal/graph"
	"platform/internal/schedule"
)

// taskOf is the task definition r runs: the one it depends on (a canary
// service's is not its component's first), else the one beside it in its
// component (a service's or a scheduled task's), or nil.
func taskOf(g *graph.Graph, r *graph.Resource) *graph.Resource {
	const taskDefinition = "aws:ecs/taskDefinition:TaskDefinition"
	for _, urn := range r.Dependencies {
		if d := g.Get(urn); d != nil && d.Type == taskDefinition {
			return d
		}
	}
	for _, sibling := range g.ChildrenOf(r.Parent) {
		if sibling.Type == taskDefinition {
			return sibling
		}
	}
	return nil
}

// taskSize is a task definition's vCPUs, GB and architecture, and its
// on-demand price per hour.
type taskSize struct {
	cpu, memory float64
	arch        string
	hourly      float64
}

func sizeOf(task *graph.Resource) taskSize {
	s := taskSize{cpu: num(task.Input("cpu")) / 1024, memory: num(task.Input("memory")) / 1024, arch: "ARM64"}
	vcpu, gb := fargateVCPUArm, fargateGBArm
	if arch := task.Input("runtimePlatform.cpuArchitecture"); arch == "X86_64" || arch == nil {
		// ECS runs X86_64 when the task definition names no architecture.
		s.arch, vcpu, gb = "X86_64", fargateVCPUX86, fargateGBX86
	}
	s.hourly = s.cpu*vcpu + s.memory*gb
	return s
}

func (s taskSize) String() string {
	return fmt.Sprintf("%.2g vCPU / %.2g GB %s", s.cpu, s.memory, s.arch)
}

// fargate prices a service's running tasks: its task definition's size, the
// desired count, the first task on Fargate and the rest split by the weights.
func fargate(p *pricing, r *graph.Resource) (float64, string) {
	task := taskOf(p.g, r)
	if task == nil {
		return 0, "no task definition found"
	}
	count := num(r.Input("desiredCount"))
	size := sizeOf(task)
	hours := p.use(p.opts.Usage.Services.HoursPerMonth, HoursPerMonth)
	perTask := size.hourly * hours
	onDemand, spot := count, 0.0
	var base, regular, spotWeight float64
	for _, s := range asList(r.Input("capacityProviderStrategies")) {
		m, _ := s.(map[string]any)
		if m["capacityProvider"] == "FARGATE_SPOT" {
			spotWeight = num(m["weight"])
		} else {
			regular, base = num(m["weight"]), num(m["base"])
		}
	}
	if spotWeight > 0 && !awsfacts.SpotRuns(size.arch) {
		// Fargate Spot places no ARM64 task: no Spot price for what cannot run.
		return count * perTask, fmt.Sprintf("%.0f task(s) of %s, %.0f hours a month, on demand: Fargate Spot runs no %s task",
			count, size, hours, size.arch)
	}
	if spotWeight > 0 && count > 0 {
		first := math.Min(base, count)
		spot = (count - first) * spotWeight / (regular + spotWeight)
		onDemand = count - spot
	}
	monthly := onDemand*perTask + spot*perTask*(1-fargateSpotDiscount)
	return monthly, fmt.Sprintf("%.0f task(s) of %s, %.0f hours a month, %.1f on Spot at %.0f%% off",
		count, size, hours, spot, fargateSpotDiscount*100)
}

// scheduledRuns prices a schedule that runs an ECS task: the runs a month
// its expression makes (internal/schedule), times the run's billed minutes,
// times the task's on-demand price (Spot's where the schedule runs on it). Fargate bills Linux tasks per second
// with a one-minute minimum, so a run shorter than a minute costs a minute.
// The scheduler's own invocations are within its 14 million free a month.
func scheduledRuns(p *pricing, r *graph.Resource) (float64, string) {
	if r.Input("target.ecsParameters") == nil {
		return 0, "invokes no task; invocations within the 14 million free a month"
	}
	if r.Input("state") == "DISABLED" {
		return 0, "disabled: no runs"
	}
	text := fmt.Sprint(r.Input("scheduleExpression"))
	expr, err := schedule.Parse(text)
	if err != nil {
		return 0, "not priced: the schedule expression is refused (" + err.Error() + ")"
	}
	task := taskOf(p.g, r)
	if task == nil {
		return 0, "no task definition found"
	}
	name := p.g.Get(r.Parent).Name
	override := p.opts.Usage.Schedules.Workloads[name]
	minutes := override.MinutesPerRun
	if minutes == nil {
		minutes = p.opts.Usage.Schedules.MinutesPerRun
	}
	perRun := p.use(minutes, assumedMinutesPerRun)
	runs := expr.RunsPerMonth()
	if override.RunsPerMonth != nil {
		runs = *override.RunsPerMonth
	}
	tasks := num(r.Input("target.ecsParameters.taskCount"))
	if tasks == 0 {
		tasks = 1 // the API's default
	}
	size := sizeOf(task)
	billed := math.Max(perRun, 1)
	monthly := runs * tasks * billed / 60 * size.hourly
	where := "on demand"
	if onSpot(r) {
		if !awsfacts.SpotRuns(size.arch) {
			return 0, fmt.Sprintf("no run starts: Fargate Spot runs no %s task", size.arch)
		}
		monthly *= 1 - fargateSpotDiscount
		where = fmt.Sprintf("on Spot at %.0f%% off", fargateSpotDiscount*100)
	}
	return monthly, fmt.Sprintf("%.0f runs a month (%s) of %.3g min each, billed %.3g min, %s %s",
		runs, text, perRun, billed, size, where)
}

// onSpot reports whether a schedule runs its task on Fargate Spot: its
// capacity provider strategy names only FARGATE_SPOT.
func onSpot(r *graph.Resource) bool {
	strategy := asList(r.Input("target.ecsParameters.capacityProviderStrategies"))
	for _, s := range strategy {
		if m, _ := s.(map[string]any); m["capacityProvider"] != "FARGATE_SPOT" {
			return false
		}
	}
	return len(strategy) > 0
}

// scheduleNames are the schedule workloads of a graph, which a usage file
// may name.
func scheduleNames(g *graph.Graph) []string {
	var names []string
	for _, c := range g.ByType("platform:compute:ScheduledTask") {
		names = append(names, c.Name)
	}
	return names
}
