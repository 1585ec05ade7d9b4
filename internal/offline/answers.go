package offline

import (
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph"
	"strings"
)

// facts is what an answer may use about the resource being created.
type facts struct {
	r       *graph.Resource
	region  string
	account string
	// name is the physical name: the `name` input, or an auto-name.
	name string
}

// hex returns n stable hex characters unique to this resource.
func (f facts) hex(n int) string { return digest(f.r.URN, n) }

// upper returns n stable upper-case alphanumerics unique to this resource.
func (f facts) upper(n int) string { return strings.ToUpper(digest(f.r.URN+"upper", n)) }

func (f facts) arn(service, resourcePart string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, f.region, f.account, resourcePart)
}

// globalARN is the shape of IAM, Route53 and CloudFront ARNs: no region.
func (f facts) globalARN(service, resourcePart string) string {
	return fmt.Sprintf("arn:aws:%s::%s:%s", service, f.account, resourcePart)
}

func (f facts) str(input string) string {
	s, _ := f.r.Inputs[input].(string)
	return s
}

// answer is a type's id and outputs beyond its inputs.
type answer func(f facts) (string, map[string]any)

// answers holds the types whose outputs need more than the generic shape,
// gathered from the per-area tables.
var answers = mergeAnswers(
	map[string]answer{
		"pulumi:providers:aws": func(f facts) (string, map[string]any) {
			return f.hex(8) + "-provider", nil
		},
	},
	networkAnswers, accessAnswers, computeAnswers, dataAnswers,
)

// mergeAnswers joins answer tables; a type answered twice is a programming
// error caught at package load.
func mergeAnswers(tables ...map[string]answer) map[string]answer {
	all := map[string]answer{}
	for _, t := range tables {
		for typ, fn := range t {
			if _, dup := all[typ]; dup {
				panic("offline: two answers for " + typ)
			}
			all[typ] = fn
		}
	}
	return all
}

// onAWS reports whether a type lives in an AWS Region: AWS and awsx resources
// and the aws provider itself.
func onAWS(typ string) bool {
	return strings.HasPrefix(typ, "aws:") || strings.HasPrefix(typ, "awsx:") || typ == "pulumi:providers:aws"
}

// regionOf is the Region a resource is created in: an aws provider's own
// region input, else the Region its provider (or the stack) gives it.
func regionOf(r *graph.Resource, region string) string {
	if reg, ok := r.Inputs["region"].(string); ok && r.Type == "pulumi:providers:aws" {
		return reg
	}
	return region
}

// knownRegion refuses a Region AWS does not have, as AWS would, instead of
// inventing zones and endpoints for it.
func knownRegion(name string) error {
	if _, ok := awsfacts.LookupRegion(name); ok {
		return nil
	}
	return fmt.Errorf("offline: %q is not an AWS commercial Region, want %s", name, awsfacts.RegionWant(name))
}

// genericAnswer gives any other AWS resource a name-based id and an ARN in the
// shape arn:aws:<module>:<region>:<account>:<type>/<name>.
func genericAnswer(f facts) (string, map[string]any) {
	typ := f.r.Type
	module, kind := "", typ
	if parts := strings.Split(typ, ":"); len(parts) == 3 {
		module = strings.SplitN(parts[1], "/", 2)[0]
		kind = parts[2]
	}
	return f.name, map[string]any{"name": f.name, "arn": f.arn(module, strings.ToLower(kind)+"/"+f.name)}
}

// answer gives the id and outputs of a new resource.
func (m *Monitor) answer(r *graph.Resource, region string) (string, map[string]any, error) {
	if r.Type == "pulumi:pulumi:StackReference" {
		return m.answerStackReference(r)
	}
	f := facts{r: r, region: region, account: Account, name: physicalName(r)}
	if !r.Custom && !r.Remote {
		// Local components have no physical existence.
		return "", nil, nil
	}
	if onAWS(r.Type) {
		if err := knownRegion(regionOf(r, region)); err != nil {
			return "", nil, err
		}
	}
	fn, ok := answers[r.Type]
	if !ok {
		fn = genericAnswer
	}
	id, outputs := fn(f)
	if r.ID != "" {
		id = r.ID
	}
	return id, outputs, nil
}

// answerStackReference answers a StackReference read with the outputs of the
// referenced stack, as the engine does.
func (m *Monitor) answerStackReference(r *graph.Resource) (string, map[string]any, error) {
	name, _ := r.Inputs["name"].(string)
	outputs, ok := m.references[name]
	if !ok {
		return "", nil, fmt.Errorf("offline: stack reference %q has no outputs: evaluate that stack first", name)
	}
	return name, map[string]any{"name": name, "outputs": outputs}, nil
}

// physicalName is the `name` input, a name prefix plus a suffix, or the
// logical name plus a stable suffix, like Pulumi's auto-naming.
func physicalName(r *graph.Resource) string {
	if n, ok := r.Inputs["name"].(string); ok && n != "" && n != graph.SecretMarker {
		return n
	}
	if p, ok := r.Inputs["namePrefix"].(string); ok && p != "" {
		return p + digest(r.URN, 7)
	}
	return r.Name + "-" + digest(r.URN, 7)
}

func uuid(f facts) string {
	h := f.hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
