package awsfacts

import "testing"

// The HTTP API quotas as the quota pages give them (read 2026-12-02).
func TestHTTPAPIQuotasMatchTheQuotaPages(t *testing.T) {
	for _, tc := range []struct {
		quota      Quota
		value      int
		adjustable bool
	}{
		{QuotaRoutesPerHTTPAPI, 300, true},
		{QuotaIntegrationsPerHTTPAPI, 300, false},
		{QuotaAuthorizersPerHTTPAPI, 10, true},
		{QuotaAudiencesPerAuthorizer, 50, false},
		{QuotaCustomDomainsPerRegion, 120, true},
		{QuotaVPCLinksPerRegion, 10, true},
		{QuotaSubnetsPerVPCLink, 10, true},
		{QuotaStagesPerHTTPAPI, 10, true},
		{QuotaHTTPAPIAccessLogFormatB, 3 * 1024, false},
		{QuotaHTTPAPIThrottleRate, 10000, true},
		// AWS sets the burst from the rate; it cannot be requested.
		{QuotaHTTPAPIThrottleBurst, 5000, false},
	} {
		if tc.quota.Default != tc.value || tc.quota.Adjustable != tc.adjustable {
			t.Errorf("%s: %d (adjustable %v), the page says %d (adjustable %v)",
				tc.quota.Name, tc.quota.Default, tc.quota.Adjustable, tc.value, tc.adjustable)
		}
	}
}
