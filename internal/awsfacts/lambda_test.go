package awsfacts

import (
	"testing"
	"time"
)

func TestLambdaRuntimesDropDeprecatedOnes(t *testing.T) {
	at := func(s string) time.Time { return day(s) }
	if !LambdaRuntimeSupported("nodejs22.x", at("2026-12-01")) {
		t.Fatal("nodejs22.x is supported until 2027-04-30")
	}
	if LambdaRuntimeSupported("nodejs22.x", at("2027-05-01")) {
		t.Fatal("nodejs22.x is deprecated from 2027-04-30")
	}
	if LambdaRuntimeSupported("python3.9", at("2026-12-01")) {
		t.Fatal("python3.9 was deprecated in 2025")
	}
}
