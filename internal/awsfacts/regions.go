package awsfacts

import (
	"slices"
	"strconv"
	"strings"
)

// Region is an AWS commercial Region (partition aws). GovCloud (aws-us-gov),
// China (aws-cn), the European Sovereign Cloud (aws-eusc) and the ISO
// partitions are out of scope: they need separate accounts, and the platform
// is not built or priced for them.
type Region struct {
	// Name is the Region code, e.g. "eu-west-1".
	Name string
	// Title is AWS's display name, e.g. "Europe (Ireland)".
	Title string
	// OptIn is true for Regions an account must enable before use: every
	// Region launched after 20 March 2019.
	OptIn bool
	// ZoneIDs are the Region's Availability Zone IDs (e.g. "euw1-az1"), the
	// same physical zone in every account.
	ZoneIDs []string
	// NewAccountZones is how many zones an account created today gets; fewer
	// than len(ZoneIDs) where AWS says so (US West (N. California): two).
	NewAccountZones int
}

// ZonePrefix is the Region-specific prefix of its zone IDs, e.g. "euw1";
// ElastiCache endpoints carry it too. Empty for the zero Region.
func (r Region) ZonePrefix() string {
	if len(r.ZoneIDs) == 0 {
		return ""
	}
	prefix, _, _ := strings.Cut(r.ZoneIDs[0], "-az")
	return prefix
}

// ZoneNames are the names of the zones a new account gets: the Region code and
// a letter. Older accounts in the oldest Regions map letters to zones
// differently; use ZoneIDs to name a physical zone.
func (r Region) ZoneNames() []string {
	names := make([]string, r.NewAccountZones)
	for i := range names {
		names[i] = r.Name + string(rune('a'+i))
	}
	return names
}

var _ = register(Source{
	Table: "AWS commercial Regions and their Availability Zones",
	Document: "AWS Regions and Availability Zones user guide, \"AWS Availability Zones\" https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html " +
		"(AZ IDs; \"Newer accounts can access two Availability Zones in US West (N. California)\"), " +
		"AWS Account Management reference guide, \"Enable or disable AWS Regions in your account\" https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html " +
		"(Regions introduced after 20 March 2019 are disabled until an account opts in); " +
		"Region codes and titles cross-checked with the aws partition of botocore/data/endpoints.json (botocore commit 0e6e240, 2026-08-07). Stored copies.",
	Checked: day("2026-12-01"),
})

// regions are the 34 commercial Regions, by code.
var regions = []Region{
	region("af-south-1", "Africa (Cape Town)", true, "afs1", 1, 2, 3),
	region("ap-east-1", "Asia Pacific (Hong Kong)", true, "ape1", 1, 2, 3),
	region("ap-east-2", "Asia Pacific (Taipei)", true, "ape2", 1, 2, 3),
	region("ap-northeast-1", "Asia Pacific (Tokyo)", false, "apne1", 1, 2, 3, 4),
	region("ap-northeast-2", "Asia Pacific (Seoul)", false, "apne2", 1, 2, 3, 4),
	region("ap-northeast-3", "Asia Pacific (Osaka)", false, "apne3", 1, 2, 3),
	region("ap-south-1", "Asia Pacific (Mumbai)", false, "aps1", 1, 2, 3),
	region("ap-south-2", "Asia Pacific (Hyderabad)", true, "aps2", 1, 2, 3),
	region("ap-southeast-1", "Asia Pacific (Singapore)", false, "apse1", 1, 2, 3),
	region("ap-southeast-2", "Asia Pacific (Sydney)", false, "apse2", 1, 2, 3),
	region("ap-southeast-3", "Asia Pacific (Jakarta)", true, "apse3", 1, 2, 3),
	region("ap-southeast-4", "Asia Pacific (Melbourne)", true, "apse4", 1, 2, 3),
	region("ap-southeast-5", "Asia Pacific (Malaysia)", true, "apse5", 1, 2, 3),
	region("ap-southeast-6", "Asia Pacific (New Zealand)", true, "apse6", 1, 2, 3),
	region("ap-southeast-7", "Asia Pacific (Thailand)", true, "apse7", 1, 2, 3),
	region("ca-central-1", "Canada (Central)", false, "cac1", 1, 2, 4),
	region("ca-west-1", "Canada West (Calgary)", true, "caw1", 1, 2, 3),
	region("eu-central-1", "Europe (Frankfurt)", false, "euc1", 1, 2, 3),
	region("eu-central-2", "Europe (Zurich)", true, "euc2", 1, 2, 3),
	region("eu-north-1", "Europe (Stockholm)", false, "eun1", 1, 2, 3),
	region("eu-south-1", "Europe (Milan)", true, "eus1", 1, 2, 3),
	region("eu-south-2", "Europe (Spain)", true, "eus2", 1, 2, 3),
	region("eu-west-1", "Europe (Ireland)", false, "euw1", 1, 2, 3),
	region("eu-west-2", "Europe (London)", false, "euw2", 1, 2, 3, 4),
	region("eu-west-3", "Europe (Paris)", false, "euw3", 1, 2, 3),
	region("il-central-1", "Israel (Tel Aviv)", true, "ilc1", 1, 2, 3),
	region("me-central-1", "Middle East (UAE)", true, "mec1", 1, 2, 3),
	region("me-south-1", "Middle East (Bahrain)", true, "mes1", 1, 2, 3),
	region("mx-central-1", "Mexico (Central)", true, "mxc1", 1, 2, 3),
	region("sa-east-1", "South America (Sao Paulo)", false, "sae1", 1, 2, 3),
	region("us-east-1", "US East (N. Virginia)", false, "use1", 1, 2, 3, 4, 5, 6),
	region("us-east-2", "US East (Ohio)", false, "use2", 1, 2, 3),
	withNewAccountZones(region("us-west-1", "US West (N. California)", false, "usw1", 1, 2, 3), 2),
	region("us-west-2", "US West (Oregon)", false, "usw2", 1, 2, 3, 4),
}

func region(name, title string, optIn bool, prefix string, zones ...int) Region {
	r := Region{Name: name, Title: title, OptIn: optIn, NewAccountZones: len(zones)}
	for _, z := range zones {
		r.ZoneIDs = append(r.ZoneIDs, prefix+"-az"+strconv.Itoa(z))
	}
	return r
}

func withNewAccountZones(r Region, n int) Region {
	r.NewAccountZones = n
	return r
}

// LookupRegion returns the commercial Region with that exact code.
func LookupRegion(name string) (Region, bool) {
	i := slices.IndexFunc(regions, func(r Region) bool { return r.Name == name })
	if i < 0 {
		return Region{}, false
	}
	return regions[i], true
}

// Regions lists every commercial Region, sorted by code.
func Regions() []Region { return slices.Clone(regions) }

// RegionSuggestions returns the Region codes closest to a name that is not
// one: the code it spells with other case or separators ("US West 2" →
// us-west-2), the Region whose title names it ("Ireland" → eu-west-1), else
// the codes fewest edits away, at most two ("us-est-1" → us-east-1 or
// us-west-1). Empty when nothing is close.
func RegionSuggestions(name string) []string {
	normal := strings.Trim(strings.Map(func(c rune) rune {
		if c == ' ' || c == '_' || c == '.' {
			return '-'
		}
		return c
	}, strings.ToLower(strings.TrimSpace(name))), "-")
	if r, ok := LookupRegion(normal); ok {
		return []string{r.Name}
	}
	var out []string
	for _, r := range regions {
		title := strings.ToLower(r.Title)
		if normal != "" && (strings.Contains(title, "("+normal+")") || strings.Contains(title, normal+" (")) {
			out = append(out, r.Name)
		}
	}
	if len(out) > 0 {
		return out
	}
	best := 3 // farther than two edits is not close
	for _, r := range regions {
		switch d := editDistance(normal, r.Name); {
		case d < best:
			best, out = d, []string{r.Name}
		case d == best:
			out = append(out, r.Name)
		}
	}
	return out
}

// RegionWant says what a field that refused name accepts, for a validation
// error's "want" part: the close codes when there are some.
func RegionWant(name string) string {
	if close := RegionSuggestions(name); len(close) > 0 {
		return "an AWS commercial Region code such as " + strings.Join(close, " or ")
	}
	return "an AWS commercial Region code such as us-east-1 or eu-west-1"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
