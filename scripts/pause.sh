#!/usr/bin/env bash
# pause.sh STACK pause|resume|destroyed: pause or resume STACK in its stack
# file, the one way to get the pause count right. A pause sets
# <project>:paused to true and raises <project>:pauses by one (the database's
# final snapshot is named from it); a resume sets paused to false and keeps
# the count (the database is restored from the snapshot of that pause).
# Running either twice changes nothing the second time. `destroyed` is for a
# running stack that `pulumi destroy` removed: its database left the next
# pause's snapshot, so the count goes up by one and paused stays false; the
# re-created stack restores that snapshot, and its own final snapshot gets a
# new name (RDS refuses one that exists: DBSnapshotAlreadyExists). Run it once
# per destroy. The edited stack must still plan. It edits files only;
# scripts/commit.sh commits them. $PLATFORM is the platform command
# (default: go run ./cmd/platform).
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: pause.sh STACK pause|resume|destroyed"
[ "$#" -eq 2 ] || { echo "$usage" >&2; exit 2; }
stack=$1 action=$2
file="Pulumi.$stack.yaml"
[ -f "$file" ] || { echo "pause.sh: no stack file $file" >&2; exit 2; }
project=$(scripts/project-name.sh)

# value KEY: the scalar a top-level config key holds, unquoted; empty when absent.
value() { sed -n "s/^  $project:$1:[[:space:]]*//p" "$file" | tr -d "\"'[:space:]"; }
# set KEY VALUE: replace the key's line, or add it to the end of config.
set_key() {
  if grep -q "^  $project:$1:" "$file"; then
    sed -i "s/^  $project:$1:.*/  $project:$1: $2/" "$file"
  else
    [ "$(grep -c '^[^[:space:]#]' "$file")" -eq 1 ] && [ "$(grep -n '^[^[:space:]#]' "$file" | cut -d: -f2)" = "config" ] || {
      echo "pause.sh: $file holds more than config: add $project:$1 by hand" >&2
      exit 1
    }
    printf '  %s:%s: %s\n' "$project" "$1" "$2" >>"$file"
  fi
}

paused=$(value paused)
pauses=$(value pauses)
pauses=${pauses:-0}
case $action in
pause)
  [ "$paused" = true ] && { echo "$stack is paused already (pause $pauses)"; exit 0; }
  set_key paused true
  set_key pauses $((pauses + 1))
  echo "$stack: pause $((pauses + 1))"
  ;;
resume)
  [ "$paused" = true ] || { echo "$stack is running already"; exit 0; }
  set_key paused false
  echo "$stack: resumed from pause $pauses"
  ;;
destroyed)
  [ "$paused" = true ] && { echo "pause.sh: $stack is paused: a destroy of a paused stack removes no database; resume it to re-create" >&2; exit 1; }
  set_key pauses $((pauses + 1))
  echo "$stack: destroyed; the re-created database restores pause $((pauses + 1))'s snapshot"
  ;;
*)
  echo "$usage" >&2
  exit 2
  ;;
esac
${PLATFORM:-go run ./cmd/platform} plan --stack "$stack" >/dev/null
