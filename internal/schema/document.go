package schema

// DecodeDocument decodes a JSON document strictly into out, the way stack
// keys are decoded: unknown members refused, whole numbers for integers, and
// every error naming the path under key ("usage.yaml: nat.gbPerGateway").
// Other files the platform reads (the cost usage file) use it so that their
// errors read like the config's.
func DecodeDocument(key, text string, out any) error { return decodeJSON(key, text, out) }
