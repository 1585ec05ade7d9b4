#!/usr/bin/env bash
# promote-images.sh FROM TO: deploy in TO exactly the image digests FROM runs.
# `platform promote` copies each image by digest from FROM's registry to TO's
# (accounts from aws:allowedAccountIds, regions from aws:region of the two
# stack files; crane keeps the digest), skips digests TO already holds, and
# records the digests in TO's stack file. With SOURCE_REF set, FROM's images
# are read from that commit (what FROM deployed), not from the working tree.
# Needs AWS credentials that can pull from FROM's repositories and push to TO's.
set -euo pipefail
cd "$(dirname "$0")/.."
from=$1 to=$2
crane_version=v0.20.2 # keep in step with promote.CraneVersion
GOBIN="${RUNNER_TEMP:-/tmp}/bin" go install "github.com/google/go-containerregistry/cmd/crane@$crane_version"
crane="${RUNNER_TEMP:-/tmp}/bin/crane"
if [ -n "${SOURCE_REF:-}" ]; then
  git show "$SOURCE_REF:Pulumi.$from.yaml" > "Pulumi.$from.yaml"
  trap 'git checkout -- "Pulumi.$from.yaml"' EXIT
fi
go run ./cmd/platform promote --from "$from" --to "$to" --registries | while read -r host region; do
  aws ecr get-login-password --region "$region" | "$crane" auth login "$host" -u AWS --password-stdin
done
go run ./cmd/platform promote --from "$from" --to "$to" --crane "$crane"
