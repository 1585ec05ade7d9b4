package compute

import "strconv"

const (
	// DefaultMigrationTimeoutMinutes is how long a migration may run.
	DefaultMigrationTimeoutMinutes = 20
	// MaxMigrationTimeoutMinutes leaves the deploy role's one-hour session
	// (MaxSessionDuration 3600 s; configure-aws-credentials asks for 3600 s
	// by default) time to stop the task and finish the `up`: past it the
	// stop-task call itself would be refused with expired credentials.
	MaxMigrationTimeoutMinutes = 45
	// migrationPollSeconds is how often the run asks ECS whether the task
	// stopped.
	migrationPollSeconds = 15
)

// runMigration runs the task once, waits for it to stop and fails unless its
// container exited 0. It runs where `pulumi up` runs, with the AWS CLI and the
// deploy role's credentials. It polls describe-tasks itself rather than
// `aws ecs wait tasks-stopped`, which gives up after 100 checks 6 s apart
// (10 minutes, exit 255) and leaves the task running; past TIMEOUT_SECONDS
// it stops the task, so nothing migrates behind a failed deployment. The task
// carries its definition's tags (the stack tag), which is what lets the
// deploy role's tag-scoped statement stop it.
const runMigration = `set -euo pipefail
task=$(aws ecs run-task --region "$REGION" --cluster "$CLUSTER" --task-definition "$TASK_DEFINITION" \
  --launch-type FARGATE --started-by pulumi-migration --propagate-tags TASK_DEFINITION \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUP],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)
if [ -z "$task" ] || [ "$task" = "None" ]; then
  echo "the migration task did not start (run-task placed no task): the services that depend on it do not roll" >&2
  exit 1
fi
echo "migration task: $task"
deadline=$((SECONDS + TIMEOUT_SECONDS))
while :; do
  status=$(aws ecs describe-tasks --region "$REGION" --cluster "$CLUSTER" --tasks "$task" \
    --query 'tasks[0].lastStatus' --output text)
  [ "$status" = "STOPPED" ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    aws ecs stop-task --region "$REGION" --cluster "$CLUSTER" --task "$task" \
      --reason "migration ran past its timeout of $TIMEOUT_SECONDS s" >/dev/null
    echo "migration task $task was still $status after $TIMEOUT_SECONDS s: stopped it; the services that depend on it do not roll" >&2
    exit 1
  fi
  sleep "$POLL_SECONDS"
done
code=$(aws ecs describe-tasks --region "$REGION" --cluster "$CLUSTER" --tasks "$task" \
  --query 'tasks[0].containers[0].exitCode' --output text)
if [ "$code" != "0" ]; then
  echo "migration task $task exited with $code: the services that depend on it do not roll" >&2
  exit 1
fi
`

// migrationWait is the environment that bounds the run's wait.
func migrationWait(timeoutMinutes int) map[string]string {
	return map[string]string{
		"TIMEOUT_SECONDS": strconv.Itoa(timeoutMinutes * 60),
		"POLL_SECONDS":    strconv.Itoa(migrationPollSeconds),
	}
}
