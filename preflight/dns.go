package preflight

import (
	"fmt"
	"platform/internal/graph"
	"strings"
)

const acmDoc = "AWS Certificate Manager API Reference, RequestCertificate (DomainName 1-253 characters, first label at most 63; the CN at most 64) https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html"

// zoneOf returns the hosted zone a record is in.
func zoneOf(rec *graph.Resource, g *graph.Graph) *graph.Resource {
	for _, z := range g.ByType(zone) {
		if z.ID == str(rec, "zoneId") || z.Output("zoneId") == str(rec, "zoneId") {
			return z
		}
	}
	return nil
}

func fqdn(s string) string { return strings.TrimSuffix(strings.ToLower(s), ".") }

var dnsRules = []Rule{
	{ID: "PF.DNS.1", Title: "No CNAME at a zone apex", Types: []string{record},
		Rejects: "ChangeResourceRecordSets: InvalidChangeBatch: RRSet of type CNAME is not permitted at apex",
		Source:  "Amazon Route 53 Developer Guide, Choosing between alias and non-alias records https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html",
		Fix:     "use an alias A/AAAA record at the apex",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			z := zoneOf(r, g)
			return check(z == nil || str(r, "type") != "CNAME" || fqdn(str(r, "name")) != fqdn(str(z, "name")), "CNAME %s at the apex", str(r, "name"))
		}},
	{ID: "PF.ACM.1", Title: "Certificate domain names fit ACM's limits", Types: []string{certificate},
		Rejects: "RequestCertificate: ValidationException: the first domain name is at most 64 characters; at most 10 names per certificate by default (quota Domain names per ACM certificate, adjustable)",
		Source:  acmDoc, Fix: "shorten the primary domain (put long names in subjectAlternativeNames) and keep 10 names or fewer",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d := str(r, "domainName")
			n := 1 + len(list(r, "subjectAlternativeNames"))
			return first(check(len(d) <= 64, "domainName of %d characters", len(d)), check(n <= 10, "%d domain names", n))
		}},
	{ID: "PF.ACM.2", Title: "CloudFront uses a certificate from us-east-1", Types: []string{distribution},
		Rejects: "CreateDistribution: InvalidViewerCertificate: CloudFront only uses ACM certificates in US East (N. Virginia)",
		Source:  "Amazon CloudFront Developer Guide, Requirements for using SSL/TLS certificates with CloudFront https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html",
		Fix:     "request the distribution's certificate with a us-east-1 provider",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			arn := str(r, "viewerCertificate.acmCertificateArn")
			return check(arn == "" || strings.HasPrefix(arn, "arn:aws:acm:us-east-1:"), "certificate %s", arn)
		}},
	{ID: "PF.DNS.2", Title: "Records have a TTL in range", Types: []string{record},
		Rejects: "ChangeResourceRecordSets: InvalidInput: TTL 0 to 2147483647 s, and non-alias records need a TTL",
		Source:  "Amazon Route 53 API Reference, ResourceRecordSet https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html",
		Fix:     "set a ttl on every non-alias record",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if r.Input("aliases") != nil || r.Input("alias") != nil {
				return ""
			}
			ttl, ok := num(r, "ttl")
			return check(ok && ttl >= 0 && ttl <= 2147483647, "ttl %v", r.Input("ttl"))
		}},
}

// certificateNames returns the names of the certificate a resource uses
// through the CertificateValidation it depends on, or nil when it uses none.
func certificateNames(r *graph.Resource, g *graph.Graph, arn string) []string {
	for _, v := range withInput(g, certValidation, "certificateArn", arn) {
		for _, c := range deps(v, g, certificate) {
			return append([]string{str(c, "domainName")}, stringsOf(list(c, "subjectAlternativeNames"))...)
		}
	}
	return nil
}

// covers reports whether a certificate name covers host: equal, or a wildcard
// for exactly one more label.
func covers(names []string, host string) bool {
	host = fqdn(host)
	for _, n := range names {
		n = fqdn(n)
		if n == host || (strings.HasPrefix(n, "*.") && strings.Count(host, ".") == strings.Count(n, ".") && strings.HasSuffix(host, n[1:])) {
			return true
		}
	}
	return false
}

var certRules = []Rule{
	{ID: "PF.ACM.3", Title: "A distribution's certificate covers its aliases", Types: []string{distribution},
		Rejects: "CreateDistribution: InvalidViewerCertificate: the certificate does not cover an alternate domain name (CNAME)",
		Source:  "Amazon CloudFront Developer Guide, Requirements for using alternate domain names https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html",
		Fix:     "add the alias (or a wildcard of its parent) to the certificate's names",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			names := certificateNames(r, g, str(r, "viewerCertificate.acmCertificateArn"))
			for _, a := range stringsOf(list(r, "aliases")) {
				if names != nil && !covers(names, a) {
					return fmt.Sprintf("alias %s is not on certificate %v", a, names)
				}
			}
			return ""
		}},
	{ID: "PF.ACM.4", Title: "An HTTPS listener's certificate covers the hosts its rules route", Types: []string{listenerRule},
		Rejects: "browsers refuse the TLS handshake for a host the listener's certificate does not name: the route is unreachable over HTTPS",
		Source:  "Application Load Balancers Guide, SSL certificates for your Application Load Balancer https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html",
		Fix:     "add the host (or a wildcard of its parent) to the certificate, or add a listener certificate for it",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			l := ruleListener(r, g)
			if l == nil || str(l, "protocol") != "HTTPS" {
				return ""
			}
			names := certificateNames(l, g, str(l, "certificateArn"))
			for i := range list(r, "conditions") {
				for _, h := range stringsOf(list(r, fmt.Sprintf("conditions.%d.hostHeader.values", i))) {
					if names != nil && !strings.ContainsAny(h, "*?") && !covers(names, h) {
						return fmt.Sprintf("host %s is not on certificate %v", h, names)
					}
				}
			}
			return ""
		}},
	{ID: "PF.SES.1", Title: "The MAIL FROM domain is a subdomain of the identity", Types: []string{"aws:ses/mailFrom:MailFrom"},
		Rejects: "SetIdentityMailFromDomain: InvalidParameterValue: the MAIL FROM domain must be a subdomain of the verified identity",
		Source:  "Amazon SES Developer Guide, Using a custom MAIL FROM domain https://docs.aws.amazon.com/ses/latest/dg/mail-from.html",
		Fix:     "use a subdomain such as bounce.<domain>",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			d, m := fqdn(str(r, "domain")), fqdn(str(r, "mailFromDomain"))
			return check(m == "" || strings.HasSuffix(m, "."+d), "mailFromDomain %s is not under %s", m, d)
		}},
}
