# Shared by the record-*-fixtures.sh scripts (sourced, not run): brings the lab up if
# needed, starts from a clean swarm, and gives them dk, api, wait_for and save.
# The caller sets OUT (where the fixtures go) first, and may define
# record_cleanup_extra to undo its own changes before the swarm is reset.
# shellcheck shell=bash

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB="$HERE/lab.sh"
DOCKER=${STLAB_DOCKER:-docker}

log() { printf 'record: %s\n' "$*" >&2; }
die() { printf 'record: error: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
for b in curl node "$DOCKER"; do command -v "$b" >/dev/null 2>&1 || die "missing binary: $b"; done

started_lab=0
if ! bash "$LAB" status >/dev/null 2>&1; then
  log "lab is not up: bringing it up"
  bash "$LAB" up >/dev/null
  started_lab=1
fi
# shellcheck disable=SC1090
eval "$(bash "$LAB" env | sed 's/^/export /')"
SOCK1=${STLAB_NODE1#unix://}
SOCK2=${STLAB_NODE2#unix://}
export SOCK1 SOCK2

record_cleanup() {
  local rc=$?
  if declare -F record_cleanup_extra >/dev/null; then record_cleanup_extra || true; fi
  if ((started_lab)); then bash "$LAB" down >/dev/null 2>&1 || true
  else bash "$LAB" reset >/dev/null 2>&1 || true; fi
  exit $rc
}
trap record_cleanup EXIT

dk() { "$DOCKER" -H "$STLAB_NODE1" "$@"; }
api() {  # socket, path -> raw JSON on stdout
  curl -fsS --max-time 20 --unix-socket "$1" "http://stlab$2"
}
wait_for() {  # seconds, description, command...
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < deadline)) || die "timed out after ${secs}s waiting for: $what"
    sleep 0.5
  done
}
save() {  # file, socket, path: the engine's JSON, pretty-printed for readable diffs, content unchanged
  local tmp
  mkdir -p "$OUT"
  tmp=$(mktemp)
  api "$2" "$3" >"$tmp"
  node -e 'const fs=require("fs");const t=fs.readFileSync(process.argv[1],"utf8");fs.writeFileSync(process.argv[2],JSON.stringify(JSON.parse(t),null,2)+"\n")' "$tmp" "$OUT/$1"
  rm -f "$tmp"
  log "wrote $OUT/$1 ($3)"
}

log "starting from a clean swarm"
bash "$LAB" reset >/dev/null
