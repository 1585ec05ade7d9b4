package cost

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"platform/internal/graph"
)

// Item is one resource's monthly cost.
type Item struct {
	URN        string  `json:"urn"`
	Type       string  `json:"type"`
	Name       string  `json:"-"`
	Layer      string  `json:"-"`
	Monthly    float64 `json:"monthly"`
	Assumption string  `json:"assumption"`
}

// Estimate is a graph's monthly cost.
type Estimate struct {
	Currency     string  `json:"currency"`
	MonthlyTotal float64 `json:"monthlyTotal"`
	Source       string  `json:"source"`
	// Region is the stack's region (its default provider's), which the
	// header names; resources elsewhere say their region in the assumption.
	Region string `json:"region"`
	// NotPriced lists the regions the graph uses that the price table does
	// not have: their resources are "not priced", never priced as us-east-1.
	NotPriced []string `json:"notPriced,omitempty"`
	Items     []Item   `json:"items"`
}

// ByLayer sums the items per top-level component (network, data, ...).
func (e Estimate) ByLayer() map[string]float64 {
	out := map[string]float64{}
	for _, i := range e.Items {
		out[i.Layer] += i.Monthly
	}
	return out
}

// Options change what an estimate assumes.
type Options struct {
	// Usage overrides the usage assumptions (a usage file). Default: none.
	Usage Usage
	// At is the day engine support dates are read on, for RDS Extended
	// Support. Default: today.
	At time.Time
}

// pricing is one estimate's context: the graph, the options, and whether the
// item being priced used a default assumption or a usage file value.
type pricing struct {
	g       *graph.Graph
	opts    Options
	used    bool // the item read a usage value
	assumed bool // ... and at least one was the default
}

// use returns the usage file's value, or def, and records which it was.
func (p *pricing) use(v *float64, def float64) float64 {
	p.used = true
	if v == nil {
		p.assumed = true
		return def
	}
	return *v
}

// pricer prices one resource in us-east-1; the region factor scales it.
type pricer func(p *pricing, r *graph.Resource) (monthly float64, assumption string)

func flat(monthly float64, assumption string) pricer {
	return func(*pricing, *graph.Resource) (float64, string) { return monthly, assumption }
}

func num(v any) float64 {
	switch t := v.(type) {
	case float64:
		return t
	case string:
		f, _ := strconv.ParseFloat(t, 64)
		return f
	}
	return 0
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// Priced reports whether the estimate knows a type, as priced or as free.
func Priced(typ string) bool {
	_, priced := prices[typ]
	_, free := Free[typ]
	return priced || free
}

// Of estimates a graph's monthly cost with the default assumptions.
// Components are skipped; every other resource is priced, declared free, or
// reported as unpriced.
func Of(g *graph.Graph) Estimate {
	e, _ := OfWith(g, Options{}) // with no usage file nothing can be refused
	return e
}

// OfWith estimates a graph's monthly cost with opts. It refuses a usage file
// that names a schedule workload the graph does not have.
func OfWith(g *graph.Graph, opts Options) (Estimate, error) {
	if opts.At.IsZero() {
		opts.At = time.Now()
	}
	if err := opts.Usage.checkSchedules(scheduleNames(g)); err != nil {
		return Estimate{}, err
	}
	regions := regionsOf(g)
	e := Estimate{Currency: "USD", Source: PriceSource, Region: regions.home, Items: []Item{}}
	missing := map[string]bool{}
	for _, r := range g.Resources {
		if !r.Custom && !r.Remote {
			continue
		}
		item := Item{URN: r.URN, Type: r.Type, Name: r.Name, Layer: layerOf(g, r)}
		region := regions.of(r)
		price, priced := prices[r.Type]
		factor, known := RegionFactors[region]
		switch {
		case priced && !known:
			item.Assumption = fmt.Sprintf("not priced: the price table has no %s", region)
			missing[region] = true
		case priced:
			p := &pricing{g: g, opts: opts}
			item.Monthly, item.Assumption = price(p, r)
			item.Monthly *= factor
			if p.used && p.assumed {
				item.Assumption += " (assumed)"
			} else if p.used {
				item.Assumption += " (usage file)"
			}
			if region != regions.home {
				item.Assumption += " in " + region
			}
		default:
			if why, ok := Free[r.Type]; ok {
				item.Assumption = why
			} else {
				item.Assumption = "not priced: add it to the cost package"
			}
		}
		item.Monthly = math.Round(item.Monthly*100) / 100
		e.MonthlyTotal += item.Monthly
		e.Items = append(e.Items, item)
	}
	for region := range missing {
		e.NotPriced = append(e.NotPriced, region)
	}
	sort.Strings(e.NotPriced)
	e.MonthlyTotal = math.Round(e.MonthlyTotal*100) / 100
	sort.SliceStable(e.Items, func(i, j int) bool { return e.Items[i].Monthly > e.Items[j].Monthly })
	return e, nil
}

// regionTable maps providers to regions; home is the stack's own region.
type regionTable struct {
	home     string
	provider map[string]string
}

// regionsOf reads each AWS provider's region. The stack's region is its
// default provider's ("aws"), else the first provider's.
func regionsOf(g *graph.Graph) regionTable {
	t := regionTable{provider: map[string]string{}}
	for _, p := range g.ByType("pulumi:providers:aws") {
		region := fmt.Sprint(p.Input("region"))
		t.provider[p.URN] = region
		if t.home == "" || p.Name == "aws" {
			t.home = region
		}
	}
	return t
}

// of is the region a resource is created in: its provider's, or the stack's.
func (t regionTable) of(r *graph.Resource) string {
	if region, ok := t.provider[r.Provider]; ok {
		return region
	}
	return t.home
}

// layerOf is the top-level component a resource belongs to, or "stack".
func layerOf(g *graph.Graph, r *graph.Resource) string {
	layer := "stack"
	for p := g.Get(r.Parent); p != nil; p = g.Get(p.Parent) {
		layer = p.Name
		if p.Type == "platform:compute:FargateService" || p.Type == "platform:compute:WorkerService" ||
			p.Type == "platform:compute:ScheduledTask" || p.Type == "platform:compute:MigrationTask" || p.Type == "platform:functions:Function" {
			layer = "workloads"
		}
	}
	return layer
}
