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

// goldenPanels are the golden signals: the ALB, every service and worker, the
// database, the cache and the queues. The CloudWatch dashboard and the
// Grafana dashboard model both draw them, so the two never disagree.
func (b *builder) goldenPanels() []panel {
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
	workloads := slices.Clone(t.Services)
	for _, w := range t.Workers {
		workloads = append(workloads, Service{Name: w})
	}
	for _, s := range workloads {
		dims := pulumi.StringMap{"ClusterName": t.ClusterName, "ServiceName": s.ecsName()}
		panels = append(panels, panel{"Service " + s.Name + ": CPU and memory", "Average", []metric{
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
	return panels
}

// shownMetric is a metric with its dimensions known, in key order.
type shownMetric struct {
	namespace, name, stat string
	dims                  [][2]string
}

// render resolves every panel's dimension values at once (some are known
// only at deploy) and hands the panels' metrics to draw.
func render(panels []panel, draw func(metrics [][]shownMetric) (string, error)) pulumi.StringOutput {
	var dims pulumi.StringArray
	for _, p := range panels {
		for _, m := range p.metrics {
			for _, k := range slices.Sorted(maps.Keys(m.dims)) {
				dims = append(dims, m.dims[k])
			}
		}
	}
	return dims.ToStringArrayOutput().ApplyT(func(values []string) (string, error) {
		shown := make([][]shownMetric, len(panels))
		i := 0
		for n, p := range panels {
			for _, m := range p.metrics {
				s := shownMetric{namespace: m.namespace, name: m.name, stat: m.stat}
				for _, k := range slices.Sorted(maps.Keys(m.dims)) {
					s.dims = append(s.dims, [2]string{k, values[i]})
					i++
				}
				shown[n] = append(shown[n], s)
			}
		}
		return draw(shown)
	}).(pulumi.StringOutput)
}

// dashboard is the CloudWatch dashboard of the golden signals.
func (b *builder) dashboard() error {
	if b.args.Targets.ALBArnSuffix == nil {
		// A paused stack has no load balancer and nothing running to watch.
		return nil
	}
	panels := b.goldenPanels()
	body := render(panels, func(metrics [][]shownMetric) (string, error) {
		var widgets []widget
		for n, p := range panels {
			w := widget{Type: "metric", X: (n % 2) * 12, Y: (n / 2) * 6, Width: 12, Height: 6,
				Properties: widgetProperties{Title: p.title, Region: b.region, View: "timeSeries", Stat: p.stat, Period: alarmPeriod}}
			for _, m := range metrics[n] {
				row := []any{m.namespace, m.name}
				for _, d := range m.dims {
					row = append(row, d[0], d[1])
				}
				w.Properties.Metrics = append(w.Properties.Metrics, row)
			}
			widgets = append(widgets, w)
		}
		out, err := json.Marshal(map[string]any{"widgets": widgets})
		return string(out), err
	})
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
