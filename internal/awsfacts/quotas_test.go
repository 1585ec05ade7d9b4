package awsfacts

import (
	"strings"
	"testing"
)

func TestQuotasNameTheirService(t *testing.T) {
	for _, q := range Quotas {
		if q.Service == "" || q.Name == "" || q.Default <= 0 || !strings.Contains(q.Document, "https://") {
			t.Errorf("quota %+v lacks its service, name, default or document", q)
		}
	}
}
