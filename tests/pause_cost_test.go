package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"platform/cost"
	"platform/internal/evaluate"
	"platform/internal/graph"
)

// seedLayout is the layout the seed documents describe for the fixture's
// product: dev's stack file with a NAT gateway, and every task on regular
// Fargate, X86_64, at 512 CPU units and 1024 MiB.
func seedLayout(t *testing.T) *graph.Graph {
	t.Helper()
	dev, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	stack := strings.Replace(string(dev), "    nat: instance\n", "    nat: gateway\n", 1)
	require.NotEqual(t, string(dev), stack, "the dev stack file names its NAT")
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(projectDir, "workloads"))
	require.NoError(t, err)
	sizes := "  platform:sizes:\n"
	for _, e := range entries {
		text, err := os.ReadFile(filepath.Join(projectDir, "workloads", e.Name()))
		require.NoError(t, err)
		files[filepath.Join("workloads", e.Name())] = string(text) + "architecture: X86_64\n"
		name := strings.TrimSuffix(e.Name(), ".yaml")
		if kind := string(text); strings.Contains(kind, "kind: service") || strings.Contains(kind, "kind: worker") {
			sizes += "    " + name + ": {cpu: 512, memory: 1024, spotShare: 0}\n"
		} else {
			sizes += "    " + name + ": {cpu: 512, memory: 1024}\n"
		}
	}
	files["Pulumi.seed.yaml"] = stack + sizes
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
	for _, item := range cost.Of(g).Items {
		if item.Type == ecsServiceType {
			require.Contains(t, item.Assumption, "0.0 on Spot", item.Name)
		}
	}
}

// The estimator prices every log group at the ingestion of a running stack
// (5 GB a month, 10 for flow logs); a paused stack runs nothing and ingests
// next to nothing, so that assumption is set aside and shown. Everything
// else a pause keeps is priced as the table prices it.
func TestPausedDevCostsAtMostATenthOfTheSeedLayout(t *testing.T) {
	seed, paused := cost.Of(seedLayout(t)), cost.Of(pausedDev(t))
	var ingestion float64
	for _, i := range paused.Items {
		if i.Type == "aws:cloudwatch/logGroup:LogGroup" {
			require.Contains(t, i.Assumption, "ingested a month", i.Name)
			ingestion += i.Monthly
		} else {
			require.NotContains(t, []string{ecsServiceType, "aws:lb/loadBalancer:LoadBalancer", "aws:rds/instance:Instance"}, i.Type)
		}
	}
	kept := paused.MonthlyTotal - ingestion
	t.Logf("seed layout %.2f a month; paused dev %.2f, of which %.2f assumed log ingestion: %.2f kept (%.1f%%)",
		seed.MonthlyTotal, paused.MonthlyTotal, ingestion, kept, 100*kept/seed.MonthlyTotal)
	require.LessOrEqual(t, kept, 0.10*seed.MonthlyTotal)
	require.Less(t, paused.MonthlyTotal, 0.12*seed.MonthlyTotal, "with the running stack's log ingestion, still under 12%")
}
