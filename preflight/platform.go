package preflight

import (
	"fmt"
	"math"
	"platform/internal/graph"
	"regexp"
	"strings"
)

// bucketParts are the S3 types configuring a bucket they name in input "bucket".
var bucketParts = []string{bucketPolicy, bucketEncryption, bucketLifecycle, bucketLogging,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketVersioningV2:BucketVersioningV2"}

var (
	dnsLabel       = regexp.MustCompile(`^(\*|[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)$`)
	parameterGroup = regexp.MustCompile(`^(postgres\d+|mysql\d\.\d|mariadb\d+\.\d+|aurora-postgresql\d+|aurora-mysql\d\.\d)$`)
)

// parentOf says which resource a part needs to exist first: a resource of
// Type whose input Key equals the part's input Via.
type parentOf struct{ Part, Via, Type, Key string }

var parents = append([]parentOf{
	{"aws:rds/proxyTarget:ProxyTarget", "dbProxyName", dbProxy, "name"},
	{"aws:rds/proxyTarget:ProxyTarget", "dbInstanceIdentifier", dbInstance, "identifier"},
	{"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "dbProxyName", dbProxy, "name"},
	{"aws:ecr/lifecyclePolicy:LifecyclePolicy", "repository", repository, "name"},
}, bucketParents()...)

func bucketParents() []parentOf {
	var out []parentOf
	for _, p := range bucketParts {
		out = append(out, parentOf{p, "bucket", bucket, "bucket"})
	}
	return out
}

func partTypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range parents {
		if !seen[p.Part] {
			seen[p.Part] = true
			out = append(out, p.Part)
		}
	}
	return append(out, "aws:secretsmanager/secretVersion:SecretVersion")
}

var platformRules = []Rule{
	{ID: "PF.ORDER.8", Title: "A part is created after the resource it configures", Types: partTypes(),
		Rejects: "NoSuchBucket / DBProxyNotFoundFault / RepositoryNotFoundException / ResourceNotFoundException when the part is created in parallel with its parent",
		Source:  "Pulumi, Resource dependencies (inputs from outputs, or dependsOn) https://www.pulumi.com/docs/iac/concepts/options/dependson/",
		Fix:     "pass the parent's output (bucket.ID(), proxy.Name, secret.ID()) or depend on it explicitly",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if r.Type == "aws:secretsmanager/secretVersion:SecretVersion" {
				return check(len(g.ByType(secret)) == 0 || len(deps(r, g, secret)) > 0, "does not depend on its secret")
			}
			for _, p := range parents {
				if p.Part != r.Type {
					continue
				}
				for _, parent := range withInput(g, p.Type, p.Key, r.Input(p.Via)) {
					if !parent.Read && !g.DependsOn(r.URN, parent.URN) {
						return fmt.Sprintf("does not depend on %s %s", parent.Type[strings.LastIndex(parent.Type, ":")+1:], parent.Name)
					}
				}
			}
			return ""
		}},
	{ID: "PF.S3.3", Title: "Bucket settings use values S3 accepts", Types: []string{"aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketVersioningV2:BucketVersioningV2", bucketEncryption},
		Rejects: "PutBucketOwnershipControls / PutBucketVersioning / PutBucketEncryption: MalformedXML or InvalidArgument for another value, or a KMS key with AES256",
		Source:  "Amazon S3 API Reference, PutBucketOwnershipControls, PutBucketVersioning, PutBucketEncryption https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html",
		Fix:     "use BucketOwnerEnforced/BucketOwnerPreferred/ObjectWriter, Enabled/Suspended, AES256/aws:kms/aws:kms:dsse",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			oneOf := func(v string, allowed ...string) bool {
				for _, a := range allowed {
					if v == a {
						return true
					}
				}
				return v == ""
			}
			algorithm := str(r, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm")
			return first(check(oneOf(str(r, "rule.objectOwnership"), "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"), "objectOwnership %q", str(r, "rule.objectOwnership")),
				check(oneOf(str(r, "versioningConfiguration.status"), "Enabled", "Suspended", "Disabled"), "versioning status %q", str(r, "versioningConfiguration.status")),
				check(oneOf(algorithm, "AES256", "aws:kms", "aws:kms:dsse"), "sseAlgorithm %q", algorithm),
				check(algorithm != "AES256" || r.Input("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId") == nil, "a KMS key with AES256"))
		}},
	{ID: "PF.DNS.3", Title: "DNS names have labels of at most 63 and 255 characters in all", Types: []string{zone, record, dnsNamespace, "aws:ses/domainIdentity:DomainIdentity", "aws:ses/domainDkim:DomainDkim", certificate},
		Rejects: "CreateHostedZone / ChangeResourceRecordSets / CreatePrivateDnsNamespace / VerifyDomainIdentity / RequestCertificate: InvalidDomainName",
		Source:  "Amazon Route 53 Developer Guide, DNS domain name format https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html",
		Fix:     "shorten the name: labels of letters, digits, hyphens and underscores up to 63 characters, 255 in all",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			name := fqdn(first(str(r, "name"), str(r, "domain"), str(r, "domainName")))
			if name == "" {
				return ""
			}
			if len(name) > 255 {
				return fmt.Sprintf("name of %d characters", len(name))
			}
			for _, label := range strings.Split(name, ".") {
				if !dnsLabel.MatchString(label) {
					return fmt.Sprintf("label %q of %s", label, name)
				}
			}
			return ""
		}},
	{ID: "PF.RDS.12", Title: "The parameter group family is one RDS offers", Types: []string{dbParameterGroup},
		Rejects: "CreateDBParameterGroup: InvalidParameterValue: DBParameterGroupFamily is not a valid family (postgres16, mysql8.4, aurora-postgresql16, ...)",
		Source:  "Amazon RDS User Guide, Working with DB parameter groups https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html",
		Fix:     "name the family engine plus major version: postgres16, mysql8.4",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			f := str(r, "family")
			return check(f == "" || parameterGroup.MatchString(f), "family %q", f)
		}},
	{ID: "PF.EC.5", Title: "A Multi-AZ cache has subnets in two zones", Types: []string{replicationGroup},
		Rejects: "CreateReplicationGroup: InvalidParameterCombination: Multi-AZ needs a subnet group with subnets in at least two Availability Zones",
		Source:  ecCreateDoc, Fix: "give the cache subnet group subnets in two or more zones",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			if !truthy(r, "multiAzEnabled") {
				return ""
			}
			for _, sg := range deps(r, g, "aws:elasticache/subnetGroup:SubnetGroup") {
				if n := len(list(sg, "subnetIds")); n < 2 {
					return fmt.Sprintf("subnet group %s has %d subnet", sg.Name, n)
				}
			}
			return ""
		}},
	{ID: "PF.ECS.11", Title: "A capacity provider strategy has at most one base and weights 0-1000", Types: []string{ecsService, capacityProviders},
		Rejects: "CreateService / PutClusterCapacityProviders: InvalidParameterException: only one capacity provider in a strategy can have a base; base 0-100000, weight 0-1000 with one above 0",
		Source:  "Amazon ECS API Reference, CapacityProviderStrategyItem https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html",
		Fix:     "set base on one provider only and give at least one a positive weight",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			path := "capacityProviderStrategies"
			if r.Type == capacityProviders {
				path = "defaultCapacityProviderStrategies"
			}
			bases, positive := 0, false
			for i := range list(r, path) {
				b, _ := num(r, fmt.Sprintf("%s.%d.base", path, i))
				w, okW := num(r, fmt.Sprintf("%s.%d.weight", path, i))
				if b > 0 {
					bases++
				}
				if okW && (w < 0 || w > 1000) || b < 0 || b > 100000 {
					return fmt.Sprintf("%s.%d base %v weight %v", path, i, b, w)
				}
				positive = positive || !okW || w > 0
			}
			return first(check(bases <= 1, "%d providers with a base", bases), check(len(list(r, path)) == 0 || positive, "no provider has a positive weight"))
		}},
	{ID: "PF.ECS.12", Title: "A service with a capacity provider strategy changes it in place", Types: []string{ecsService},
		Rejects: "a changed strategy without forceNewDeployment replaces the service; the replacement is created before the old one is deleted, and CreateService refuses the same name (InvalidParameterException: Creation of service was not idempotent)",
		Source:  "pulumi-aws v6.83.0 ecs.Service, capacityProviderStrategies: updated in place only if forceNewDeployment = true https://www.pulumi.com/registry/packages/aws/api-docs/ecs/service/; terraform-provider-aws #11351 (a strategy change replaces the service) https://github.com/hashicorp/terraform-provider-aws/issues/11351 and #2283 (the same name is refused while the old one exists) https://github.com/hashicorp/terraform-provider-aws/issues/2283",
		Fix:     "set forceNewDeployment: true on every service with capacityProviderStrategies",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			return check(len(list(r, "capacityProviderStrategies")) == 0 || truthy(r, "forceNewDeployment"), "forceNewDeployment is not true")
		}},
	{ID: "PF.VPC.5", Title: "A route has one destination and one target", Types: []string{"aws:ec2/route:Route"},
		Rejects: "CreateRoute: InvalidParameterCombination: exactly one destination (CIDR or prefix list) and one target",
		Source:  "Amazon EC2 API Reference, CreateRoute https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html",
		Fix:     "give the route one destination and one target",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			count := func(keys ...string) int {
				n := 0
				for _, k := range keys {
					if r.Input(k) != nil {
						n++
					}
				}
				return n
			}
			dest := count("destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId")
			target := count("gatewayId", "natGatewayId", "networkInterfaceId", "transitGatewayId", "vpcEndpointId", "vpcPeeringConnectionId", "egressOnlyGatewayId", "carrierGatewayId", "localGatewayId", "coreNetworkArn")
			return check(dest == 1 && target == 1, "%d destinations, %d targets", dest, target)
		}},
	{ID: "PF.VPC.6", Title: "A VPC's subnets fit in its CIDR block", Types: []string{"awsx:ec2:Vpc"},
		Rejects: "CreateVpc / CreateSubnet: InvalidVpc.Range (block /16 to /28) or InvalidSubnet.Range when the subnets of every zone do not fit the block",
		Source:  "Amazon VPC User Guide, VPC CIDR blocks https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
		Fix:     "use a larger block, fewer zones or smaller subnets (cidrMask 16 to 28)",
		Check: func(r *graph.Resource, g *graph.Graph) string {
			block := str(r, "cidrBlock")
			i := strings.LastIndex(block, "/")
			var prefix float64
			if _, err := fmt.Sscanf(block[i+1:], "%g", &prefix); i < 0 || err != nil {
				return ""
			}
			if prefix < 16 || prefix > 28 {
				return fmt.Sprintf("cidrBlock %s", block)
			}
			zones := float64(len(list(r, "availabilityZoneNames")))
			if n, ok := num(r, "numberOfAvailabilityZones"); ok {
				zones = n
			}
			used := 0.0
			for j := range list(r, "subnetSpecs") {
				m, ok := num(r, fmt.Sprintf("subnetSpecs.%d.cidrMask", j))
				if !ok {
					continue
				}
				if m < 16 || m > 28 {
					return fmt.Sprintf("subnetSpecs.%d.cidrMask %v", j, m)
				}
				used += zones * math.Pow(2, 32-m)
			}
			return check(used <= math.Pow(2, 32-prefix), "subnets need %v addresses, %s has %v", used, block, math.Pow(2, 32-prefix))
		}},
}

// Unchecked are the created types no rule looks at, with the reason.
var Unchecked = map[string]string{
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "adopts the VPC's default group and removes its rules: nothing in it can be refused",
}
