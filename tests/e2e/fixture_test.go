package e2e

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// tlsHost serves handler over HTTPS and returns its host and a client trusting it.
func tlsHost(t *testing.T, handler http.HandlerFunc) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewTLSServer(handler)
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "https://"), srv.Client()
}

func TestProbeGated(t *testing.T) {
	for _, c := range []struct {
		name     string
		status   int
		location string
		ok       bool
	}{
		{"redirect to cognito", http.StatusFound, "https://platform-e2e-login-123.auth.us-east-1.amazoncognito.com/oauth2/authorize?client_id=x", true},
		{"served without login", http.StatusOK, "", false},
		{"redirect elsewhere", http.StatusFound, "https://evil.example.com/oauth2/authorize", false},
		{"cognito but not the login", http.StatusFound, "https://x.auth.us-east-1.amazoncognito.com/logout", false},
		{"plain http", http.StatusFound, "http://x.auth.us-east-1.amazoncognito.com/oauth2/authorize", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			host, client := tlsHost(t, func(w http.ResponseWriter, _ *http.Request) {
				if c.location != "" {
					w.Header().Set("Location", c.location)
				}
				w.WriteHeader(c.status)
			})
			if err := ProbeGated(context.Background(), client, host); (err == nil) != c.ok {
				t.Fatalf("ProbeGated = %v, want ok %v", err, c.ok)
			}
		})
	}
}

func TestProbeHealth(t *testing.T) {
	host, client := tlsHost(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			w.WriteHeader(http.StatusOK)
		case "/moved":
			http.Redirect(w, r, "/health", http.StatusFound)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	for path, ok := range map[string]bool{"/health": true, "/missing": false, "/moved": false} {
		if err := ProbeHealth(context.Background(), client, host, path); (err == nil) != ok {
			t.Errorf("ProbeHealth(%s) = %v, want ok %v", path, err, ok)
		}
	}
}

func TestEventuallyRetriesUntilTheProbePasses(t *testing.T) {
	calls := 0
	err := Eventually(context.Background(), 5, time.Millisecond, func() error {
		calls++
		if calls < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("Eventually = %v after %d calls, want nil after 3", err, calls)
	}
	if err := Eventually(context.Background(), 2, time.Millisecond, func() error { return errors.New("never") }); err == nil {
		t.Fatal("Eventually passed a probe that never does")
	}
}

// fakeStack fails its first destroys as told and records what was called.
type fakeStack struct {
	failures int
	calls    []string
}

func (f *fakeStack) Destroy(context.Context) error {
	f.calls = append(f.calls, "destroy")
	if f.failures > 0 {
		f.failures--
		return errors.New("dependency violation")
	}
	return nil
}

func (f *fakeStack) Remove(context.Context) error {
	f.calls = append(f.calls, "remove")
	return nil
}

func TestCleanupAlwaysDestroysAndRemovesOnlyWhatIsGone(t *testing.T) {
	for _, c := range []struct {
		failures int
		want     string
		ok       bool
	}{
		{0, "destroy remove", true},
		{2, "destroy destroy destroy remove", true},
		{3, "destroy destroy destroy", false},
	} {
		s := &fakeStack{failures: c.failures}
		err := Cleanup(context.Background(), s, "e2e-x", time.Millisecond)
		if got := strings.Join(s.calls, " "); got != c.want || (err == nil) != c.ok {
			t.Errorf("%d failures: calls %q, err %v; want %q, ok %v", c.failures, got, err, c.want, c.ok)
		}
		if !c.ok && !strings.Contains(err.Error(), "pulumi destroy -s e2e-x") {
			t.Errorf("the error says how to finish by hand: %v", err)
		}
	}
}

func TestConfigNeedsEveryOption(t *testing.T) {
	if _, err := (Options{Stack: "e2e-x", Region: "us-east-1"}).Config(nil); err == nil {
		t.Fatal("a config without account, parent zone and repository was made")
	}
}
