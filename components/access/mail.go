package access

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ses"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
)

// dkimTokens is how many DKIM CNAMEs SES Easy DKIM asks for.
const dkimTokens = 3

// mail verifies MailDomain in SES with DKIM and a custom MAIL FROM domain,
// and makes a policy that task roles take to send from it.
func (b *builder) mail() error {
	if b.args.MailDomain == "" {
		return nil
	}
	domain := b.args.MailDomain
	_, region, err := b.accountAndRegion()
	if err != nil {
		return err
	}
	identity, err := ses.NewDomainIdentity(b.ctx, b.name+"-mail-identity", &ses.DomainIdentityArgs{Domain: pulumi.String(domain)}, b.opts()...)
	if err != nil {
		return err
	}
	record := func(role, name, typ string, values ...pulumi.StringInput) (*route53.Record, error) {
		return route53.NewRecord(b.ctx, b.name+"-mail-"+role, &route53.RecordArgs{
			ZoneId: b.layer.ZoneID, Name: pulumi.String(name), Type: pulumi.String(typ),
			Ttl: pulumi.Int(600), Records: pulumi.StringArray(values),
		}, b.opts()...)
	}
	verification, err := record("verification", "_amazonses."+domain, "TXT", identity.VerificationToken)
	if err != nil {
		return err
	}
	if _, err := ses.NewDomainIdentityVerification(b.ctx, b.name+"-mail-verification", &ses.DomainIdentityVerificationArgs{
		Domain: identity.Domain,
	}, b.afterDelegation(pulumi.DependsOn([]pulumi.Resource{verification}))...); err != nil {
		return err
	}
	dkim, err := ses.NewDomainDkim(b.ctx, b.name+"-mail-dkim", &ses.DomainDkimArgs{Domain: identity.Domain}, b.opts()...)
	if err != nil {
		return err
	}
	for i := 0; i < dkimTokens; i++ {
		token := dkim.DkimTokens.Index(pulumi.Int(i))
		if _, err := route53.NewRecord(b.ctx, fmt.Sprintf("%s-mail-dkim-%d", b.name, i), &route53.RecordArgs{
			ZoneId:  b.layer.ZoneID,
			Name:    pulumi.Sprintf("%s._domainkey.%s", token, domain),
			Type:    pulumi.String("CNAME"),
			Ttl:     pulumi.Int(600),
			Records: pulumi.StringArray{pulumi.Sprintf("%s.dkim.amazonses.com", token)},
		}, b.opts()...); err != nil {
			return err
		}
	}
	mailFrom := "bounce." + domain
	if _, err := ses.NewMailFrom(b.ctx, b.name+"-mail-from", &ses.MailFromArgs{
		Domain: identity.Domain, MailFromDomain: pulumi.String(mailFrom),
	}, b.opts()...); err != nil {
		return err
	}
	if _, err := record("from-mx", mailFrom, "MX", pulumi.String("10 feedback-smtp."+region+".amazonses.com")); err != nil {
		return err
	}
	if _, err := record("from-spf", mailFrom, "TXT", pulumi.String("v=spf1 include:amazonses.com ~all")); err != nil {
		return err
	}
	policy, err := iam.NewPolicy(b.ctx, b.name+"-send-mail", &iam.PolicyArgs{
		Name:        pulumi.String(naming.FromContext(b.ctx).Name(naming.Policy, "send-mail")),
		Description: pulumi.String("Send email from " + domain + " through SES"),
		Policy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"ses:SendEmail", "ses:SendRawEmail"},
			Resources: []pulumi.StringInput{identity.Arn},
		}),
	}, b.opts()...)
	if err != nil {
		return err
	}
	b.layer.SendMailPolicyArn = policy.Arn
	return nil
}
