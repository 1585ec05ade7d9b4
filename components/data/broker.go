package data

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/mq"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/internal/naming"
)

// brokerUser is the application's RabbitMQ user.
const brokerUser = "app"

// broker creates RabbitMQ, private, with generated credentials kept in
// Secrets Manager.
func (b *builder) broker() error {
	br := b.args.Broker
	if br == nil {
		return nil
	}
	name := b.names.Name(naming.Identifier, "broker")
	sg, err := b.securityGroup("broker", "RabbitMQ: admits only the groups granted to it")
	if err != nil {
		return err
	}
	password, err := random.NewRandomPassword(b.ctx, b.name+"-broker-password", &random.RandomPasswordArgs{
		Length: pulumi.Int(32),
		// Amazon MQ forbids commas, colons and equals signs.
		Special: pulumi.Bool(false),
	}, b.opts()...)
	if err != nil {
		return err
	}
	secret, err := secretsmanager.NewSecret(b.ctx, b.name+"-broker-secret", &secretsmanager.SecretArgs{
		Name:                 pulumi.String(b.names.Name(naming.Secret, "broker-credentials")),
		Description:          pulumi.String(`RabbitMQ credentials: {"username","password"}`),
		RecoveryWindowInDays: b.recoveryWindow(),
	}, b.stateful()...)
	if err != nil {
		return err
	}
	if _, err := secretsmanager.NewSecretVersion(b.ctx, b.name+"-broker-secret-value", &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(),
		SecretString: pulumi.JSONMarshal(pulumi.Map{
			"username": pulumi.String(brokerUser),
			"password": password.Result,
		}),
	}, b.opts()...); err != nil {
		return err
	}
	// A single instance lives in one subnet; a cluster spreads over the zones.
	subnets := pulumi.StringArrayOutput(b.args.IsolatedSubnetIDs.ToStringArrayOutput())
	if br.Mode == SingleInstance {
		subnets = pulumi.StringArray{b.args.IsolatedSubnetIDs.ToStringArrayOutput().Index(pulumi.Int(0))}.ToStringArrayOutput()
	}
	broker, err := mq.NewBroker(b.ctx, b.name+"-broker", &mq.BrokerArgs{
		BrokerName:              pulumi.String(name),
		EngineType:              pulumi.String("RabbitMQ"),
		EngineVersion:           pulumi.String(br.Version),
		HostInstanceType:        pulumi.String(br.InstanceType),
		DeploymentMode:          pulumi.String(br.Mode),
		PubliclyAccessible:      pulumi.Bool(false),
		SubnetIds:               subnets,
		SecurityGroups:          pulumi.StringArray{sg.ID()},
		AutoMinorVersionUpgrade: pulumi.Bool(true),
		Logs:                    mq.BrokerLogsArgs{General: pulumi.Bool(true)},
		MaintenanceWindowStartTime: mq.BrokerMaintenanceWindowStartTimeArgs{
			DayOfWeek: pulumi.String(br.MaintenanceWindow.Day),
			TimeOfDay: pulumi.String(br.MaintenanceWindow.Time),
			TimeZone:  pulumi.String(br.MaintenanceWindow.TimeZone),
		},
		Users: mq.BrokerUserArray{mq.BrokerUserArgs{Username: pulumi.String(brokerUser), Password: password.Result}},
		// Amazon MQ returns no RabbitMQ users and the provider cannot update
		// them ("preventing this resource from making user updates"): the
		// user is set when the broker is made, and a diff on it would only
		// pretend to change the broker's password.
	}, b.stateful(pulumi.IgnoreChanges([]string{"users"}))...)
	if err != nil {
		return err
	}
	b.layer.Broker = &Broker{
		Name:                  name,
		InstanceType:          br.InstanceType,
		Endpoint:              broker.Instances.Index(pulumi.Int(0)).Endpoints().Index(pulumi.Int(0)),
		Port:                  AMQPSPort,
		SecretArn:             secret.Arn,
		ClientSecurityGroupID: sg.ID().ToStringOutput(),
	}
	return nil
}
