#!/usr/bin/env bash
# swarmtop test lab: a real 3-node Docker Swarm on this machine (root only).
#
# Each node is a network namespace stlab-nodeN (10.213.0.1N on the bridge
# stlab0, 10.213.0.1/24) running its own containerd and dockerd (own data and
# exec roots, hostname nodeN, socket /run/stlab/nodeN.sock, and TLS on
# tcp://10.213.0.1N:2376 with certificates from lab-tls.sh). node1 is the only
# manager, node2/node3 are workers. Images lab/busybox:1 and lab/busybox:2 are
# on every node (no registry is reachable; services need --no-resolve-image).
#
# Works: replicated/global services on all nodes, rolling updates, node
# stop/start, overlay networks across nodes (task IPs, tasks.<svc> DNS),
# published ports in mode=host. Does not work: the ingress routing mesh and
# service VIPs (they need IPVS, which this kernel lacks); services with
# ingress ports are accepted and their tasks run, but nothing answers there.
#
# Commands:
#   up            (re)create the lab from scratch (cleans leftovers first)
#   down          remove everything the lab made; idempotent, safe after a crash
#   status        which nodes answer, and `docker node ls` on node1
#   env           the STLAB_* lines (also in $STLAB_STATE/env)
#   reset         remove services, networks, configs, secrets, node labels
#   stop-node N   stop node N's dockerd+containerd (SIGTERM), keep its state
#   managers N    make node1..N the managers and the rest workers (1 = as `up` leaves it)
#   start-node N  start node N again; it rejoins the swarm by itself
#   selftest      check what works in the lab (overlay, published ports, ...)
#   logs [N]      list the daemon logs, or tail node N's dockerd log
#
# Environment (all optional):
#   STLAB_STATE   persistent state (data roots, images, env file)  [/var/lib/stlab]
#   STLAB_RUN     sockets, exec roots, pid files                     [/run/stlab]
#   STLAB_LOGS    daemon logs; emptied by `up`, kept by `down`       [/tmp/stlab-logs]
#   STLAB_DOCKER  docker CLI to use                                  [docker]
#   STLAB_PROBE=0 skip the cross-node service probe at the end of `up`
#   STLAB_BRIDGE=none     dockerd --bridge=none (no docker0 in the nodes; then
#                         tasks without networks get no network at all and
#                         mode=host ports don't work)                [default]
#   STLAB_IPTABLES=true   let dockerd manage iptables (inside the node
#                         namespaces only)                           [false]
#   STLAB_DEFAULT_ROUTE=1 give the nodes a default route via the bridge [none]
set -euo pipefail

STATE=${STLAB_STATE:-/var/lib/stlab}
RUN=${STLAB_RUN:-/run/stlab}
LOGS=${STLAB_LOGS:-/tmp/stlab-logs}
DOCKER=${STLAB_DOCKER:-docker}
NODES=3
BRIDGE=stlab0
NET=10.213.0           # bridge .1, nodes .11 .12 .13
NSPFX=stlab-node       # network namespace names
VETHPFX=stlab-v        # host side of the veth pairs
NETNS_DIR=/var/run/netns
IMAGE_TAGS=(lab/busybox:1 lab/busybox:2)

log() { printf 'stlab: %s\n' "$*" >&2; }
die() { printf 'stlab: error: %s\n' "$*" >&2; exit 1; }

# Refuse to ever operate (rm -rf, umount, kill) on paths that are not clearly ours.
for p in "$STATE" "$RUN" "$LOGS"; do
  case "$p" in
    /*stlab*) ;;
    *) die "refusing lab path '$p': must be absolute and contain 'stlab'" ;;
  esac
done
STATE=${STATE%/}; RUN=${RUN%/}; LOGS=${LOGS%/}
# unix sockets go up to $RUN/nodeN/containerd/containerd.sock.ttrpc (limit 107)
((${#RUN} <= 60)) || die "STLAB_RUN '$RUN' is too long for unix socket paths (max 60 chars)"
# daemons get a clean environment: no proxies, tokens or DOCKER_* of the caller
DAEMON_ENV=(env -i "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/root LANG=C.UTF-8)

sock()      { echo "$RUN/node$1.sock"; }
sock_url()  { echo "unix://$RUN/node$1.sock"; }
node_ip()   { echo "$NET.$((10 + $1))"; }
exec_root() { echo "$RUN/node$1"; }
ctd_dir()   { echo "$RUN/node$1/containerd"; }
ctd_sock()  { echo "$RUN/node$1/containerd/containerd.sock"; }
data_root() { echo "$STATE/node$1/docker"; }
tls_dir()   { echo "$STATE/tls"; }
tcp_url()   { echo "tcp://$(node_ip "$1"):2376"; }
dpidfile()  { echo "$RUN/node$1.dockerd.pid"; }
cpidfile()  { echo "$RUN/node$1.containerd.pid"; }

dk() { local n=$1; shift; "$DOCKER" -H "$(sock_url "$n")" "$@"; }

check_node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= NODES )) || die "node must be 1..$NODES (got '${1:-}')"
}

preflight() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces, bridge, dockerd)"
  local missing=() b
  for b in ip nsenter unshare mount umount dockerd containerd containerd-shim-runc-v2 runc docker-init tar openssl "$DOCKER"; do
    command -v "$b" >/dev/null 2>&1 || missing+=("$b")
  done
  [[ -x /bin/busybox ]] || missing+=("/bin/busybox")
  ((${#missing[@]} == 0)) || die "missing binaries: ${missing[*]} (apt-get install docker.io containerd runc busybox-static iproute2)"
  /bin/busybox --list >/dev/null 2>&1 || die "/bin/busybox does not work"
  if command -v ldd >/dev/null 2>&1 && ldd /bin/busybox >/dev/null 2>&1; then
    die "/bin/busybox is dynamically linked; the image needs a static one (apt-get install busybox-static)"
  fi
}

# ---------------------------------------------------------------------------
# process helpers

# running (a zombie counts as gone: its parent may be slow to reap it)
alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local st
  { read -r st <"/proc/$1/stat"; } 2>/dev/null || return 1
  st=${st##*) }
  [[ "${st:0:1}" != Z ]]
}

# command line of pid $1, space-separated (builtins only: called for every pid)
cmdline_of() {
  local -a args
  { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || return 1
  CMDLINE="${args[*]}"
}
pid_from() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

# wait until all given pids have exited, at most $1 seconds; returns 1 on timeout
wait_gone() {
  local secs=$1; shift
  local deadline=$((SECONDS + secs)) p left
  while :; do
    left=0
    for p in "$@"; do alive "$p" && left=1; done
    ((left == 0)) && return 0
    ((SECONDS >= deadline)) && return 1
    sleep 0.1
  done
}

# our own process and its ancestors: never to be killed (a calling shell's
# command line may well mention the lab paths)
ANCESTORS=""
ancestors() {
  local p=$$ st
  ANCESTORS=" $BASHPID "
  while [[ -n "$p" && "$p" -gt 1 ]]; do
    ANCESTORS+="$p "
    { read -r st <"/proc/$p/stat"; } 2>/dev/null || break
    st=${st##*) }          # drop "pid (comm) "
    p=${st#* }; p=${p%% *} # 2nd field after comm: ppid
  done
}

# pids of lab daemons (dockerd, containerd, shims, docker-proxy, runc) whose
# command line matches the regex $1
pids_by_cmdline() {
  local pat=$1 d pid cmd exe
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [[ "$ANCESTORS" == *" $pid "* ]] && continue
    cmdline_of "$pid" || continue
    cmd=$CMDLINE
    exe=${cmd%% *}; exe=${exe##*/}
    case "$exe" in
      dockerd | containerd | containerd-shim* | docker-proxy | runc) ;;
      *) continue ;;
    esac
    [[ "$cmd" =~ $pat ]] && echo "$pid"
  done
  return 0
}

# network namespaces that belong to the lab: the node namespaces and every
# namespace dockerd bind-mounted under our exec roots
lab_netns_files() {
  local f
  for f in "$NETNS_DIR/$NSPFX"*; do [[ -e "$f" ]] && echo "$f"; done
  [[ -d "$RUN" ]] && awk -v r="$RUN/" 'index($5, r) == 1 && $9 == "nsfs" {print $5}' /proc/self/mountinfo
  return 0
}

# pids in the cgroups of the lab's containers (--cgroup-parent /stlab-nodeN)
cgroup_procs() {
  local procs
  while read -r procs; do cat "$procs" 2>/dev/null; done < <(
    find /sys/fs/cgroup -mindepth 2 -maxdepth 6 -name cgroup.procs -path "*/$NSPFX[0-9]*" 2>/dev/null)
  return 0
}

# pids living in a lab network namespace or in a lab cgroup
pids_in_lab() {
  local -a files
  local d f
  mapfile -t files < <(lab_netns_files)
  if ((${#files[@]})); then
    for d in /proc/[0-9]*; do
      for f in "${files[@]}"; do
        # -ef: same device and inode, i.e. the same namespace (builtin, no fork)
        if [[ "$d/ns/net" -ef "$f" ]]; then echo "${d#/proc/}"; break; fi
      done
    done
  fi
  cgroup_procs
}

# SIGKILL the given pids (deduplicated, never ourselves) and wait for them
kill_all() {
  local pids=() p
  for p in $(printf '%s\n' "$@" | sort -un); do
    [[ "$ANCESTORS" == *" $p "* || $p -le 1 ]] && continue
    pids+=("$p")
  done
  ((${#pids[@]})) || return 0
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait_gone 10 "${pids[@]}" || log "warning: still alive after SIGKILL: ${pids[*]}"
}

# ---------------------------------------------------------------------------
# down

lab_mounts() {  # mount points under our roots, deepest first
  awk -v s="$STATE/" -v r="$RUN/" -v s0="$STATE" -v r0="$RUN" \
    '{ m=$5; if (index(m, s)==1 || index(m, r)==1 || m==s0 || m==r0) print length(m) "\t" m }' \
    /proc/self/mountinfo | sort -rn | cut -f2- | awk '!seen[$0]++'
}

# Paths outside our roots that the daemons create anyway: libnetwork writes
# the load-balancer sandbox files of overlay networks to the hard-coded
# /var/lib/docker/network/files/lb_<network id> (ignoring --data-root), dockerd
# makes /run/docker/plugins, the shims /run/containerd/s. `up` notes what was
# there before (host-before); `down` removes only what the lab added.
HOST_DIRS=(/var/lib/docker /var/lib/docker/network /var/lib/docker/network/files /run/docker /run/docker/plugins /run/containerd /run/containerd/s)
LB_DIR=/var/lib/docker/network/files

snapshot_host() {
  local d
  {
    for d in "${HOST_DIRS[@]}"; do [[ -e "$d" ]] && echo "dir:$d"; done
    for d in "$LB_DIR"/lb_*; do [[ -e "$d" ]] && echo "lb:${d##*/}"; done
  } >"$STATE/host-before" || true
}

# overlay network ids of the lab, asked of the live daemons before killing them
LAB_NET_IDS=""
remember_lab_networks() {
  local n
  command -v curl >/dev/null 2>&1 || return 0
  for ((n = 1; n <= NODES; n++)); do
    [[ -S "$(sock "$n")" ]] || continue
    LAB_NET_IDS+=" $(curl -fsS --max-time 2 --unix-socket "$(sock "$n")" \
      'http://stlab/networks?filters=%7B%22driver%22%3A%5B%22overlay%22%5D%7D' 2>/dev/null |
      grep -oE '"Id":"[a-z0-9]+"' | cut -d'"' -f4 | tr '\n' ' ' || true)"
  done
  return 0
}

foreign_dockerd_running() {  # a dockerd that is not ours (e.g. the system's)
  local d cmd
  for d in /proc/[0-9]*; do
    cmdline_of "${d#/proc/}" || continue
    cmd=$CMDLINE
    [[ "${cmd%% *}" == dockerd || "${cmd%% *}" == */dockerd ]] || continue
    [[ "$cmd" == *"$RUN/"* || "$cmd" == *"$STATE/"* ]] || return 0
  done
  return 1
}

clean_host_leftovers() {
  local id d before=""
  [[ -f "$STATE/host-before" ]] && before=$(cat "$STATE/host-before")
  for id in $LAB_NET_IDS; do
    [[ "$id" =~ ^[a-z0-9]+$ ]] && rm -rf "${LB_DIR:?}/lb_$id"
  done
  foreign_dockerd_running && return 0
  # no other dockerd: whatever lb_ dir was not there before `up` is ours
  if [[ -f "$STATE/host-before" ]]; then
    for d in "$LB_DIR"/lb_*; do
      [[ -e "$d" ]] || continue
      grep -qxF "lb:${d##*/}" <<<"$before" || rm -rf "$d"
    done
    for ((id = ${#HOST_DIRS[@]} - 1; id >= 0; id--)); do
      d=${HOST_DIRS[$id]}
      grep -qxF "dir:$d" <<<"$before" || rmdir "$d" 2>/dev/null || true  # only if empty
    done
  fi
}

# Remove the per-container shim sockets containerd keeps in /run/containerd/s
# (a killed shim leaves its socket behind); only ours: each task dir in our
# containerd state records its shim's address.
clean_shim_sockets() {
  local f a
  for f in "$RUN"/node*/containerd/state/io.containerd.runtime.v2.task/*/*/address; do
    [[ -f "$f" ]] || continue
    a=$(cat "$f" 2>/dev/null) || continue
    a=${a#unix://}
    [[ "$a" == /run/containerd/s/* && "$a" != */../* ]] && rm -f "$a"
  done
}

do_down() {
  local n pids p
  ancestors
  remember_lab_networks
  # 1. processes. Teardown needs no graceful shutdown (dockerd would spend
  #    seconds leaving the swarm and stopping containers), and every trace a
  #    killed daemon leaves is under our roots, namespaces or cgroups.
  #    dockerd first (so nothing restarts containers), then containerd, then
  #    shims, docker-proxy and container processes.
  pids=()
  for ((n = 1; n <= NODES; n++)); do
    p=$(pid_from "$(dpidfile "$n")"); alive "$p" && pids+=("$p")
    p=$(pid_from "$(dpidfile "$n").start"); alive "$p" && pids+=("$p")
  done
  pids+=($(pids_by_cmdline "(-H|--host)[ =]unix://$RUN/|--data-root[ =]$STATE/"))
  kill_all "${pids[@]}"

  pids=()
  for ((n = 1; n <= NODES; n++)); do
    p=$(pid_from "$(cpidfile "$n")"); alive "$p" && pids+=("$p")
  done
  pids+=($(pids_by_cmdline "$RUN/|$STATE/"))
  kill_all "${pids[@]}"

  # shims (-address /run/stlab/...), docker-proxy and anything else that
  # mentions our paths or lives in a lab namespace/cgroup; twice, in case a
  # dying parent spawned something on the way out
  for n in 1 2; do
    kill_all $(pids_by_cmdline "$RUN/|$STATE/") $(pids_in_lab)
  done

  clean_shim_sockets
  clean_host_leftovers

  # 2. unmount everything under our roots, deepest first (lazy if busy)
  local m tries
  for tries in 1 2 3; do
    local any=0
    while read -r m; do
      [[ -z "$m" ]] && continue
      any=1
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done < <(lab_mounts)
    ((any == 0)) && break
  done
  if [[ -n "$(lab_mounts)" ]]; then
    log "warning: could not unmount: $(lab_mounts | tr '\n' ' ')"
  fi

  # 3. network: namespaces, veths, bridge
  for p in "$NETNS_DIR/$NSPFX"*; do
    [[ -e "$p" ]] || continue
    ip netns delete "${p##*/}" 2>/dev/null || { umount -l "$p" 2>/dev/null || true; rm -f "$p"; }
  done
  # the /run/netns mount iproute2 made, if no namespace at all is left in it
  if [[ -d "$NETNS_DIR" && -z "$(ls -A "$NETNS_DIR" 2>/dev/null)" ]]; then
    umount "$NETNS_DIR" 2>/dev/null || true
    rmdir "$NETNS_DIR" 2>/dev/null || true
  fi
  for p in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^($VETHPFX[0-9]+|$BRIDGE)\$" || true); do
    ip link delete "$p" 2>/dev/null || true
  done

  # 4. cgroups the lab's containers lived in
  local cg
  while read -r cg; do rmdir "$cg" 2>/dev/null || true; done < <(
    find /sys/fs/cgroup -mindepth 1 -maxdepth 4 -depth -type d -path "*/$NSPFX[0-9]*" 2>/dev/null)

  # 5. state (never crossing into another file system, in case a mount survived)
  [[ -n "$(lab_mounts)" ]] || rm -rf --one-file-system "$STATE" "$RUN"
  [[ ! -e "$STATE" && ! -e "$RUN" ]] || log "warning: some lab state could not be removed ($STATE, $RUN)"
}

# ---------------------------------------------------------------------------
# up

make_network() {
  local n ns
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for ((n = 1; n <= NODES; n++)); do
    ns=$NSPFX$n
    ip netns add "$ns"
    ip link add "$VETHPFX$n" type veth peer name "stlab-p$n" netns "$ns"
    ip link set "$VETHPFX$n" master "$BRIDGE" up
    ip -n "$ns" link set "stlab-p$n" name eth0
    ip -n "$ns" addr add "$(node_ip "$n")/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    # No default route on purpose: the lab can reach nothing but itself, so a
    # stray registry/DNS lookup fails at once (ENETUNREACH) instead of timing
    # out, and no packet from the lab ever heads for the host's uplink.
    # STLAB_DEFAULT_ROUTE=1 adds one via the bridge (the host does not NAT it).
    if [[ "${STLAB_DEFAULT_ROUTE:-0}" == 1 ]]; then ip -n "$ns" route add default via "$NET.1"; fi
  done
}

build_images() {  # two tiny rootfs tarballs made of busybox-static
  local dir=$STATE/image v a
  rm -rf "$dir"; mkdir -p "$dir/rootfs"
  local r=$dir/rootfs
  mkdir -p "$r"/{bin,sbin,etc,dev,proc,sys,tmp,root,var/run,home}
  chmod 1777 "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  # tini (static, shipped with docker.io as docker-init) as entrypoint, so that
  # `sleep`-style workloads stop on SIGTERM at once instead of after the 10 s
  # stop grace period (service rm/update/scale and stop-node stay fast)
  cp "$(readlink -f "$(command -v docker-init)")" "$r/sbin/tini"
  for a in $(/bin/busybox --list); do
    [[ "$a" == busybox ]] || ln -s busybox "$r/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  for v in 1 2; do
    printf 'swarmtop-lab busybox image, version %s\n' "$v" >"$r/etc/lab-release"
    tar --numeric-owner --owner=0 --group=0 -C "$r" -cf "$dir/rootfs-$v.tar" .
  done
}

start_node_daemons() {  # start containerd + dockerd of node $1 in its namespace
  local n=$1 ns=$NSPFX$1 cdir
  cdir=$(ctd_dir "$n")
  mkdir -p "$cdir" "$STATE/node$n/containerd" "$(data_root "$n")" "$LOGS"
  [[ -e "$NETNS_DIR/$ns" ]] || die "namespace $ns is missing (run 'up' first)"

  if ! alive "$(pid_from "$(cpidfile "$n")")"; then
    cat >"$STATE/node$n/containerd.toml" <<EOF
version = 2
root = "$STATE/node$n/containerd"
state = "$cdir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$(ctd_sock "$n")"
[ttrpc]
  address = ""
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/node$n/containerd/opt"
EOF
    rm -f "$(ctd_sock "$n")"
    "${DAEMON_ENV[@]}" setsid nsenter --net="$NETNS_DIR/$ns" -- \
      containerd --config "$STATE/node$n/containerd.toml" --log-level info \
      </dev/null >>"$LOGS/node$n-containerd.log" 2>&1 9>&- &
    echo $! >"$(cpidfile "$n")"
  fi

  # dockerd's trust key (engine ID) defaults to /etc/docker/key.json: keep it per node
  printf '{ "deprecated-key-path": "%s" }\n' "$STATE/node$n/key.json" >"$STATE/node$n/daemon.json"
  rm -f "$(sock "$n")"
  local NET_FLAGS=(--iptables="${STLAB_IPTABLES:-false}")
  [[ "${STLAB_IPTABLES:-false}" == true ]] || NET_FLAGS+=(--ip-masq=false)
  [[ "${STLAB_BRIDGE:-default}" == none ]] && NET_FLAGS+=(--bridge=none)
  # own UTS namespace so the node's hostname (and swarm node name) is nodeN
  # DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: swarm tasks use the local image instead
  # of always trying a registry pull first (no registry is reachable here).
  "${DAEMON_ENV[@]}" DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid nsenter --net="$NETNS_DIR/$ns" -- \
    unshare --uts -- /bin/sh -c 'echo "$0" >/proc/sys/kernel/hostname && exec "$@"' "node$n" \
    dockerd \
      --config-file "$STATE/node$n/daemon.json" \
      --data-root "$(data_root "$n")" \
      --exec-root "$(exec_root "$n")" \
      --pidfile "$(dpidfile "$n")" \
      -H "$(sock_url "$n")" \
      -H "$(tcp_url "$n")" --tlsverify \
      --tlscacert "$(tls_dir)/ca.pem" --tlscert "$(tls_dir)/node$n-cert.pem" --tlskey "$(tls_dir)/node$n-key.pem" \
      --containerd "$(ctd_sock "$n")" \
      "${NET_FLAGS[@]}" \
      --cgroup-parent "/$NSPFX$n" \
      --log-level info \
    </dev/null >>"$LOGS/node$n-dockerd.log" 2>&1 9>&- &
  echo $! >"$(dpidfile "$n").start"
}

ping_node() {
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -fsS --max-time 2 --unix-socket "$(sock "$1")" http://stlab/_ping 2>/dev/null)" == OK ]]
  else
    dk "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

wait_ping() {  # node, seconds
  local n=$1 deadline=$((SECONDS + $2)) p
  until ping_node "$n"; do
    p=$(pid_from "$(dpidfile "$n").start")
    if ! alive "$p"; then
      tail -n 25 "$LOGS/node$n-dockerd.log" >&2 || true
      die "dockerd of node$n exited during startup (log: $LOGS/node$n-dockerd.log)"
    fi
    ((SECONDS < deadline)) || { tail -n 25 "$LOGS/node$n-dockerd.log" >&2 || true; die "dockerd of node$n did not answer /_ping within $2 s"; }
    sleep 0.1
  done
}

load_images() {
  local n v pids=()
  for v in 1 2; do
    dk 1 import --change 'ENTRYPOINT ["/sbin/tini", "--"]' --change 'CMD ["sleep", "1d"]' --change 'WORKDIR /' --change "ENV LAB_IMAGE_VERSION=$v" \
      --message "swarmtop lab image v$v" "$STATE/image/rootfs-$v.tar" "lab/busybox:$v" >/dev/null
  done
  dk 1 save -o "$STATE/image/images.tar" "${IMAGE_TAGS[@]}"
  for ((n = 2; n <= NODES; n++)); do
    dk "$n" load -q -i "$STATE/image/images.tar" >/dev/null & pids+=($!)
  done
  for v in "${pids[@]}"; do wait "$v" || die "docker load failed on a worker"; done
}

ready_count() { dk 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true; }

wait_ready() {  # seconds
  local deadline=$((SECONDS + $1))
  until [[ "$(ready_count)" == "$NODES" ]]; do
    ((SECONDS < deadline)) || { dk 1 node ls >&2 || true; die "swarm did not reach $NODES Ready nodes within $1 s"; }
    sleep 0.2
  done
}

make_swarm() {
  dk 1 swarm init --advertise-addr "$(node_ip 1)" --listen-addr "$(node_ip 1):2377" >/dev/null
  local token n pids=()
  token=$(dk 1 swarm join-token -q worker)
  for ((n = 2; n <= NODES; n++)); do
    dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" --listen-addr "$(node_ip "$n"):2377" \
      "$(node_ip 1):2377" >/dev/null & pids+=($!)
  done
  for n in "${pids[@]}"; do wait "$n" || die "swarm join failed"; done
  wait_ready 30
}

# wait until no container of the given services is left on any node (after
# a service rm); seconds, service names
wait_no_containers() {
  local deadline=$((SECONDS + $1)) n busy svc
  shift
  while :; do
    busy=0
    for ((n = 1; n <= NODES; n++)); do
      for svc in "$@"; do
        [[ -z "$(dk "$n" ps -aq --filter "label=com.docker.swarm.service.name=$svc" 2>/dev/null)" ]] || busy=1
      done
    done
    ((busy == 0)) && return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

probe() {  # a global service must get a running task on every node
  local deadline=$((SECONDS + 30)) nodes
  dk 1 service create --no-resolve-image --detach --quiet --name stlab-probe --mode global \
    --stop-grace-period 1s lab/busybox:1 >/dev/null
  until nodes=$(dk 1 service ps stlab-probe --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' 2>/dev/null |
      awk '$2 == "Running" {print $1}' | sort -u | wc -l) && [[ "$nodes" == "$NODES" ]]; do
    ((SECONDS < deadline)) || { dk 1 service ps --no-trunc stlab-probe >&2 || true; die "probe service did not run on all $NODES nodes"; }
    sleep 0.2
  done
  dk 1 service rm stlab-probe >/dev/null
  wait_no_containers 30 stlab-probe || log "warning: probe containers still present"
}

write_env() {
  local n
  {
    for ((n = 1; n <= NODES; n++)); do echo "STLAB_NODE$n=$(sock_url "$n")"; done
    for ((n = 1; n <= NODES; n++)); do echo "STLAB_NODE${n}_ADDR=$(node_ip "$n")"; done
    echo "STLAB_MANAGER=$(sock_url 1)"
    # Each engine also listens on TCP with TLS (client certificates required); DOCKER_CERT_PATH for a client:
    for ((n = 1; n <= NODES; n++)); do echo "STLAB_NODE${n}_TCP=$(tcp_url "$n")"; done
    echo "STLAB_TLS_CERTS=$(tls_dir)/client"
    echo "STLAB_LOGS=$LOGS"
  } >"$STATE/env"
}

print_env() {
  [[ -s "$STATE/env" ]] || die "lab is not up (no $STATE/env)"
  cat "$STATE/env"
}

now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN{printf "%.1f", e-s}'; }
PHASES=""
phase() { PHASES+="${PHASES:+, }$1 $(since "$PHASE_T")s"; PHASE_T=$(now); }

cmd_up() {
  local start n
  start=$(now); PHASE_T=$start
  preflight
  do_down; phase cleanup
  mkdir -p "$STATE" "$RUN" "$LOGS"
  rm -f "$LOGS"/node*.log
  snapshot_host
  make_network
  bash "$(dirname "${BASH_SOURCE[0]}")/lab-tls.sh" "$(tls_dir)" "$NODES" "$NET" || die "making the lab's TLS certificates failed"
  build_images &
  local img_pid=$!
  for ((n = 1; n <= NODES; n++)); do start_node_daemons "$n"; done
  for ((n = 1; n <= NODES; n++)); do wait_ping "$n" 60; done
  phase daemons
  wait "$img_pid" || die "building the image rootfs failed"
  load_images &
  img_pid=$!
  make_swarm
  wait "$img_pid" || die "loading images failed"
  phase swarm+images
  if [[ "${STLAB_PROBE:-1}" != 0 ]]; then probe; phase probe; fi
  write_env
  log "lab up in $(since "$start") s ($PHASES); logs: $LOGS; env file: $STATE/env"
  print_env
}

# ---------------------------------------------------------------------------
# single-node stop/start

cmd_stop_node() {
  check_node_arg "${1:-}"; preflight
  local n=$1 p
  p=$(pid_from "$(dpidfile "$n")")
  [[ -z "$p" ]] && p=$(pid_from "$(dpidfile "$n").start")
  if alive "$p"; then
    kill -TERM "$p"
    wait_gone 60 "$p" || die "dockerd of node$n did not exit within 60 s"
  else
    log "dockerd of node$n is not running"
  fi
  p=$(pid_from "$(cpidfile "$n")")
  if alive "$p"; then
    kill -TERM "$p"
    wait_gone 20 "$p" || { kill -KILL "$p" 2>/dev/null || true; wait_gone 5 "$p" || true; }
  fi
  log "node$n stopped"
}

cmd_start_node() {
  check_node_arg "${1:-}"; preflight
  local n=$1
  [[ -s "$STATE/env" ]] || die "lab is not up"
  if alive "$(pid_from "$(dpidfile "$n")")" && ping_node "$n"; then
    log "node$n is already running"; return 0
  fi
  start_node_daemons "$n"
  wait_ping "$n" 60
  log "node$n started"
}

# managers N: node1..N managers, the others workers. Promotions go through node1;
# demotions through a manager that stays (node1 again once it answers), and the
# command returns once `node ls` shows the roles settled and a leader.
# a node role change races with the node's own updates (a restart, a heartbeat):
# "update out of sequence" just means try again
node_role() {  # via, promote|demote, node
  local i
  for i in $(seq 20); do
    dk "$1" node "$2" "$3" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  dk "$1" node "$2" "$3" >/dev/null
}

managers_answer() {  # node1..N each answer `node ls` themselves
  local n
  for ((n = 1; n <= $1; n++)); do dk "$n" node ls -q >/dev/null 2>&1 || return 1; done
}

cmd_managers() {
  local want=${1:-} n role via=1 deadline
  [[ "$want" =~ ^[1-3]$ ]] || die "managers takes 1..$NODES (got '${want}')"
  [[ -s "$STATE/env" ]] || die "lab is not up"
  for ((n = 1; n <= NODES; n++)); do ping_node "$n" || die "node$n is down: start it first"; done
  # a manager to talk to: node1 unless it was demoted by hand
  for ((n = 1; n <= NODES; n++)); do
    [[ "$(dk "$n" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" == true ]] && { via=$n; break; }
  done
  for ((n = 2; n <= want; n++)); do node_role "$via" promote "node$n"; done
  [[ "$via" -gt "$want" ]] && via=1
  for ((n = NODES; n > want; n--)); do
    role=$(dk "$via" node inspect --format '{{.Spec.Role}}' "node$n")
    [[ "$role" == manager ]] && node_role "$via" demote "node$n"
  done
  deadline=$((SECONDS + 60))
  # settled: the roles as asked, a leader, and every manager answering for itself
  until [[ "$(dk 1 node ls --filter role=manager --format '{{.Hostname}} {{.ManagerStatus}}' 2>/dev/null | sort | tr '\n' ' ')" =~ ^(node[1-3]\ (Leader|Reachable)\ ){$want}$ ]] &&
        dk 1 node ls --format '{{.ManagerStatus}}' 2>/dev/null | grep -q Leader &&
        managers_answer "$want"; do
    ((SECONDS < deadline)) || { dk 1 node ls >&2 || true; die "managers did not settle at $want within 60 s"; }
    sleep 0.2
  done
  log "managers: $(dk 1 node ls --filter role=manager --format '{{.Hostname}}({{.ManagerStatus}})' | sort | tr '\n' ' ')"
}

cmd_status() {
  preflight
  [[ -s "$STATE/env" ]] || { echo "lab is down"; return 1; }
  local n
  for ((n = 1; n <= NODES; n++)); do
    if ping_node "$n"; then echo "node$n: up ($(sock_url "$n"))"; else echo "node$n: DOWN ($(sock_url "$n"))"; fi
  done
  dk 1 node ls || { echo "(node ls failed: is the manager node1 down?)"; return 1; }
}

cmd_logs() {
  local n=${1:-}
  if [[ -n "$n" ]]; then tail -n 50 "$LOGS/node$n-dockerd.log"; else ls -l "$LOGS"; fi
}

# ---------------------------------------------------------------------------
# reset: back to the swarm `up` hands over (for reusing a running lab)

cmd_reset() {
  [[ -s "$STATE/env" ]] || die "lab is not up"
  local n ids id k
  for ((n = 1; n <= NODES; n++)); do
    ping_node "$n" || cmd_start_node "$n"
  done
  wait_ready 60
  ids=$(dk 1 service ls -q)
  if [[ -n "$ids" ]]; then
    local names
    names=$(dk 1 service inspect --format '{{.Spec.Name}}' $ids)
    dk 1 service rm $ids >/dev/null
    wait_no_containers 60 $names || log "warning: service containers still present after 60 s"
  fi
  for ((n = 1; n <= NODES; n++)); do  # plain containers someone started
    ids=$(dk "$n" ps -aq)
    [[ -z "$ids" ]] || dk "$n" rm -f $ids >/dev/null 2>&1 || true
  done
  for id in $(dk 1 node ls -q); do
    dk 1 node update --availability active $(dk 1 node inspect --format '{{range $k, $v := .Spec.Labels}}--label-rm {{$k}} {{end}}' "$id") "$id" >/dev/null
  done
  ids=$(dk 1 secret ls -q); [[ -z "$ids" ]] || dk 1 secret rm $ids >/dev/null
  ids=$(dk 1 config ls -q); [[ -z "$ids" ]] || dk 1 config rm $ids >/dev/null
  ids=$(dk 1 network ls -q --filter scope=swarm | while read -r id; do
    [[ "$(dk 1 network inspect --format '{{.Ingress}}' "$id")" == true ]] || echo "$id"; done)
  for id in $ids; do
    for k in $(seq 50); do dk 1 network rm "$id" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  log "swarm reset"
}

# ---------------------------------------------------------------------------
# selftest: what does (not) work in this lab

st_running() {  # service, expected number of running tasks
  [[ "$(dk 1 service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' 2>/dev/null | grep -c '^Running')" == "$2" ]]
}

st_http_from_task() {  # node, service, target host -> body of GET /lab-release
  local c
  c=$(dk "$1" ps -q --filter "label=com.docker.swarm.service.name=$2" | head -n 1)
  [[ -n "$c" ]] || return 1
  dk "$1" exec "$c" sh -c "printf 'GET /lab-release HTTP/1.0\r\n\r\n' | nc -w 2 $3 80" 2>/dev/null | grep -q 'version'
}

cmd_selftest() {
  [[ -s "$STATE/env" ]] || die "lab is not up"
  local fails=0 n a b ipb deadline res
  result() {  # name, ok|FAIL|n/a, detail
    printf '  %-34s %-5s %s\n' "$1" "$2" "${3:-}"
    [[ "$2" == FAIL ]] && fails=$((fails + 1))
    return 0
  }
  st_clean() {
    dk 1 service rm stlab-st-ov stlab-st-host stlab-st-ingress >/dev/null 2>&1 || true
    wait_no_containers 30 stlab-st-ov stlab-st-host stlab-st-ingress || true
    local i
    for i in $(seq 50); do  # the manager frees the network a moment after the tasks
      dk 1 network inspect stlab-st-net >/dev/null 2>&1 || break
      dk 1 network rm stlab-st-net >/dev/null 2>&1 && break
      sleep 0.2
    done
  }
  st_clean
  local create=(service create --no-resolve-image --detach --quiet)
  dk 1 network create -d overlay --attachable stlab-st-net >/dev/null
  dk 1 "${create[@]}" --name stlab-st-ov --replicas 2 --replicas-max-per-node 1 --network stlab-st-net \
    lab/busybox:1 httpd -f -p 80 -h /etc >/dev/null
  dk 1 "${create[@]}" --name stlab-st-host --mode global --publish mode=host,target=80,published=18081 \
    lab/busybox:1 httpd -f -p 80 -h /etc >/dev/null
  dk 1 "${create[@]}" --name stlab-st-ingress --replicas 1 --publish published=18080,target=80 \
    lab/busybox:1 httpd -f -p 80 -h /etc >/dev/null
  deadline=$((SECONDS + 30))
  until st_running stlab-st-ov 2 && st_running stlab-st-host "$NODES" && st_running stlab-st-ingress 1; do
    ((SECONDS < deadline)) || break
    sleep 0.2
  done
  echo "selftest:"
  if st_running stlab-st-host "$NODES"; then result "global service, task on every node" ok; else result "global service, task on every node" FAIL; fi
  if st_running stlab-st-ingress 1; then result "task of service with ingress port" ok "(task runs)"; else result "task of service with ingress port" FAIL; fi

  # overlay: task on node a talks to the task on node b by its overlay IP
  read -r a b < <(dk 1 service ps stlab-st-ov --filter desired-state=running --format '{{.Node}}' | sed 's/^node//' | tr '\n' ' '; echo) || true
  if [[ -n "${a:-}" && -n "${b:-}" && "$a" != "$b" ]]; then
    ipb=$(dk "$b" inspect --format '{{(index .NetworkSettings.Networks "stlab-st-net").IPAddress}}' \
      "$(dk "$b" ps -q --filter label=com.docker.swarm.service.name=stlab-st-ov | head -n 1)")
    if st_http_from_task "$a" stlab-st-ov "$ipb"; then result "overlay node$a -> node$b task IP" ok "($ipb)"; else result "overlay node$a -> node$b task IP" FAIL "($ipb)"; fi
    if st_http_from_task "$a" stlab-st-ov "tasks.stlab-st-ov"; then res=ok; else res=FAIL; fi
    result "overlay DNS tasks.<service>" "$res"
    if st_http_from_task "$a" stlab-st-ov "stlab-st-ov"; then result "overlay service VIP" ok; else result "overlay service VIP" n/a "(needs IPVS; kernel has it: $(kernel_has_ipvs))"; fi
  else
    result "overlay service across 2 nodes" FAIL "(tasks on: ${a:-?} ${b:-?})"
  fi

  # published ports, from the host (which sits on the lab bridge)
  if command -v curl >/dev/null 2>&1; then
    local okn=0
    for ((n = 1; n <= NODES; n++)); do
      curl -fsS -m 2 "http://$(node_ip "$n"):18081/lab-release" 2>/dev/null | grep -q version && okn=$((okn + 1))
    done
    if ((okn == NODES)); then res=ok; else res=FAIL; fi
    result "published port, mode=host" "$res" "($okn/$NODES nodes answer on :18081)"
    okn=0
    for ((n = 1; n <= NODES; n++)); do
      curl -fsS -m 2 "http://$(node_ip "$n"):18080/lab-release" 2>/dev/null | grep -q version && okn=$((okn + 1))
    done
    if ((okn == NODES)); then res=ok; else res=n/a; fi
    result "published port, ingress mode" "$res" "($okn/$NODES nodes answer on :18080; routing mesh needs IPVS)"
  else
    result "published ports" n/a "(curl not installed)"
  fi
  st_clean
  ((fails == 0)) || die "selftest: $fails check(s) failed"
  echo "selftest passed (n/a = not available in this lab, by design of the kernel/flags)"
}

kernel_has_ipvs() {
  if [[ -d /proc/sys/net/ipv4/vs ]] || grep -q '^ip_vs ' /proc/modules 2>/dev/null; then echo yes
  elif [[ -r /proc/config.gz ]] && zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_IP_VS=[ym]'; then echo "as module"
  else echo no; fi
}

usage() { sed -n '/^# Commands:/,/^# Environment/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }

# one lab.sh at a time for the commands that change the lab (the daemons
# are started with this fd closed, so they never hold the lock)
lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9<"${BASH_SOURCE[0]}"  # the script itself: no lock file to leave behind
  flock -w 300 9 || die "another lab.sh is still running (it holds a lock on ${BASH_SOURCE[0]})"
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    up | down | stop-node | start-node | reset | selftest | managers) lock ;;
  esac
  case "$cmd" in
    up) cmd_up ;;
    down) preflight_down; do_down; log "lab down" ;;
    stop-node) cmd_stop_node "$@" ;;
    start-node) cmd_start_node "$@" ;;
    managers) preflight; cmd_managers "$@" ;;
    env) print_env ;;
    status) cmd_status ;;
    selftest) preflight; cmd_selftest ;;
    reset) preflight; cmd_reset ;;
    logs) cmd_logs "$@" ;;
    -h | --help | help) usage ;;
    *) echo "usage: $0 up|down|status|env|reset|stop-node N|start-node N|managers N|selftest|logs [N]" >&2; usage; exit 2 ;;
  esac
}

preflight_down() {  # down needs only root and iproute2
  [[ $(id -u) -eq 0 ]] || die "must run as root"
  command -v ip >/dev/null 2>&1 || die "missing binary: ip (apt-get install iproute2)"
}

main "$@"
