#!/usr/bin/env bash
# Records a second, self-contained fixture set from the Swarm lab into
# test/fixtures/lab-objects/: the objects beside nodes, services and tasks.
#   nodes.json services.json tasks.json networks.json secrets.json configs.json swarm.json meta.json
#
# Creates (all images unresolved):
#   stack "shop" (docker stack deploy): shop_front x2 and shop_worker x1 on the
#     overlay network shop_back, secret shop_app_key, config shop_app_conf
#   network appnet (overlay, attachable, 10.77.0.0/24), secret db-password,
#   config nginx-conf, config weird-conf (its content holds an ESC character)
#   service api: on appnet, uses db-password and nginx-conf, publishes 8080:80
# and removes them afterwards (`lab.sh reset`). Brings the lab up (and down) if needed.
#
# Usage: bash test/lab/record-object-fixtures.sh [output dir]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB="$HERE/lab.sh"
OUT=${1:-$HERE/../fixtures/lab-objects}
DOCKER=${STLAB_DOCKER:-docker}

log() { printf 'record: %s\n' "$*" >&2; }
die() { printf 'record: error: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"

started_lab=0
if ! bash "$LAB" status >/dev/null 2>&1; then
  log "lab is not up: bringing it up"
  bash "$LAB" up >/dev/null
  started_lab=1
fi
# shellcheck disable=SC1090
eval "$(bash "$LAB" env | sed 's/^/export /')"
SOCK1=${STLAB_NODE1#unix://}
WORK=$(mktemp -d)

cleanup() {
  local rc=$?
  rm -rf "$WORK"
  if ((started_lab)); then bash "$LAB" down >/dev/null 2>&1 || true
  else
    "$DOCKER" -H "$STLAB_NODE1" stack rm shop >/dev/null 2>&1 || true
    bash "$LAB" reset >/dev/null 2>&1 || true
  fi
  exit $rc
}
trap cleanup EXIT

dk() { "$DOCKER" -H "$STLAB_NODE1" "$@"; }
api() { curl -fsS --max-time 20 --unix-socket "$1" "http://stlab$2"; }

log "starting from a clean swarm"
bash "$LAB" reset >/dev/null

printf 'k3y' >"$WORK/key.txt"
printf 'workers 2\n' >"$WORK/app.conf"
cat >"$WORK/stack.yml" <<'YAML'
version: "3.8"
services:
  front:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    deploy: {replicas: 2}
    networks: [back]
    secrets: [app_key]
    configs: [{source: app_conf, target: /etc/app.conf}]
  worker:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    networks: [back]
networks:
  back: {driver: overlay}
secrets:
  app_key: {file: ./key.txt}
configs:
  app_conf: {file: ./app.conf}
YAML
(cd "$WORK" && dk stack deploy --resolve-image never -c stack.yml shop >/dev/null)

dk network create --driver overlay --attachable --subnet 10.77.0.0/24 appnet >/dev/null
printf 's3cret' | dk secret create db-password - >/dev/null
printf 'server {\n\tlisten 80;\n}\n' | dk config create nginx-conf - >/dev/null
printf 'title \033]0;pwned\007\n' | dk config create weird-conf - >/dev/null
dk service create --detach --quiet --no-resolve-image --name api --replicas 1 --network appnet \
  --secret db-password --config src=nginx-conf,target=/etc/nginx.conf --publish published=8080,target=80 \
  --env MODE=production lab/busybox:1 sleep 1d >/dev/null

running() { [[ "$(dk service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -ge "$2" ]]; }
deadline=$((SECONDS + 60))
until running shop_front 2 && running shop_worker 1 && running api 1; do
  ((SECONDS < deadline)) || die "timed out waiting for the services to run"
  sleep 0.5
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
save() {  # file, path
  local tmp
  tmp=$(mktemp)
  api "$SOCK1" "$2" >"$tmp"
  node -e 'const fs=require("fs");const t=fs.readFileSync(process.argv[1],"utf8");fs.writeFileSync(process.argv[2],JSON.stringify(JSON.parse(t),null,2)+"\n")' "$tmp" "$OUT/$1"
  rm -f "$tmp"
  log "wrote $OUT/$1 ($2)"
}
save nodes.json /nodes
save services.json '/services?status=true'
save tasks.json /tasks
save networks.json /networks
save secrets.json /secrets
save configs.json /configs
save swarm.json /swarm
cat >"$OUT/meta.json" <<JSON
{
  "recordedWith": "test/lab/record-object-fixtures.sh",
  "recordedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "contents": "stack shop (front x2, worker; network back; secret app_key; config app_conf), network appnet, secret db-password, configs nginx-conf and weird-conf (ESC in its content), service api using appnet, db-password, nginx-conf"
}
JSON
log "done: $OUT"
