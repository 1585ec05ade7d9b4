package observability

import (
	"fmt"
	"net/mail"
	"net/url"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// validateEndpoints checks that every email is an address and every webhook
// an HTTPS URL.
func validateEndpoints(emails, webhooks []string) []error {
	var errs []error
	for i, e := range emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			errs = append(errs, validate.Field(fmt.Sprintf("emails[%d]", i), e, "is not an email address", "name@example.com"))
		}
	}
	for i, w := range webhooks {
		if u, err := url.Parse(w); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, validate.Field(fmt.Sprintf("webhooks[%d]", i), w, "is not an HTTPS URL", "https://hooks.example.com/..."))
		}
	}
	return errs
}

// validateSubscribers refuses a topic nobody reads where one is required.
func (a *ObservabilityArgs) validateSubscribers() error {
	if a.RequireSubscriber && len(a.Emails)+len(a.Webhooks) == 0 {
		return validate.Missing("emails", "at least one email or webhook: alarms that notify no one are not seen")
	}
	return nil
}

// topics creates the alerts topic, and a second one in us-east-1 for
// CloudFront's alarms when the stack is elsewhere.
func (b *builder) topics() error {
	if len(b.args.Emails)+len(b.args.Webhooks) == 0 {
		b.ctx.Log.Warn("the alerts topic has no subscriber: alarms fire but notify no one; set platform:observability emails or webhooks", nil)
	}
	var err error
	if b.topic, err = b.alertsTopic("alerts"); err != nil {
		return err
	}
	b.edge = b.topic
	if len(b.args.Targets.Distributions) > 0 && b.args.EdgeProvider != nil {
		b.edge, err = b.alertsTopic("alerts-us-east-1", pulumi.Provider(b.args.EdgeProvider))
	}
	return err
}

// alertsTopic is an SNS topic encrypted with a key CloudWatch may use (the
// AWS managed SNS key does not let alarms publish), with its subscriptions.
func (b *builder) alertsTopic(role string, extra ...pulumi.ResourceOption) (*sns.Topic, error) {
	key, err := kms.NewKey(b.ctx, b.name+"-"+role+"-key", &kms.KeyArgs{
		Description:       pulumi.String("Encrypts the alerts topic; CloudWatch alarms may use it"),
		EnableKeyRotation: pulumi.Bool(true),
		Policy: iamdoc.Document(append([]iamdoc.Statement{
			{Sid: "AccountAdministers", Actions: []string{"kms:*"}, Resources: iamdoc.Any,
				Principal: map[string]pulumi.StringInput{"AWS": pulumi.String("arn:aws:iam::" + b.account + ":root")}},
			{Sid: "CloudWatchPublishes", Actions: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resources: iamdoc.Any,
				Principal: map[string]pulumi.StringInput{"Service": pulumi.String("cloudwatch.amazonaws.com")}},
		}, b.budgetsEncrypt(role)...)...),
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(b.ctx, b.name+"-"+role, &sns.TopicArgs{
		Name:           pulumi.String(b.names.Name(naming.Label, role)),
		KmsMasterKeyId: key.Arn,
	}, b.opts(extra...)...)
	if err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(b.ctx, b.name+"-"+role+"-policy", &sns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: iamdoc.Document(append([]iamdoc.Statement{{
			Sid: "CloudWatchAlarmsPublish", Actions: []string{"sns:Publish"}, Resources: []pulumi.StringInput{topic.Arn},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("cloudwatch.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {b.account}}},
		}}, b.budgetsPublish(role, topic.Arn)...)...),
	}, b.opts(extra...)...); err != nil {
		return nil, err
	}
	subscribe := func(kind, protocol string, endpoints []string) error {
		for i, endpoint := range endpoints {
			if _, err := sns.NewTopicSubscription(b.ctx, fmt.Sprintf("%s-%s-%s-%d", b.name, role, kind, i), &sns.TopicSubscriptionArgs{
				Topic: topic.Arn, Protocol: pulumi.String(protocol), Endpoint: pulumi.String(endpoint),
			}, b.opts(extra...)...); err != nil {
				return err
			}
		}
		return nil
	}
	if err := subscribe("email", "email", b.args.Emails); err != nil {
		return nil, err
	}
	return topic, subscribe("webhook", "https", b.args.Webhooks)
}
