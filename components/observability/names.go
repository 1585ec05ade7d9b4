package observability

import "platform/internal/naming"

// AlarmName is the physical name of the alarm of kind on subject (a service,
// a worker, "alb"). It is deterministic so that an ECS service can name its
// deployment alarms without waiting for this component.
func AlarmName(names naming.Namer, subject string, kind Kind) string {
	return names.Name(naming.Label, subject+"-"+string(kind))
}
