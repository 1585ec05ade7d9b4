package awsfacts

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

var actionName = regexp.MustCompile(`^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$`)

func TestIAMActionTableIsWellFormed(t *testing.T) {
	for typ, a := range ResourceTypes {
		if a.Service == "" || (a.Scope != ScopeTag && a.Scope != ScopeName) {
			t.Errorf("%s: service %q, scope %q", typ, a.Service, a.Scope)
		}
		if a.Scope == ScopeName && len(a.Writes) > 0 && len(a.ARNs) == 0 {
			t.Errorf("%s: name-scoped writes need the ARNs they act on", typ)
		}
		for _, list := range [][]string{a.Writes, a.Reads, a.Unscoped} {
			for _, action := range list {
				if !actionName.MatchString(action) {
					t.Errorf("%s: %q is not an IAM action", typ, action)
				}
			}
		}
		for _, action := range a.Unscoped {
			if slices.Contains(a.Writes, action) {
				t.Errorf("%s: %s is both scoped and only on *", typ, action)
			}
		}
		for _, action := range a.Reads {
			if slices.Contains(DataPlaneReads, action) {
				t.Errorf("%s: read %s reads data", typ, action)
			}
		}
	}
}

// starEverywhere are scoped writes of one type that another type needs on
// "*": RDS creates its managed master secret (rds!db-...) as the caller.
var starEverywhere = []string{"secretsmanager:CreateSecret"}

func TestNoScopedWriteIsAlsoGrantedOnEveryResource(t *testing.T) {
	for typ, a := range ResourceTypes {
		for _, action := range a.Writes {
			if IsUnscoped(action) && !slices.Contains(starEverywhere, action) {
				t.Errorf("%s: write %s is listed as only on * elsewhere, which voids its scope", typ, action)
			}
		}
	}
}

func TestIsUnscopedKnowsOnlyTheTablesStarActions(t *testing.T) {
	cases := map[string]bool{
		"iam:ListOpenIDConnectProviders": true,
		"ecr:GetAuthorizationToken":      true,
		"ecs:RegisterTaskDefinition":     true,
		"iam:CreateRole":                 false,
		"s3:GetObject":                   false,
	}
	for action, want := range cases {
		if got := IsUnscoped(action); got != want {
			t.Errorf("IsUnscoped(%s) = %v, want %v", action, got, want)
		}
	}
}

func TestTablesWereCheckedThisYear(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if !slices.ContainsFunc(Sources(), func(s Source) bool { return s.Table == iamActionsSource.Table }) {
		t.Fatal("the IAM action table registers its source")
	}
	for _, s := range Sources() {
		if s.Document == "" || today.Sub(s.Checked) > 365*24*time.Hour {
			t.Errorf("%s: document %q checked %s", s.Table, s.Document, s.Checked.Format(time.DateOnly))
		}
	}
}
