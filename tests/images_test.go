package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/internal/cli"
	"platform/internal/promote"
)

// imagesFixture is a small project named "shop" (so its keys are shop:...):
// workloads api and web, an extra repository tools, and three stacks:
// live (staging tier, account 1, us-east-1), prod (production tier,
// account 2, eu-west-1) and sandbox (dev tier, no account).
func imagesFixture(t *testing.T) string {
	t.Helper()
	return writeProject(t, map[string]string{
		"Pulumi.yaml": `name: shop
runtime: go
config:
  shop:environment: {type: string}
  shop:data: {type: object, default: {}}
  shop:images: {type: object, default: {}}
  shop:workloads:
    type: object
    default:
      services: {api: {repository: api}, web: {repository: web}}
      schedules: {tick: {repository: api}, external: {repository: "public.ecr.aws/nginx/nginx:1.27"}}
`,
		"Pulumi.live.yaml": `config:
  aws:region: us-east-1
  aws:allowedAccountIds: ["111111111111"]
  shop:environment: staging
  shop:data: {repositories: [tools]}
  # staging runs these digests
  shop:images:
    api: ` + digestOf("a1") + `
    web: ` + digestOf("b2") + `
`,
		"Pulumi.prod.yaml": `config:
  aws:region: eu-west-1
  aws:allowedAccountIds: ["222222222222"]
  shop:environment: production
`,
		"Pulumi.sandbox.yaml": `config:
  aws:region: us-east-1
  shop:environment: dev
`,
	})
}

func digestOf(pair string) string { return "sha256:" + strings.Repeat(pair, 32) }

func TestSetImageValidatesTheReferenceBeforeWriting(t *testing.T) {
	for _, tc := range []struct {
		name, stack, repository, image string
		code                           int
		stderr                         string
	}{
		{"a workload's repository, digest", "live", "api", digestOf("c3"), 0, ""},
		{"a data repository, digest", "live", "tools", digestOf("c3"), 0, ""},
		{"a tag in a dev-tier stack", "sandbox", "web", "pr-42", 0, ""},
		{"unknown repository", "live", "billing", digestOf("c3"), 1,
			`validate "shop:images.billing": "billing" is not a repository of stack live, want one of api, tools, web`},
		{"an external image is not a repository", "live", "public.ecr.aws/nginx/nginx:1.27", digestOf("c3"), 1, "is not a repository of stack live"},
		{"a tag where digests are deployed", "live", "api", "1.4.2", 1,
			`validate "shop:images.api": "1.4.2" is a tag, but a staging stack deploys digests only, want sha256:<64 hex>`},
		{"a short digest", "prod", "api", "sha256:abc", 1, "is not an image tag or digest"},
		{"shell in the reference", "sandbox", "web", "latest; rm -rf /", 1, `"latest; rm -rf /" is not an image tag or digest`},
		{"unknown stack", "nope", "api", digestOf("c3"), 1, `unknown stack "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := imagesFixture(t)
			file := filepath.Join(dir, "Pulumi."+tc.stack+".yaml")
			before, _ := os.ReadFile(file)
			code, stdout, stderr := runCLI("set-image", "--stack", tc.stack, "--repository", tc.repository, "--image", tc.image, "--dir", dir)
			require.Equal(t, tc.code, code, stderr)
			if tc.code != 0 {
				assert.Contains(t, stderr, tc.stderr)
				after, _ := os.ReadFile(file)
				assert.Equal(t, string(before), string(after), "a refused image writes nothing")
				return
			}
			assert.Equal(t, tc.stack+": shop:images."+tc.repository+" = "+tc.image+"\n", stdout)
			assert.Contains(t, mustRead(t, file), "    "+tc.repository+": "+tc.image+"\n")
		})
	}
}

func TestSetImageKeepsTheRestOfTheFile(t *testing.T) {
	dir := imagesFixture(t)
	code, _, stderr := runCLI("set-image", "--stack", "live", "--repository", "web", "--image", digestOf("c3"), "--dir", dir)
	require.Equal(t, 0, code, stderr)
	want := strings.Replace(mustRead(t, filepath.Join(imagesFixture(t), "Pulumi.live.yaml")), digestOf("b2"), digestOf("c3"), 1)
	assert.Equal(t, want, mustRead(t, filepath.Join(dir, "Pulumi.live.yaml")))
}

func TestPromoteCopiesAcrossAccountsAndRegionsAndRecordsTheDigests(t *testing.T) {
	dir := imagesFixture(t)
	p, err := cli.PlanPromotion(dir, "live", "prod")
	require.NoError(t, err)
	from := func(repo string) promote.Repository {
		return promote.Repository{Registry: "111111111111.dkr.ecr.us-east-1.amazonaws.com", Name: "shop-live-" + repo}
	}
	to := func(repo string) promote.Repository {
		return promote.Repository{Registry: "222222222222.dkr.ecr.eu-west-1.amazonaws.com", Name: "shop-prod-" + repo}
	}
	assert.Equal(t, []promote.Image{
		{Key: "api", From: from("api"), To: to("api"), Ref: digestOf("a1")},
		{Key: "web", From: from("web"), To: to("web"), Ref: digestOf("b2")},
	}, p.Images)
	assert.Equal(t, map[string]string{"111111111111.dkr.ecr.us-east-1.amazonaws.com": "us-east-1", "222222222222.dkr.ecr.eu-west-1.amazonaws.com": "eu-west-1"}, p.Registries)

	reg := promote.NewFake()
	for _, repo := range []string{"api", "web"} {
		reg.AddRepository(from(repo), false)
		reg.AddRepository(to(repo), true)
	}
	reg.Put(from("api"), digestOf("a1"), "")
	reg.Put(from("web"), digestOf("b2"), "")
	reg.Put(to("web"), digestOf("b2"), "release-1") // already promoted once

	results, err := p.Promote(dir, reg)
	require.NoError(t, err)
	assert.Equal(t, []promote.Result{{Key: "api", Digest: digestOf("a1"), Action: promote.Copied}, {Key: "web", Digest: digestOf("b2"), Action: promote.Present}}, results)
	assert.Equal(t, []string{
		"has " + to("api").String() + " " + digestOf("a1"),
		"copy " + from("api").String() + "@" + digestOf("a1") + " " + to("api").String(),
		"tag " + to("api").String() + "@" + digestOf("a1") + " " + promote.TagFor(digestOf("a1")),
		"has " + to("web").String() + " " + digestOf("b2"),
	}, reg.Calls)
	assert.Equal(t, "config:\n  aws:region: eu-west-1\n  aws:allowedAccountIds: [\"222222222222\"]\n  shop:environment: production\n  shop:images:\n    api: "+digestOf("a1")+"\n    web: "+digestOf("b2")+"\n",
		mustRead(t, filepath.Join(dir, "Pulumi.prod.yaml")))

	again, err := cli.PlanPromotion(dir, "live", "prod")
	require.NoError(t, err)
	calls := len(reg.Calls)
	_, err = again.Promote(dir, reg)
	require.NoError(t, err, "a second promotion writes no tag into the immutable repositories")
	assert.Equal(t, []string{"has " + to("api").String() + " " + digestOf("a1"), "has " + to("web").String() + " " + digestOf("b2")}, reg.Calls[calls:])
}

func TestPromoteNeedsEachStacksAccountAndWritesNothingOnFailure(t *testing.T) {
	dir := imagesFixture(t)
	code, _, stderr := runCLI("promote", "--from", "sandbox", "--to", "prod", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `Pulumi.sandbox.yaml: aws:allowedAccountIds": is required`)

	p, err := cli.PlanPromotion(dir, "live", "prod")
	require.NoError(t, err)
	before := mustRead(t, filepath.Join(dir, "Pulumi.prod.yaml"))
	_, err = p.Promote(dir, promote.NewFake()) // no repositories: the first copy fails
	require.Error(t, err)
	assert.Equal(t, before, mustRead(t, filepath.Join(dir, "Pulumi.prod.yaml")))
}

func TestPromoteListsTheRegistriesToLogInTo(t *testing.T) {
	code, stdout, stderr := runCLI("promote", "--from", "live", "--to", "prod", "--registries", "--dir", imagesFixture(t))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "111111111111.dkr.ecr.us-east-1.amazonaws.com us-east-1\n222222222222.dkr.ecr.eu-west-1.amazonaws.com eu-west-1\n", stdout)
}

func TestGithubPrintsOneEnvironmentPerStackFile(t *testing.T) {
	dir := imagesFixture(t)
	code, stdout, stderr := runCLI("github", "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "project shop (3 stacks")
	assert.Contains(t, stdout, "  prod                     stack prod (tier production, eu-west-1), required reviewers\n")
	assert.Contains(t, stdout, "    AWS_REGION               variable: eu-west-1\n")
	assert.Contains(t, stdout, "    AWS_PREVIEW_ROLE_ARN_SANDBOX")
	assert.NotContains(t, stdout, "  prod                     AWS_IMAGE_ROLE_ARN", "production only receives promoted digests")
	assert.Contains(t, stdout, "  live                     AWS_IMAGE_ROLE_ARN")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.qa-eu.yaml"), []byte("config:\n  aws:region: eu-central-1\n  shop:environment: staging\n"), 0o644))
	_, stdout, _ = runCLI("github", "--dir", dir)
	assert.Contains(t, stdout, "  qa-eu                    stack qa-eu (tier staging, eu-central-1)\n", "a new stack file is a new environment")
	assert.Contains(t, stdout, "AWS_PREVIEW_ROLE_ARN_QA_EU")
}

func TestPromoteDrivesTheCraneCommandLine(t *testing.T) {
	dir := imagesFixture(t)
	calls := filepath.Join(t.TempDir(), "calls")
	// A stand-in crane: every manifest read by digest is unknown, as in an
	// empty target repository; the rest succeeds.
	crane := filepath.Join(t.TempDir(), "crane")
	require.NoError(t, os.WriteFile(crane, []byte(`#!/usr/bin/env bash
echo "$*" >> `+calls+`
if [ "$1" = digest ]; then echo "GET https://x/v2/y/manifests/z: MANIFEST_UNKNOWN: manifest unknown" >&2; exit 1; fi
`), 0o755))
	code, stdout, stderr := runCLI("promote", "--from", "live", "--to", "prod", "--crane", crane, "--dir", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "api "+digestOf("a1")+" copied -> prod\nweb "+digestOf("b2")+" copied -> prod\n", stdout)
	src, dst := "111111111111.dkr.ecr.us-east-1.amazonaws.com/shop-live-", "222222222222.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-"
	var want []string
	for _, img := range []struct{ repo, digest string }{{"api", digestOf("a1")}, {"web", digestOf("b2")}} {
		want = append(want,
			"digest "+dst+img.repo+"@"+img.digest,
			"copy "+src+img.repo+"@"+img.digest+" "+dst+img.repo+"@"+img.digest,
			"tag "+dst+img.repo+"@"+img.digest+" "+promote.TagFor(img.digest))
	}
	assert.Equal(t, strings.Join(want, "\n")+"\n", mustRead(t, calls))
	assert.Contains(t, mustRead(t, filepath.Join(dir, "Pulumi.prod.yaml")), "    web: "+digestOf("b2")+"\n")
}
