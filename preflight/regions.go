package preflight

import (
	"fmt"
	"maps"
	"slices"

	"platform/internal/awsfacts"
	"platform/internal/graph"
)

// regionServices are the resource types of services that not every Region
// offers, by the awsfacts service whose availability decides. A service the
// tables know nothing of in a Region (Unknown) passes: only a document that
// leaves the Region out fails the plan.
var regionServices = map[string]awsfacts.Service{
	"aws:mq/broker:Broker":                  awsfacts.AmazonMQ,
	"aws:ses/domainIdentity:DomainIdentity": awsfacts.SES,
	"aws:lambda/function:Function":          awsfacts.Lambda,
	"aws:cognito/userPool:UserPool":         awsfacts.CognitoUserPools,
	"aws:backup/vault:Vault":                awsfacts.Backup,
}

// offered says whether the documents leave service s out of r's Region (its
// explicit provider's: every platform resource runs on one, the stack's or
// us-east-1 for CloudFront's parts); "" when they do not.
func offered(r *graph.Resource, g *graph.Graph, s awsfacts.Service) string {
	name := providerRegion(r, g)
	region, ok := awsfacts.LookupRegion(name)
	if !ok || region.Service(s) != awsfacts.Unavailable {
		return ""
	}
	return fmt.Sprintf("%s is not offered in %s", s, name)
}

var regionRules = []Rule{
	{ID: "PF.REGION.1", Title: "Regional services exist in the stack's Region", Types: slices.Sorted(maps.Keys(regionServices)),
		Rejects: "the create call fails: the service has no endpoint in the Region (could not resolve <service>.<region>.amazonaws.com)",
		Source:  "AWS General Reference, AWS service endpoints https://docs.aws.amazon.com/general/latest/gr/rande.html; " + awsfacts.ServiceDocument(awsfacts.SES),
		Fix:     "choose a Region the service is offered in (aws:region), or turn the part off in this stack",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return offered(r, g, regionServices[r.Type])
		}},
}
