package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeProduct(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ProductDir), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, ProductDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestLoadProductReadsOneFilePerWorkload(t *testing.T) {
	root := writeProduct(t, map[string]string{
		"web.yaml":     "kind: service\nrepository: web\nsubdomain: www\npriority: 100\n",
		"jobs.yaml":    "kind: worker\nrepository: jobs\nqueues: [default]\n",
		"nightly.yaml": "kind: schedule\nrepository: jobs\nschedule: cron(0 3 * * ? *)\n",
		"migrate.yaml": "kind: migration\nrepository: web\ncommand: [php, artisan, migrate]\n",
	})
	w, err := LoadProduct(root)
	if err != nil {
		t.Fatal(err)
	}
	if w.Services["web"].Priority != 100 || w.Workers["jobs"].Queues[0] != "default" ||
		w.Schedules["nightly"].Schedule != "cron(0 3 * * ? *)" || w.Migrations["migrate"].Command[2] != "migrate" {
		t.Fatalf("%+v", w)
	}
}

func TestLoadProductNamesTheFileKeyAndLine(t *testing.T) {
	cases := map[string]struct{ text, want string }{
		"unknown key":   {"kind: service\nrepository: web\nsubdomian: www\n", `"workloads/web.yaml: subdomian (line 3)": "subdomian" is not a key`},
		"wrong type":    {"kind: service\nrepository: web\nport: eighty\n", `"workloads/web.yaml: port (line 3)": "eighty" is a string, want an integer`},
		"nested":        {"kind: service\nrepository: web\nscaling:\n  min: one\n", `"workloads/web.yaml: scaling.min (line 4)": "one" is a string`},
		"unknown kind":  {"kind: job\nrepository: web\n", `"workloads/web.yaml: kind": "job" is not a workload kind, want one of service, worker, singleton, schedule, migration`},
		"not a mapping": {"- a\n- b\n", `"workloads/web.yaml": is not a mapping`},
		"bad grant":     {"kind: service\ngrants: [s3:all]\n", `"workloads/web.yaml: grants[0] (line 2)": "s3:all" is not a grant`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := LoadProduct(writeProduct(t, map[string]string{"web.yaml": c.text}))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

func TestAProjectWithoutProductFilesHasNone(t *testing.T) {
	w, err := LoadProduct(t.TempDir())
	if err != nil || w.Services != nil {
		t.Fatalf("%+v %v", w, err)
	}
}

func TestAWorkloadDeclaredTwiceIsRefused(t *testing.T) {
	a := Workloads{Services: map[string]Service{"web": {}}}
	_, err := a.Merge(Workloads{Services: map[string]Service{"web": {}}}, "demo:workloads")
	if err == nil || !strings.Contains(err.Error(), `"workloads/web.yaml": "web" is also declared in demo:workloads`) {
		t.Fatal(err)
	}
}

func TestASingletonFileIsAWorkerThatRunsOneTask(t *testing.T) {
	for _, c := range []struct {
		name, text, refused string
	}{
		{"plain", "kind: singleton\nrepository: app\ncommand: [php, artisan, schedule:work]\n", ""},
		{"scaling", "kind: singleton\nrepository: app\nscaling: {max: 2}\n", "workloads/cron.yaml: scaling"},
		{"backlog", "kind: singleton\nrepository: app\nbacklogPerTask: 5\n", "workloads/cron.yaml: backlogPerTask"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var w Workloads
			err := w.add("workloads/cron.yaml", "cron", []byte(c.text))
			if c.refused != "" {
				if err == nil || !strings.Contains(err.Error(), c.refused) {
					t.Fatalf("want %q refused, got %v", c.refused, err)
				}
				return
			}
			if err != nil || !w.Workers["cron"].Singleton {
				t.Fatalf("want a singleton worker, got %+v, %v", w.Workers["cron"], err)
			}
		})
	}
}
