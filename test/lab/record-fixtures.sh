#!/usr/bin/env bash
# Records raw Engine API JSON from the Swarm lab into test/fixtures/lab/:
#   version.json info.json info-worker.json nodes.json services.json tasks.json meta.json
#
# Creates a realistic set of services first (all with --no-resolve-image):
#   web     replicated x3 on overlay network appnet, then updated :1 -> :2
#           (shutdown tasks in the history, UpdateStatus completed)
#   agent   global
#   crashy  replicated x1, SIGKILLs itself every 2 s -> "task: non-zero exit (137)"
#   stuck   replicated x1, constraint node.labels.zone==nowhere -> "no suitable node"
#   edge    replicated x1, ingress-published port 8080:80 (task runs; the routing
#           mesh itself doesn't work in the lab: no IPVS in the kernel)
# and removes them afterwards (`lab.sh reset`). If the lab is not up, brings
# it up and tears it down again at the end.
#
# Usage: bash test/lab/record-fixtures.sh [output dir]
set -euo pipefail

OUT=${1:-$(dirname "${BASH_SOURCE[0]}")/../fixtures/lab}
# shellcheck source=record-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/record-common.sh"

create=(service create --detach --quiet --no-resolve-image)
dk network create --driver overlay --attachable appnet >/dev/null
dk "${create[@]}" --name web --replicas 3 --network appnet \
  --label com.example.tier=frontend --env MODE=production \
  --update-parallelism 1 --update-delay 1s lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name agent --mode global --label com.example.tier=infra lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name crashy --replicas 1 --restart-delay 2s lab/busybox:1 sh -c 'sleep 2; kill -9 $$' >/dev/null
dk "${create[@]}" --name stuck --replicas 1 --constraint 'node.labels.zone==nowhere' lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name edge --replicas 1 --publish published=8080,target=80 lab/busybox:1 httpd -f -p 80 -h /etc >/dev/null

running() {  # service, count
  [[ "$(dk service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -ge "$2" ]]
}
log "waiting for web, agent and edge to run"
wait_for 60 "web 3 running" running web 3
wait_for 60 "agent 3 running" running agent 3
wait_for 60 "edge running" running edge 1

log "rolling web to lab/busybox:2"
dk service update --detach --quiet --no-resolve-image --image lab/busybox:2 web >/dev/null
web_updated() { [[ "$(dk service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' web)" == completed ]]; }
wait_for 120 "web update completed" web_updated
wait_for 60 "web 3 running on :2" running web 3

crashy_failed() {  # at least 3 failed tasks in crashy's history
  [[ "$(dk service ps crashy --format '{{.Error}}' | grep -c 'non-zero exit (137)')" -ge 3 ]]
}
log "waiting for crashy to build up a history of exit 137"
wait_for 120 "3 failed crashy tasks" crashy_failed
stuck_pending() { dk service ps stuck --format '{{.Error}}' | grep -q 'no suitable node'; }
wait_for 30 "stuck task pending with 'no suitable node'" stuck_pending

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
save version.json "$SOCK1" /version
save info.json "$SOCK1" /info
save info-worker.json "$SOCK2" /info
save nodes.json "$SOCK1" /nodes
save services.json "$SOCK1" '/services?status=true'
save tasks.json "$SOCK1" /tasks

api_version=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).ApiVersion)' "$OUT/version.json")
cat >"$OUT/meta.json" <<EOF
{
  "recordedWith": "test/lab/record-fixtures.sh",
  "recordedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "apiVersion": "$api_version",
  "requests": {
    "version.json": "GET /version (node1, manager)",
    "info.json": "GET /info (node1, manager)",
    "info-worker.json": "GET /info (node2, worker)",
    "nodes.json": "GET /nodes",
    "services.json": "GET /services?status=true",
    "tasks.json": "GET /tasks (all tasks, history included)"
  },
  "services": {
    "web": "replicated 3, network appnet, updated lab/busybox:1 -> lab/busybox:2",
    "agent": "global",
    "crashy": "replicated 1, sh -c 'sleep 2; kill -9 \$\$' -> task: non-zero exit (137)",
    "stuck": "replicated 1, constraint node.labels.zone==nowhere -> no suitable node",
    "edge": "replicated 1, ingress port 8080:80"
  }
}
EOF
log "done: $OUT"
