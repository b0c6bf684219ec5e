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

OUT=${1:-$(dirname "${BASH_SOURCE[0]}")/../fixtures/lab-objects}
WORK=$(mktemp -d)
record_cleanup_extra() {
  rm -rf "$WORK"
  dk stack rm shop >/dev/null 2>&1 || true
}
# shellcheck source=record-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/record-common.sh"

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
save nodes.json "$SOCK1" /nodes
save services.json "$SOCK1" '/services?status=true'
save tasks.json "$SOCK1" /tasks
save networks.json "$SOCK1" /networks
save secrets.json "$SOCK1" /secrets
save configs.json "$SOCK1" /configs
save swarm.json "$SOCK1" /swarm
cat >"$OUT/meta.json" <<JSON
{
  "recordedWith": "test/lab/record-object-fixtures.sh",
  "recordedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "contents": "stack shop (front x2, worker; network back; secret app_key; config app_conf), network appnet, secret db-password, configs nginx-conf and weird-conf (ESC in its content), service api using appnet, db-password, nginx-conf"
}
JSON
log "done: $OUT"
