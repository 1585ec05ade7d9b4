package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AWS managed CloudFront policies (CloudFront Developer Guide, "Use managed
// cache policies" and "Use managed origin request policies").
const (
	CachingDisabledPolicy  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	CachingOptimizedPolicy = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	// AllViewerPolicy forwards the viewer's headers, Host included, so the
	// ALB's host rule matches and the origin certificate is checked against it.
	AllViewerPolicy = "216adef6-5c7f-47e4-b989-5492eafa07d3"
	// CloudFrontZoneID is the hosted zone of every CloudFront alias.
	CloudFrontZoneID = "Z2FDTNDATAQYW2"
	albOrigin        = "alb"
)

var (
	allMethods    = pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"})
	cachedMethods = pulumi.ToStringArray([]string{"GET", "HEAD"})
)

// newDistribution puts CloudFront in front of the service's host: HTTPS to
// the ALB with the secret origin header, dynamic paths uncached, static paths
// cached, and the host's record aliased to the distribution.
func newDistribution(ctx *pulumi.Context, name string, a FargateServiceArgs, balancer LoadBalancer, originSecret pulumi.StringOutput, parent pulumi.ResourceOption) (*cloudfront.Distribution, error) {
	var static cloudfront.DistributionOrderedCacheBehaviorArray
	for _, path := range a.StaticPaths {
		static = append(static, cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:           pulumi.String(path),
			TargetOriginId:        pulumi.String(albOrigin),
			ViewerProtocolPolicy:  pulumi.String("redirect-to-https"),
			AllowedMethods:        cachedMethods,
			CachedMethods:         cachedMethods,
			Compress:              pulumi.Bool(true),
			CachePolicyId:         pulumi.String(CachingOptimizedPolicy),
			OriginRequestPolicyId: pulumi.String(AllViewerPolicy),
		})
	}
	distribution, err := cloudfront.NewDistribution(ctx, name+"-cdn", &cloudfront.DistributionArgs{
		Enabled:       pulumi.Bool(true),
		Comment:       pulumi.String(a.Host()),
		Aliases:       pulumi.StringArray{pulumi.String(a.Host())},
		HttpVersion:   pulumi.String("http2and3"),
		IsIpv6Enabled: pulumi.Bool(true),
		PriceClass:    pulumi.String("PriceClass_100"),
		WebAclId:      a.CDNWebACLArn,
		Origins: cloudfront.DistributionOriginArray{cloudfront.DistributionOriginArgs{
			OriginId:   pulumi.String(albOrigin),
			DomainName: balancer.DNSName,
			CustomOriginConfig: cloudfront.DistributionOriginCustomOriginConfigArgs{
				HttpPort: pulumi.Int(80), HttpsPort: pulumi.Int(443),
				OriginProtocolPolicy: pulumi.String("https-only"),
				OriginSslProtocols:   pulumi.StringArray{pulumi.String("TLSv1.2")},
			},
			CustomHeaders: cloudfront.DistributionOriginCustomHeaderArray{cloudfront.DistributionOriginCustomHeaderArgs{
				Name: pulumi.String(OriginHeader), Value: originSecret,
			}},
		}},
		DefaultCacheBehavior: cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:        pulumi.String(albOrigin),
			ViewerProtocolPolicy:  pulumi.String("redirect-to-https"),
			AllowedMethods:        allMethods,
			CachedMethods:         cachedMethods,
			Compress:              pulumi.Bool(true),
			CachePolicyId:         pulumi.String(CachingDisabledPolicy),
			OriginRequestPolicyId: pulumi.String(AllViewerPolicy),
		},
		OrderedCacheBehaviors: static,
		ViewerCertificate: cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      a.CDNCertificateArn,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String("TLSv1.2_2021"),
		},
		Restrictions: cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	_, err = route53.NewRecord(ctx, name+"-dns", &route53.RecordArgs{
		ZoneId: a.ZoneID,
		Name:   pulumi.String(a.Host()),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name: distribution.DomainName, ZoneId: pulumi.String(CloudFrontZoneID), EvaluateTargetHealth: pulumi.Bool(false),
		}},
	}, parent)
	return distribution, err
}
