#!/usr/bin/env bash
# sshd for the swarmtop test lab: a real OpenSSH server inside a lab node's
# network namespace (10.213.0.1N:22), so swarmtop's ssh:// transport is tested
# against the system ssh client and a real sshd, the way operators reach a
# manager. A session's DOCKER_HOST is that node's engine socket, so
# `docker system dial-stdio` on the far side reaches the right dockerd.
#
# Nothing here touches ~/.ssh or /etc/ssh: host keys, the client key, the
# authorized_keys file, a client ssh_config and a known_hosts file are all
# under $STLAB_STATE/sshd. `lab.sh down` ends these daemons with the rest of
# the lab (they live in the lab's namespaces).
#
# Commands:
#   up N...        start sshd in node N's namespace (idempotent)
#   down N...      stop it
#   restart N      stop and start again (same host key)
#   logins N       how many logins node N's sshd accepted since its log began
#   paths          KEY=VALUE lines: client key, ssh_config, known_hosts, log files
#
# Environment: STLAB_STATE, STLAB_RUN, STLAB_LOGS as for lab.sh.
set -euo pipefail

STATE=${STLAB_STATE:-/var/lib/stlab}
RUN=${STLAB_RUN:-/run/stlab}
LOGS=${STLAB_LOGS:-/tmp/stlab-logs}
NODES=3
NET=10.213.0
NETNS_DIR=/var/run/netns
NSPFX=stlab-node
SSHD=${STLAB_SSHD:-/usr/sbin/sshd}
DIR=$STATE/sshd

die() { printf 'stlab-sshd: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'stlab-sshd: %s\n' "$*" >&2; }

for p in "$STATE" "$RUN" "$LOGS"; do
  case "$p" in /*stlab*) ;; *) die "refusing lab path '$p'" ;; esac
done

check_node() { [[ "${1:-}" =~ ^[1-3]$ ]] || die "node must be 1..$NODES (got '${1:-}')"; }
node_ip() { echo "$NET.$((10 + $1))"; }
pidfile() { echo "$RUN/sshd-node$1.pid"; }
logfile() { echo "$LOGS/sshd-node$1.log"; }

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
pid_of() { [[ -s "$(pidfile "$1")" ]] && tr -dc '0-9' <"$(pidfile "$1")" || true; }

# Keys and files shared by all nodes (made once; a restart keeps the host keys,
# so a pinned key stays valid across `restart`).
prepare() {
  command -v ssh-keygen >/dev/null || die "ssh-keygen missing (apt-get install openssh-client)"
  [[ -x "$SSHD" ]] || die "$SSHD missing (apt-get install openssh-server)"
  mkdir -p "$DIR" "$RUN" "$LOGS" /run/sshd
  chmod 700 "$DIR"
  [[ -s "$DIR/client_key" ]] || ssh-keygen -q -t ed25519 -N '' -C stlab-client -f "$DIR/client_key"
  cp "$DIR/client_key.pub" "$DIR/authorized_keys"
  local n
  : >"$DIR/known_hosts.new"
  for ((n = 1; n <= NODES; n++)); do
    [[ -s "$DIR/host_key_node$n" ]] || ssh-keygen -q -t ed25519 -N '' -C "stlab-node$n" -f "$DIR/host_key_node$n"
    echo "$(node_ip "$n") $(cut -d' ' -f1,2 "$DIR/host_key_node$n.pub")" >>"$DIR/known_hosts.new"
  done
  mv "$DIR/known_hosts.new" "$DIR/known_hosts"
  # A client config as an operator would write one: aliases per node (its swarm hostname
  # too, so nothing is looked up in DNS), the key, pinned host keys.
  {
    for ((n = 1; n <= NODES; n++)); do
      printf 'Host stlab-mgr%s node%s\n  HostName %s\n\n' "$n" "$n" "$(node_ip "$n")"
    done
    printf 'Host *\n  User root\n  IdentityFile %s\n  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n' \
      "$DIR/client_key" "$DIR/known_hosts"
  } >"$DIR/ssh_config"
}

# Sessions get a home of the lab's own. sshd runs every command through root's login
# shell, and bash run by sshd sources ~/.bashrc: a machine whose root .bashrc does real
# work (pyenv init rehashes behind a lock file, which a session killed mid-way leaves
# behind for 60 s) would make every dial-stdio session slow or hang, and the tests would
# measure that machine's dotfiles rather than swarmtop. An operator's manager is whatever
# it is; the lab's sshd is a clean one.
write_config() {
  local n=$1 docker_dir
  mkdir -p "$DIR/home"
  docker_dir=$(dirname "$(command -v docker)")
  cat >"$DIR/sshd_config_node$n" <<EOF
ListenAddress $(node_ip "$n"):22
HostKey $DIR/host_key_node$n
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
PidFile $(pidfile "$n")
LogLevel INFO
SetEnv DOCKER_HOST=unix://$RUN/node$n.sock PATH=$docker_dir:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=$DIR/home
EOF
}

cmd_up() {
  local n p
  prepare
  for n in "$@"; do
    check_node "$n"
    [[ -e "$NETNS_DIR/$NSPFX$n" ]] || die "lab is not up (no namespace $NSPFX$n)"
    p=$(pid_of "$n")
    if alive "$p"; then log "sshd on node$n already running (pid $p)"; continue; fi
    write_config "$n"
    "$SSHD" -t -f "$DIR/sshd_config_node$n" || die "sshd config for node$n is invalid"
    nsenter --net="$NETNS_DIR/$NSPFX$n" -- "$SSHD" -f "$DIR/sshd_config_node$n" -E "$(logfile "$n")" 9>&-
    local deadline=$((SECONDS + 10))
    until alive "$(pid_of "$n")" && nsenter --net="$NETNS_DIR/$NSPFX$n" -- bash -c "exec 3<>/dev/tcp/$(node_ip "$n")/22" 2>/dev/null; do
      ((SECONDS < deadline)) || { tail -n 20 "$(logfile "$n")" >&2 || true; die "sshd on node$n did not start"; }
      sleep 0.1
    done
    log "sshd on node$n up at $(node_ip "$n"):22 (pid $(pid_of "$n"))"
  done
}

cmd_down() {
  local n p
  for n in "$@"; do
    check_node "$n"
    p=$(pid_of "$n")
    if alive "$p"; then
      # The listener and every session process: a real sshd going away drops its connections.
      local c; for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do kill -TERM "$c" 2>/dev/null || true; done
      kill -TERM "$p"
      for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
      alive "$p" && kill -KILL "$p" 2>/dev/null || true
    fi
    rm -f "$(pidfile "$n")"
  done
}

cmd_logins() {
  check_node "${1:-}"
  local f
  f=$(logfile "$1")
  [[ -f "$f" ]] || { echo 0; return; }
  grep -c 'Accepted publickey for' "$f" || true
}

cmd_paths() {
  echo "STLAB_SSH_KEY=$DIR/client_key"
  echo "STLAB_SSH_CONFIG=$DIR/ssh_config"
  echo "STLAB_SSH_KNOWN_HOSTS=$DIR/known_hosts"
  local n
  for ((n = 1; n <= NODES; n++)); do
    echo "STLAB_SSHD_LOG$n=$(logfile "$n")"
    echo "STLAB_SSH_HOST_KEY$n=$DIR/host_key_node$n.pub"
  done
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
cmd=${1:-}
shift || true
case "$cmd" in
  up) (($#)) || die "usage: $0 up N..."; cmd_up "$@" ;;
  down) (($#)) || die "usage: $0 down N..."; cmd_down "$@" ;;
  restart) check_node "${1:-}"; cmd_down "$1"; cmd_up "$1" ;;
  logins) cmd_logins "$@" ;;
  paths) prepare; cmd_paths ;;
  *) sed -n '/^# Commands:/,/^# Environment/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
