#!/usr/bin/env bash
# commit.sh MESSAGE: commit changed stack files to main, so git stays the record of what runs where.
set -euo pipefail
cd "$(dirname "$0")/.."
if git diff --quiet -- 'Pulumi.*.yaml'; then
  echo "no stack file changed"
  exit 0
fi
git config user.name "platform-deploy"
git config user.email "platform-deploy@users.noreply.github.com"
git add 'Pulumi.*.yaml'
git commit -m "$1"
git push origin HEAD:main
