package observability

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// widget is one dashboard widget; the dashboard's JSON is marshalled from these.
type widget struct {
	Type       string           `json:"type"`
	X          int              `json:"x"`
	Y          int              `json:"y"`
	Width      int              `json:"width"`
	Height     int              `json:"height"`
	Properties widgetProperties `json:"properties"`
}

type widgetProperties struct {
	Title   string  `json:"title"`
	Region  string  `json:"region"`
	View    string  `json:"view"`
	Stat    string  `json:"stat"`
	Period  int     `json:"period"`
	Metrics [][]any `json:"metrics"`
}

// panel is a widget's title and metrics, dimension values not yet known.
type panel struct {
	title   string
	stat    string
	metrics []metric
}

// dashboard shows the golden signals: the ALB, every service and worker, the
// database, the cache and the queues.
func (b *builder) dashboard() error {
	t := b.args.Targets
	if t.ALBArnSuffix == nil {
		return nil
	}
	lb := pulumi.StringMap{"LoadBalancer": t.ALBArnSuffix}
	panels := []panel{
		{"Load balancer: requests and errors", "Sum", []metric{
			{"AWS/ApplicationELB", "RequestCount", "Sum", lb}, {"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", lb}, {"AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", lb}}},
		{"Load balancer: latency p95", "p95", []metric{{"AWS/ApplicationELB", "TargetResponseTime", "p95", lb}}},
	}
	var workloads []string
	for _, s := range t.Services {
		workloads = append(workloads, s.Name)
	}
	workloads = append(workloads, t.Workers...)
	for _, name := range workloads {
		dims := pulumi.StringMap{"ClusterName": t.ClusterName, "ServiceName": pulumi.String(name)}
		panels = append(panels, panel{"Service " + name + ": CPU and memory", "Average", []metric{
			{"AWS/ECS", "CPUUtilization", "Average", dims}, {"AWS/ECS", "MemoryUtilization", "Average", dims}}})
	}
	if db := t.Database; db != nil {
		dims := pulumi.StringMap{"DBInstanceIdentifier": pulumi.String(db.Identifier)}
		if db.Cluster {
			dims = pulumi.StringMap{"DBClusterIdentifier": pulumi.String(db.Identifier), "Role": pulumi.String("WRITER")}
		}
		panels = append(panels, panel{"Database: CPU and connections", "Average", []metric{
			{"AWS/RDS", "CPUUtilization", "Average", dims}, {"AWS/RDS", "DatabaseConnections", "Average", dims}}})
	}
	if c := t.Cache; c != nil {
		for _, member := range c.Members {
			dims := pulumi.StringMap{"CacheClusterId": pulumi.String(member)}
			panels = append(panels, panel{"Cache " + member + ": CPU and memory", "Average", []metric{
				{"AWS/ElastiCache", "EngineCPUUtilization", "Average", dims}, {"AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", dims}}})
		}
	}
	var queueMetrics []metric
	for _, q := range t.Queues {
		queueMetrics = append(queueMetrics, metric{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", pulumi.StringMap{"QueueName": pulumi.String(q.Name)}})
	}
	if len(queueMetrics) > 0 {
		panels = append(panels, panel{"Queues: messages waiting", "Maximum", queueMetrics})
	}
	// Dimension values may be known only at deploy: resolve them all at once.
	var dims pulumi.StringArray
	for _, p := range panels {
		for _, m := range p.metrics {
			for _, k := range slices.Sorted(maps.Keys(m.dims)) {
				dims = append(dims, m.dims[k])
			}
		}
	}
	body := dims.ToStringArrayOutput().ApplyT(func(values []string) (string, error) {
		var widgets []widget
		i := 0
		for n, p := range panels {
			w := widget{Type: "metric", X: (n % 2) * 12, Y: (n / 2) * 6, Width: 12, Height: 6,
				Properties: widgetProperties{Title: p.title, Region: b.region, View: "timeSeries", Stat: p.stat, Period: alarmPeriod}}
			for _, m := range p.metrics {
				row := []any{m.namespace, m.name}
				for _, k := range slices.Sorted(maps.Keys(m.dims)) {
					row = append(row, k, values[i])
					i++
				}
				w.Properties.Metrics = append(w.Properties.Metrics, row)
			}
			widgets = append(widgets, w)
		}
		out, err := json.Marshal(map[string]any{"widgets": widgets})
		return string(out), err
	}).(pulumi.StringOutput)
	dashboard, err := cloudwatch.NewDashboard(b.ctx, b.name+"-dashboard", &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(b.names.Name(naming.Label, "golden-signals")),
		DashboardBody: body,
	}, b.opts()...)
	if err != nil {
		return err
	}
	b.o.DashboardName = dashboard.DashboardName
	return nil
}
