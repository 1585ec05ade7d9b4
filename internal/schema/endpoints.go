package schema

import (
	"regexp"
	"strings"
)

// Naming is how a workload names the variables the platform injects for
// what it reaches (database, cache, broker, queues, buckets, mail).
type Naming struct {
	// EndpointNames is the preset of injected variable names: default
	// (DATABASE_HOST, CACHE_HOST, QUEUE_<NAME>_URL...), laravel (DB_HOST,
	// DB_PORT, DB_DATABASE, REDIS_HOST, REDIS_PORT, SQS_PREFIX, SQS_QUEUE,
	// AWS_BUCKET) or symfony (default plus REDIS_URL and
	// MESSENGER_TRANSPORT_DSN). Default: default.
	EndpointNames string `json:"endpointNames"`
	// Endpoints rename single injected variables over the preset: an
	// endpoint (database.host, database.port, database.name, cache.host,
	// cache.port, cache.url, broker.url, queue.<name>.url, queues.prefix,
	// queues.first, queues.firstUrl, bucket.<name>, buckets.first,
	// mail.domain) to a variable name; "" injects nothing. Default: none.
	Endpoints map[string]string `json:"endpoints"`
}

// The endpoints a workload can be given, as Endpoints keys. A name pattern
// with <NAME> is per queue or bucket: QUEUE_<NAME>_URL is QUEUE_ORDERS_URL.
const (
	DatabaseHost   = "database.host"
	DatabasePort   = "database.port"
	DatabaseName   = "database.name"
	CacheHost      = "cache.host"
	CachePort      = "cache.port"
	CacheURL       = "cache.url"
	BrokerURL      = "broker.url"
	QueueURL       = "queue.<name>.url"
	QueuesPrefix   = "queues.prefix"
	QueuesFirst    = "queues.first"
	QueuesFirstURL = "queues.firstUrl"
	BucketName     = "bucket.<name>"
	BucketsFirst   = "buckets.first"
	MailDomain     = "mail.domain"
)

// defaultNames are the names every preset starts from; "" is not injected.
var defaultNames = map[string]string{
	DatabaseHost: "DATABASE_HOST", DatabasePort: "DATABASE_PORT", DatabaseName: "DATABASE_NAME",
	CacheHost: "CACHE_HOST", CachePort: "CACHE_PORT", CacheURL: "",
	BrokerURL: "BROKER_URL",
	QueueURL:  "QUEUE_<NAME>_URL", QueuesPrefix: "", QueuesFirst: "", QueuesFirstURL: "",
	BucketName: "BUCKET_<NAME>", BucketsFirst: "",
	MailDomain: "MAIL_FROM_DOMAIN",
}

// Presets are the endpoint names per framework, as changes to the default
// names. Credentials are never part of a name: a DSN with a password cannot
// be composed, because ECS injects a secret only as a whole variable, so
// symfony's DATABASE_URL stays the application's to compose
// (%env(DATABASE_HOST)% and the secrets it declares).
var Presets = map[string]map[string]string{
	"default": {},
	"laravel": {
		DatabaseHost: "DB_HOST", DatabasePort: "DB_PORT", DatabaseName: "DB_DATABASE",
		CacheHost: "REDIS_HOST", CachePort: "REDIS_PORT",
		// Laravel's sqs connection reads the queue URL as SQS_PREFIX/SQS_QUEUE.
		QueuesPrefix: "SQS_PREFIX", QueuesFirst: "SQS_QUEUE",
		BucketsFirst: "AWS_BUCKET",
	},
	"symfony": {
		// The cache is TLS-only and the messenger's SQS transport takes the queue URL.
		CacheURL: "REDIS_URL", QueuesFirstURL: "MESSENGER_TRANSPORT_DSN",
	},
}

// PresetNames are the presets, as EndpointNames takes them.
var PresetNames = []string{"default", "laravel", "symfony"}

var (
	perNameEndpoint = regexp.MustCompile(`^(queue\.([a-z0-9-]+)\.url|bucket\.([a-z0-9-]+))$`)
	variableName    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// EndpointKeys are the keys Endpoints takes.
func EndpointKeys() []string {
	return []string{DatabaseHost, DatabasePort, DatabaseName, CacheHost, CachePort, CacheURL, BrokerURL,
		QueueURL, QueuesPrefix, QueuesFirst, QueuesFirstURL, BucketName, BucketsFirst, MailDomain}
}

// EndpointKeyProblem says what is wrong with an Endpoints entry; "" when
// nothing is. The queue or bucket a per-name key names is checked by the stack.
func EndpointKeyProblem(key, variable string) string {
	if _, fixed := defaultNames[key]; (!fixed || strings.Contains(key, "<")) && !perNameEndpoint.MatchString(key) {
		return "is not an endpoint"
	}
	if variable != "" && !variableName.MatchString(variable) {
		return "is not a variable name"
	}
	return ""
}

// PerName is the queue or bucket a per-name endpoint key names, and which
// of the two it is; empty for another key.
func PerName(key string) (kind, name string) {
	m := perNameEndpoint.FindStringSubmatch(key)
	switch {
	case m == nil:
		return "", ""
	case m[2] != "":
		return "queue", m[2]
	}
	return "bucket", m[3]
}

// Variable is the name a workload gives an endpoint; "" when it is not
// injected. name is the queue or bucket of a per-name endpoint.
func (n Naming) Variable(endpoint, name string) string {
	key := strings.Replace(endpoint, "<name>", name, 1)
	if v, ok := n.Endpoints[key]; ok {
		return v
	}
	v, ok := Presets[n.EndpointNames][endpoint]
	if !ok {
		v = defaultNames[endpoint]
	}
	return strings.ReplaceAll(v, "<NAME>", strings.ToUpper(strings.ReplaceAll(name, "-", "_")))
}
