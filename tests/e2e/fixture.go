// Package e2e deploys an ephemeral copy of a small fixture product to a real
// AWS account through the Pulumi Automation API, following the README's
// first-deploy sequence, probes it over HTTPS and destroys it. The deploying
// test needs the e2e build tag, the pulumi CLI and AWS credentials; the parts
// here need none of them and are unit-tested on every run.
package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options describe one ephemeral deployment.
type Options struct {
	// Stack is the ephemeral stack's name, e.g. e2e-1a2b3c; it is also the
	// label of its domain under ParentZone.
	Stack string
	// Region is where everything is deployed.
	Region string
	// Account is the AWS account id (it names the queue URL the worker polls).
	Account string
	// ParentZone is a public hosted zone of the account the stack's zone is
	// delegated from automatically (platform:access.parentZone).
	ParentZone string
	// Repository is the GitHub repository the stack's deploy roles trust.
	Repository string
	// OIDCProvider is "lookup" (the account has GitHub's provider) or "create".
	OIDCProvider string
}

// Domain is the stack's base domain.
func (o Options) Domain() string { return o.Stack + "." + o.ParentZone }

// Images of the fixture: the app (web service, public service, migration)
// and the worker, copied into the stack's repositories by digest-less tag.
var Images = map[string]string{
	"app":    "public.ecr.aws/docker/library/busybox:1.37",
	"worker": "public.ecr.aws/aws-cli/aws-cli:2.22.0",
}

// ImageTag is the tag the fixture images are pushed with.
const ImageTag = "e2e"

// MigrationMarker is what the migration prints and MessageMarker what the
// test sends through the queue; the test finds both in the logs.
const (
	MigrationMarker = "e2e-migration-done"
	MessageMarker   = "e2e-message"
)

// serve answers /health from a file under /tmp, the only writable path.
var serve = []string{"sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/health && exec httpd -f -p 8080 -h /tmp/www"}

// QueueURL is the URL of the fixture's queue ("jobs"), named like every
// queue of the platform: <project>-<stack>-<name>.
func (o Options) QueueURL() string {
	return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/platform-%s-jobs", o.Region, o.Account, o.Stack)
}

// workloads is the fixture product: a gated web service after a migration,
// a public service, and a worker that prints what it receives from the queue
// (the aws-cli image's entrypoint is aws; ECS restarts it after each poll).
func (o Options) workloads() map[string]any {
	return map[string]any{
		"services": map[string]any{
			"web":    map[string]any{"repository": "app", "subdomain": "app", "priority": 10, "after": []string{"migrate"}, "command": serve},
			"public": map[string]any{"repository": "app", "subdomain": "public", "priority": 20, "cognito": false, "command": serve},
		},
		"workers": map[string]any{
			"worker": map[string]any{"repository": "worker", "queues": []string{"jobs"}, "architecture": "X86_64", "command": []string{
				"sqs", "receive-message", "--region", o.Region, "--queue-url", o.QueueURL(), "--wait-time-seconds", "20",
			}},
		},
		"migrations": map[string]any{
			"migrate": map[string]any{"repository": "app", "command": []string{"echo", MigrationMarker}},
		},
	}
}

// Config is the stack's configuration for one step of the first-deploy
// sequence: images holds the repositories that have an image already (none
// on the first `up`, which creates the repositories).
func (o Options) Config(images map[string]string) (map[string]string, error) {
	if o.Stack == "" || o.Region == "" || o.Account == "" || o.ParentZone == "" || o.Repository == "" {
		return nil, errors.New("e2e: stack, region, account, parent zone and repository are all required")
	}
	objects := map[string]any{
		"platform:network":   map[string]any{"nat": "instance"},
		"platform:access":    map[string]any{"parentZone": o.ParentZone, "github": map[string]any{"repository": o.Repository, "oidcProvider": o.OIDCProvider}},
		"platform:data":      map[string]any{"queues": []any{map[string]any{"name": "jobs"}}},
		"platform:workloads": o.workloads(),
		"platform:images":    images,
		"platform:sizes":     map[string]any{},
	}
	out := map[string]string{"aws:region": o.Region, "platform:environment": "dev", "platform:domain": o.Domain()}
	for key, value := range objects {
		text, err := json.Marshal(value)
		if err != nil {
			return nil, err
		}
		out[key] = string(text)
	}
	return out, nil
}

// noRedirects makes a client report a redirect instead of following it.
func noRedirects(c *http.Client) *http.Client {
	copied := *c
	copied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &copied
}

// ProbeGated checks that a gated host answers an anonymous browser with a
// redirect to the Cognito hosted login (an ALB authenticate-cognito action).
func ProbeGated(ctx context.Context, c *http.Client, host string) error {
	resp, err := get(ctx, noRedirects(c), "https://"+host+"/")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return fmt.Errorf("gated %s answered %d, want 302 to the Cognito login", host, resp.StatusCode)
	}
	to, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || to.Scheme != "https" || !strings.HasSuffix(to.Host, ".amazoncognito.com") || to.Path != "/oauth2/authorize" {
		return fmt.Errorf("gated %s redirects to %q, want https://<domain>.auth.<region>.amazoncognito.com/oauth2/authorize", host, resp.Header.Get("Location"))
	}
	return nil
}

// ProbeHealth checks that a public host answers its health path with 200.
func ProbeHealth(ctx context.Context, c *http.Client, host, path string) error {
	resp, err := get(ctx, noRedirects(c), "https://"+host+path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("public %s%s answered %d, want 200", host, path, resp.StatusCode)
	}
	return nil
}

func get(ctx context.Context, c *http.Client, address string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// Eventually retries probe until it succeeds or attempts run out, waiting
// between tries: DNS, certificates and tasks take minutes to settle.
func Eventually(ctx context.Context, attempts int, wait time.Duration, probe func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = probe(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
	}
	return err
}

// Stack is what cleanup needs of a deployed stack.
type Stack interface {
	Destroy(ctx context.Context) error
	Remove(ctx context.Context) error
}

// destroyAttempts: a destroy can fail on eventual consistency (ENIs of
// stopped tasks, a still-draining target group) and succeed when repeated.
const destroyAttempts = 3

// Cleanup destroys everything the stack created and then removes the stack,
// whatever happened before. It retries the destroy, and keeps the stack
// (with its state) when the destroy never succeeded, so nothing is orphaned
// without a record: the error says what to destroy by hand.
func Cleanup(ctx context.Context, s Stack, name string, wait time.Duration) error {
	var errs []error
	for i := 0; i < destroyAttempts; i++ {
		err := s.Destroy(ctx)
		if err == nil {
			return s.Remove(ctx)
		}
		errs = append(errs, fmt.Errorf("destroy %d of %d: %w", i+1, destroyAttempts, err))
		select {
		case <-ctx.Done():
			return errors.Join(append(errs, ctx.Err())...)
		case <-time.After(wait):
		}
	}
	return errors.Join(append(errs, fmt.Errorf("stack %s kept with its state: run `pulumi destroy -s %s` and `pulumi stack rm %s`", name, name, name))...)
}
