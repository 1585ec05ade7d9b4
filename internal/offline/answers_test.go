package offline

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func zonesIn(t *testing.T, region string) (names, ids []any, err error) {
	t.Helper()
	m := NewMonitor("platform", "test", region, nil)
	out, err := m.Call(pulumi.MockCallArgs{Token: "aws:index/getAvailabilityZones:getAvailabilityZones", Args: resource.PropertyMap{}})
	if err != nil {
		return nil, nil, err
	}
	plain := out.Mappable()
	return plain["names"].([]any), plain["zoneIds"].([]any), nil
}

func TestAvailabilityZonesComeFromTheRegionTable(t *testing.T) {
	for _, tc := range []struct {
		region string
		names  []any
		ids    []any
	}{
		{"us-east-1", []any{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			[]any{"use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"}},
		{"us-west-1", []any{"us-west-1a", "us-west-1b"}, []any{"usw1-az1", "usw1-az2"}},
		{"ca-central-1", []any{"ca-central-1a", "ca-central-1b", "ca-central-1c"}, []any{"cac1-az1", "cac1-az2", "cac1-az4"}},
		{"ap-southeast-6", []any{"ap-southeast-6a", "ap-southeast-6b", "ap-southeast-6c"}, []any{"apse6-az1", "apse6-az2", "apse6-az3"}},
	} {
		names, ids, err := zonesIn(t, tc.region)
		if err != nil {
			t.Fatalf("%s: %v", tc.region, err)
		}
		if !slices.Equal(names, tc.names) || !slices.Equal(ids, tc.ids) {
			t.Errorf("%s zones = %v %v, want %v %v", tc.region, names, ids, tc.names, tc.ids)
		}
	}
}

func TestUnknownRegionsAreRefusedNotInvented(t *testing.T) {
	_, _, err := zonesIn(t, "US West 2")
	if err == nil || err.Error() != `offline: "US West 2" is not an AWS commercial Region, want an AWS commercial Region code such as us-west-2` {
		t.Errorf("zones in US West 2: %v", err)
	}

	m := NewMonitor("platform", "test", "us-east-1", nil)
	_, _, err = m.NewResource(pulumi.MockResourceArgs{TypeToken: "pulumi:providers:aws", Name: "aws-copy", Custom: true,
		Inputs: resource.NewPropertyMapFromMap(map[string]any{"region": "eu-west-9"})})
	if err == nil || !strings.Contains(err.Error(), `"eu-west-9" is not an AWS commercial Region, want an AWS commercial Region code such as eu-west-1 or eu-west-2 or eu-west-3`) {
		t.Errorf("provider in eu-west-9: %v", err)
	}

	m = NewMonitor("platform", "test", "mars-1", nil)
	if _, _, err = m.NewResource(pulumi.MockResourceArgs{TypeToken: "aws:sqs/queue:Queue", Name: "q", Custom: true}); err == nil {
		t.Error("a queue in mars-1 was answered")
	}
	// Resources outside AWS need no Region.
	if _, _, err = m.NewResource(pulumi.MockResourceArgs{TypeToken: "random:index/randomPassword:RandomPassword", Name: "p", Custom: true}); err != nil {
		t.Errorf("a random password needs no Region: %v", err)
	}
}

func TestElastiCacheEndpointsCarryTheZonePrefix(t *testing.T) {
	m := NewMonitor("platform", "test", "eu-west-1", nil)
	_, state, err := m.NewResource(pulumi.MockResourceArgs{TypeToken: "aws:elasticache/replicationGroup:ReplicationGroup", Name: "cache", Custom: true,
		Inputs: resource.NewPropertyMapFromMap(map[string]any{"replicationGroupId": "app"})})
	if err != nil {
		t.Fatal(err)
	}
	if got := state.Mappable()["primaryEndpointAddress"].(string); !strings.HasSuffix(got, ".euw1.cache.amazonaws.com") {
		t.Errorf("endpoint %s lacks euw1", got)
	}
}
