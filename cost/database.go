package cost

import (
	"fmt"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

func rdsInstance(p *pricing, r *graph.Resource) (float64, string) {
	class := fmt.Sprint(r.Input("instanceClass"))
	copies := 1.0
	if r.Input("multiAz") == true {
		copies = 2
	}
	storage := num(r.Input("allocatedStorage"))
	support, note := extendedSupport(p, r, vcpusOf(class), "vCPU")
	return copies * (rdsHour[class]*HoursPerMonth + storage*gp3PerGB + support),
		fmt.Sprintf("%s x%.0f (Multi-AZ doubles), %.0f GB gp3; backups within the free allowance%s", class, copies, storage, note)
}

func auroraCluster(p *pricing, _ *graph.Resource) (float64, string) {
	gb := p.use(p.opts.Usage.Aurora.StorageGB, assumedDBStorageGB)
	return gb * auroraStoragePerGB, fmt.Sprintf("%.0f GB Aurora storage; I/O not counted", gb)
}

func auroraInstance(p *pricing, r *graph.Resource) (float64, string) {
	class := fmt.Sprint(r.Input("instanceClass"))
	var cluster *graph.Resource
	for _, c := range p.g.ByType("aws:rds/cluster:Cluster") {
		if c.ID == r.Input("clusterIdentifier") {
			cluster = c
		}
	}
	if class != "db.serverless" {
		support, note := extendedSupport(p, cluster, vcpusOf(class), "vCPU")
		return auroraHour[class]*HoursPerMonth + support, class + note
	}
	if cluster == nil {
		return 0, "cluster not found"
	}
	acu := num(cluster.Input("serverlessv2ScalingConfiguration.minCapacity"))
	support, note := extendedSupport(p, cluster, acu, "ACU")
	return acu*auroraACUHour*HoursPerMonth + support, fmt.Sprintf("held at its minimum of %.1f ACU; bursts cost more%s", acu, note)
}

// extendedSupport is the monthly RDS Extended Support charge of a database
// whose engine version is past standard support on the estimate's day (the
// dated engine table in internal/awsfacts), per vCPU (or Aurora Serverless
// ACU) and hour: one rate in years one and two, twice it from year three.
func extendedSupport(p *pricing, db *graph.Resource, units float64, unit string) (float64, string) {
	if db == nil {
		return 0, ""
	}
	engine, version := fmt.Sprint(db.Input("engine")), fmt.Sprint(db.Input("engineVersion"))
	v, err := awsfacts.LookupEngineVersion(awsfacts.Engine(engine), version)
	if err != nil || !awsfacts.InExtendedSupport(v, p.opts.At) {
		return 0, ""
	}
	rate, year := extendedSupportHour, "years 1-2"
	if !p.opts.At.Before(v.StandardSupportEnds.AddDate(2, 0, 1)) {
		rate, year = extendedSupportYear3Hour, "year 3"
	}
	return units * rate * HoursPerMonth, fmt.Sprintf("; %s %s left standard support on %s: Extended Support (%s) on %.3g %s(s)",
		engine, version, v.StandardSupportEnds.Format("2006-01-02"), year, units, unit)
}
