package tests

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/offline"
	"platform/internal/schema"
)

const fixtureProject = `name: demo
runtime: go
config:
  demo:size:
    type: integer
    default: 2
  tier:
    type: string
    default: dev
  demo:paused:
    type: boolean
    default: false
  demo:labels:
    type: object
    default: {}
  demo:token:
    type: string
    secret: true
    default: ""
  aws:region:
    value: eu-west-1
`

// loadFixtureStack loads stack file text as stack "a" of fixtureProject.
func loadFixtureStack(t *testing.T, stackFile string) (*offline.StackConfig, error) {
	t.Helper()
	dir := writeProject(t, map[string]string{"Pulumi.yaml": fixtureProject, "Pulumi.a.yaml": stackFile})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	return project.LoadStack("a")
}

func TestLoadStackAppliesPulumiYamlDefaultsAndTypes(t *testing.T) {
	cfg, err := loadFixtureStack(t, `config:
  demo:tier: staging
  demo:labels:
    team: shop
    sizes: [1, 2]
`)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"demo:size":   "2",                             // Pulumi.yaml default
		"demo:paused": "false",                         // a boolean default
		"demo:tier":   "staging",                       // stack value wins over the default
		"demo:labels": `{"sizes":[1,2],"team":"shop"}`, // objects reach the program as JSON
		"aws:region":  "eu-west-1",                     // a provider key's project value
		"demo:token":  "",                              // a secret's default
	}, cfg.Values)
	assert.Empty(t, cfg.SecretKeys)
}

// The engine's check (workspace.ValidateConfigValue) takes the strings
// `pulumi config set` writes, and whole floats for integers.
func TestLoadStackAcceptsWhatTheEngineAccepts(t *testing.T) {
	cases := []struct{ key, yaml, want string }{
		{"demo:paused", "true", "true"},
		{"demo:paused", "false", "false"},
		{"demo:paused", `"true"`, "true"},
		{"demo:paused", `"false"`, "false"},
		{"demo:size", "3", "3"},
		{"demo:size", `"3"`, "3"},
		{"demo:size", "3.0", "3"},
		{"demo:tier", "3", "3"},       // a string key takes any scalar
		{"paused", "true", "true"},    // a bare key gets the project namespace
		{"demo:size", "-1", "-1"},     // the engine checks the type, not the range
		{"demo:size", `"07"`, "07"},   // strconv.Atoi takes leading zeros
		{"demo:tier", `"yes"`, "yes"}, // and a string stays what was written
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.yaml, func(t *testing.T) {
			cfg, err := loadFixtureStack(t, "config:\n  "+tc.key+": "+tc.yaml+"\n")
			require.NoError(t, err)
			full := tc.key
			if !strings.Contains(full, ":") {
				full = "demo:" + full
			}
			assert.Equal(t, tc.want, cfg.Values[full])
		})
	}
}

func TestLoadStackTurnsSecureValuesIntoPlaceholderSecrets(t *testing.T) {
	cfg, err := loadFixtureStack(t, `config:
  demo:tier:
    secure: v1:Zm9vYmFy
  demo:token:
    secure: v1:dG9rZW4=
  demo:size:
    secure: v1:Mw==
  demo:labels:
    team: shop
    token:
      secure: v1:YmF6
`)
	require.NoError(t, err)
	assert.Equal(t, []string{"demo:labels", "demo:size", "demo:tier", "demo:token"}, cfg.SecretKeys)
	assert.Equal(t, offline.SecretPlaceholder("demo:tier"), cfg.Values["demo:tier"])
	assert.Equal(t, offline.SecretPlaceholder("demo:size"), cfg.Values["demo:size"], "an encrypted integer is not type-checked offline")
	assert.JSONEq(t, `{"team":"shop","token":"`+offline.SecretPlaceholder("demo:labels")+`"}`, cfg.Values["demo:labels"])
	for key, value := range cfg.Values {
		for _, ciphertext := range []string{"v1:", "Zm9vYmFy", "dG9rZW4=", "Mw==", "YmF6"} {
			assert.NotContains(t, value, ciphertext, key)
		}
	}
}

func TestLoadStackRejectsBadStackFiles(t *testing.T) {
	cases := []struct {
		name, stackFile, want string
	}{
		{"undeclared key", "config:\n  demo:sise: 3\n",
			`Pulumi.a.yaml:2: validate "demo:sise": is not a key of this project, want one of demo:labels, demo:paused, demo:size, demo:tier, demo:token`},
		{"undeclared bare key", "config:\n  sise: 3\n",
			`Pulumi.a.yaml:2: validate "sise": is not a key of this project, want one of demo:labels, demo:paused, demo:size, demo:tier, demo:token`},
		{"integer as words", "config:\n  demo:size: big\n",
			`Pulumi.a.yaml:2: validate "demo:size": "big" is not of the type Pulumi.yaml declares, want an integer (3, "3" or 3.0)`},
		{"fractional integer", "config:\n  demo:size: 3.5\n",
			`Pulumi.a.yaml:2: validate "demo:size": "3.5" is not of the type Pulumi.yaml declares, want an integer (3, "3" or 3.0)`},
		{"fractional integer as text", "config:\n  demo:size: \"3.5\"\n",
			`Pulumi.a.yaml:2: validate "demo:size": "3.5" is not of the type Pulumi.yaml declares, want an integer (3, "3" or 3.0)`},
		{"yes for a boolean", "config:\n  demo:paused: \"yes\"\n",
			`Pulumi.a.yaml:2: validate "demo:paused": "yes" is not of the type Pulumi.yaml declares, want a boolean (true, false, "true" or "false")`},
		{"list for an integer", "config:\n  demo:size: [3]\n",
			`Pulumi.a.yaml:2: validate "demo:size": is a list, not the type Pulumi.yaml declares, want an integer (3, "3" or 3.0)`},
		{"mapping for a string", "config:\n  tier: {name: x}\n",
			`Pulumi.a.yaml:2: validate "tier": is a mapping, not the type Pulumi.yaml declares, want a string`},
		{"text for an object", "config:\n  demo:labels: shop\n",
			`Pulumi.a.yaml:2: validate "demo:labels": "shop" is not of the type Pulumi.yaml declares, want a mapping`},
		{"plain text for a secret key", "config:\n  demo:token: hunter2\n",
			`Pulumi.a.yaml:2: validate "demo:token": is in plain text but Pulumi.yaml declares it secret, want an encrypted value (pulumi config set --secret)`},
		{"malformed yaml", "config: [\n",
			"Pulumi.a.yaml: yaml: line 1: did not find expected node content"},
		{"keys at the root", "demo:size: 3\ndemo:tier: x\n",
			"Pulumi.a.yaml:1: config key \"demo:size\" is at the root of the file, want it indented under config:\n" +
				"Pulumi.a.yaml:2: config key \"demo:tier\" is at the root of the file, want it indented under config:\n" +
				"Pulumi.a.yaml: the file has no config: key; config keys go indented under a config: line"},
		{"misspelt config root", "configs:\n  demo:size: 3\n",
			"Pulumi.a.yaml:1: unknown top-level key \"configs\", want one of config, encryptedkey, encryptionsalt, secretsprovider\n" +
				"Pulumi.a.yaml: the file has no config: key; config keys go indented under a config: line"},
		{"config as a list", "config:\n  - demo:size: 3\n",
			"Pulumi.a.yaml:2: config: is a list, want a mapping of config keys to values"},
		{"file as a list", "- config\n",
			"Pulumi.a.yaml:1: the file is a list, want a mapping with a config: key"},
		{"key indented under an object", "config:\n  demo:labels:\n    team: shop\n    demo:paused: true\n",
			`Pulumi.a.yaml:4: config key "demo:paused" is indented under "demo:labels", want it at the level of "demo:labels"`},
		{"key indented under a scalar", "config:\n  demo:tier: x\n    demo:paused: true\n",
			"Pulumi.a.yaml: yaml: line 3: mapping values are not allowed in this context (is a key indented under a key that already has a value?)"},
		{"key with no value", "config:\n  demo:labels:\n  team: shop\n",
			"Pulumi.a.yaml:2: config key \"demo:labels\" has no value, want a value on the same line or indented under it"},
		{"set twice", "config:\n  size: 3\n  demo:size: 4\n",
			`Pulumi.a.yaml:3: config key "demo:size" is set twice, also as "size" on line 2`},
		{"secure beside another key", "config:\n  demo:labels:\n    token: {secure: v1:abc, note: x}\n",
			`Pulumi.a.yaml:3: a secure: key under "demo:labels" is not an encrypted value, want it alone in its mapping with the ciphertext as text, as ` + "`pulumi config set --secret`" + ` writes it`},
		{"secure not text", "config:\n  demo:token:\n    secure: 1\n",
			`Pulumi.a.yaml:3: a secure: key under "demo:token" is not an encrypted value, want it alone in its mapping with the ciphertext as text, as ` + "`pulumi config set --secret`" + ` writes it`},
		{"two-colon key", "config:\n  demo:a:b: 1\n",
			"Pulumi.a.yaml: invalid YAML file: could not unmarshal map: could not parse demo:a:b as a configuration key (configuration keys should be of the form `<namespace>:<name>`)"},
		{"an ESC environment", "environment:\n  - shop/dev\nconfig: {}\n",
			"Pulumi.a.yaml:1: environment: Pulumi ESC environments cannot be opened offline, want the values under config:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadFixtureStack(t, tc.stackFile)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

// The namespace is the project's name, whatever it is: bare keys in
// Pulumi.yaml and in stack files get it, as in the engine.
func TestLoadStackNamespacesWithTheProjectsOwnName(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"Pulumi.yaml":   "name: globex\nruntime: go\nconfig:\n  size:\n    type: integer\n    default: 1\n  domain:\n    type: string\n",
		"Pulumi.a.yaml": "config:\n  domain: globex.example.com\n  globex:size: \"5\"\n",
		"Pulumi.b.yaml": "config:\n  platform:domain: x\n  demo:size: 3\n",
	})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	assert.Equal(t, "globex", project.Name)
	assert.ElementsMatch(t, []string{"globex:size", "globex:domain"}, slices.Collect(maps.Keys(project.Config)))

	cfg, err := project.LoadStack("a")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"globex:domain": "globex.example.com", "globex:size": "5"}, cfg.Values)

	// Another project's namespace is no concern of this one: passed through.
	// The engine refuses the stack, though: it leaves out globex:domain, which
	// Pulumi.yaml declares without a default.
	_, err = project.LoadStack("b")
	require.EqualError(t, err, `Pulumi.b.yaml: validate "globex:domain": is required, want a value: Pulumi.yaml declares it without a default, so pulumi up refuses a stack without it`)
}

func TestLoadProjectRefusesWhatTheEngineRefuses(t *testing.T) {
	cases := []struct{ name, project, want string }{
		{"default of the wrong type", "name: demo\nruntime: go\nconfig:\n  size:\n    type: integer\n    default: big\n",
			"The default value specified for configuration key 'size' is not of the expected type 'integer'"},
		{"typed provider key", "name: demo\nruntime: go\nconfig:\n  aws:region:\n    type: string\n",
			"Configuration key 'aws:region' is not namespaced by the project and should not define a type"},
		{"no name", "runtime: go\n", "project is missing a 'name' attribute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := offline.LoadProject(writeProject(t, map[string]string{"Pulumi.yaml": tc.project}))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestLoadStackNamesTheKnownStacksForAnUnknownOne(t *testing.T) {
	dir := writeProject(t, map[string]string{"Pulumi.yaml": fixtureProject, "Pulumi.a.yaml": "config: {}\n", "Pulumi.b.yaml": "config: {}\n"})
	project, err := offline.LoadProject(dir)
	require.NoError(t, err)
	_, err = project.LoadStack("nope")
	require.EqualError(t, err, `unknown stack "nope": no Pulumi.nope.yaml, want one of a, b`)
	_, err = project.LoadStack("pr-7")
	require.EqualError(t, err, `unknown stack "pr-7": no Pulumi.pr-7.yaml, want one of a, b; a pr-<n> preview needs Pulumi.pr.yaml.template`)
}

func TestEveryPlatformKeyIsDeclaredWithTypeAndDescription(t *testing.T) {
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	assert.Equal(t, "platform", project.Name)
	for key, decl := range project.Config {
		if key == "aws:region" {
			continue
		}
		assert.NotEmpty(t, decl.Type, key)
		assert.NotEmpty(t, decl.Description, key)
	}
}

func TestTheProgramReadsEveryKeyPulumiYamlDeclares(t *testing.T) {
	project, err := offline.LoadProject(projectDir)
	require.NoError(t, err)
	var declared []string
	for key := range project.Config {
		if strings.HasPrefix(key, "platform:") {
			declared = append(declared, strings.TrimPrefix(key, "platform:"))
		}
	}
	// Declared keys have a default (the engine requires every stack to set a
	// declared key without one); the other keys the program reads are optional.
	assert.Subset(t, schema.Keys, declared)
}

// The README pauses a stack with `pulumi config set platform:paused true`,
// which writes the text "true": the stack must plan exactly as with the
// YAML boolean, and unlike the unpaused stack.
func TestPulumiConfigSetTextPlansLikeTheYAMLValue(t *testing.T) {
	plan := func(paused string) string {
		t.Helper()
		stackFile := mustRead(t, projectDir+"/Pulumi.dev.yaml")
		if paused != "" {
			stackFile += "  platform:paused: " + paused + "\n  platform:pauses: 1\n"
		}
		dir := copyFixture(t, map[string]string{"Pulumi.dev.yaml": stackFile})
		code, stdout, stderr := runCLI("plan", "--stack", "dev", "--format", "json", "--dir", dir)
		require.Contains(t, []int{0, 4}, code, "the stack plans (preflight findings aside): %s", stderr)
		return stdout
	}
	asText := plan(`"true"`)
	assert.True(t, asText == plan("true"), `platform:paused "true" plans differently from true`)
	assert.False(t, asText == plan(""), "platform:paused was not read")
}
