package compute

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeAWS answers the calls runMigration makes: run-task prints $FAKE_TASK,
// describe-tasks reports RUNNING $FAKE_RUNNING times, then STOPPED and
// $FAKE_EXIT as the container's exit code; every call is logged.
const fakeAWS = `#!/bin/bash
echo "$*" >> "$FAKE_LOG"
case "$2" in
  run-task) echo "$FAKE_TASK" ;;
  describe-tasks)
    case "$*" in
      *lastStatus*)
        n=$(grep -c lastStatus "$FAKE_LOG")
        if [ "$n" -le "$FAKE_RUNNING" ]; then echo RUNNING; else echo STOPPED; fi ;;
      *exitCode*) echo "$FAKE_EXIT" ;;
    esac ;;
  stop-task) ;;
  *) echo "unexpected aws $*" >&2; exit 2 ;;
esac
`

// runWithFakeAWS runs the migration script against fakeAWS and returns its
// stderr, the AWS calls it made and its error.
func runWithFakeAWS(t *testing.T, timeoutSeconds, running int, task, exit string) (string, []string, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "aws"), []byte(fakeAWS), 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "calls")
	cmd := exec.Command("/bin/bash", "-c", runMigration)
	cmd.Env = []string{
		"PATH=" + dir + ":/usr/bin:/bin", "FAKE_LOG=" + log, "FAKE_TASK=" + task, "FAKE_EXIT=" + exit,
		"FAKE_RUNNING=" + strconv.Itoa(running), "TIMEOUT_SECONDS=" + strconv.Itoa(timeoutSeconds), "POLL_SECONDS=0",
		"REGION=eu-west-1", "CLUSTER=c", "TASK_DEFINITION=d", "SUBNETS=s", "SECURITY_GROUP=g",
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	calls, _ := os.ReadFile(log)
	return stderr.String(), strings.Split(strings.TrimSpace(string(calls)), "\n"), err
}

func TestMigrationRunWaitsStopsOnTimeoutAndChecksTheExitCode(t *testing.T) {
	const arn = "arn:aws:ecs:eu-west-1:111122223333:task/c/abc"
	cases := []struct {
		name            string
		timeout, polls  int
		task, exit      string
		fails           bool
		stderr          string
		stops, describe int
	}{
		{name: "stops and exits 0", timeout: 600, polls: 3, task: arn, exit: "0", describe: 5},
		{name: "exits non-zero", timeout: 600, polls: 0, task: arn, exit: "3", fails: true,
			stderr: "migration task " + arn + " exited with 3", describe: 2},
		{name: "runs past its timeout", timeout: 0, polls: 1000, task: arn, exit: "0", fails: true,
			stderr: "migration task " + arn + " was still RUNNING after 0 s: stopped it", stops: 1, describe: 1},
		{name: "never starts", timeout: 600, task: "None", exit: "0", fails: true, stderr: "the migration task did not start"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stderr, calls, err := runWithFakeAWS(t, c.timeout, c.polls, c.task, c.exit)
			if (err != nil) != c.fails {
				t.Fatalf("error %v, want failure %v; stderr %q", err, c.fails, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, c.stderr)
			}
			stops, describes := 0, 0
			for _, call := range calls {
				switch {
				case strings.HasPrefix(call, "ecs stop-task"):
					stops++
					want := "--task " + arn + " --reason migration ran past its timeout of 0 s"
					if !strings.Contains(call, want) {
						t.Errorf("stop-task call %q, want %q", call, want)
					}
				case strings.HasPrefix(call, "ecs describe-tasks"):
					describes++
				case strings.HasPrefix(call, "ecs run-task"):
					if !strings.Contains(call, "--propagate-tags TASK_DEFINITION") {
						t.Errorf("run-task call %q does not tag the task with its definition's tags, which the deploy role may stop", call)
					}
				}
			}
			if stops != c.stops || describes != c.describe {
				t.Errorf("%d stop-task and %d describe-tasks calls, want %d and %d: %v", stops, describes, c.stops, c.describe, calls)
			}
		})
	}
}

func TestMigrationWaitIsTheTimeoutInSeconds(t *testing.T) {
	got := migrationWait(20)
	if got["TIMEOUT_SECONDS"] != "1200" || got["POLL_SECONDS"] != "15" || len(got) != 2 {
		t.Errorf("migrationWait(20) = %v", got)
	}
}
