package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
	"platform/internal/schema"
	"platform/stacks"
)

// validateStack loads and validates a stack of the project in dir as the
// program does, without registering anything.
func validateStack(t *testing.T, dir, stack string) error {
	t.Helper()
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	project.Optional = schema.Keys
	cfg, err := project.LoadStack(stack)
	if err != nil {
		return err
	}
	_, err = stacks.ReadConfig(project.Name, stack, dir, func(key string) string { return cfg.Values[key] })
	return err
}

// edit changes one fixture file: its text to the new text ("" for a new file).
type edit func(string) string

func appendText(more string) edit { return func(s string) string { return s + more } }

func replaceText(old, new string) edit {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// previewFile is the fixture's preview template rendered for pull request n.
func previewFile(n string, more string) edit {
	return func(string) string {
		text, err := os.ReadFile(filepath.Join(projectDir, offline.PreviewTemplate))
		if err != nil {
			panic(err)
		}
		return strings.NewReplacer("${PR_NUMBER}", n, "${IMAGE_TAG}", "pr-"+n).Replace(string(text)) + more
	}
}

const exampleKeyID = "AKIAIOSFODNN7EXAMPLE"

func TestBadInputIsRefusedNamingKeyFileValueAndWhatIsAllowed(t *testing.T) {
	cases := []struct {
		name  string
		stack string
		edits map[string]edit
		// want are all in the message: key path, file, value, what is allowed.
		want []string
		// hidden are never in it.
		hidden []string
	}{
		{"truncated secret ARN", "staging", map[string]edit{"workloads/orders.yaml": replaceText("secrets:\n", "secrets:\n  STRIPE: arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe\n")},
			[]string{`workloads/orders.yaml: secrets.STRIPE`, `"arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe"`, "6-character suffix", "<name>-<6 characters>"}, nil},
		{"secret ARN of an unknown partition", "staging", map[string]edit{"workloads/orders.yaml": replaceText("secrets:\n", "secrets:\n  STRIPE: arn:aws-xx:secretsmanager:us-east-1:123456789012:secret:stripe-AbCdEf\n")},
			[]string{`workloads/orders.yaml: secrets.STRIPE`, `"arn:aws-xx:`, "partition aws, aws-cn or aws-us-gov"}, nil},
		{"truncated parameter ARN", "staging", map[string]edit{"workloads/orders.yaml": replaceText("secrets:\n", "secrets:\n  FLAGS: arn:aws:ssm:us-east-1:123456789012:parameter\n")},
			[]string{`workloads/orders.yaml: secrets.FLAGS`, `"arn:aws:ssm:us-east-1:123456789012:parameter"`, "an SSM parameter ARN"}, nil},
		{"a variable that replaces an injected endpoint", "staging", map[string]edit{"workloads/orders.yaml": appendText("environment:\n  DATABASE_HOST: localhost\n")},
			[]string{`workloads/orders.yaml: environment.DATABASE_HOST`, `"localhost"`, "would replace the value the platform injects", "the platform sets it"}, nil},
		{"a variable that replaces a queue's injected URL", "staging", map[string]edit{"workloads/orders.yaml": appendText("environment:\n  QUEUE_DEFAULT_URL: http://localhost\n")},
			[]string{`workloads/orders.yaml: environment.QUEUE_DEFAULT_URL`, `"http://localhost"`, "the platform sets it"}, nil},
		{"a variable that is also a secret", "staging", map[string]edit{"workloads/orders.yaml": appendText("environment:\n  DATABASE_USER: app\n")},
			[]string{`workloads/orders.yaml: environment.DATABASE_USER`, "is also a secret of the workload", "under secrets or under environment, not both"}, []string{`"app"`}},
		{"a preview file whose number is another stack's", "pr-8", map[string]edit{"Pulumi.pr-8.yaml": previewFile("7", "")},
			[]string{`"platform:preview.number"`, "7 is not the number of stack pr-8", "want 8"}, nil},
		{"data in a preview", "pr-9", map[string]edit{"Pulumi.pr-9.yaml": previewFile("9", "  platform:data:\n    queues: [{name: bulk}]\n")},
			[]string{`"platform:data"`, "is ignored in a preview", "set it in the base stack"}, nil},
		{"the fixture's preview file is accepted", "pr-9", map[string]edit{"Pulumi.pr-9.yaml": previewFile("9", "")}, nil, nil},
		{"an extra image in a preview", "pr-9", map[string]edit{"Pulumi.pr-9.yaml": previewFile("9", "").andThen(replaceText("    admin: pr-9\n", "    admin: pr-9\n    ghost: pr-9\n"))},
			[]string{`"platform:images.ghost"`, `"pr-9"`, "is ignored in a preview", "admin, catalog, frontend, jobs, orders, recon, webhooks"}, nil},
		{"an AWS key id in a stack file", "staging", map[string]edit{"Pulumi.staging.yaml": replaceText("  platform:network:\n", "  platform:tags:\n    ci-key: "+exampleKeyID+"\n  platform:network:\n")},
			[]string{"Pulumi.staging.yaml", `"platform:tags.ci-key"`, "looks like an AWS access key", "task roles"}, []string{exampleKeyID}},
		{"an AWS key pair in the aws namespace", "staging", map[string]edit{"Pulumi.staging.yaml": appendText("  aws:accessKey: " + exampleKeyID + "\n  aws:secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")},
			[]string{"Pulumi.staging.yaml", `"aws:accessKey"`, `"aws:secretKey"`, "looks like an AWS access key"}, []string{exampleKeyID, "wJalrXUtnFEMI"}},
		{"an AWS key id in a workload's environment", "staging", map[string]edit{"workloads/orders.yaml": appendText("environment:\n  UPLOAD_KEY_ID: " + exampleKeyID + "\n")},
			[]string{`workloads/orders.yaml: environment.UPLOAD_KEY_ID`, "looks like an AWS access key"}, []string{exampleKeyID}},
		{"a size reported where sizes set it", "staging", map[string]edit{"Pulumi.staging.yaml": appendText("  platform:sizes:\n    catalog:\n      cpu: 300\n")},
			[]string{`"platform:sizes.catalog.cpu"`, "300 is not a Fargate size", "256, 512"}, []string{"platform:workloads"}},
		{"a workload file's key reported in its file", "staging", map[string]edit{"workloads/orders.yaml": appendText("cpu: 300\n")},
			[]string{`"workloads/orders.yaml: cpu"`, "300 is not a Fargate size"}, []string{"platform:workloads"}},
		{"a priority in the preview range", "staging", map[string]edit{"workloads/orders.yaml": replaceText("priority: 300", "priority: 30000")},
			[]string{`"workloads/orders.yaml: priority"`, "30000 is out of range", "want 1 to 29999"}, []string{"50000"}},
		{"a negative priority", "staging", map[string]edit{"workloads/orders.yaml": replaceText("priority: 300", "priority: -1")},
			[]string{`"workloads/orders.yaml: priority"`, "-1 is out of range", "want 1 to 29999"}, []string{"50000"}},
		{"more paths than a listener rule takes", "staging", map[string]edit{"workloads/orders.yaml": appendText("paths: [/a, /b, /c, /d, /e]\n")},
			[]string{`"workloads/orders.yaml: paths"`, "5 are more path patterns than a listener rule takes", "at most 4"}, nil},
		{"nat none without interface endpoints", "staging", map[string]edit{"Pulumi.staging.yaml": replaceText("    cidr: 10.1.0.0/16\n", "    cidr: 10.1.0.0/16\n    nat: none\n")},
			[]string{`"platform:network.nat": "none" leaves tasks no way to pull images`, "platform:network.interfaceEndpoints true (ecr.api, ecr.dkr, logs, secretsmanager, ssm)"}, nil},
		{"nat none while workloads need SQS, SES and X-Ray", "staging", map[string]edit{"Pulumi.staging.yaml": replaceText("    cidr: 10.1.0.0/16\n", "    cidr: 10.1.0.0/16\n    nat: none\n    interfaceEndpoints: true\n")},
			[]string{`"workloads/orders.yaml: tracing": needs AWS X-Ray, which platform:network.nat "none" cannot reach`, `"workloads/orders.yaml: grants[2]": needs Amazon SES`,
				`"workloads/jobs.yaml: queues": needs Amazon SQS`, "want nat gateway or instance"}, nil},
		{"an unknown stack", "nope", nil,
			[]string{`unknown stack "nope"`, "no Pulumi.nope.yaml", "dev, perf, production, staging", "pr-<n>"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyFixture(t, nil)
			for file, change := range tc.edits {
				path := filepath.Join(dir, file)
				old, _ := os.ReadFile(path)
				require.NoError(t, os.WriteFile(path, []byte(change(string(old))), 0o644))
			}
			err := validateStack(t, dir, tc.stack)
			if len(tc.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, h := range tc.hidden {
				assert.NotContains(t, err.Error(), h)
			}
		})
	}
}

func (e edit) andThen(next edit) edit { return func(s string) string { return next(e(s)) } }
