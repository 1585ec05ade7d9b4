package cost

import (
	"strings"
	"testing"
)

// Cloud Map bills the resources registered in a service (AWS Cloud Map
// Developer Guide, "AWS Cloud Map Pricing"; read 2026-12-02): a discovery
// service's ECS tasks are not free, so the estimate must not say they are.
func TestCloudMapInstancesAreNotDeclaredFree(t *testing.T) {
	why, ok := Free["aws:servicediscovery/service:Service"]
	if !ok {
		t.Fatal("a Cloud Map service is neither priced nor declared")
	}
	lower := strings.ToLower(why)
	if strings.Contains(lower, "free") || strings.Contains(lower, "no charge") || !strings.Contains(lower, "bills each registered instance") {
		t.Errorf("a Cloud Map service is declared %q; say that its registered instances are billed", why)
	}
}
