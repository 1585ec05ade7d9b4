package compute

import (
	"encoding/json"
	"fmt"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/components/internal/secgroup"
	"platform/internal/iamdoc"
	"platform/internal/naming"
	"platform/internal/validate"
)

// Placement is where every task of the stack runs; the stack builds it once.
type Placement struct {
	Cluster *Cluster
	// SubnetIDs are the private subnets: tasks never get a public IP.
	SubnetIDs pulumi.StringArrayInput
	// ExecutionRoleArn lets ECS pull images, write logs and read the declared secrets.
	ExecutionRoleArn pulumi.StringInput
	// LogRetentionDays keeps task logs; one of the CloudWatch retentions.
	LogRetentionDays int
	// LogClass is the task log groups' class: awsfacts.LogClassStandard or
	// LogClassInfrequentAccess (half the ingestion price; no Live Tail,
	// metric or subscription filters, which the platform attaches to none
	// of them). Fixed at creation: changing it replaces the groups.
	// Default: STANDARD.
	LogClass string
	// ExecutionRoleReady are what must exist before a task can start: the
	// execution role's permission to read the declared secrets (or the layer
	// that owns it). A migration run waits for them. Default: none.
	ExecutionRoleReady []pulumi.Resource
}

// ContainerDefinition is the typed shape of an ECS container definition; the
// task definition's JSON is marshalled from it, never templated.
type ContainerDefinition struct {
	Name                   string                `json:"name"`
	Image                  string                `json:"image"`
	Essential              bool                  `json:"essential"`
	Command                []string              `json:"command,omitempty"`
	PortMappings           []PortMapping         `json:"portMappings,omitempty"`
	Environment            []KeyValue            `json:"environment"`
	Secrets                []SecretRef           `json:"secrets"`
	LogConfiguration       LogConfiguration      `json:"logConfiguration"`
	HealthCheck            *ContainerHealth      `json:"healthCheck,omitempty"`
	CPU                    int                   `json:"cpu,omitempty"`
	Memory                 int                   `json:"memory,omitempty"`
	DependsOn              []ContainerDependency `json:"dependsOn,omitempty"`
	ReadonlyRootFilesystem bool                  `json:"readonlyRootFilesystem"`
	MountPoints            []MountPoint          `json:"mountPoints,omitempty"`
	LinuxParameters        LinuxParameters       `json:"linuxParameters"`
}

// PortMapping exposes a container port.
type PortMapping struct {
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
	Name          string `json:"name"`
}

// KeyValue is a plain environment variable.
type KeyValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SecretRef is a secret injected from Secrets Manager or SSM.
type SecretRef struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

// LogConfiguration sends the container's output to CloudWatch Logs.
type LogConfiguration struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

// ContainerHealth is the container-level health check.
type ContainerHealth struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval"`
	Timeout     int      `json:"timeout"`
	Retries     int      `json:"retries"`
	StartPeriod int      `json:"startPeriod"`
}

// MountPoint mounts a task volume.
type MountPoint struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

// LinuxParameters run an init process so signals reach the app and ECS Exec works.
type LinuxParameters struct {
	InitProcessEnabled bool `json:"initProcessEnabled"`
}

// scratchVolume keeps /tmp writable under a read-only root file system.
const scratchVolume = "tmp"

// execScratch are the paths the SSM agent behind ECS Exec writes to; under a
// read-only root it crashes without them (ECS team's workaround:
// aws-containers/amazon-ecs-exec-checker#21, aws/containers-roadmap#1359,
// stored copies read 2026-12-01), so they are scratch volumes when Exec is on.
var execScratch = []MountPoint{
	{SourceVolume: "ssm-lib", ContainerPath: "/var/lib/amazon"},
	{SourceVolume: "ssm-log", ContainerPath: "/var/log/amazon"},
}

// The tracing sidecar's container name and UDP port.
const (
	tracingContainer = "xray-daemon"
	tracingPort      = 2000
)

// writableVolumePrefix names the scratch volumes of WritablePaths.
const writableVolumePrefix = "writable-"

// TracingImage is the X-Ray daemon the tracing sidecar runs.
const TracingImage = "public.ecr.aws/xray/aws-xray-daemon:3.3.13"

// tracingDaemon is where the app sends trace segments.
const tracingDaemon = "127.0.0.1:2000"

// task is what every kind of workload shares: log group, task role, security
// group and task definition.
type task struct {
	definition    *ecs.TaskDefinition
	role          *iam.Role
	securityGroup *ec2.SecurityGroup
	// groups are every security group the task's interface joins: its own,
	// the client group of each data part it uses, and the cluster's tasks
	// group for a web task. At most 5 (Security groups per network interface).
	groups   pulumi.StringArray
	logGroup *cloudwatch.LogGroup
	// hops are the task's security-group rules: a run that starts before
	// they exist cannot reach its data.
	hops []pulumi.Resource
	// name, args, port, place and region are what the definition was
	// registered from, for another definition of the same task (define).
	name   string
	args   TaskArgs
	port   int
	place  Placement
	region string
}

// newTask creates the task plumbing of workload name under parent.
func newTask(ctx *pulumi.Context, name string, t TaskArgs, port int, place Placement, parent pulumi.Resource, joins ...pulumi.StringInput) (*task, error) {
	opts := pulumi.Parent(parent)
	names := naming.FromContext(ctx)
	region, err := aws.GetRegion(ctx, nil, opts)
	if err != nil {
		return nil, err
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, opts)
	if err != nil {
		return nil, err
	}
	logs, err := taskLogGroup(ctx, name, place, opts)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-task-role", &iam.RoleArgs{
		Name:        pulumi.String(names.Name(naming.Role, name+"-task")),
		Description: pulumi.String("Task role of " + name + ": only what it was granted"),
		AssumeRolePolicy: iamdoc.Document(iamdoc.Statement{
			Actions:   []string{"sts:AssumeRole"},
			Principal: map[string]pulumi.StringInput{"Service": pulumi.String("ecs-tasks.amazonaws.com")},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {identity.AccountId}}},
		}),
	}, opts)
	if err != nil {
		return nil, err
	}
	statements := t.Statements
	if t.Exec {
		statements = append(statements, iamdoc.Statement{Sid: "EcsExec", Resources: iamdoc.Any, Actions: []string{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		}})
	}
	if t.Tracing {
		statements = append(statements, iamdoc.Statement{Sid: "XRay", Resources: iamdoc.Any, Actions: []string{
			"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
		}})
	}
	if len(statements) > 0 {
		if _, err := iam.NewRolePolicy(ctx, name+"-task-policy", &iam.RolePolicyArgs{
			Role: role.Name, Policy: iamdoc.Document(statements...),
		}, opts); err != nil {
			return nil, err
		}
	}
	for i, arn := range t.PolicyARNs {
		if _, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-task-policy-%d", name, i), &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: arn,
		}, opts); err != nil {
			return nil, err
		}
	}

	sg, err := secgroup.New(ctx, name+"-sg", place.Cluster.VpcID, "Tasks of "+name, opts)
	if err != nil {
		return nil, err
	}
	// Tasks call AWS APIs and outside services over HTTPS, and nothing else,
	// besides the data hops granted below.
	httpsOut, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-https-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
		CidrIpv4: pulumi.String("0.0.0.0/0"), Description: pulumi.String("HTTPS to AWS APIs and the internet"),
	}, opts)
	if err != nil {
		return nil, err
	}
	// A task reaches a data part by joining the part's client group, which
	// the part admits once, instead of adding a rule per workload to the
	// part's group: the part's rule count stays constant however many
	// workloads use it, and only the workloads that declare it get in.
	groups := pulumi.StringArray{sg.ID()}
	for _, hop := range t.DataHops {
		groups = append(groups, hop.ClientGroupID)
	}
	groups = append(groups, joins...)
	hops := []pulumi.Resource{httpsOut}
	k := &task{role: role, securityGroup: sg, groups: groups, logGroup: logs, hops: hops,
		name: name, args: t, port: port, place: place, region: region.Name}
	if k.definition, err = k.define(ctx, name+"-task", names.Name(naming.Label, name), t.Image, opts); err != nil {
		return nil, err
	}
	return k, nil
}

// define registers a task definition of the task's composition (its role,
// log group, volumes and containers) whose main container runs image:
// resource names the Pulumi resource and family the ECS family. A canary is
// the same task with another image.
func (k *task) define(ctx *pulumi.Context, resource, family string, image pulumi.StringInput, opts pulumi.ResourceOption) (*ecs.TaskDefinition, error) {
	t := k.args
	t.Image = image
	volumes := ecs.TaskDefinitionVolumeArray{ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(scratchVolume)}}
	if t.Exec {
		for _, m := range execScratch {
			volumes = append(volumes, ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(m.SourceVolume)})
		}
	}
	for _, v := range t.volumeNames() {
		volumes = append(volumes, ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(v)})
	}
	return ecs.NewTaskDefinition(ctx, resource, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(family),
		Cpu:                     pulumi.String(strconv.Itoa(t.CPU)),
		Memory:                  pulumi.String(strconv.Itoa(t.Memory)),
		NetworkMode:             pulumi.String("awsvpc"),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		RuntimePlatform: ecs.TaskDefinitionRuntimePlatformArgs{
			CpuArchitecture: pulumi.String(t.Architecture), OperatingSystemFamily: pulumi.String("LINUX"),
		},
		ExecutionRoleArn:     k.place.ExecutionRoleArn,
		TaskRoleArn:          k.role.Arn,
		Volumes:              volumes,
		ContainerDefinitions: containerDefinitions(k.name, t, k.port, k.logGroup.Name, k.region),
		Tags:                 plainVariablesTag(t),
	}, opts)
}

// containerDefinitions marshals the task's containers from typed values:
// the main one (named after the workload), its sidecars, and the tracing
// daemon. port is the load balancer's, on the entry container.
func containerDefinitions(name string, t TaskArgs, port int, logGroup pulumi.StringOutput, region string) pulumi.StringOutput {
	specs := append([]containerSpec{{name: name, image: t.Image, environment: t.Environment, secrets: t.Secrets}}, sidecarSpecs(t.Sidecars)...)
	inputs := []any{logGroup}
	for _, c := range specs {
		inputs = append(inputs, c.inputs()...)
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		group := v[0].(string)
		logs := func(prefix string) LogConfiguration {
			return LogConfiguration{LogDriver: "awslogs", Options: map[string]string{"awslogs-group": group, "awslogs-region": region, "awslogs-stream-prefix": prefix}}
		}
		var containers []ContainerDefinition
		for i, c := range specs {
			containers = append(containers, c.definition(v[1+3*i:4+3*i], logs(c.name)))
		}
		main := &containers[0]
		main.Essential, main.Command = true, t.Command
		main.ReadonlyRootFilesystem = *t.ReadonlyRootFilesystem
		main.MountPoints = mountPoints(t)
		main.DependsOn = dependsOn(t.DependsOn, name)
		if len(t.HealthCommand) > 0 {
			main.HealthCheck = containerHealth(t.HealthCommand)
		}
		for i, s := range t.Sidecars {
			sidecar := &containers[1+i]
			sidecar.Essential, sidecar.Command, sidecar.ReadonlyRootFilesystem = s.essential(), s.Command, true
			sidecar.CPU, sidecar.Memory = s.CPU, s.Memory
			sidecar.DependsOn = dependsOn(s.DependsOn, name)
			sidecar.MountPoints = append([]MountPoint{{SourceVolume: scratchVolume, ContainerPath: "/tmp"}}, sharedMounts(s.Mounts)...)
			if t.Exec {
				sidecar.MountPoints = append(sidecar.MountPoints, sidecarExecScratch(s.Name)...)
			}
			if len(s.HealthCommand) > 0 {
				sidecar.HealthCheck = containerHealth(s.HealthCommand)
			}
			if s.Port > 0 {
				sidecar.PortMappings = []PortMapping{{ContainerPort: s.Port, Protocol: "tcp", Name: s.Name}}
			}
		}
		entry := slices.IndexFunc(containers, func(c ContainerDefinition) bool { return c.Name == t.entryName(name) })
		if port > 0 {
			containers[entry].PortMappings = []PortMapping{{ContainerPort: port, Protocol: "tcp", Name: "http"}}
		}
		if t.Tracing {
			main.Environment = append(main.Environment, KeyValue{Name: "AWS_XRAY_DAEMON_ADDRESS", Value: tracingDaemon})
			containers = append(containers, ContainerDefinition{
				Name: tracingContainer, Image: TracingImage, Essential: false,
				PortMappings:           []PortMapping{{ContainerPort: tracingPort, Protocol: "udp", Name: "xray"}},
				Environment:            []KeyValue{},
				Secrets:                []SecretRef{},
				LogConfiguration:       logs("xray"),
				ReadonlyRootFilesystem: true,
				LinuxParameters:        LinuxParameters{InitProcessEnabled: true},
			})
		}
		out, err := json.Marshal(containers)
		return string(out), err
	}).(pulumi.StringOutput)
}

// mountPoints are the main container's writable paths: /tmp, its writable
// paths, the shared volumes it mounts, and the SSM agent's when ECS Exec is on.
func mountPoints(t TaskArgs) []MountPoint {
	mounts := []MountPoint{{SourceVolume: scratchVolume, ContainerPath: "/tmp"}}
	for i, p := range t.WritablePaths {
		mounts = append(mounts, MountPoint{SourceVolume: fmt.Sprintf("%s%d", writableVolumePrefix, i+1), ContainerPath: p})
	}
	mounts = append(mounts, sharedMounts(t.Mounts)...)
	if t.Exec {
		mounts = append(mounts, execScratch...)
	}
	return mounts
}

func itoa(i int) string { return strconv.Itoa(i) }

// serviceArgs are the ECS service arguments every long-running workload
// shares: private subnets without public IPs, the capacity split, the
// deployment circuit breaker with rollback, rolling 100/200 percent, and a
// capacity split that changes in place.
func serviceArgs(name string, cluster *Cluster, t *task, place Placement, s Scaling, exec bool) *ecs.ServiceArgs {
	return &ecs.ServiceArgs{
		Name:                       pulumi.String(name),
		Cluster:                    cluster.Arn,
		TaskDefinition:             t.definition.Arn,
		DesiredCount:               pulumi.Int(*s.Min),
		CapacityProviderStrategies: capacityStrategy(s.SpotShare),
		// Without it a changed strategy (spotShare, the tier, the
		// architecture) replaces the service, and the replacement of the
		// same name is refused while the old one exists (preflight PF.ECS.12).
		ForceNewDeployment: pulumi.Bool(true),
		NetworkConfiguration: ecs.ServiceNetworkConfigurationArgs{
			Subnets:        place.SubnetIDs,
			SecurityGroups: t.groups,
			AssignPublicIp: pulumi.Bool(false),
		},
		DeploymentCircuitBreaker:        ecs.ServiceDeploymentCircuitBreakerArgs{Enable: pulumi.Bool(true), Rollback: pulumi.Bool(true)},
		DeploymentMinimumHealthyPercent: pulumi.Int(100),
		DeploymentMaximumPercent:        pulumi.Int(200),
		EnableExecuteCommand:            pulumi.Bool(exec),
		EnableEcsManagedTags:            pulumi.Bool(true),
		PropagateTags:                   pulumi.String("SERVICE"),
	}
}

// plainVariablesTag tags the allowed names the task actually sets; nil when none.
func plainVariablesTag(t TaskArgs) pulumi.StringMap {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(t.Environment)) {
		if slices.Contains(t.PlainVariables, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return pulumi.StringMap{validate.PlainVariablesTag: pulumi.String(strings.Join(names, " "))}
}
