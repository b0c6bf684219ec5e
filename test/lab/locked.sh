#!/usr/bin/env bash
# Runs a command while holding the lab lock, so two test runs on one machine never
# share (and tear down) one lab. `-o` keeps the lock's descriptor out of the command,
# so lab daemons started by it don't hold the lock after the run ends.
set -euo pipefail
lock="${STLAB_LOCK:-/tmp/stlab.lock}"
if command -v flock >/dev/null 2>&1; then
  # Tells the vitest global setup the lock is held already (it takes it itself otherwise).
  export STLAB_LOCK_HELD=1
  exec flock -o "$lock" "$@"
fi
exec "$@"
