package tests

import "testing"

// BenchmarkEvaluate measures one offline evaluation of each stack.
func BenchmarkEvaluate(b *testing.B) {
	for _, stack := range persistentStacks {
		b.Run(stack, func(b *testing.B) {
			for b.Loop() {
				if _, err := EvaluateWith(b, stack, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
