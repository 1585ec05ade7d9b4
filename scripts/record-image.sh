#!/usr/bin/env bash
# record-image.sh REPOSITORY IMAGE STACK...: record IMAGE as what REPOSITORY
# deploys in each STACK's file, refusing an unknown repository, a tag where
# the stack deploys digests, or a stack that no longer plans offline. It edits
# files only; scripts/commit.sh commits them.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$1 image=$2
shift 2
[ "$#" -gt 0 ] || { echo "record-image.sh: no stack given" >&2; exit 2; }
for stack in "$@"; do
  go run ./cmd/platform set-image --stack "$stack" --repository "$repository" --image "$image"
done
for stack in "$@"; do
  go run ./cmd/platform plan --stack "$stack" > /dev/null
done
