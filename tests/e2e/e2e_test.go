//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

// projectDir is the repository root, where Pulumi.yaml lives.
const projectDir = "../.."

// autoStack adapts an Automation API stack to Cleanup.
type autoStack struct{ s auto.Stack }

func (a autoStack) Destroy(ctx context.Context) error {
	_, err := a.s.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout))
	return err
}

func (a autoStack) Remove(ctx context.Context) error {
	return a.s.Workspace().RemoveStack(ctx, a.s.Name())
}

// awsCLI runs the AWS CLI and returns its trimmed output.
func awsCLI(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "aws", args...).Output()
	return strings.TrimSpace(string(out)), err
}

// options reads the environment, or says in one line why the test cannot run.
func options(t *testing.T, ctx context.Context) Options {
	for _, tool := range []string{"pulumi", "aws", "crane"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("e2e: %s is not on PATH", tool)
		}
	}
	o := Options{Region: os.Getenv("AWS_REGION"), ParentZone: os.Getenv("E2E_PARENT_ZONE"),
		Repository: os.Getenv("E2E_GITHUB_REPOSITORY"), OIDCProvider: cmpOr(os.Getenv("E2E_OIDC_PROVIDER"), "lookup")}
	if o.Region == "" || o.ParentZone == "" || o.Repository == "" {
		t.Skip("e2e: set AWS_REGION, E2E_PARENT_ZONE (a public zone of the account) and E2E_GITHUB_REPOSITORY")
	}
	account, err := awsCLI(ctx, "sts", "get-caller-identity", "--query", "Account", "--output", "text")
	if err != nil || account == "" {
		t.Skip("e2e: no AWS credentials (aws sts get-caller-identity failed)")
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	o.Account, o.Stack = account, "e2e-"+hex.EncodeToString(suffix)
	return o
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// up sets the stack's config for one step and runs `pulumi up`.
func up(t *testing.T, ctx context.Context, s auto.Stack, o Options, images map[string]string) auto.OutputMap {
	t.Helper()
	cfg, err := o.Config(images)
	if err != nil {
		t.Fatal(err)
	}
	values := auto.ConfigMap{}
	for k, v := range cfg {
		values[k] = auto.ConfigValue{Value: v}
	}
	if err := s.SetAllConfig(ctx, values); err != nil {
		t.Fatal(err)
	}
	res, err := s.Up(ctx, optup.ProgressStreams(os.Stdout))
	if err != nil {
		t.Fatal(err)
	}
	return res.Outputs
}

// push copies the fixture images into the stack's repositories.
func push(t *testing.T, ctx context.Context, o Options) map[string]string {
	t.Helper()
	registry := o.Account + ".dkr.ecr." + o.Region + ".amazonaws.com"
	password, err := awsCLI(ctx, "ecr", "get-login-password", "--region", o.Region)
	if err != nil {
		t.Fatal(err)
	}
	login := exec.CommandContext(ctx, "crane", "auth", "login", registry, "-u", "AWS", "--password-stdin")
	login.Stdin = strings.NewReader(password)
	if out, err := login.CombinedOutput(); err != nil {
		t.Fatalf("crane auth login: %v: %s", err, out)
	}
	images := map[string]string{}
	for repo, source := range Images {
		target := registry + "/platform-" + o.Stack + "-" + repo + ":" + ImageTag
		if out, err := exec.CommandContext(ctx, "crane", "copy", source, target).CombinedOutput(); err != nil {
			t.Fatalf("crane copy %s: %v: %s", source, err, out)
		}
		images[repo] = ImageTag
	}
	return images
}

// TestFirstDeployOfAFreshStack follows the README's first-deploy sequence on
// an ephemeral stack: up (repositories, nothing rolled out), push, up again,
// then probes, and always destroys what it made.
func TestFirstDeployOfAFreshStack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	o := options(t, ctx)
	s, err := auto.UpsertStackLocalSource(ctx, o.Stack, projectDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		done, stop := context.WithTimeout(context.Background(), time.Hour)
		defer stop()
		if err := Cleanup(done, autoStack{s}, o.Stack, time.Minute); err != nil {
			t.Error(err)
		}
	})

	// 1. Nothing has an image yet: the repositories are created, no workload is rolled out.
	first := up(t, ctx, s, o, map[string]string{})
	if held, _ := first["notRolledOut"].Value.([]any); len(held) != 4 {
		t.Fatalf("first up holds back %v, want web, public, worker and migrate", first["notRolledOut"].Value)
	}
	// 2. Push, 3. up: the migration runs, then the services roll.
	up(t, ctx, s, o, push(t, ctx, o))

	client := &http.Client{Timeout: 15 * time.Second}
	if err := Eventually(ctx, 40, 30*time.Second, func() error { return ProbeGated(ctx, client, "app."+o.Domain()) }); err != nil {
		t.Error(err)
	}
	if err := Eventually(ctx, 40, 30*time.Second, func() error { return ProbeHealth(ctx, client, "public."+o.Domain(), "/health") }); err != nil {
		t.Error(err)
	}
	migrationBeforeService(t, ctx, o)
	messageReachesWorker(t, ctx, o)
}

// migrationBeforeService checks that the migration task stopped (exit 0)
// before the web service was created.
func migrationBeforeService(t *testing.T, ctx context.Context, o Options) {
	cluster := "platform-" + o.Stack + "-cluster"
	tasks, err := awsCLI(ctx, "ecs", "list-tasks", "--region", o.Region, "--cluster", cluster, "--started-by", "pulumi-migration",
		"--desired-status", "STOPPED", "--query", "taskArns[0]", "--output", "text")
	if err != nil || tasks == "" || tasks == "None" {
		t.Fatalf("no stopped migration task: %v", err)
	}
	stopped, err := awsCLI(ctx, "ecs", "describe-tasks", "--region", o.Region, "--cluster", cluster, "--tasks", tasks, "--query", "tasks[0].stoppedAt", "--output", "json")
	if err != nil {
		t.Fatal(err)
	}
	created, err := awsCLI(ctx, "ecs", "describe-services", "--region", o.Region, "--cluster", cluster, "--services", "web", "--query", "services[0].createdAt", "--output", "json")
	if err != nil {
		t.Fatal(err)
	}
	var stoppedAt, createdAt time.Time
	if json.Unmarshal([]byte(stopped), &stoppedAt) != nil || json.Unmarshal([]byte(created), &createdAt) != nil || !stoppedAt.Before(createdAt) {
		t.Errorf("migration stopped at %s, web created at %s: want the migration first", stopped, created)
	}
}

// messageReachesWorker sends a message and finds it in the worker's log.
func messageReachesWorker(t *testing.T, ctx context.Context, o Options) {
	body := MessageMarker + "-" + o.Stack
	if _, err := awsCLI(ctx, "sqs", "send-message", "--region", o.Region, "--queue-url", o.QueueURL(), "--message-body", body); err != nil {
		t.Fatal(err)
	}
	group := "/ecs/platform-" + o.Stack + "-worker"
	if err := Eventually(ctx, 20, 30*time.Second, func() error {
		out, err := awsCLI(ctx, "logs", "filter-log-events", "--region", o.Region, "--log-group-name", group,
			"--filter-pattern", `"`+body+`"`, "--query", "length(events)", "--output", "text")
		if err == nil && out != "0" && out != "" {
			return nil
		}
		return fmt.Errorf("message %s not in %s yet (%v)", body, group, err)
	}); err != nil {
		t.Error(err)
	}
}
