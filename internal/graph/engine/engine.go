// Package engine turns the engine's property values into the plain values of
// the graph model. It is apart from package graph so that the model itself
// links no part of the Pulumi SDK.
package engine

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"platform/internal/graph"
)

// Plain turns engine property values into plain Go values: secrets become
// graph.SecretMarker, resource references their URN, unknowns graph.UnknownMarker. Policy
// rules see resources this way offline and in a CrossGuard pack alike.
func Plain(props resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range props {
		out[string(k)] = plainValue(v)
	}
	return out
}

func plainValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return graph.SecretMarker
	case v.IsComputed():
		return graph.UnknownMarker
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret {
			return graph.SecretMarker
		}
		if !o.Known {
			return graph.UnknownMarker
		}
		return plainValue(o.Element)
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsObject():
		return Plain(v.ObjectValue())
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plainValue(e)
		}
		return out
	case v.IsAsset():
		a := v.AssetValue()
		return map[string]any{"asset": cmp.Or(a.Path, a.URI, "text:"+textDigest(a.Text))}
	case v.IsArchive():
		return map[string]any{"archive": cmp.Or(v.ArchiveValue().Path, v.ArchiveValue().URI, "assets")}
	case v.IsNull():
		return nil
	}
	return v.V
}

// textDigest names an inline asset by the first 12 hex digits of its sha256.
func textDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])[:12]
}
