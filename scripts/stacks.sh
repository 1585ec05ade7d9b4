#!/usr/bin/env bash
# stacks.sh [--preview]: the project's stacks, one name a line, found from its
# Pulumi.<stack>.yaml files, so a new stack file is all CI needs to see a new
# stack. --preview adds pr-42, a pull-request preview rendered from
# Pulumi.pr.yaml.template (the number is arbitrary).
set -euo pipefail
cd "$(dirname "$0")/.."
for file in Pulumi.*.yaml; do
  [ -e "$file" ] || continue
  name=${file#Pulumi.}
  echo "${name%.yaml}"
done
if [ "${1:-}" = --preview ] && [ -e Pulumi.pr.yaml.template ]; then
  echo pr-42
fi
