package awsfacts

import (
	"slices"
	"strings"
	"testing"
)

func TestLookupRegion(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ok        bool
		title     string
		optIn     bool
		zones     int
		prefix    string
		zoneNames []string
	}{
		{"us-east-1", true, "US East (N. Virginia)", false, 6, "use1", []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}},
		{"us-west-1", true, "US West (N. California)", false, 2, "usw1", []string{"us-west-1a", "us-west-1b"}},
		{"us-west-2", true, "US West (Oregon)", false, 4, "usw2", nil},
		{"eu-west-1", true, "Europe (Ireland)", false, 3, "euw1", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}},
		{"ca-central-1", true, "Canada (Central)", false, 3, "cac1", nil},
		{"af-south-1", true, "Africa (Cape Town)", true, 3, "afs1", nil},
		{"ap-southeast-6", true, "Asia Pacific (New Zealand)", true, 3, "apse6", nil},
		{"mx-central-1", true, "Mexico (Central)", true, 3, "mxc1", nil},
		{"US West 2", false, "", false, 0, "", nil},
		{"us-gov-west-1", false, "", false, 0, "", nil},
		{"cn-north-1", false, "", false, 0, "", nil},
		{"eu-west-9", false, "", false, 0, "", nil},
		{"", false, "", false, 0, "", nil},
	} {
		r, ok := LookupRegion(tc.name)
		if ok != tc.ok {
			t.Errorf("LookupRegion(%q) ok = %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if r.Title != tc.title || r.OptIn != tc.optIn || r.NewAccountZones != tc.zones || r.ZonePrefix() != tc.prefix {
			t.Errorf("LookupRegion(%q) = %+v, want title %q opt-in %v zones %d prefix %q", tc.name, r, tc.title, tc.optIn, tc.zones, tc.prefix)
		}
		if tc.zoneNames != nil && !slices.Equal(r.ZoneNames(), tc.zoneNames) {
			t.Errorf("%s zone names = %v, want %v", tc.name, r.ZoneNames(), tc.zoneNames)
		}
	}
}

func TestCaCentral1ZoneIDsAreTheDocumentedOnes(t *testing.T) {
	r, _ := LookupRegion("ca-central-1")
	if want := []string{"cac1-az1", "cac1-az2", "cac1-az4"}; !slices.Equal(r.ZoneIDs, want) {
		t.Errorf("ca-central-1 zone IDs = %v, want %v", r.ZoneIDs, want)
	}
}

func TestRegionsTable(t *testing.T) {
	all := Regions()
	if len(all) != 34 {
		t.Errorf("%d commercial Regions, want 34", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b Region) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Regions() is not sorted by code")
	}
	for _, r := range all {
		if len(r.ZoneIDs) < 3 || r.NewAccountZones < 2 || r.NewAccountZones > len(r.ZoneIDs) || r.Title == "" {
			t.Errorf("%s: %+v", r.Name, r)
		}
		for _, id := range r.ZoneIDs {
			if !strings.HasPrefix(id, r.ZonePrefix()+"-az") {
				t.Errorf("%s: zone %s does not share the prefix %s", r.Name, id, r.ZonePrefix())
			}
		}
	}
	if (Region{}).ZonePrefix() != "" {
		t.Error("the zero Region has a zone prefix")
	}
	all[0].Name = "mutated"
	if Regions()[0].Name == "mutated" {
		t.Error("Regions() shares its backing array with the table")
	}
}

func TestRegionSuggestions(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"US West 2", []string{"us-west-2"}},
		{"us_east_1", []string{"us-east-1"}},
		{" EU-WEST-1 ", []string{"eu-west-1"}},
		{"Ireland", []string{"eu-west-1"}},
		{"Frankfurt", []string{"eu-central-1"}},
		{"us-est-1", []string{"us-east-1", "us-west-1"}},
		{"us-east-3", []string{"us-east-1", "us-east-2"}},
		{"eu-west-4", []string{"eu-west-1", "eu-west-2", "eu-west-3"}},
		{"mars-north-1", nil},
		{"", nil},
	} {
		if got := RegionSuggestions(tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("RegionSuggestions(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRegionWant(t *testing.T) {
	if got := RegionWant("US West 2"); got != "an AWS commercial Region code such as us-west-2" {
		t.Errorf("RegionWant(US West 2) = %q", got)
	}
	if got := RegionWant("atlantis"); got != "an AWS commercial Region code such as us-east-1 or eu-west-1" {
		t.Errorf("RegionWant(atlantis) = %q", got)
	}
}

func TestRegionService(t *testing.T) {
	for _, tc := range []struct {
		region  string
		service Service
		want    Availability
	}{
		{"eu-west-1", ECS, Available},
		{"ap-southeast-6", AmazonMQ, Available},
		{"mx-central-1", CloudFront, Available},
		{"us-east-1", SES, Available},
		{"mx-central-1", SES, Unavailable},
		{"ap-east-2", SES, Unavailable},
		{"eu-west-1", ManagedGrafana, Available},
		{"sa-east-1", ManagedGrafana, Unavailable},
		{"us-west-1", FargateLinux, Available},
		{"eu-west-1", FargateLinux, Unknown},
		{"us-east-1", AuroraServerlessV2MySQL, Available},
		{"ap-southeast-6", AuroraServerlessV2MySQL, Unknown},
		{"us-east-1", FargateSpot, Unknown},
		{"us-east-1", ElastiCacheServerless, Unknown},
	} {
		r, ok := LookupRegion(tc.region)
		if !ok {
			t.Fatalf("no region %s", tc.region)
		}
		if got := r.Service(tc.service); got != tc.want {
			t.Errorf("%s in %s = %v, want %v", tc.service, tc.region, got, tc.want)
		}
	}
}

func TestServiceTablesNameRealRegionsAndDocuments(t *testing.T) {
	for s, sr := range services {
		if sr.document == "" || ServiceDocument(s) != sr.document {
			t.Errorf("%s has no document", s)
		}
		for _, name := range append(slices.Clone(sr.in), sr.out...) {
			if _, ok := LookupRegion(name); !ok {
				t.Errorf("%s lists %q, not a commercial Region", s, name)
			}
		}
	}
	if ServiceDocument(FargateSpot) != "" {
		t.Error("Fargate Spot has a document though none was read for it")
	}
}

func TestFargateZoneIDs(t *testing.T) {
	tokyo, _ := LookupRegion("ap-northeast-1")
	if got, want := tokyo.FargateZoneIDs(), []string{"apne1-az1", "apne1-az2", "apne1-az4"}; !slices.Equal(got, want) {
		t.Errorf("Tokyo Fargate zones = %v, want %v", got, want)
	}
	ireland, _ := LookupRegion("eu-west-1")
	if got := ireland.FargateZoneIDs(); !slices.Equal(got, ireland.ZoneIDs) {
		t.Errorf("Ireland Fargate zones = %v, want all of %v", got, ireland.ZoneIDs)
	}
}
