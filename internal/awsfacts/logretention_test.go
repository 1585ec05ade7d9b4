package awsfacts

import "testing"

func TestLogRetentionDaysAreDatedAndAscending(t *testing.T) {
	if logRetentionSource.Document == "" || logRetentionSource.Checked.IsZero() {
		t.Fatalf("retention table has no dated source: %+v", logRetentionSource)
	}
	if len(LogRetentionDays) != 22 || LogRetentionDays[0] != 1 || LogRetentionDays[len(LogRetentionDays)-1] != 3653 {
		t.Errorf("LogRetentionDays = %v, want the 22 periods from 1 to 3653 days", LogRetentionDays)
	}
	for i := 1; i < len(LogRetentionDays); i++ {
		if LogRetentionDays[i] <= LogRetentionDays[i-1] {
			t.Errorf("LogRetentionDays[%d] = %d does not ascend from %d", i, LogRetentionDays[i], LogRetentionDays[i-1])
		}
	}
}
