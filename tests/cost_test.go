package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"platform/internal/graph"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
)

// raw registers a resource of any type with plain inputs, for small graphs.
func raw(ctx *pulumi.Context, typ, name string, inputs pulumi.Map, opts ...pulumi.ResourceOption) (*pulumi.CustomResourceState, error) {
	var r pulumi.CustomResourceState
	return &r, ctx.RegisterResource(typ, name, inputs, &r, opts...)
}

// component is a bare component resource to parent a small graph's resources.
type component struct{ pulumi.ResourceState }

func smallGraph(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := evaluateProgram(t, "us-east-1", func(ctx *pulumi.Context) (pulumi.Map, error) {
		east, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return nil, err
		}
		west, err := aws.NewProvider(ctx, "aws-eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return nil, err
		}
		db := pulumi.Map{"instanceClass": pulumi.String("db.t4g.micro"), "multiAz": pulumi.Bool(false), "allocatedStorage": pulumi.Int(20)}
		steps := []struct {
			typ, name string
			inputs    pulumi.Map
			provider  pulumi.ProviderResource
		}{
			{"aws:rds/instance:Instance", "single", db, east},
			{"aws:rds/instance:Instance", "multi", pulumi.Map{"instanceClass": pulumi.String("db.t4g.micro"), "multiAz": pulumi.Bool(true), "allocatedStorage": pulumi.Int(20)}, east},
			{"aws:rds/instance:Instance", "ireland", db, west},
			{"awsx:ec2:Vpc", "vpc", pulumi.Map{"availabilityZoneNames": pulumi.ToStringArray([]string{"a", "b", "c"}), "natGateways": pulumi.Map{"strategy": pulumi.String("OnePerAz")}}, east},
			{"aws:iam/role:Role", "free", pulumi.Map{}, east},
		}
		for _, s := range steps {
			if _, err := raw(ctx, s.typ, s.name, s.inputs, pulumi.Provider(s.provider)); err != nil {
				return nil, err
			}
		}
		for name, strategy := range map[string]pulumi.Array{
			"regular": {pulumi.Map{"capacityProvider": pulumi.String("FARGATE"), "base": pulumi.Int(1), "weight": pulumi.Int(1)}},
			"mixed": {pulumi.Map{"capacityProvider": pulumi.String("FARGATE"), "base": pulumi.Int(1), "weight": pulumi.Int(1)},
				pulumi.Map{"capacityProvider": pulumi.String("FARGATE_SPOT"), "base": pulumi.Int(0), "weight": pulumi.Int(1)}},
		} {
			svc := &component{}
			if err := ctx.RegisterComponentResource("platform:compute:FargateService", name, svc); err != nil {
				return nil, err
			}
			if _, err := raw(ctx, "aws:ecs/taskDefinition:TaskDefinition", name+"-task", pulumi.Map{"cpu": pulumi.String("512"), "memory": pulumi.String("1024"),
				"runtimePlatform": pulumi.Map{"cpuArchitecture": pulumi.String(map[string]string{"regular": "ARM64", "mixed": "X86_64"}[name])}}, pulumi.Parent(svc), pulumi.Provider(east)); err != nil {
				return nil, err
			}
			if _, err := raw(ctx, "aws:ecs/service:Service", name+"-service", pulumi.Map{"desiredCount": pulumi.Int(3), "capacityProviderStrategies": strategy},
				pulumi.Parent(svc), pulumi.Provider(east)); err != nil {
				return nil, err
			}
		}
		return pulumi.Map{}, nil
	})
	require.NoError(t, err)
	return g
}

func TestCostOfSmallKnownGraphs(t *testing.T) {
	e := cost.Of(smallGraph(t))
	monthly := map[string]float64{}
	for _, i := range e.Items {
		monthly[i.Name] = i.Monthly
	}
	// db.t4g.micro: 0.016 x 730 + 20 GB x 0.115 = 11.68 + 2.30.
	assert.Equal(t, 13.98, monthly["single"])
	assert.Equal(t, 27.96, monthly["multi"], "Multi-AZ doubles instance and storage")
	assert.Equal(t, 15.38, monthly["ireland"], "eu-west-1 at 1.1 times us-east-1")
	// 3 NAT gateways x (0.045 x 730 + 0.005 x 730 public IPv4 + 50 GB x 0.045
	// processed + 50 GB x 0.09 out to the internet) = 3 x 43.25.
	assert.Equal(t, 129.75, monthly["vpc"])
	// A 0.5 vCPU / 1 GB ARM task: (0.5 x 0.03238 + 1 x 0.00356) x 730 = 14.4175 a month.
	assert.Equal(t, 43.25, monthly["regular-service"], "3 tasks on Fargate")
	// Spot runs only X86_64: (0.5 x 0.04048 + 1 x 0.004445) x 730 = 18.02 a task.
	assert.Equal(t, 41.45, monthly["mixed-service"], "2 on Fargate, 1 on Spot at 70% off")
	assert.Zero(t, monthly["free"])
	assert.Zero(t, monthly["regular-task"], "task definitions are priced on their service")
	assert.Equal(t, 13.98+27.96+15.38+129.75+43.25+41.45, e.MonthlyTotal)
	assert.Equal(t, "USD", e.Currency)
	assert.Contains(t, e.Source, "2026-11-23")
}

func TestEveryCreatedTypeIsPricedOrFree(t *testing.T) {
	graphs := map[string]*graph.Graph{}
	for _, stack := range append(persistentStacks, "pr-42") {
		graphs[stack] = Evaluate(t, stack)
	}
	var err error
	graphs["aurora-serverless"], err = EvaluateAlone(t, "dev", map[string]string{"platform:data": `{"database":{"engine":"aurora-postgresql"},"cache":{"mode":"serverless"}}`})
	require.NoError(t, err)
	for name, g := range graphs {
		for _, r := range g.Resources {
			if r.Custom || r.Remote {
				assert.True(t, cost.Priced(r.Type), "%s: %s is neither priced nor declared free", name, r.Type)
			}
		}
		for _, i := range cost.Of(g).Items {
			assert.NotContains(t, i.Assumption, "not priced", name)
		}
	}
	aurora := cost.Of(graphs["aurora-serverless"])
	for _, i := range aurora.Items {
		if i.Name == "data-db-a" {
			assert.Equal(t, 0.0, i.Monthly, "dev's Aurora is held at 0 ACU")
		}
	}
}

func TestPausedStacksCostLessAndTheirCostIsShown(t *testing.T) {
	running := cost.Of(Evaluate(t, "staging"))
	paused, err := EvaluateWith(t, "staging", map[string]string{"platform:paused": "true", "platform:pauses": "1"})
	require.NoError(t, err)
	e := cost.Of(paused)
	assert.Less(t, e.MonthlyTotal, running.MonthlyTotal)
	for _, i := range e.Items {
		if i.Type == "aws:ecs/service:Service" {
			assert.Zero(t, i.Monthly, "%s: no task runs", i.Name)
		}
	}
	assert.Less(t, e.ByLayer()["network"], running.ByLayer()["network"], "no NAT gateways")
}

func TestPlanJSONAddsCostAndPolicy(t *testing.T) {
	code, stdout, stderr := runCLI("plan", "--stack", "dev", "--format", "json", "--cost", "--policy", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.ElementsMatch(t, []string{"project", "stack", "resources", "outputs", "cost", "policy", "preflight"}, keys(doc))
	var c struct {
		Currency     string
		MonthlyTotal float64
		Items        []map[string]any
	}
	require.NoError(t, json.Unmarshal(doc["cost"], &c))
	assert.Equal(t, "USD", c.Currency)
	assert.Greater(t, c.MonthlyTotal, 50.0)
	for _, item := range c.Items {
		assert.ElementsMatch(t, []string{"urn", "type", "monthly", "assumption"}, keys(item))
	}
	var p struct{ Passed, Excepted, Failed int }
	require.NoError(t, json.Unmarshal(doc["policy"], &p))
	assert.Zero(t, p.Failed)

	code, stdout, _ = runCLI("plan", "--stack", "dev", "--cost", "--dir", projectDir)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, "Monthly cost estimate")
	assert.Regexp(t, `\d+\.\d\d  total per month, USD`, stdout)
	assert.True(t, strings.Contains(stdout, "by layer:"))
}

func TestDiffShowsCostAndPostureDeltas(t *testing.T) {
	var base strings.Builder
	g := baseOfStaging(t)
	require.NoError(t, g.WriteJSONWith(&base, map[string]any{"cost": cost.Of(g), "policy": map[string]int{"passed": 1, "excepted": 2, "failed": 3}}))
	path := filepath.Join(t.TempDir(), "base.json")
	require.NoError(t, os.WriteFile(path, []byte(base.String()), 0o644))
	code, stdout, stderr := runCLI("diff", "--stack", "staging", "--base", path, "--format", "markdown", "--dir", projectDir)
	require.Equal(t, 0, code, stderr)
	now := cost.Of(Evaluate(t, "staging")).MonthlyTotal
	was := cost.Of(g).MonthlyTotal
	assert.Contains(t, stdout, fmt.Sprintf("- Cost: %.2f -> %.2f USD a month (%+.2f)", was, now, now-was))
	assert.Regexp(t, `- Posture: failed 3 -> 0, excepted 2 -> \d+, passed 1 -> \d+`, stdout)
	assert.Greater(t, now, was, "a new service costs money")
}
