#!/usr/bin/env bash
# place.sh STACK...: record in each stack file where the stack puts its
# services (platform place: load balancer and rule priority of each), so that
# services added later never move a recorded one (README "Scale"). The deploy
# runs it before every up; running it twice changes nothing the second time.
# It edits files only; scripts/commit.sh commits them. $PLATFORM is the
# platform command (default: go run ./cmd/platform).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 1 ] || { echo "usage: place.sh STACK..." >&2; exit 2; }
for stack in "$@"; do
  ${PLATFORM:-go run ./cmd/platform} place --stack "$stack"
done
