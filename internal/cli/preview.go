package cli

import (
	"fmt"
	"io"

	"platform/internal/graph"
	"platform/stacks"
)

// writePreviewNotes says what a preview shares with its base stack (its
// database, its queues), so a shared choice is never silent.
func writePreviewNotes(w io.Writer, g *graph.Graph) {
	notes, _ := g.Outputs[stacks.PreviewNotesKey].([]any)
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, note := range notes {
		fmt.Fprintf(w, "preview: %v\n", note)
	}
}
