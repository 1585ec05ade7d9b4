#!/usr/bin/env bash
# same-code.sh REF: succeed only when the checkout differs from REF in stack
# files alone. A later job deploys the newest main (commit.sh leaves it
# there, to record its images and placement), and main may have moved on
# since an earlier stack ran REF: this stops production from running
# platform code that staging never deployed. The next run deploys that code
# through staging first.
set -euo pipefail
ref=$1
if ! git diff --quiet "$ref" HEAD -- . ':(exclude)Pulumi.*.yaml'; then
  echo "same-code.sh: main has changed since $ref beyond stack files; deploy it through the earlier stacks first:" >&2
  git diff --stat "$ref" HEAD -- . ':(exclude)Pulumi.*.yaml' >&2
  exit 1
fi
echo "same code as $ref (stack files aside)"
