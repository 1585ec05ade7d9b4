package schema

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"platform/internal/validate"
)

// Raw is one stack's config as the engine hands it to the program: keys
// without the project namespace, objects and lists as JSON text.
type Raw map[string]string

// Decode reads every key of raw into a Stack, strictly: member names match
// exactly, unknown members and keys are refused, and every error names the
// key path as the user wrote it ("<namespace>:network.azCount"). All problems
// are reported together.
func Decode(namespace string, raw Raw) (*Stack, error) {
	s := &Stack{Environment: raw["environment"], Domain: raw["domain"], Owner: raw["owner"], Ingress: raw["ingress"]}
	var errs []error
	object := func(key string, out any) {
		if text := raw[key]; text != "" {
			errs = append(errs, decodeJSON(namespace+":"+key, text, out))
		}
	}
	object("tags", &s.Tags)
	object("network", &s.Network)
	object("access", &s.Access)
	object("data", &s.Data)
	object("workloads", &s.Workloads)
	object("images", &s.Images)
	object("sizes", &s.Sizes)
	object("overrides", &s.Overrides)
	if text := raw["secretValues"]; text != "" && decodeJSON("", text, &s.SecretValues) != nil {
		// Never the decoder's message: it may quote a secret's value.
		errs = append(errs, validate.Field(namespace+":secretValues", "(not shown)", "is not an object of secret names to text", "secret name to value, set with pulumi config set --secret --path"))
	}
	object("allowPlainVariables", &s.AllowPlainVariables)
	object("preview", &s.Preview)
	object("observability", &s.Observability)
	object("pauses", &s.Pauses)
	object("canary", &s.Canary)
	object("placement", &s.Placement)
	object("apiGateway", &s.APIGateway)
	if text, ok := raw["gate"]; ok && text != "" {
		v, err := parseBool(namespace+":gate", text)
		s.Gate, errs = &v, append(errs, err)
	}
	if text, ok := raw["paused"]; ok && text != "" {
		var err error
		s.Paused, err = parseBool(namespace+":paused", text)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// Keys are the platform keys Decode reads.
var Keys = []string{"environment", "domain", "owner", "tags", "network", "access", "data", "workloads", "images", "sizes", "overrides", "secretValues", "allowPlainVariables", "gate", "paused", "pauses", "preview", "observability", "canary", "placement", "ingress", "apiGateway"}

// parseBool accepts what the engine accepts for a boolean key.
func parseBool(key, text string) (bool, error) {
	switch text {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, validate.Field(key, text, "is not a boolean", "true or false")
}

// wholeInts lets an integer be written as a whole float (3.0), as the engine
// allows for integer keys; 3.5 is refused.
var wholeInts = json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *int) error {
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported // not a number: the default decoder names the kind
	}
	b, err := dec.ReadValue()
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil || f != math.Trunc(f):
		return &ValueError{Value: string(b), Problem: "is not a whole number", Want: "an integer"}
	case math.Abs(f) > math.MaxInt32:
		return &ValueError{Value: string(b), Problem: "is far out of range", Want: "an integer of the key's documented range"}
	}
	*v = int(f)
	return nil
})

// decodeJSON decodes one key's JSON text into out.
func decodeJSON(key, text string, out any) error {
	err := json.Unmarshal([]byte(text), out, json.RejectUnknownMembers(true), json.WithUnmarshalers(wholeInts))
	if err == nil {
		return nil
	}
	var se *json.SemanticError
	if !errors.As(err, &se) {
		var syn *jsontext.SyntacticError
		if errors.As(err, &syn) {
			return validate.Field(key, "(not shown)", "is not valid JSON at byte "+strconv.FormatInt(syn.ByteOffset, 10), "an object as documented")
		}
		return validate.Field(key, "(not shown)", "cannot be read", "an object as documented")
	}
	path := key + Path(string(se.JSONPointer))
	var ve *ValueError
	switch {
	case errors.As(se.Err, &ve):
		return validate.Field(path, ve.Value, ve.Problem, ve.Want)
	case errors.Is(se.Err, json.ErrUnknownName):
		parent := se.JSONPointer.Parent()
		name := se.JSONPointer.LastToken()
		return validate.Field(path, name, "is not a key of "+strings.TrimSuffix(key+Path(string(parent)), "."), "one of "+strings.Join(memberNames(se.GoType), ", "))
	}
	if v := shown(text, se); v != nil {
		return validate.Field(path, v, "is "+kindWord(se.JSONKind), wantWord(se.GoType))
	}
	return validate.Field(path, nil, "is "+kindWord(se.JSONKind), wantWord(se.GoType))
}

// Path turns a JSON pointer ("/services/web/cpu", "/queues/0/name") into the
// platform's one path syntax (".services.web.cpu", ".queues[0].name").
func Path(pointer string) string {
	var b strings.Builder
	for _, token := range strings.Split(pointer, "/")[1:] {
		token = strings.NewReplacer("~1", "/", "~0", "~").Replace(token)
		if _, err := strconv.Atoi(token); err == nil {
			b.WriteString("[" + token + "]")
			continue
		}
		b.WriteString("." + token)
	}
	return b.String()
}

// shown is the rejected value if it is a scalar, else nil: a document is
// never shown, its kind is.
func shown(text string, se *json.SemanticError) any {
	var v any
	if json.Unmarshal([]byte(text), &v) != nil {
		return "(not shown)"
	}
	for _, token := range strings.Split(string(se.JSONPointer), "/")[1:] {
		token = strings.NewReplacer("~1", "/", "~0", "~").Replace(token)
		switch c := v.(type) {
		case map[string]any:
			v = c[token]
		case []any:
			i, _ := strconv.Atoi(token)
			if i >= len(c) {
				return "(not shown)"
			}
			v = c[i]
		}
	}
	switch v.(type) {
	case map[string]any, []any, nil:
		return nil
	}
	return v
}

func kindWord(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "not readable"
}

// wantWord names what a Go type expects the way a config author thinks of it.
func wantWord(t reflect.Type) string {
	if t == nil {
		return "the documented shape"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Map:
		return "an object of names to values"
	case reflect.Struct:
		return "an object with keys " + strings.Join(memberNames(t), ", ")
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Float64, reflect.Float32:
		return "a number"
	}
	return "the documented shape"
}

// memberNames lists the keys a struct accepts, inline structs flattened.
func memberNames(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if strings.Contains(opts, "inline") {
			names = append(names, memberNames(f.Type)...)
			continue
		}
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
