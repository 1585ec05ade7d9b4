package schema

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"strings"
)

// The configuration reference is generated from this package's doc
// comments, which are the one source: the README's table and the
// descriptions in Pulumi.yaml come from Reference, and a test fails when
// either drifts.

//go:embed schema.go data.go workloads.go overrides.go endpoints.go functions.go sidecars.go grafana.go release.go ingress.go
var sources embed.FS

// Entry documents one config key or nested field.
type Entry struct {
	// Path is the key as a user writes it, without the namespace:
	// "network.azCount", "workloads.services.<name>.port".
	Path string
	// Type is string, integer, number, boolean, list or object.
	Type string
	// Default is the "Default:" sentence of the doc, or "required" or "".
	Default string
	// Doc is the comment without its Default sentence.
	Doc string
}

var defaultSentence = regexp.MustCompile(`\s*Default:\s*([^\n]*?)\.?\s*$`)

// Reference lists every key and field in declaration order.
func Reference() []Entry {
	docs := fieldDocs()
	var out []Entry
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if strings.Contains(opts, "inline") {
				walk(prefix, ft)
				continue
			}
			path := prefix + name
			doc := docs[t.Name()+"."+f.Name]
			e := Entry{Path: path, Type: typeWord(ft), Doc: doc}
			if m := defaultSentence.FindStringSubmatch(doc); m != nil {
				e.Default, e.Doc = m[1], strings.TrimSpace(doc[:len(doc)-len(m[0])])
			}
			if strings.HasSuffix(e.Doc, "Required.") {
				e.Default, e.Doc = "required", strings.TrimSpace(strings.TrimSuffix(e.Doc, "Required."))
			}
			out = append(out, e)
			switch {
			case ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() && !isValue(ft):
				walk(path+".", ft)
			case (ft.Kind() == reflect.Map || ft.Kind() == reflect.Slice) && ft.Elem().Kind() == reflect.Struct && !isValue(ft.Elem()):
				sep := ".<name>."
				if ft.Kind() == reflect.Slice {
					sep = "[]."
				}
				walk(path+sep, ft.Elem())
			}
		}
	}
	walk("", reflect.TypeFor[Stack]())
	return out
}

// isValue reports types written as one string (the parsed mini-languages).
func isValue(t reflect.Type) bool {
	return t == reflect.TypeFor[SecretRef]() || t == reflect.TypeFor[Grant]() || t == reflect.TypeFor[ImageRef]()
}

func typeWord(t reflect.Type) string {
	if isValue(t) {
		return "string"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "list"
	}
	return "object"
}

// fieldDocs reads the doc comment of every struct field, by "Type.Field".
// A comment shared by several names on one line documents each.
func fieldDocs() map[string]string {
	docs := map[string]string{}
	fset := token.NewFileSet()
	entries, _ := sources.ReadDir(".")
	for _, entry := range entries {
		text, _ := sources.ReadFile(entry.Name())
		file, err := parser.ParseFile(fset, entry.Name(), text, parser.ParseComments)
		if err != nil {
			panic(fmt.Sprintf("schema: %s does not parse: %v", entry.Name(), err))
		}
		ast.Inspect(file, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := spec.Type.(*ast.StructType)
			if !ok {
				return false
			}
			for _, f := range st.Fields.List {
				doc := strings.Join(strings.Fields(f.Doc.Text()), " ")
				for _, n := range f.Names {
					docs[spec.Name.Name+"."+n.Name] = doc
				}
			}
			return false
		})
	}
	return docs
}

// Markdown renders the reference as the README's table, keys under namespace.
func Markdown(namespace string) string {
	var b strings.Builder
	b.WriteString("| key | type | default | meaning |\n|---|---|---|---|\n")
	for _, e := range Reference() {
		def := e.Default
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(&b, "| `%s:%s` | %s | %s | %s |\n", namespace, e.Path, e.Type, strings.ReplaceAll(def, "|", "\\|"), strings.ReplaceAll(e.Doc, "|", "\\|"))
	}
	return b.String()
}

// Description is a top-level key's description for Pulumi.yaml: its doc,
// its default and its fields.
func Description(key string) string {
	var top *Entry
	var fields []string
	for _, e := range Reference() {
		switch {
		case e.Path == key:
			top = &e
		case strings.HasPrefix(e.Path, key+".") && !strings.Contains(strings.TrimPrefix(e.Path, key+"."), "."):
			fields = append(fields, strings.TrimPrefix(e.Path, key+"."))
		}
	}
	if top == nil {
		return ""
	}
	text := top.Doc
	if top.Default != "" && top.Default != "required" {
		text += " Default: " + top.Default + "."
	}
	if top.Default == "required" {
		text += " Required."
	}
	if len(fields) > 0 {
		text += " Fields: " + strings.Join(fields, ", ") + " (see the README's configuration reference)."
	}
	return text
}
