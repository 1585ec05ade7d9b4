#!/usr/bin/env bash
# project-name.sh [DIR]: the project's name from DIR/Pulumi.yaml (default: the
# repository root); it is the namespace of every project config key and the
# first part of every physical name, so no script or workflow spells it.
set -euo pipefail
dir=${1:-"$(dirname "$0")/.."}
name=$(sed -n 's/^name:[[:space:]]*//p' "$dir/Pulumi.yaml" | head -n 1 | tr -d "\"'[:space:]")
[ -n "$name" ] || { echo "no name: in $dir/Pulumi.yaml" >&2; exit 1; }
echo "$name"
