package graph

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDeployFactsRoundTripThroughAStackOutput(t *testing.T) {
	want := DeployFacts{ImagesRecordedAfterPush: true, DelegatedZones: []string{"dev.example.com"}, ReadCurrentPassword: []string{"api", "web"}}
	// A stack output reaches the graph as JSON-like values.
	text, err := json.Marshal(want.Output())
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(text, &out); err != nil {
		t.Fatal(err)
	}
	g := New("p", "s", nil)
	g.Outputs[DeployFactsKey] = out
	if got := FactsOf(g); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if got := FactsOf(New("p", "s", nil)); !reflect.DeepEqual(got, DeployFacts{}) {
		t.Fatalf("a graph without facts states some: %+v", got)
	}
}
