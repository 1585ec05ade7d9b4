package graph

// DeployFacts are what a stack states about itself that its graph cannot
// show, for the preflight rules: the program writes them as the stack output
// DeployFactsKey (Output), preflight reads them back from the graph
// (FactsOf). Both sides use this one type.
type DeployFacts struct {
	// ImagesRecordedAfterPush: a workload is deployed only once its image is
	// recorded in the stack file, which happens after the image is pushed to
	// a repository an earlier `up` created; none pulls from an empty one.
	ImagesRecordedAfterPush bool `json:"imagesRecordedAfterPush"`
	// DelegatedZones are the zones the stack file states are delegated
	// (delegated: true, a parent zone in the account, or a looked-up zone).
	DelegatedZones []string `json:"delegatedZones"`
	// ReadCurrentPassword are the workloads that hold the database's current
	// managed password after every rotation: services and workers rolled on
	// rotation, and migrations and schedules, whose every run is a new task.
	ReadCurrentPassword []string `json:"readCurrentPassword"`
}

// DeployFactsKey is the stack output holding DeployFacts.
const DeployFactsKey = "deployFacts"

// Output is the facts as a stack output value.
func (f DeployFacts) Output() map[string]any {
	zones, workloads := []any{}, []any{}
	for _, z := range f.DelegatedZones {
		zones = append(zones, z)
	}
	for _, w := range f.ReadCurrentPassword {
		workloads = append(workloads, w)
	}
	return map[string]any{"imagesRecordedAfterPush": f.ImagesRecordedAfterPush, "delegatedZones": zones, "readCurrentPassword": workloads}
}

// FactsOf reads the facts back from a graph's outputs; a graph without them
// states nothing.
func FactsOf(g *Graph) DeployFacts {
	m, _ := g.Outputs[DeployFactsKey].(map[string]any)
	var f DeployFacts
	f.ImagesRecordedAfterPush, _ = m["imagesRecordedAfterPush"].(bool)
	f.DelegatedZones = asStrings(m["delegatedZones"])
	f.ReadCurrentPassword = asStrings(m["readCurrentPassword"])
	return f
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
