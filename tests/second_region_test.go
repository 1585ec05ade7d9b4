package tests

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/graph"
)

// The README's "A second region": the fixture's perf is its staging in
// eu-west-1 with another CIDR and domain. What may differ is listed here;
// anything else that differs fails the test.

// regionBound turns perf's region-bound values into staging's: the region
// (in ARNs, endpoints, AZ names), its zone IDs, the VPC range, the account of
// the region's Elastic Load Balancing that writes access logs (us-east-1
// 127311923021, eu-west-1 156460612806, "Enable access logs for your
// Application Load Balancer"), and the stack name and domain (perf.<apex>
// for staging.<apex>).
var (
	regionBound = strings.NewReplacer("eu-west-1", "us-east-1", "euw1-az", "use1-az", "10.3.", "10.1.", "156460612806", "127311923021")
	stackName   = regexp.MustCompile(`(^|[^A-Za-z])perf([^A-Za-z]|$)`)
	// routeTable: the private subnets' route tables are looked up (a mocked
	// call, not a resource), so their IDs are masked as such.
	routeTable = regexp.MustCompile(`rtb-[0-9a-f]{17}`)
)

// perfAsStaging normalizes a text of perf's into staging's terms.
func perfAsStaging(s string) string {
	return stackName.ReplaceAllString(stackName.ReplaceAllString(regionBound.Replace(s), "${1}staging${2}"), "${1}staging${2}")
}

// computedByTheMocks masks what the mocks computed (IDs and outputs that are
// not inputs, hashed from URNs that carry the stack name): each becomes a
// reference to the first resource that answered it, in the graph's order,
// the same in both stacks.
func computedByTheMocks(g *graph.Graph, normalize func(string) string, common func(key string) bool) *strings.Replacer {
	refs := map[string]string{}
	for _, r := range g.Resources {
		key := r.Type + " " + normalize(r.Name)
		if !common(key) {
			continue
		}
		given := slices.Collect(maps.Values(stringLeaves("", r.Inputs)))
		add := func(value, ref string) {
			// IDs and hashes have digits; "CNAME" or a name echoed back are not computed.
			if _, seen := refs[value]; !seen && len(value) >= 8 && strings.ContainsAny(value, "0123456789") && !slices.Contains(given, value) {
				refs[value] = ref
			}
		}
		ref := "<" + key
		add(r.ID, ref+".id>")
		leaves := stringLeaves("", r.State)
		for _, path := range slices.Sorted(maps.Keys(leaves)) {
			add(leaves[path], ref+path+">")
		}
	}
	// The longest first, so that an ARN is not masked by an ID inside it.
	olds := slices.SortedFunc(maps.Keys(refs), func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	var pairs []string
	for _, old := range olds {
		pairs = append(pairs, old, refs[old])
	}
	return strings.NewReplacer(pairs...)
}

// statements are the statements of a policy resource, each as normalized JSON.
func statements(t *testing.T, r *graph.Resource, computed *strings.Replacer, normalize func(string) string) []string {
	t.Helper()
	var doc struct{ Statement []json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(r.Input("policy").(string)), &doc))
	var out []string
	for _, st := range doc.Statement {
		out = append(out, normalize(computed.Replace(string(st))))
	}
	return out
}

// stringLeaves are the strings of a value by their path.
func stringLeaves(path string, v any) map[string]string {
	out := map[string]string{}
	switch v := v.(type) {
	case string:
		out[path] = v
	case map[string]any:
		for k, e := range v {
			maps.Copy(out, stringLeaves(path+"."+k, e))
		}
	case []any:
		for i, e := range v {
			maps.Copy(out, stringLeaves(fmt.Sprintf("%s[%d]", path, i), e))
		}
	}
	return out
}

// onlyInASecondRegion are the resources a stack outside us-east-1 adds:
// CloudFront's certificate must be in us-east-1 (with its DNS validation),
// and so must the alerts topic its alarms notify (CloudFront's metrics
// exist only there), both on a us-east-1 provider.
var onlyInASecondRegion = []string{
	"aws:acm/certificate:Certificate access-cdn-certificate",
	"aws:acm/certificateValidation:CertificateValidation access-cdn-certificate-validation",
	"aws:kms/key:Key observability-alerts-us-east-1-key",
	"aws:sns/topic:Topic observability-alerts-us-east-1",
	"aws:sns/topicPolicy:TopicPolicy observability-alerts-us-east-1-policy",
	"aws:sns/topicSubscription:TopicSubscription observability-alerts-us-east-1-email-0",
	"pulumi:providers:aws aws-us-east-1",
}

// differsInASecondRegion are the resources of both stacks whose inputs differ
// beyond the normalized values, and why.
var differsInASecondRegion = map[string]string{
	"aws:cloudfront/distribution:Distribution frontend-cdn":                        "serves the us-east-1 certificate, not the regional one",
	"aws:cloudwatch/metricAlarm:MetricAlarm observability-frontend-cdn-cdn5xxRate": "notifies the us-east-1 alerts topic",
}

// deployPolicyPart names the parts of the deploy role's policy: statements are
// packed into parts by size, and the stack's name has a length, so only
// their union is compared.
var deployPolicyPart = regexp.MustCompile(`^aws:iam/policy:Policy access-github-deploy-\d+$`)

// byKey indexes a graph by type and name, with names normalized.
func byKey(g *graph.Graph, normalize func(string) string) map[string]*graph.Resource {
	out := map[string]*graph.Resource{}
	for _, r := range g.Resources {
		out[r.Type+" "+normalize(r.Name)] = r
	}
	return out
}

// inputsText is a resource's inputs as JSON, with what the mocks computed
// masked, then normalized.
func inputsText(t *testing.T, r *graph.Resource, computed *strings.Replacer, normalize func(string) string) string {
	t.Helper()
	b, err := json.Marshal(r.Inputs)
	require.NoError(t, err)
	return routeTable.ReplaceAllString(normalize(computed.Replace(string(b))), "<route table>")
}

func TestASecondRegionChangesOnlyRegionBoundInputs(t *testing.T) {
	staging, perf := Evaluate(t, "staging"), Evaluate(t, "perf")
	same := func(s string) string { return s }
	s, p := byKey(staging, same), byKey(perf, perfAsStaging)

	var onlyStaging, onlyPerf []string
	for k := range s {
		if p[k] == nil {
			onlyStaging = append(onlyStaging, k)
		}
	}
	for k := range p {
		if s[k] == nil {
			onlyPerf = append(onlyPerf, k)
		}
	}
	assert.Empty(t, onlyStaging, "perf lacks resources staging has")
	assert.Equal(t, onlyInASecondRegion, slices.Sorted(slices.Values(onlyPerf)), "perf adds only CloudFront's us-east-1 parts")

	common := func(k string) bool { return s[k] != nil && p[k] != nil }
	stagingComputed, perfComputed := computedByTheMocks(staging, same, common), computedByTheMocks(perf, perfAsStaging, common)
	var differs []string
	var stagingDeploy, perfDeploy []string
	for _, k := range slices.Sorted(maps.Keys(s)) {
		if p[k] == nil {
			continue
		}
		if deployPolicyPart.MatchString(k) {
			stagingDeploy = append(stagingDeploy, statements(t, s[k], stagingComputed, same)...)
			perfDeploy = append(perfDeploy, statements(t, p[k], perfComputed, perfAsStaging)...)
			continue
		}
		want, got := inputsText(t, s[k], stagingComputed, same), inputsText(t, p[k], perfComputed, perfAsStaging)
		if want == got {
			continue
		}
		differs = append(differs, k)
		if _, expected := differsInASecondRegion[k]; !expected {
			assert.Equal(t, want, got, "%s differs in more than region-bound inputs", k)
		}
	}
	assert.Equal(t, slices.Sorted(maps.Keys(differsInASecondRegion)), differs)
	require.NotEmpty(t, stagingDeploy)
	assert.ElementsMatch(t, stagingDeploy, perfDeploy, "the deploy role may do the same")

	// The region-bound inputs do differ, as the README says.
	assert.Equal(t, "eu-west-1", only(t, perf, "pulumi:providers:aws", "aws").Input("region"))
	assert.Equal(t, "us-east-1", only(t, perf, "pulumi:providers:aws", "aws-us-east-1").Input("region"))
	vpc := only(t, perf, "awsx:ec2:Vpc", "network-vpc")
	assert.Equal(t, "10.3.0.0/16", vpc.Input("cidrBlock"))
	for _, az := range vpc.Input("availabilityZoneNames").([]any) {
		assert.True(t, strings.HasPrefix(az.(string), "eu-west-1"), "zone %v", az)
	}
	assert.Equal(t, "perf.shop.example.com", only(t, perf, "aws:acm/certificate:Certificate", "access-certificate").Input("domainName"))
	assert.Equal(t, "perf.shop.example.com", only(t, perf, "aws:acm/certificate:Certificate", "access-cdn-certificate").Input("domainName"))
	assert.Equal(t, perf.Get(only(t, perf, "aws:acm/certificate:Certificate", "access-cdn-certificate").Provider).Name, "aws-us-east-1")

	// Images: each stack has its own repositories, pushed by the build; no
	// registry replicates between regions.
	assert.Len(t, perf.ByType("aws:ecr/repository:Repository"), len(staging.ByType("aws:ecr/repository:Repository")))
	assert.Empty(t, perf.ByType("aws:ecr/replicationConfiguration:ReplicationConfiguration"))
}

// The README says perf's VPC range overlaps none of the other stacks'.
func TestTheSecondRegionsRangeOverlapsNoOtherStacks(t *testing.T) {
	ranges := map[string]netip.Prefix{}
	for _, stack := range []string{"dev", "staging", "production", "perf"} {
		ranges[stack] = netip.MustParsePrefix(only(t, Evaluate(t, stack), "awsx:ec2:Vpc", "network-vpc").Input("cidrBlock").(string))
	}
	for _, other := range []string{"dev", "staging", "production"} {
		assert.False(t, ranges["perf"].Overlaps(ranges[other]), "perf %s overlaps %s %s", ranges["perf"], other, ranges[other])
	}
}

// The us-east-1 certificate validates through the regional certificate's
// record: ACM gives a domain's certificates in one account the same one, and
// two resources for one record would delete it with either.
func TestBothCertificatesValidateThroughOneRecord(t *testing.T) {
	g := Evaluate(t, "perf")
	regional := only(t, g, "aws:route53/record:Record", "access-certificate-validation-record")
	require.NotEmpty(t, regional.Output("fqdn"))
	assert.Nil(t, g.One("aws:route53/record:Record", "access-cdn-certificate-validation-record"))
	for _, v := range []string{"access-certificate-validation", "access-cdn-certificate-validation"} {
		validation := only(t, g, "aws:acm/certificateValidation:CertificateValidation", v)
		assert.Equal(t, []any{regional.Output("fqdn")}, validation.Input("validationRecordFqdns"), v)
	}
}
