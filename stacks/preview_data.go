package stacks

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/compute"
	"platform/components/data"
	"platform/internal/schema"
)

// The database clients that create a preview's own database: the official
// images on ECR Public (no Docker Hub pull limit), multi-architecture, and
// clients that speak to every server version RDS and Aurora offer.
const (
	postgresClientImage = "public.ecr.aws/docker/library/postgres:17-alpine"
	mysqlClientImage    = "public.ecr.aws/docker/library/mysql:8.4"
)

// createDatabaseRole names the one-off task that creates the preview's database.
const createDatabaseRole = "createdb"

// maxDatabaseName is the longest database name both engines take: a
// PostgreSQL identifier is at most NAMEDATALEN-1 = 63 bytes, longer ones are
// cut (PostgreSQL manual, "Identifiers and Key Words"); a MySQL database
// name at most 64 characters (MySQL 8.4 Reference Manual, 11.2.1
// "Identifier Length Limits").
const maxDatabaseName = 63

// previewDatabaseName is the preview's own database on the base's server.
func (c *Config) previewDatabaseName(base string) (string, error) {
	name := fmt.Sprintf("%s_pr_%d", base, c.Preview.Number)
	if len(name) > maxDatabaseName {
		return "", fmt.Errorf("preview %s: its database name %s is longer than %d characters: a shorter %s.database.name in %s, or %s.database shared",
			c.Stack, name, maxDatabaseName, c.key("data"), c.Preview.BaseStack(), c.key("preview"))
	}
	return name, nil
}

// createDatabaseTask is the task that creates the preview's database if it
// is missing, with the base's master credentials, so that re-deploying the
// preview keeps its data. Nil when the preview shares the base's database or
// the base has none.
func (c *Config) createDatabaseTask(engine string) *schema.Task {
	if c.Preview.Database != PreviewOwn || engine == "" {
		return nil
	}
	// The injected DATABASE_NAME is the preview's; the statement connects to
	// the server's maintenance database, since its own does not exist yet.
	secrets := map[string]schema.SecretRef{
		"DATABASE_USER":     {Part: schema.DatabasePart, Key: "username"},
		"DATABASE_PASSWORD": {Part: schema.DatabasePart, Key: "password"},
	}
	image, script := postgresClientImage,
		`PGHOST="$DATABASE_HOST" PGPORT="$DATABASE_PORT" PGUSER="$DATABASE_USER" PGPASSWORD="$DATABASE_PASSWORD" PGSSLMODE=require `+
			`createdb "$DATABASE_NAME" 2>/tmp/createdb.err || grep -q 'already exists' /tmp/createdb.err`
	if strings.Contains(engine, "mysql") {
		image, script = mysqlClientImage,
			`MYSQL_PWD="$DATABASE_PASSWORD" mysql --host="$DATABASE_HOST" --port="$DATABASE_PORT" --user="$DATABASE_USER" --ssl-mode=REQUIRED `+
				`--execute="CREATE DATABASE IF NOT EXISTS $DATABASE_NAME"`
	}
	return &schema.Task{
		Repository: image, CPU: ref(compute.DefaultCPU), Memory: ref(compute.DefaultMemory),
		Architecture: string(compute.ArchitectureFor(0)), ReadonlyRootFilesystem: ref(true),
		Command: []string{"sh", "-c", script}, Secrets: secrets,
	}
}

// previewMigrationRuns creates the preview's database, then runs the
// migrations its workloads wait for on it; the runs are what they wait for.
func (c *Config) previewMigrationRuns(ctx *pulumi.Context, r *resolver, create *schema.Task, at site, opts ...pulumi.ResourceOption) (map[string]pulumi.Resource, error) {
	runs := map[string]pulumi.Resource{}
	var first []pulumi.Resource
	if create != nil {
		m, err := compute.NewMigrationTask(ctx, c.previewName(createDatabaseRole), &compute.MigrationTaskArgs{
			Task: r.task(*create, nil, nil), Placement: at.place,
		}, opts...)
		if err != nil {
			return nil, err
		}
		first = []pulumi.Resource{m.Run}
	}
	for _, name := range c.previewMigrations() {
		args := r.migrationArgs(name, c.Workloads.Migrations[name], at)
		args.After = first
		m, err := compute.NewMigrationTask(ctx, c.previewName(name), args, opts...)
		if err != nil {
			return nil, err
		}
		runs[name] = m.Run
	}
	return runs, nil
}

// previewQueueLayer creates the preview's own copy of every queue its
// workloads use, with the base's settings and a dead-letter queue each, and
// points the view at them. Sharing the base's, or using none, it creates nothing.
func (c *Config) previewQueueLayer(ctx *pulumi.Context, v *dataView, settings map[string]queueSettings, opts ...pulumi.ResourceOption) error {
	if c.Preview.Queues != PreviewOwn || len(c.previewQueues()) == 0 {
		return nil
	}
	args := &data.DataLayerArgs{}
	for _, name := range c.previewQueues() {
		q, ok := settings[name]
		if !ok {
			return fmt.Errorf("preview %s: its base stack %s has no queue %s: add it to the base's %s first", c.Stack, c.Preview.BaseStack(), name, c.key("data")+".queues")
		}
		args.Queues = append(args.Queues, data.QueueArgs{Name: name, VisibilityTimeoutSeconds: q.VisibilityTimeoutSeconds,
			RetentionSeconds: q.RetentionSeconds, MaxReceiveCount: q.MaxReceiveCount})
	}
	layer, err := data.NewDataLayer(ctx, fmt.Sprintf("pr-%d-data", c.Preview.Number), args, opts...)
	if err != nil {
		return err
	}
	for name, q := range layer.Queues {
		v.queues[name] = queueView{name: q.Name, url: q.URL, arn: q.ARN}
	}
	return nil
}

// PreviewNotesKey is the preview's output listing what it shares with its
// base; `plan` prints it.
const PreviewNotesKey = "previewNotes"

// previewNotes say what a preview shares with its base, for `plan` and `up`.
func (c *Config) previewNotes() []string {
	var notes []string
	if c.Preview.Database == PreviewShared {
		notes = append(notes, fmt.Sprintf("shares %s's database: no migration runs, and the preview writes %s's data", c.Preview.BaseStack(), c.Preview.BaseStack()))
	}
	if c.Preview.Queues == PreviewShared && len(c.previewQueues()) > 0 {
		notes = append(notes, fmt.Sprintf("shares %s's queues (%s): %s's workers consume the preview's jobs", c.Preview.BaseStack(), strings.Join(c.previewQueues(), ", "), c.Preview.BaseStack()))
	}
	return notes
}
