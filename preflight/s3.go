package preflight

import (
	"fmt"
	"platform/internal/graph"
)

var s3Rules = []Rule{
	{ID: "PF.S3.1", Title: "Server access logs go to a bucket whose policy lets the logging service write", Types: []string{bucketLogging},
		Rejects: "with BucketOwnerEnforced (ACLs off) the target bucket must grant logging.s3.amazonaws.com s3:PutObject; without it no log is ever delivered",
		Source:  "Amazon S3 User Guide, Enabling Amazon S3 server access logging https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
		Fix:     "add a statement to the target bucket's policy: Allow s3:PutObject for service logging.s3.amazonaws.com on <target>/<prefix>*",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			target := str(r, "targetBucket")
			if target == "" {
				return ""
			}
			for _, p := range withInput(g, bucketPolicy, "bucket", target) {
				for _, s := range statements(p, "policy") {
					if s["Effect"] == "Allow" && containsAction(s, "s3:PutObject") && principalService(s) == "logging.s3.amazonaws.com" {
						return ""
					}
				}
			}
			return fmt.Sprintf("no policy of target bucket %s lets logging.s3.amazonaws.com write", target)
		}},
	{ID: "PF.S3.2", Title: "Lifecycle rules count whole positive days", Types: []string{bucketLifecycle},
		Rejects: "PutBucketLifecycleConfiguration: InvalidArgument: days must be a positive integer; rule ids are at most 255 characters",
		Source:  "Amazon S3 API Reference, PutBucketLifecycleConfiguration https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html",
		Fix:     "give every expiration, noncurrent expiration and multipart abort at least 1 day",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			for i := range list(r, "rules") {
				p := fmt.Sprintf("rules.%d.", i)
				for _, path := range []string{"expiration.days", "noncurrentVersionExpiration.noncurrentDays", "abortIncompleteMultipartUpload.daysAfterInitiation"} {
					if d, ok := num(r, p+path); ok && (d < 1 || d != float64(int(d))) {
						return fmt.Sprintf("%s%s is %v", p, path, d)
					}
				}
				if len(str(r, p+"id")) > 255 {
					return fmt.Sprintf("%sid is longer than 255 characters", p)
				}
			}
			return ""
		}},
}

// principalService returns a statement's service principal, or "".
func principalService(s map[string]any) string {
	p, _ := s["Principal"].(map[string]any)
	for _, v := range asList(p["Service"]) {
		if svc, ok := v.(string); ok {
			return svc
		}
	}
	return ""
}
