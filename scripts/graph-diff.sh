#!/usr/bin/env bash
# graph-diff.sh BASE_REF: Markdown of how every stack's offline graph changes
# from BASE_REF to the working tree, for a pull-request comment: per stack the
# monthly cost before -> after and the replacements first (platform comment).
# The stacks are the working tree's stack files plus a pull-request preview
# (scripts/stacks.sh --preview); the project name comes from Pulumi.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=$1
project=$(scripts/project-name.sh)
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$base_ref" >/dev/null 2>&1
go build -o "$work/platform" ./cmd/platform
diffs=()
for stack in $(scripts/stacks.sh --preview); do
  # The base plan carries cost and posture, so the diff can compare them.
  # A base that fails its posture still prints its plan; only no plan at all is "new".
  (cd "$work/base" && go run ./cmd/platform plan --stack "$stack" --format json --policy --cost > "$work/$stack.json" 2>/dev/null) || true
  if ! grep -q '"resources"' "$work/$stack.json"; then
    # The stack is new, or did not plan on the base branch: everything is added.
    printf '{"project":"%s","stack":"%s","resources":[],"outputs":{}}' "$project" "$stack" > "$work/$stack.json"
  fi
  "$work/platform" diff --stack "$stack" --base "$work/$stack.json" --format json > "$work/$stack.diff.json"
  diffs+=("$work/$stack.diff.json")
done
"$work/platform" comment "${diffs[@]}"
