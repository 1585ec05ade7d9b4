package cost

import (
	"math"
	"strings"
	"testing"

	"platform/internal/graph"
)

func TestFunctionsArePricedByInvocationsAndDuration(t *testing.T) {
	fn := &graph.Resource{URN: stackURN + "aws:lambda/function:Function::dispatch", Type: "aws:lambda/function:Function", Name: "dispatch", Custom: true,
		Provider: stackURN + "pulumi:providers:aws::aws", Inputs: map[string]any{"memorySize": 512.0, "architectures": []any{"arm64"}}}
	g := graph.New("platform", "test", []*graph.Resource{fn, provider("aws", "us-east-1")})
	two, hundred := 2.0, 100.0
	var usage Usage
	usage.Functions.MillionInvocations, usage.Functions.Milliseconds = &two, &hundred
	for _, c := range []struct {
		usage      Usage
		want       float64
		assumption string
	}{
		// 1M requests at $0.20, plus 1M x 0.2 s x 0.5 GB of arm64 GB-seconds.
		{Usage{}, 0.20 + 1e6*0.2*0.5*lambdaGBSecondArm, "1M invocations of 200 ms at 512 MB arm64"},
		{usage, 0.40 + 2e6*0.1*0.5*lambdaGBSecondArm, "2M invocations of 100 ms"},
	} {
		e, err := OfWith(g, Options{Usage: c.usage})
		if err != nil {
			t.Fatal(err)
		}
		got := item(t, e, "dispatch")
		if math.Abs(got.Monthly-math.Round(c.want*100)/100) > 1e-9 || !strings.Contains(got.Assumption, c.assumption) {
			t.Fatalf("got %.2f %q, want %.2f and %q", got.Monthly, got.Assumption, c.want, c.assumption)
		}
	}
}
