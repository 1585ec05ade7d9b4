package promote

import (
	"errors"
	"strings"
	"testing"
)

var (
	staging    = Repository{Registry: "111111111111.dkr.ecr.us-east-1.amazonaws.com", Name: "shop-staging-api"}
	production = Repository{Registry: "222222222222.dkr.ecr.eu-west-1.amazonaws.com", Name: "shop-production-api"}
	// sameAccount is production in staging's account and region: a shared account.
	sameAccount = Repository{Registry: staging.Registry, Name: "shop-production-api"}
	digestA     = "sha256:" + strings.Repeat("a1", 32)
)

func equalCalls(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunRecordsTheCallsOfEachCase(t *testing.T) {
	for _, tc := range []struct {
		name      string
		to        Repository
		ref       string
		immutable bool
		present   bool // the target already holds digestA
		calls     []string
		action    Action
	}{
		{
			name: "cross-account and cross-region digest", to: production, ref: digestA, immutable: true,
			calls: []string{
				"has " + production.String() + " " + digestA,
				"copy " + staging.String() + "@" + digestA + " " + production.String(),
				"tag " + production.String() + "@" + digestA + " " + TagFor(digestA),
			},
			action: Copied,
		},
		{
			name: "shared account, other repository", to: sameAccount, ref: digestA,
			calls: []string{
				"has " + sameAccount.String() + " " + digestA,
				"copy " + staging.String() + "@" + digestA + " " + sameAccount.String(),
				"tag " + sameAccount.String() + "@" + digestA + " " + TagFor(digestA),
			},
			action: Copied,
		},
		{
			name: "a tag in the source is resolved to its digest first", to: production, ref: "1.4.2",
			calls: []string{
				"resolve " + staging.String() + " 1.4.2",
				"has " + production.String() + " " + digestA,
				"copy " + staging.String() + "@" + digestA + " " + production.String(),
				"tag " + production.String() + "@" + digestA + " " + TagFor(digestA),
			},
			action: Copied,
		},
		{
			name: "digest already present: no copy, no tag", to: production, ref: digestA, present: true,
			calls:  []string{"has " + production.String() + " " + digestA},
			action: Present,
		},
		{
			name: "immutable target that holds the digest: never re-tagged", to: production, ref: digestA, immutable: true, present: true,
			calls:  []string{"has " + production.String() + " " + digestA},
			action: Present,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := NewFake()
			reg.AddRepository(staging, false)
			reg.AddRepository(tc.to, tc.immutable)
			reg.Put(staging, digestA, "1.4.2")
			if tc.present {
				reg.Put(tc.to, digestA, "release-7")
			}
			results, err := Run(reg, []Image{{Key: "api", From: staging, To: tc.to, Ref: tc.ref}})
			if err != nil {
				t.Fatal(err)
			}
			equalCalls(t, reg.Calls, tc.calls)
			if want := []Result{{Key: "api", Digest: digestA, Action: tc.action}}; len(results) != 1 || results[0] != want[0] {
				t.Fatalf("results %v, want %v", results, want)
			}
		})
	}
}

func TestPromotingTwiceIntoAnImmutableRepositoryWritesNothingTheSecondTime(t *testing.T) {
	reg := NewFake()
	reg.AddRepository(staging, false)
	reg.AddRepository(production, true)
	reg.Put(staging, digestA, "")
	images := []Image{{Key: "api", From: staging, To: production, Ref: digestA}}
	if _, err := Run(reg, images); err != nil {
		t.Fatal(err)
	}
	first := len(reg.Calls)
	results, err := Run(reg, images)
	if err != nil {
		t.Fatal(err) // the fake refuses a second write of the tag, as ECR does
	}
	equalCalls(t, reg.Calls[first:], []string{"has " + production.String() + " " + digestA})
	if results[0].Action != Present {
		t.Fatalf("second run %v, want present", results[0])
	}
	if got := reg.Tags(production); len(got) != 1 || got[TagFor(digestA)] != digestA {
		t.Fatalf("production tags %v", got)
	}
}

func TestTheFakeRefusesWhatECRRefuses(t *testing.T) {
	reg := NewFake()
	reg.AddRepository(production, true)
	reg.Put(production, digestA, "v1")
	if err := reg.Tag(production, digestA, "v1"); err == nil || !strings.Contains(err.Error(), "ImageTagAlreadyExists") {
		t.Fatalf("re-tag in an immutable repository: %v", err)
	}
	if err := reg.Copy(staging, digestA, production); err == nil {
		t.Fatal("copy from a repository that does not exist succeeded")
	}
}

func TestRunStopsAtTheFirstFailureAndNamesTheImage(t *testing.T) {
	reg := NewFake()
	reg.AddRepository(staging, false)
	reg.AddRepository(production, true)
	missing := "sha256:" + strings.Repeat("b2", 32)
	results, err := Run(reg, []Image{
		{Key: "api", From: staging, To: production, Ref: missing},
		{Key: "web", From: staging, To: production, Ref: digestA},
	})
	if err == nil || !strings.Contains(err.Error(), "promote api") || !strings.Contains(err.Error(), "MANIFEST_UNKNOWN") {
		t.Fatalf("err %v", err)
	}
	if len(results) != 0 || len(reg.Calls) != 2 {
		t.Fatalf("results %v calls %v: the second image must not be tried", results, reg.Calls)
	}
}

func TestRunRefusesATagThatDoesNotResolveToADigest(t *testing.T) {
	reg := NewFake()
	reg.AddRepository(staging, false)
	reg.AddRepository(production, true)
	reg.Put(staging, "latest", "1.0") // a broken registry answer
	if _, err := Run(reg, []Image{{Key: "api", From: staging, To: production, Ref: "1.0"}}); err == nil {
		t.Fatal("a non-digest answer was accepted")
	}
}

func TestCraneRunsTheCommandsOfItsVersion(t *testing.T) {
	var got []string
	notFound := errors.New("exit status 1: GET ...: MANIFEST_UNKNOWN: manifest unknown")
	crane := Crane{Path: "/bin/crane", Run: func(name string, args ...string) ([]byte, error) {
		got = append(got, name+" "+strings.Join(args, " "))
		if args[0] == "digest" && strings.Contains(args[1], "@") {
			return nil, notFound
		}
		return []byte(digestA + "\n"), nil
	}}
	d, err := crane.Resolve(staging, "1.4.2")
	if err != nil || d != digestA {
		t.Fatalf("resolve %q %v", d, err)
	}
	if has, err := crane.Has(production, digestA); has || err != nil {
		t.Fatalf("has %v %v, want absent", has, err)
	}
	if err := crane.Copy(staging, digestA, production); err != nil {
		t.Fatal(err)
	}
	if err := crane.Tag(production, digestA, TagFor(digestA)); err != nil {
		t.Fatal(err)
	}
	equalCalls(t, got, []string{
		"/bin/crane digest " + staging.String() + ":1.4.2",
		"/bin/crane digest " + production.String() + "@" + digestA,
		"/bin/crane copy " + staging.String() + "@" + digestA + " " + production.String() + "@" + digestA,
		"/bin/crane tag " + production.String() + "@" + digestA + " sha256-" + strings.Repeat("a1", 32),
	})
}

func TestCraneTreatsOnlyAnUnknownManifestAsAbsent(t *testing.T) {
	denied := Crane{Run: func(string, ...string) ([]byte, error) {
		return nil, errors.New("exit status 1: DENIED: not authorized to perform ecr:BatchGetImage")
	}}
	if has, err := denied.Has(production, digestA); has || err == nil {
		t.Fatalf("has %v err %v: a denied read must be an error, never absent", has, err)
	}
}
