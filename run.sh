#!/usr/bin/env bash
# Start a Plinth node in the foreground: an all-in-one node unless told otherwise.
# Builds the distribution first when it is missing or older than the sources.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
assembly="$here/karaf-distribution/target/assembly"

usage() {
  cat <<'TXT'
Usage: ./run.sh [options]

Builds the Plinth distribution if it is missing or older than the sources, starts one node in the
foreground and prints where it answers. Ctrl-C stops it cleanly.

Options (each also settable through the environment variable shown):
  --role ROLES        node roles, comma-separated: all-in-one (default), master, agent,
                      agent-public, zookeeper                                  PLINTH_ROLE
  --http-port N       admin HTTP: REST API and UI (8080)                       PLINTH_HTTP_PORT
  --ssh-port N        Karaf ssh console (8101)                                 PLINTH_SSH_PORT
  --zk N              ZooKeeper connect string (127.0.0.1:2181)                PLINTH_ZK
  --zk-port N         client port of the embedded ZooKeeper (2181)             PLINTH_ZK_PORT
  --dns-port N        DNS, UDP and TCP (8053)                                  PLINTH_DNS_PORT
  --dns-http-port N   Mesos-DNS HTTP API (8123)                                PLINTH_DNS_HTTP_PORT
  --edge-port N       edge router HTTP (8000)                                  PLINTH_EDGE_PORT
  --advertise-ip IP   address other nodes use for this one (127.0.0.1)         PLINTH_ADVERTISE_IP
  --base DIR          this node's Karaf base (etc/ and data/); default: the distribution itself.
                      Give each node on one machine its own.                   KARAF_BASE
  --clean             forget this node's state (its data/ folder) before starting
  --rebuild           build the distribution even if it looks current
  -h, --help          this text

See README.md for every setting, including embedded ZooKeeper ensembles (PLINTH_ZK_SERVERS, PLINTH_ZK_ID).
TXT
}

clean=false
rebuild=false
base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --role) export PLINTH_ROLE="$2"; shift 2 ;;
    --http-port) export PLINTH_HTTP_PORT="$2"; shift 2 ;;
    --ssh-port) export PLINTH_SSH_PORT="$2"; shift 2 ;;
    --zk) export PLINTH_ZK="$2"; shift 2 ;;
    --zk-port) export PLINTH_ZK_PORT="$2"; shift 2 ;;
    --dns-port) export PLINTH_DNS_PORT="$2"; shift 2 ;;
    --dns-http-port) export PLINTH_DNS_HTTP_PORT="$2"; shift 2 ;;
    --edge-port) export PLINTH_EDGE_PORT="$2"; shift 2 ;;
    --advertise-ip) export PLINTH_ADVERTISE_IP="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --clean) clean=true; shift ;;
    --rebuild) rebuild=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see ./run.sh --help)" >&2; exit 2 ;;
  esac
done

needs_build() {
  [ "$rebuild" = true ] && return 0
  [ -x "$assembly/bin/karaf" ] || return 0
  local newer
  newer="$(find "$here/pom.xml" "$here/bundles" "$here/features" "$here/etc" "$here/karaf-distribution/pom.xml" \
      "$here/karaf-distribution/src" -newer "$assembly/bin/karaf" -type f -not -path '*/target/*' -print -quit 2>/dev/null)"
  [ -n "$newer" ]
}

if needs_build; then
  echo "Building the Plinth distribution (mvn install, tests skipped)..."
  (cd "$here" && mvn -q -DskipTests install -pl karaf-distribution -am)
  touch "$assembly/bin/karaf"
fi

if [ -n "$base" ]; then
  mkdir -p "$base"
  base="$(cd "$base" && pwd)"
  [ -d "$base/etc" ] || cp -r "$assembly/etc" "$base/etc"
  export KARAF_BASE="$base" KARAF_ETC="$base/etc" KARAF_DATA="$base/data" KARAF_LOG="$base/data/log"
  mkdir -p "$base/data/log"
else
  base="$assembly"
fi
if [ "$clean" = true ]; then
  rm -rf "$base/data"
  mkdir -p "$base/data/log"
fi

role="${PLINTH_ROLE:-all-in-one}"
http="${PLINTH_HTTP_PORT:-8080}"
ssh="${PLINTH_SSH_PORT:-8101}"
ip="${PLINTH_ADVERTISE_IP:-127.0.0.1}"

mkdir -p "$base/data/log"
started=$(date +%s%N)
"$assembly/bin/karaf" daemon > "$base/data/log/console.log" 2>&1 &
pid=$!

stop() {
  trap - INT TERM
  echo
  echo "Stopping Plinth (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "Stopped."
  exit 0
}
trap stop INT TERM

echo "Starting Plinth node (roles: $role) from $assembly ..."
deadline=$(( $(date +%s) + 180 ))
until curl -fsS "http://127.0.0.1:$http/ping" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "Plinth exited during start; see $base/data/log/karaf.log and $base/data/log/console.log" >&2
    exit 1
  fi
  if [ "$(date +%s)" -gt "$deadline" ]; then
    echo "Plinth did not answer on port $http within 180 s; see $base/data/log/karaf.log" >&2
    kill -TERM "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))

cat <<TXT

Plinth is up in ${ready_ms} ms (roles: $role, pid $pid).
  API             http://$ip:$http          curl localhost:$http/ping
  Leaders         http://$ip:$http/system/v1/leader/mesos
  ZooKeeper       ${PLINTH_ZK:-127.0.0.1:2181}   status: http://$ip:$http/exhibitor/v1/cluster/status
  Agent           http://$ip:$http/slave(1)/state   sandboxes under ${PLINTH_WORK_DIR:-$base/data/plinth}
                  (tasks outlive a stopped node and are re-adopted at its next start)
  Shell           $assembly/bin/client -a $ssh      (user karaf, password karaf); try plinth:leaders
  UI              http://$ip:$http/         (not served yet: arrives with the web UI issue)
  DNS             $ip:${PLINTH_DNS_PORT:-8053} udp+tcp   dig @$ip -p ${PLINTH_DNS_PORT:-8053} leader.mesos
                  Mesos-DNS API: http://$ip:${PLINTH_DNS_HTTP_PORT:-8123}/v1/enumerate  (also $ip:$http/mesos_dns/v1/...)
  Edge router     http://$ip:${PLINTH_EDGE_PORT:-8000}      (not served yet: arrives with the edge router issue)
  Logs            $base/data/log/karaf.log
Ctrl-C stops the node.
TXT

wait "$pid"
