#!/usr/bin/env bash
# Boot benchmark of the all-in-one node: for each run, start the built distribution on a fresh
# Karaf base (cold: empty data/), time from process start until /ping answers and until the mesos
# leader is known, then read the JVM's resident set size after the node has settled.
# Usage: bench/boot.sh [runs]   (default 5). Prints one line per run and a summary.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
home="$here/karaf-distribution/target/assembly"
runs="${1:-5}"
[ -x "$home/bin/karaf" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# polls $1 until it answers 200, for at most 120 s
await() {
  local deadline=$(( $(date +%s) + 120 ))
  until curl -fs "$1" >/dev/null 2>&1; do
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "no answer from $1 within 120 s (see $base/data/log)" >&2; kill -9 "$pid"; exit 1; fi
    sleep 0.05
  done
}

printf '%-4s %10s %12s %10s %s\n' run ping_ms leader_ms rss_mb heap_used
pings=(); leaders=(); rsss=()
for i in $(seq 1 "$runs"); do
  base="$(mktemp -d)"
  cp -r "$home/etc" "$base/etc"; mkdir -p "$base/data/log"
  http=$(free_port); zk=$(free_port)
  export KARAF_BASE="$base" KARAF_ETC="$base/etc" KARAF_DATA="$base/data" KARAF_LOG="$base/data/log"
  export PLINTH_HTTP_PORT=$http PLINTH_ZK_PORT=$zk PLINTH_ZK="127.0.0.1:$zk" PLINTH_SSH_PORT=$(free_port) \
         PLINTH_RMI_REGISTRY_PORT=$(free_port) PLINTH_RMI_SERVER_PORT=$(free_port)
  t0=$(ms)
  "$home/bin/karaf" daemon > "$base/console.log" 2>&1 &
  pid=$!
  await "http://127.0.0.1:$http/ping"
  t1=$(ms)
  await "http://127.0.0.1:$http/system/v1/leader/mesos"
  t2=$(ms)
  sleep 10   # settle: let start-up garbage be collected before reading RSS (a measurement, not a wait for readiness)
  rss_kb=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  heap=$(jcmd $pid GC.heap_info 2>/dev/null | sed -n 's/.*heap.*used \([0-9]*K\).*/\1/p' | head -1)
  printf '%-4s %10d %12d %10d %s\n' "$i" $((t1-t0)) $((t2-t0)) $((rss_kb/1024)) "$heap"
  pings+=($((t1-t0))); leaders+=($((t2-t0))); rsss+=($((rss_kb/1024)))
  kill -TERM $pid; wait $pid 2>/dev/null || true
  rm -rf "$base"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "median: ping ${pings[*]:+$(median "${pings[@]}")} ms, leader $(median "${leaders[@]}") ms, RSS $(median "${rsss[@]}") MB (JAVA_MAX_MEM=${JAVA_MAX_MEM:-1024M} from bin/setenv)"
