package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"platform/components/compute"
)

func TestContainerRulesRefuseWhatECSWouldRefuse(t *testing.T) {
	image := pulumi.String("public.ecr.aws/nginx/nginx:1.27")
	no := false
	sidecar := func(name string, port int) compute.Sidecar {
		return compute.Sidecar{Name: name, Image: image, Port: port}
	}
	for _, c := range []struct {
		name  string
		task  func(*compute.TaskArgs)
		entry string
		// refused is the path and the problem; empty for a valid task.
		refused []string
	}{
		{"nginx in front", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("nginx", 80)}
			t.Sidecars[0].DependsOn = []compute.Dependency{{Container: "app", Condition: "START"}}
		}, "nginx", nil},
		{"name of the main container", func(t *compute.TaskArgs) { t.Sidecars = []compute.Sidecar{sidecar("app", 80)} }, "", []string{"sidecars[0].name", "is already a container"}},
		{"name twice", func(t *compute.TaskArgs) { t.Sidecars = []compute.Sidecar{sidecar("a", 0), sidecar("a", 0)} }, "", []string{"sidecars[1].name", "is already a container"}},
		{"bad name", func(t *compute.TaskArgs) { t.Sidecars = []compute.Sidecar{sidecar("ngi nx", 0)} }, "", []string{"sidecars[0].name", "is not a container name"}},
		{"port twice", func(t *compute.TaskArgs) { t.Sidecars = []compute.Sidecar{sidecar("a", 80), sidecar("b", 80)} }, "", []string{"sidecars[1].port", "is already the port of a"}},
		{"port of the tracing daemon", func(t *compute.TaskArgs) { t.Tracing = true; t.Sidecars = []compute.Sidecar{sidecar("a", 2000)} }, "", []string{"sidecars[0].port", "xray-daemon"}},
		{"eleven containers", func(t *compute.TaskArgs) {
			for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
				t.Sidecars = append(t.Sidecars, sidecar(n, 0))
			}
		}, "", []string{"sidecars", "at most 10 containers"}},
		{"unknown dependency", func(t *compute.TaskArgs) {
			t.DependsOn = []compute.Dependency{{Container: "db", Condition: "START"}}
		}, "", []string{"dependsOn[0].container", "is not another container"}},
		{"depends on itself", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0)}
			t.Sidecars[0].DependsOn = []compute.Dependency{{Container: "a", Condition: "START"}}
		}, "", []string{"sidecars[0].dependsOn[0].container", "is not another container"}},
		{"bad condition", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0)}
			t.DependsOn = []compute.Dependency{{Container: "a", Condition: "READY"}}
		}, "", []string{"dependsOn[0].condition", "is not a dependency condition"}},
		{"healthy without a health check", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0)}
			t.DependsOn = []compute.Dependency{{Container: "a", Condition: "HEALTHY"}}
		}, "", []string{"dependsOn[0].condition", "needs a health check on a"}},
		{"healthy with one", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0)}
			t.Sidecars[0].HealthCommand = []string{"CMD", "true"}
			t.DependsOn = []compute.Dependency{{Container: "a", Condition: "HEALTHY"}}
		}, "", nil},
		{"complete on an essential container", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("setup", 0)}
			t.DependsOn = []compute.Dependency{{Container: "setup", Condition: "SUCCESS"}}
		}, "", []string{"dependsOn[0].condition", "setup is essential"}},
		{"success on a one-shot step", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("setup", 0)}
			t.Sidecars[0].Essential = &no
			t.DependsOn = []compute.Dependency{{Container: "setup", Condition: "SUCCESS"}}
		}, "", nil},
		{"sidecars above the task's memory", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0), sidecar("b", 0)}
			t.Sidecars[0].Memory, t.Sidecars[1].Memory = 300, 300
		}, "", []string{"sidecars", "reserve more than the task's"}},
		{"secret-looking sidecar variable", func(t *compute.TaskArgs) {
			t.Sidecars = []compute.Sidecar{sidecar("a", 0)}
			t.Sidecars[0].Environment = map[string]pulumi.StringInput{"API_TOKEN": pulumi.String("x")}
		}, "", []string{"sidecars[0].environment.API_TOKEN", "looks like a secret"}},
		{"entry that is not a sidecar", func(t *compute.TaskArgs) {}, "nginx", []string{"entry", "is not a sidecar"}},
		{"entry on another port", func(t *compute.TaskArgs) { t.Sidecars = []compute.Sidecar{sidecar("nginx", 8081)} }, "nginx", []string{"entry", "listens on port 8081"}},
		{"shared volume with a reserved name", func(t *compute.TaskArgs) {
			t.Mounts = []compute.Mount{{Volume: "writable-1", Path: "/data"}}
		}, "", []string{"volumes[0].name", "is not a shared volume name"}},
		{"writable root", func(t *compute.TaskArgs) { t.WritablePaths = []string{"/"} }, "", []string{"writablePaths[0]", "is the root file system"}},
		{"relative writable path", func(t *compute.TaskArgs) { t.WritablePaths = []string{"storage"} }, "", []string{"writablePaths[0]", "is not a clean absolute path"}},
		{"unclean writable path", func(t *compute.TaskArgs) { t.WritablePaths = []string{"/var/www/../www/storage"} }, "", []string{"writablePaths[0]", "is not a clean absolute path"}},
		{"writable /proc", func(t *compute.TaskArgs) { t.WritablePaths = []string{"/proc/self"} }, "", []string{"writablePaths[0]", "kernel or runtime"}},
		{"writable path twice", func(t *compute.TaskArgs) { t.WritablePaths = []string{"/srv/cache", "/srv/cache"} }, "", []string{"writablePaths[1]", "is mounted twice"}},
		{"writable /tmp again", func(t *compute.TaskArgs) { t.WritablePaths = []string{"/tmp"} }, "", []string{"writablePaths[0]", "is mounted twice"}},
		{"laravel's paths", func(t *compute.TaskArgs) {
			t.WritablePaths = []string{"/var/www/html/storage", "/var/www/html/bootstrap/cache"}
		}, "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			task := compute.TaskArgs{Image: image, CPU: 256, Memory: 512}
			c.task(&task)
			task.Entry = c.entry
			port := 8080 // the main container's
			if c.entry != "" {
				port = 80 // nginx's
			}
			args := compute.FargateServiceArgs{Task: task, Port: port, Domain: "example.com", Subdomain: "www", ZoneID: image, Priority: 1}
			err := args.Validate("app")
			if c.refused == nil {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), `"`+c.refused[0]+`"`)
				assert.Contains(t, err.Error(), c.refused[1])
			}
		})
	}
}
