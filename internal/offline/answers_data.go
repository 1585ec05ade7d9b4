package offline

import (
	"cmp"
	"fmt"
	"platform/internal/awsfacts"
	"strings"
)

// dataAnswers answer the bucket, queue, database, cache and broker types.
var dataAnswers = map[string]answer{
	"aws:s3/bucketV2:BucketV2": func(f facts) (string, map[string]any) {
		f.name = cmp.Or(f.str("bucket"), f.name)
		return f.name, map[string]any{
			"bucket":                   f.name,
			"arn":                      "arn:aws:s3:::" + f.name,
			"bucketDomainName":         f.name + ".s3.amazonaws.com",
			"bucketRegionalDomainName": f.name + ".s3." + f.region + ".amazonaws.com",
		}
	},
	"aws:sqs/queue:Queue": func(f facts) (string, map[string]any) {
		url := "https://sqs." + f.region + ".amazonaws.com/" + f.account + "/" + f.name
		return url, map[string]any{"arn": f.arn("sqs", f.name), "url": url, "name": f.name}
	},
	"aws:rds/instance:Instance": func(f facts) (string, map[string]any) {
		id := f.str("identifier")
		if id == "" {
			id = f.name
		}
		address := id + "." + f.hex(12) + "." + f.region + ".rds.amazonaws.com"
		return "db-" + f.upper(26), map[string]any{
			"arn":                 f.arn("rds", "db:"+id),
			"identifier":          id,
			"address":             address,
			"endpoint":            address + ":" + fmt.Sprint(f.r.Inputs["port"]),
			"masterUserSecrets":   []any{map[string]any{"secretArn": f.arn("secretsmanager", "secret:rds!db-"+uuid(f)+"-"+f.hex(6)), "secretStatus": "active"}},
			"resourceId":          "db-" + f.upper(26),
			"hostedZoneId":        "Z2R2ITUGPM61AM",
			"availabilityZone":    f.region + "a",
			"caCertIdentifier":    "rds-ca-rsa2048-g1",
			"engineVersionActual": f.str("engineVersion"),
		}
	},
	"aws:rds/cluster:Cluster": func(f facts) (string, map[string]any) {
		id := f.str("clusterIdentifier")
		port := 5432
		if strings.Contains(f.str("engine"), "mysql") {
			port = 3306
		}
		return id, map[string]any{
			"arn":               f.arn("rds", "cluster:"+id),
			"endpoint":          id + ".cluster-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com",
			"readerEndpoint":    id + ".cluster-ro-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com",
			"port":              port,
			"clusterResourceId": "cluster-" + f.upper(26),
			"masterUserSecrets": []any{map[string]any{"secretArn": f.arn("secretsmanager", "secret:rds!cluster-"+uuid(f)+"-"+f.hex(6)), "secretStatus": "active"}},
		}
	},
	"aws:rds/clusterInstance:ClusterInstance": func(f facts) (string, map[string]any) {
		id := f.str("identifier")
		return id, map[string]any{"arn": f.arn("rds", "db:"+id), "endpoint": id + "." + f.hex(12) + "." + f.region + ".rds.amazonaws.com"}
	},
	"aws:rds/proxy:Proxy": func(f facts) (string, map[string]any) {
		return f.name, map[string]any{"arn": f.arn("rds", "db-proxy:prx-"+f.hex(17)), "endpoint": f.name + ".proxy-" + f.hex(12) + "." + f.region + ".rds.amazonaws.com"}
	},
	"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": func(f facts) (string, map[string]any) {
		return f.str("dbProxyName"), map[string]any{"name": "default", "arn": f.arn("rds", "target-group:prx-tg-"+f.hex(17))}
	},
	"aws:elasticache/replicationGroup:ReplicationGroup": func(f facts) (string, map[string]any) {
		id := f.str("replicationGroupId")
		return id, map[string]any{
			"arn":                    f.arn("elasticache", "replicationgroup:"+id),
			"primaryEndpointAddress": "master." + id + "." + f.hex(6) + "." + shortRegion(f.region) + ".cache.amazonaws.com",
			"readerEndpointAddress":  "replica." + id + "." + f.hex(6) + "." + shortRegion(f.region) + ".cache.amazonaws.com",
		}
	},
	"aws:elasticache/serverlessCache:ServerlessCache": func(f facts) (string, map[string]any) {
		address := f.name + "-" + f.hex(6) + ".serverless." + shortRegion(f.region) + ".cache.amazonaws.com"
		return f.name, map[string]any{
			"arn":       f.arn("elasticache", "serverlesscache:"+f.name),
			"endpoints": []any{map[string]any{"address": address, "port": 6379}},
		}
	},
	"aws:mq/broker:Broker": func(f facts) (string, map[string]any) {
		id := "b-" + uuid(f)
		host := id + "-1.mq." + f.region + ".amazonaws.com"
		return id, map[string]any{
			"arn":       f.arn("mq", "broker:"+f.name+":"+id),
			"instances": []any{map[string]any{"consoleUrl": "https://" + host, "endpoints": []any{"amqps://" + host + ":5671"}, "ipAddress": ""}},
		}
	},
}

// shortRegion is the Region's zone-ID prefix, which ElastiCache endpoints
// carry, e.g. use1. answer has refused unknown Regions before any answer runs.
func shortRegion(region string) string {
	r, _ := awsfacts.LookupRegion(region)
	return r.ZonePrefix()
}
