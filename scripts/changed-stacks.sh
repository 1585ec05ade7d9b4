#!/usr/bin/env bash
# changed-stacks.sh BASE_REF: the stacks a pull request touches, as the
# GitHub matrix {"include": [{"stack", "role", "region"}]}. The program
# (Go code, go.mod, go.sum, Pulumi.yaml) and the product (workloads/, and a
# function's `source:` folder wherever it is) touch every stack; a stack file
# touches its own stack; documentation and workflows touch none. "role" is the
# preview environment's variable holding the stack's read-only role
# (`platform github` lists them), "region" the stack's aws:region.
set -euo pipefail
cd "$(dirname "$0")/.."
changed=$(git diff --name-only "$1"...HEAD)
program=false
shopt -s nullglob
product=(workloads/*.yaml)
sources=
if ((${#product[@]})); then
  sources=$(sed -n 's/^source:[[:space:]]*//p' "${product[@]}" | tr -d "\"'" | sed 's|^\./||; s|/*$||')
fi
while IFS= read -r file; do
  case "$file" in
    *.go | go.mod | go.sum | Pulumi.yaml | workloads/*) program=true ;;
  esac
  for source in $sources; do
    if [[ $file == "$source" || $file == "$source"/* ]]; then program=true; fi
  done
done <<< "$changed"
items=()
for stack in $(scripts/stacks.sh); do
  if $program || grep -Fxq "Pulumi.$stack.yaml" <<< "$changed"; then
    role="AWS_PREVIEW_ROLE_ARN_$(tr 'a-z-' 'A-Z_' <<< "$stack")"
    region=$(sed -n 's/^  aws:region:[[:space:]]*//p' "Pulumi.$stack.yaml" | tr -d "\"'[:space:]")
    items+=("{\"stack\":\"$stack\",\"role\":\"$role\",\"region\":\"$region\"}")
  fi
done
echo "{\"include\":[$(IFS=,; echo "${items[*]:-}")]}"
