#!/usr/bin/env bash
# commit.sh MESSAGE COMMAND...: run COMMAND (an edit of stack files that checks
# what it writes, such as scripts/record-image.sh) on the newest main and push
# the result. main is protected: people change it through pull requests; the
# one bypass actor of its ruleset is the deploy bot (a GitHub App), whose token
# the workflow checks the repository out with. Only stack files are committed.
# A push that loses a race with another deploy is retried with COMMAND applied
# again on the new main, so no recorded image is dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
message=$1
shift
git config user.name "platform-deploy-bot"
git config user.email "platform-deploy-bot@users.noreply.github.com"
for attempt in 1 2 3 4 5 6 7 8; do
  git fetch --quiet origin main
  git checkout --quiet --detach FETCH_HEAD
  "$@"
  others=$(git status --porcelain -- . ':(exclude)Pulumi.*.yaml')
  if [ -n "$others" ]; then
    echo "commit.sh: $1 changed files other than stack files; nothing is pushed:" >&2
    echo "$others" >&2
    exit 1
  fi
  if git diff --quiet -- 'Pulumi.*.yaml'; then
    echo "no stack file changed"
    exit 0
  fi
  git add -- 'Pulumi.*.yaml'
  git commit --quiet -m "$message"
  if git push --quiet origin HEAD:main; then
    echo "pushed $(git rev-parse --short HEAD) to main (attempt $attempt)"
    exit 0
  fi
  echo "commit.sh: main moved; applying the edit again" >&2
  sleep $((attempt * 2))
done
echo "commit.sh: main kept moving; giving up after $attempt attempts" >&2
exit 1
