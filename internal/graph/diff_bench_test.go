package graph_test

import (
	"os"
	"testing"

	"platform/internal/graph"
)

// BenchmarkDiffOfAStack diffs the shop's production golden graph (its
// largest) against itself with one input changed, replacement marking and
// JSON expansion included.
func BenchmarkDiffOfAStack(b *testing.B) {
	file, err := os.Open("../../tests/testdata/shop/production.golden.json")
	if err != nil {
		b.Fatal(err)
	}
	base, err := graph.ReadPlan(file)
	file.Close()
	if err != nil {
		b.Fatal(err)
	}
	head := base
	head.Resources = append([]graph.PlanResource(nil), base.Resources...)
	changed := head.Resources[len(head.Resources)/2]
	changed.Inputs = map[string]any{"name": "changed"}
	head.Resources[len(head.Resources)/2] = changed
	b.ResetTimer()
	for range b.N {
		if d := graph.Diff(base, head); len(d.Changed) != 1 {
			b.Fatalf("%d changed, want 1", len(d.Changed))
		}
	}
}
