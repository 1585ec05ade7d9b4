#!/usr/bin/env bash
# set-image.sh STACK REPOSITORY IMAGE: record the image a repository deploys in a stack file.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./cmd/platform set-image --stack "$1" --repository "$2" --image "$3"
