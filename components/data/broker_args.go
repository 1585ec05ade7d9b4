package data

import (
	"errors"

	"platform/internal/awsfacts"
	"platform/internal/validate"
)

// DefaultRabbitMQ is the RabbitMQ version of a broker that names none: the
// dated engine table's default.
var DefaultRabbitMQ = awsfacts.DefaultVersion(awsfacts.RabbitMQ)

// BrokerMode is Amazon MQ's deployment mode.
type BrokerMode string

// The broker modes.
const (
	SingleInstance BrokerMode = "SINGLE_INSTANCE"
	ClusterMultiAZ BrokerMode = "CLUSTER_MULTI_AZ"
)

// MaintenanceWindow is a weekly start time.
type MaintenanceWindow struct {
	// Day is MONDAY to SUNDAY. Default: DefaultMaintenanceDay.
	Day string
	// Time is HH:MM, 24-hour. Default: DefaultMaintenanceTime.
	Time string
	// TimeZone is an IANA zone or UTC. Default: DefaultMaintenanceZone.
	TimeZone string
}

// BrokerArgs configure RabbitMQ on Amazon MQ.
type BrokerArgs struct {
	// InstanceType is one of mq.t3.micro (single instance only) or mq.m5.*.
	// Default: DefaultBrokerInstance.
	InstanceType string
	// Mode is "SINGLE_INSTANCE" or "CLUSTER_MULTI_AZ". Default: DefaultBrokerMode.
	Mode BrokerMode
	// Version is the RabbitMQ version. Default: DefaultRabbitMQ.
	Version string
	// MaintenanceWindow is when minor upgrades apply.
	MaintenanceWindow MaintenanceWindow
}

func (b BrokerArgs) validate() error {
	errs := []error{
		validate.OneOf("instanceType", b.InstanceType, brokerInstances...),
		validate.OneOf("mode", b.Mode, SingleInstance, ClusterMultiAZ),
		validate.OneOf("maintenanceWindow.day", b.MaintenanceWindow.Day, weekDays...),
		engineVersion(awsfacts.RabbitMQ, b.Version),
	}
	if b.Mode == ClusterMultiAZ && b.InstanceType == "mq.t3.micro" {
		errs = append(errs, validate.Field("instanceType", b.InstanceType, "cannot run a CLUSTER_MULTI_AZ broker", "an mq.m5 size"))
	}
	if !clock.MatchString(b.MaintenanceWindow.Time) {
		errs = append(errs, validate.Field("maintenanceWindow.time", b.MaintenanceWindow.Time, "is not a time of day", "HH:MM, 24-hour"))
	}
	return errors.Join(errs...)
}
