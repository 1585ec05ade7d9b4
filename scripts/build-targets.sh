#!/usr/bin/env bash
# build-targets.sh [--pull-request] [DIR]: the stacks an image build pushes to,
# one name a line, from DIR's stack files (default: the repository root).
# A push builds for every stack whose tier (<project>:environment) is not
# production: production-tier stacks only ever receive digests promoted from
# staging. A pull request builds its pr-<n> tag for dev-tier stacks only,
# whose repositories the previews pull from.
set -euo pipefail
mode=push
if [ "${1:-}" = --pull-request ]; then mode=pull-request; shift; fi
dir=${1:-"$(dirname "$0")/.."}
project=$("$(dirname "$0")/project-name.sh" "$dir")
for file in "$dir"/Pulumi.*.yaml; do
  [ -e "$file" ] || continue
  name=${file##*/Pulumi.}
  name=${name%.yaml}
  tier=$(sed -n "s/^  $project:environment:[[:space:]]*//p" "$file" | tr -d "\"'[:space:]")
  case "$mode:$tier" in
    push:production) ;;
    push:*|pull-request:dev) echo "$name" ;;
  esac
done
