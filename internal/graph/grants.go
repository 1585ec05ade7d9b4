package graph

import (
	"slices"
	"strings"
)

// grant is one resource ARN a policy statement allows, and what it allows.
type grant struct{ resource, access string }

// grantsOf reads a policy document's Allow statements on queues and buckets.
func grantsOf(r *Resource) []grant {
	text, _ := r.Input("policy").(string)
	doc, ok := jsonDocument(text)
	if !ok {
		return nil
	}
	var out []grant
	statements, _ := doc.(map[string]any)["Statement"].([]any)
	for _, s := range statements {
		st, _ := s.(map[string]any)
		if st["Effect"] != "Allow" {
			continue
		}
		access := accessOf(stringsOf(st["Action"]))
		if access == "" {
			continue
		}
		for _, arn := range stringsOf(st["Resource"]) {
			out = append(out, grant{arn, access})
		}
	}
	return out
}

// accessOf names what a statement's actions do to a queue or a bucket.
func accessOf(actions []string) string {
	var words []string
	add := func(w string) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	for _, a := range actions {
		switch a {
		case "sqs:SendMessage":
			add("send")
		case "sqs:ReceiveMessage":
			add("consume")
		case "s3:GetObject":
			add("read")
		case "s3:PutObject", "s3:DeleteObject":
			add("write")
		}
	}
	return strings.Join(words, ", ")
}

// resourceOwner finds the node of an ARN, or of the bucket an object ARN
// ("arn:aws:s3:::b/*") lies in.
func resourceOwner(arnOwner map[string]string, arn string) string {
	if id, ok := arnOwner[arn]; ok {
		return id
	}
	if i := strings.Index(arn, "/"); i > 0 && strings.HasPrefix(arn, "arn:aws:s3:::") {
		return arnOwner[arn[:i]]
	}
	return ""
}
