#!/usr/bin/env bash
# Records a fixture set for the placement explainer into test/fixtures/lab-pending/:
#   nodes.json services.json tasks.json meta.json
#
# Sets node1's label zone=a, drains node3, then creates (all images unresolved):
#   zoned    constraint node.labels.zone==eu        -> no node has zone=eu
#   hungry   --reserve-memory 500GiB                 -> larger than any node
#   spread   5 replicas, --replicas-max-per-node 1   -> 2 of 5 can never run (node3 drained)
#   porty    3 replicas, mode=host port 8088         -> one per active node, the third pending
#   winonly  Placement.Platforms windows/amd64 (API) -> no node's platform
#   crashy   exits 3 every second                    -> a crash loop of "exit 3"
#   web      2 replicas, updated: image :1 -> :2, env, replicas 2 -> 3, memory reservation
# and removes them afterwards (`lab.sh reset` also restores node3 and the labels).
# Brings the lab up (and down) if needed.
#
# Usage: bash test/lab/record-pending-fixtures.sh [output dir]
set -euo pipefail

OUT=${1:-$(dirname "${BASH_SOURCE[0]}")/../fixtures/lab-pending}
# shellcheck source=record-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/record-common.sh"

node_id() { dk node ls --filter "name=$1" -q | head -1; }
dk node update --label-add zone=a "$(node_id node1)" >/dev/null
dk node update --label-add disk=ssd "$(node_id node2)" >/dev/null
dk node update --availability drain "$(node_id node3)" >/dev/null

create=(service create --detach --quiet --no-resolve-image)
dk "${create[@]}" --name web --replicas 2 --env MODE=blue --update-parallelism 1 --update-delay 1s \
  lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name zoned --constraint 'node.labels.zone==eu' lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name hungry --reserve-memory 500GiB lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name spread --replicas 5 --replicas-max-per-node 1 --reserve-cpu 0.1 lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name porty --replicas 3 --publish mode=host,published=8088,target=80 lab/busybox:1 sleep 1d >/dev/null
dk "${create[@]}" --name crashy --restart-delay 1s lab/busybox:1 sh -c 'sleep 1; exit 3' >/dev/null
curl -fsS --max-time 20 --unix-socket "$SOCK1" -X POST -H 'Content-Type: application/json' http://stlab/services/create -d '{
  "Name": "winonly",
  "TaskTemplate": {"ContainerSpec": {"Image": "lab/busybox:1", "Args": ["sleep", "1d"]},
                   "Placement": {"Platforms": [{"OS": "windows", "Architecture": "amd64"}]}},
  "Mode": {"Replicated": {"Replicas": 1}}}' >/dev/null

running() {  # service, count
  [[ "$(dk service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -ge "$2" ]]
}
wait_for 60 "web 2 running" running web 2
log "updating web: image :2, env MODE=green, 3 replicas, 16 MiB reserved"
dk service update --detach --quiet --no-resolve-image --image lab/busybox:2 --env-add MODE=green \
  --replicas 3 --reserve-memory 16MiB web >/dev/null
web_updated() { [[ "$(dk service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' web)" == completed ]]; }
wait_for 120 "web update completed" web_updated
wait_for 60 "spread 2 running" running spread 2
crashy_failed() { [[ "$(dk service ps crashy --format '{{.Error}}' | grep -c 'non-zero exit (3)')" -ge 3 ]]; }
log "waiting for crashy to fail 3 times"
wait_for 120 "3 failed crashy tasks" crashy_failed
pending() { dk service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -q '^Pending'; }
for service in zoned hungry spread porty winonly; do wait_for 30 "$service pending" pending "$service"; done
sleep 2

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
save nodes.json "$SOCK1" /nodes
save services.json "$SOCK1" '/services?status=true'
save tasks.json "$SOCK1" /tasks
cat >"$OUT/meta.json" <<JSON
{
  "recordedWith": "test/lab/record-pending-fixtures.sh",
  "recordedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "nodes": "node1 zone=a (manager), node2 disk=ssd, node3 drained",
  "services": {
    "zoned": "constraint node.labels.zone==eu",
    "hungry": "reserves 500 GiB of memory",
    "spread": "5 replicas, at most 1 per node, 0.1 CPU reserved",
    "porty": "3 replicas publishing 8088 in host mode",
    "winonly": "placement platform windows/amd64",
    "crashy": "sh -c 'sleep 1; exit 3'",
    "web": "updated: lab/busybox:1 -> :2, MODE=blue -> green, 2 -> 3 replicas, 16 MiB reserved"
  }
}
JSON
log "done: $OUT"
