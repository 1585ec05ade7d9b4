package access

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dns creates or looks up the hosted zone.
func (b *builder) dns() error {
	if b.args.Zone == LookupZone {
		zone, err := route53.LookupZone(b.ctx, &route53.LookupZoneArgs{Name: pulumi.StringRef(b.args.ZoneName), PrivateZone: pulumi.BoolRef(false)}, pulumi.Parent(b.layer))
		if err != nil {
			return err
		}
		b.layer.ZoneID = pulumi.String(zone.ZoneId).ToStringOutput()
		b.layer.NameServers = pulumi.ToStringArray(zone.NameServers).ToStringArrayOutput()
		return nil
	}
	zone, err := route53.NewZone(b.ctx, b.name+"-zone", &route53.ZoneArgs{
		Name:    pulumi.String(b.args.Domain),
		Comment: pulumi.String("Managed by Pulumi: platform environment " + b.ctx.Stack()),
	}, b.opts(pulumi.Protect(b.args.Protect))...)
	if err != nil {
		return err
	}
	b.layer.ZoneID = zone.ZoneId
	b.layer.NameServers = zone.NameServers
	if b.args.ParentZone == "" {
		return nil
	}
	// The parent is in this account: delegate at once, so validation can succeed in this run.
	parent, err := route53.LookupZone(b.ctx, &route53.LookupZoneArgs{Name: pulumi.StringRef(b.args.ParentZone), PrivateZone: pulumi.BoolRef(false)}, pulumi.Parent(b.layer))
	if err != nil {
		return err
	}
	delegation, err := route53.NewRecord(b.ctx, b.name+"-zone-delegation", &route53.RecordArgs{
		ZoneId:  pulumi.String(parent.ZoneId),
		Name:    pulumi.String(b.args.Domain),
		Type:    pulumi.String("NS"),
		Ttl:     pulumi.Int(delegationTTL),
		Records: zone.NameServers,
	}, b.opts()...)
	if err != nil {
		return err
	}
	b.layer.delegation = delegation
	return nil
}

// delegationTTL keeps resolvers from caching a missing delegation for long.
const delegationTTL = 300

// afterDelegation makes a DNS-validated resource wait for the delegation the
// layer wrote, if any.
func (b *builder) afterDelegation(opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	if b.layer.delegation != nil {
		opts = append(opts, pulumi.DependsOn([]pulumi.Resource{b.layer.delegation}))
	}
	return b.opts(opts...)
}

// certificates issues the regional certificate and, when a CDN provider is
// given, the us-east-1 one CloudFront requires.
func (b *builder) certificates() error {
	arn, record, err := b.certificate(b.name+"-certificate", b.name+"-certificate-validation", nil)
	if err != nil {
		return err
	}
	b.layer.CertificateArn = arn
	if b.args.CDNProvider == nil {
		return nil
	}
	// ACM gives every certificate of a domain in one account the same
	// validation record, whatever the region (terraform-provider-aws
	// #13653): the us-east-1 certificate validates through the regional
	// one's record. A second resource for that record would delete it, and
	// with it the other certificate's renewal, when either goes.
	edgeArn, _, err := b.certificate(b.name+"-cdn-certificate", b.name+"-cdn-certificate-validation", record, pulumi.Provider(b.args.CDNProvider))
	if err != nil {
		return err
	}
	b.layer.CDNCertificateArn = edgeArn
	return nil
}

// certificate issues a DNS-validated certificate for the domain and its
// wildcard and returns its ARN once validation has finished, and the
// validation record: made here, or the one given.
func (b *builder) certificate(name, validationName string, record *route53.Record, opts ...pulumi.ResourceOption) (pulumi.StringOutput, *route53.Record, error) {
	cert, err := acm.NewCertificate(b.ctx, name, &acm.CertificateArgs{
		DomainName:              pulumi.String(b.args.Domain),
		SubjectAlternativeNames: pulumi.StringArray{pulumi.String("*." + b.args.Domain)},
		ValidationMethod:        pulumi.String("DNS"),
		KeyAlgorithm:            pulumi.String("EC_prime256v1"),
	}, b.opts(opts...)...)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	if record == nil {
		// The apex and its wildcard share one validation record, so one record validates both.
		option := cert.DomainValidationOptions.Index(pulumi.Int(0))
		record, err = route53.NewRecord(b.ctx, name+"-validation-record", &route53.RecordArgs{
			ZoneId:         b.layer.ZoneID,
			Name:           option.ResourceRecordName().Elem(),
			Type:           option.ResourceRecordType().Elem(),
			Records:        pulumi.StringArray{option.ResourceRecordValue().Elem()},
			Ttl:            pulumi.Int(60),
			AllowOverwrite: pulumi.Bool(true),
		}, b.opts()...)
		if err != nil {
			return pulumi.StringOutput{}, nil, err
		}
	}
	validation, err := acm.NewCertificateValidation(b.ctx, validationName, &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{record.Fqdn},
	}, b.afterDelegation(opts...)...)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return validation.CertificateArn, record, nil
}
