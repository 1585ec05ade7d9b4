package schema

import (
	"regexp"
	"strings"
)

// A workload's environment values may refer to facts of the stack they are
// deployed in: "https://${host}", "${service.api.url}/hooks". This is the
// one mini-language of such values and its one parser; "$${" writes a
// literal "${".

// Template is an environment value, parsed: literal text and references.
type Template struct {
	parts []templatePart
}

// templatePart is literal text, or a reference when Ref is set.
type templatePart struct {
	Text, Ref string
}

// TemplateRefs are the references a value may make, as written inside ${}.
var TemplateRefs = []string{"domain", "host", "stack", "region", "project", "service.<name>.url"}

var serviceRef = regexp.MustCompile(`^service\.([a-z][a-z0-9-]*)\.url$`)

const templateWant = "text with ${domain}, ${host}, ${stack}, ${region}, ${project} or ${service.<name>.url}, and $${ for a literal ${"

// ParseTemplate parses an environment value.
func ParseTemplate(s string) (Template, error) {
	var t Template
	rest := s
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			t.literal(rest)
			return t, nil
		}
		if i > 0 && rest[i-1] == '$' {
			t.literal(rest[:i-1] + "${")
			rest = rest[i+2:]
			continue
		}
		t.literal(rest[:i])
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return Template{}, &ValueError{Value: s, Problem: "has a ${ without its closing }", Want: templateWant}
		}
		ref := rest[i+2 : i+end]
		if !knownRef(ref) {
			return Template{}, &ValueError{Value: s, Problem: "refers to ${" + ref + "}, which is not a stack fact", Want: "one of ${" + strings.Join(TemplateRefs, "}, ${") + "}"}
		}
		t.parts = append(t.parts, templatePart{Ref: ref})
		rest = rest[i+end+1:]
	}
}

func knownRef(ref string) bool {
	for _, r := range TemplateRefs[:5] {
		if ref == r {
			return true
		}
	}
	return serviceRef.MatchString(ref)
}

func (t *Template) literal(s string) {
	if s == "" {
		return
	}
	if n := len(t.parts); n > 0 && t.parts[n-1].Ref == "" {
		t.parts[n-1].Text += s
		return
	}
	t.parts = append(t.parts, templatePart{Text: s})
}

// Refs are the references the value makes, in order.
func (t Template) Refs() []string {
	var out []string
	for _, p := range t.parts {
		if p.Ref != "" {
			out = append(out, p.Ref)
		}
	}
	return out
}

// ReferencedService is the service a reference names ("service.api.url" is
// api); empty for another reference.
func ReferencedService(ref string) string {
	if m := serviceRef.FindStringSubmatch(ref); m != nil {
		return m[1]
	}
	return ""
}

// Expand is the value with every reference replaced by fact(ref).
func (t Template) Expand(fact func(ref string) string) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.Ref != "" {
			b.WriteString(fact(p.Ref))
			continue
		}
		b.WriteString(p.Text)
	}
	return b.String()
}
