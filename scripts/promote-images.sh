#!/usr/bin/env bash
# promote-images.sh FROM TO: deploy in TO exactly the image digests FROM runs.
# Copies each image between the stacks' ECR repositories by digest (crane keeps
# the digest; no rebuild), then records the digests in TO's stack file.
# Needs AWS credentials that can read FROM's repositories and write TO's.
set -euo pipefail
cd "$(dirname "$0")/.."
from=$1 to=$2
go install github.com/google/go-containerregistry/cmd/crane@v0.20.2
crane=$(go env GOPATH)/bin/crane
registry="$(aws sts get-caller-identity --query Account --output text).dkr.ecr.${AWS_REGION}.amazonaws.com"
aws ecr get-login-password --region "$AWS_REGION" | "$crane" auth login "$registry" -u AWS --password-stdin
go run ./cmd/platform promote --from "$from" --to "$to" | while read -r repository image _; do
  case "$image" in
    sha256:*) "$crane" copy "$registry/platform-$from-$repository@$image" "$registry/platform-$to-$repository:promoted-${image:7:12}" ;;
    *) echo "$repository: $image is a tag, not a digest: promote digests only" >&2; exit 1 ;;
  esac
done
