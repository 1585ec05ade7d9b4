package graph

import (
	"math"
	"sort"
	"strings"
)

// CostChange is how a stack's monthly estimate moves between two plans.
type CostChange struct {
	Currency string  `json:"currency"`
	Before   float64 `json:"before"`
	After    float64 `json:"after"`
	// Resources are the resources whose monthly cost differs, largest move first.
	Resources []ResourceCost `json:"resources"`
}

// ResourceCost is one resource's monthly cost before and after; 0 for a
// resource that is not there.
type ResourceCost struct {
	URN    string  `json:"urn"`
	Type   string  `json:"type"`
	Name   string  `json:"name"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// CompareCost joins two estimates' items by URN and keeps those that moved.
func CompareCost(currency string, before, after []ResourceCost) *CostChange {
	c := &CostChange{Currency: currency, Resources: []ResourceCost{}}
	byURN := map[string]*ResourceCost{}
	var order []string
	add := func(r ResourceCost, after bool) {
		row, ok := byURN[r.URN]
		if !ok {
			row = &ResourceCost{URN: r.URN, Type: r.Type, Name: r.Name}
			if row.Name == "" {
				// The cost section of a plan has no names; a URN ends with one.
				row.Name = r.URN[strings.LastIndex(r.URN, "::")+len("::"):]
			}
			byURN[r.URN] = row
			order = append(order, r.URN)
		}
		if after {
			row.After += r.After
		} else {
			row.Before += r.Before
		}
	}
	for _, r := range before {
		c.Before += r.Before
		add(r, false)
	}
	for _, r := range after {
		c.After += r.After
		add(r, true)
	}
	c.Before, c.After = cents(c.Before), cents(c.After)
	for _, urn := range order {
		if r := byURN[urn]; cents(r.After) != cents(r.Before) {
			r.Before, r.After = cents(r.Before), cents(r.After)
			c.Resources = append(c.Resources, *r)
		}
	}
	sort.SliceStable(c.Resources, func(i, j int) bool {
		return math.Abs(c.Resources[i].After-c.Resources[i].Before) > math.Abs(c.Resources[j].After-c.Resources[j].Before)
	})
	return c
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }

// PostureChange is how a stack's posture moves between two plans.
type PostureChange struct {
	Before PostureCounts `json:"before"`
	After  PostureCounts `json:"after"`
	// Appeared are findings of the new plan the base did not have,
	// Disappeared the base's findings the new plan no longer has.
	Appeared    []Finding `json:"appeared"`
	Disappeared []Finding `json:"disappeared"`
}

// PostureCounts are a posture report's totals.
type PostureCounts struct {
	Passed   int `json:"passed"`
	Excepted int `json:"excepted"`
	Failed   int `json:"failed"`
}

// Finding is one posture finding, as the policy package reports it.
type Finding struct {
	Control  string `json:"control"`
	Severity string `json:"severity"`
	URN      string `json:"urn"`
	Name     string `json:"name"`
	Message  string `json:"message"`
	// Excepted is the exception's reason when one covers the finding.
	Excepted string `json:"excepted,omitempty"`
}

// ComparePosture lists the findings that appeared and disappeared; a finding
// is the same when its control and resource are, whatever its wording.
func ComparePosture(countsBefore, countsAfter PostureCounts, before, after []Finding) *PostureChange {
	key := func(f Finding) string { return f.Control + " " + f.URN }
	c := &PostureChange{Before: countsBefore, After: countsAfter, Appeared: []Finding{}, Disappeared: []Finding{}}
	had, has := map[string]bool{}, map[string]bool{}
	for _, f := range before {
		had[key(f)] = true
	}
	for _, f := range after {
		has[key(f)] = true
		if !had[key(f)] {
			c.Appeared = append(c.Appeared, f)
		}
	}
	for _, f := range before {
		if !has[key(f)] {
			c.Disappeared = append(c.Disappeared, f)
		}
	}
	return c
}
