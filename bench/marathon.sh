#!/usr/bin/env bash
# Init scheduler (Marathon API) benchmark: one all-in-one node hosting 1,000 simulated agents; one
# app of 10,000 instances, 1,000 apps (one bulk PUT /v2/apps, then 1,000 single POSTs) and a group of
# 1,000 apps (one POST /v2/groups), each timed from the request until no deployment is left and
# every instance runs, then deleted and timed until no task is left. A fresh node (empty data/) per
# run; three runs. Writes docs/benchmarks/marathon.md and marathon.svg (bench/marathon-plot.py).
# Usage: bench/marathon.sh [runs]      (default 3)
# Env:   AGENTS (1000), INSTANCES (10000), APPS (1000), TIMEOUT seconds per phase (300),
#        JAVA_MAX_MEM (the node's heap, bin/setenv: 1024M), KEEP_WORK=1 keeps the node bases.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
assembly="$here/karaf-distribution/target/assembly"
runs="${1:-3}"
agents="${AGENTS:-1000}"
instances="${INSTANCES:-10000}"
apps="${APPS:-1000}"
timeout="${TIMEOUT:-300}"
doc="$here/docs/benchmarks/marathon.md"
svg="$here/docs/benchmarks/marathon.svg"

if [ ! -x "$assembly/bin/karaf" ]; then
  echo "building the distribution" >&2
  (cd "$here" && mvn -o -q install -DskipTests)
fi

work="$(mktemp -d)"
pid=""
stop_node() {
  [ -n "$pid" ] || return 0
  # the node runs in a session of its own (setsid): its pid is its process group
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}
cleanup() {
  stop_node
  if [ "${KEEP_WORK:-0}" = 1 ] || [ -e "$work/keep" ]; then
    rm -rf "$work/home"
    echo "node bases and logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The distribution may be rebuilt by someone else while this runs: run a copy of it, and take the
# copy again (after a minute) when it looks incomplete or a node from it does not come up.
snapshot() {
  local tries=0
  while :; do
    rm -rf "$work/home"
    if cp -r "$assembly" "$work/home" 2>/dev/null && [ -x "$work/home/bin/karaf" ] && [ -d "$work/home/system" ]; then
      rm -rf "$work/home/data"
      return 0
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 5 ] || { echo "cannot copy $assembly" >&2; return 1; }
    echo "the distribution looks incomplete (being rebuilt?): retrying in 60 s" >&2
    sleep 60
  done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# simulated agent n announces the HTTP port + n, so the HTTP port leaves room for them
http_port() {
  local p
  while :; do p=$(free_port); [ $((p + agents)) -le 65535 ] && { echo "$p"; return; }; done
}

snapshot
for run in $(seq 1 "$runs"); do
  attempt=1
  while :; do
    base="$work/run-$run"
    rm -rf "$base"; mkdir -p "$base/data/log"
    cp -r "$work/home/etc" "$base/etc"
    http=$(http_port); zk=$(free_port)
    export KARAF_BASE="$base" KARAF_ETC="$base/etc" KARAF_DATA="$base/data" KARAF_LOG="$base/data/log"
    export PLINTH_ROLE=all-in-one PLINTH_HTTP_PORT=$http PLINTH_ZK_PORT=$zk PLINTH_ZK="127.0.0.1:$zk" \
           PLINTH_SSH_PORT=$(free_port) PLINTH_DNS_PORT=$(free_port) PLINTH_EDGE_PORT=$(free_port) \
           PLINTH_RMI_REGISTRY_PORT=$(free_port) PLINTH_RMI_SERVER_PORT=$(free_port) \
           PLINTH_SIMULATED_AGENTS=$agents PLINTH_CONTAINERIZER='(plinth.containerizer=none)'
    started_ms=$(( $(date +%s%N) / 1000000 ))
    # bin/karaf daemon execs java: $! is the JVM, leader of its own process group
    setsid "$work/home/bin/karaf" daemon > "$base/data/log/console.log" 2>&1 &
    pid=$!
    echo "run $run: node pid $pid, http $http, base $base" >&2
    rc=0
    python3 - "$run" "$pid" "$http" "$base" "$started_ms" "$agents" "$instances" "$apps" "$timeout" \
        "$base/result.json" <<'PY' || rc=$?
import json, os, re, signal, sys, threading, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

run, pid, port, base, started_ms, agents, instances, napps, timeout, out = sys.argv[1:]
run, pid, agents, instances, napps, timeout = int(run), int(pid), int(agents), int(instances), int(napps), float(timeout)
url = f"http://127.0.0.1:{port}"
log_path = os.path.join(base, "data", "log", "karaf.log")
console_path = os.path.join(base, "data", "log", "console.log")
result = {"run": run, "agents": agents, "instances": instances, "apps": napps, "scenarios": []}


def say(*parts):
    print(*parts, flush=True)


def call(method, path, body=None, timeout=120):
    """(status or None, parsed JSON or text, milliseconds)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    t = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        return None, str(e), (time.monotonic() - t) * 1000
    ms = (time.monotonic() - t) * 1000
    try:
        return status, json.loads(raw), ms
    except ValueError:
        return status, raw.decode(errors="replace")[:2000], ms


def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def rss_mb():
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def metrics():
    status, body, _ = call("GET", "/metrics/snapshot", timeout=30)
    return body if status == 200 and isinstance(body, dict) else {}


def size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_from(path, offset):
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size < offset:
                offset = 0  # rotated
            f.seek(offset)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def log_problems(offset):
    """WARN and ERROR lines the node logged since offset: counts and the first distinct ones."""
    lines = [l for l in read_from(log_path, offset).splitlines() if re.search(r"\|\s*(WARN|ERROR)\s*\|", l)]
    distinct, seen = [], set()
    # the scheduler's own complaints first
    for line in sorted(lines, key=lambda l: "io.plinth.marathon" not in l):
        key = re.sub(r"\d+", "#", line.split("|", 1)[-1])[:160]
        if key not in seen:
            seen.add(key)
            distinct.append(line[:400])
    return {"warn": sum("WARN" in l.split("|")[1] for l in lines if "|" in l),
            "error": sum("ERROR" in l.split("|")[1] for l in lines if "|" in l),
            "marathon": sum("io.plinth.marathon" in l for l in lines), "first": distinct[:8]}


class Stacks:
    """Thread dumps (SIGQUIT: the JVM prints them on its stdout, console.log) at the start and the end
    of a phase and every 2 s between: CPU per thread over the phase, and where the busiest threads were."""

    def __init__(self):
        self.offset = size(console_path)
        self.stop = threading.Event()
        self.quit()
        self.thread = threading.Thread(target=self.tick, daemon=True)
        self.thread.start()

    def quit(self):
        try:
            os.kill(pid, signal.SIGQUIT)
        except OSError:
            pass

    def tick(self):
        while not self.stop.wait(2.0):
            self.quit()

    def finish(self):
        self.stop.set()
        self.thread.join()
        self.quit()
        time.sleep(0.5)
        dumps = read_from(console_path, self.offset).split("Full thread dump")[1:]
        if len(dumps) < 2:
            return {}
        def parse(dump):
            threads = {}
            for block in dump.split('\n"')[1:]:
                name = block.split('"', 1)[0]
                cpu = re.search(r"cpu=([\d.]+)ms", block)
                state = re.search(r"java.lang.Thread.State: (\w+)", block)
                frames = re.findall(r"\tat ([\w$.]+)\(", block)
                threads[name] = (float(cpu.group(1)) if cpu else 0.0, state.group(1) if state else "", frames)
            return threads
        parsed = [parse(d) for d in dumps]
        first, last = parsed[0], parsed[-1]
        def group(n):
            while re.search(r"[-#\s]*\d+$", n):
                n = re.sub(r"[-#\s]*\d+$", "", n)
            return n or "?"
        cpu = {}
        for name, (ms, _, _) in last.items():
            cpu[group(name)] = cpu.get(group(name), 0.0) + ms - first.get(name, (0.0,))[0]
        top = sorted(((round(v / 1000, 2), k) for k, v in cpu.items() if v > 50), reverse=True)[:10]
        # where the scheduler's and the master's threads were when runnable: the innermost io.plinth frame
        hot = {}
        for name in ("plinth-marathon", "plinth-master", "plinth-marathon-framework"):
            counts, samples = {}, 0
            for dump in parsed:
                if name in dump:
                    samples += 1
                    _, state, frames = dump[name]
                    if state in ("RUNNABLE", "BLOCKED"):
                        own = next((f for f in frames if f.startswith("io.plinth.")), frames[0] if frames else "?")
                        top_frame = frames[0] if frames else "?"
                        key = own if own == top_frame else f"{own} > {top_frame}"
                        counts[key] = counts.get(key, 0) + 1
            hot[name] = {"samples": samples,
                         "busy": sorted(((c, k) for k, c in counts.items()), reverse=True)[:4]}
        return {"dumps": len(parsed), "cpu_seconds": top, "busy": hot}


def wait_ready():
    deadline = time.monotonic() + 300
    last = None
    while time.monotonic() < deadline:
        if not alive():
            raise SystemExit(f"the node exited during start; see {console_path}")
        status, info, _ = call("GET", "/v2/info", timeout=10)
        if status == 200 and isinstance(info, dict) and info.get("frameworkId"):
            active = metrics().get("master/slaves_active", 0)
            last = f"frameworkId {info['frameworkId']}, {active} agents active"
            if active >= agents:
                return info["frameworkId"], int(active)
        else:
            last = f"/v2/info: {status} {str(info)[:200]}"
        time.sleep(0.5)
    raise SystemExit(f"node not ready within 300 s: {last}")


def app(app_id, count=1):
    return {"id": app_id, "cmd": "sleep 100000", "cpus": 0.01, "mem": 1, "instances": count}


def converge(t0, done, samples):
    """Polls every 100 ms from t0 until no deployment is left and done() holds, or TIMEOUT."""
    deadline, empty_at, last = t0 + timeout, None, {}
    while True:
        now = time.monotonic()
        status, deployments, _ = call("GET", "/v2/deployments")
        m = metrics()
        running = m.get("master/tasks_running")
        samples.append((round(now - t0, 2), running, len(deployments) if isinstance(deployments, list) else None))
        if status != 200:
            last = {"deployments": f"{status} {str(deployments)[:500]}"}
        elif deployments == []:
            empty_at = empty_at or now
            ok, detail = done(m)
            if ok:
                return {"ok": True, "empty_s": round(empty_at - t0, 3), "done_s": round(time.monotonic() - t0, 3)}
            last = {"detail": detail}
        else:
            empty_at = None
            last = {"deployments_left": len(deployments), "tasks_running": running,
                    "first": json.dumps(deployments[0])[:1500]}
        if now > deadline or not alive():
            return {"ok": False, "why": "node died" if not alive() else f"not done within {timeout:.0f} s",
                    "last": last, "metrics": {k: v for k, v in m.items() if "tasks_" in k or "slaves_active" in k
                                              or "outstanding_offers" in k or "frameworks_" in k}}
        time.sleep(0.1)


def running_apps(prefix, expected, per_app):
    def done(_):
        status, body, _ = call("GET", "/v2/apps?id=" + prefix)
        if status != 200:
            return False, f"/v2/apps: {status} {str(body)[:500]}"
        listed = body.get("apps", [])
        full = sum(1 for a in listed if a.get("tasksRunning", 0) >= per_app)
        detail = {"apps": len(listed), "fully_running": full,
                  "tasksRunning": sum(a.get("tasksRunning", 0) for a in listed),
                  "tasksStaged": sum(a.get("tasksStaged", 0) for a in listed)}
        return len(listed) == expected and full == expected, detail
    return done


def gone(prefix):
    def done(m):
        status, body, _ = call("GET", "/v2/apps?id=" + prefix)
        left = len(body.get("apps", [])) if status == 200 else None
        live = sum(m.get(k, 0) for k in ("master/tasks_staging", "master/tasks_starting",
                                         "master/tasks_running", "master/tasks_killing"))
        return left == 0 and live == 0, {"apps_left": left, "live_tasks": live}
    return done


def scenario(name, how, submit, prefix, expected, per_app, delete_path):
    """submit() sends the request(s) and returns (status summary, request ms)."""
    say(f"run={run} scenario={name} starting ({how})")
    entry = {"name": name, "how": how}
    log_offset = size(log_path)
    samples = []
    stacks = Stacks()
    t0 = time.monotonic()
    answer, request_ms, ok = submit()
    entry["request"] = answer
    entry["request_ms"] = round(request_ms)
    if ok:
        entry.update(converge(t0, running_apps(prefix, expected, per_app), samples))
    else:
        entry.update({"ok": False, "why": "request rejected"})
    entry["stacks"] = stacks.finish()
    entry["samples"] = samples
    entry["rss_mb"] = rss_mb()
    if entry["ok"]:
        say(f"run={run} scenario={name} seconds={entry['done_s']} no_deployments_s={entry['empty_s']} "
            f"request_ms={entry['request_ms']} rss_mb={entry['rss_mb']}")
    else:
        say(f"run={run} scenario={name} FAILED: {entry['why']}: {json.dumps(entry.get('last', answer))[:1500]}")
    # delete, forced if the deployment is stuck, and wait until no task is left
    stacks = Stacks()
    t0 = time.monotonic()
    force = "" if entry["ok"] else "?force=true"
    status, body, ms = call("DELETE", delete_path + force)
    entry["delete_request"] = f"{status} {str(body)[:300]}"
    cleaned = converge(t0, gone(prefix), [])
    entry["delete_stacks"] = stacks.finish()
    entry["delete_ok"] = cleaned["ok"]
    entry["delete_s"] = cleaned.get("done_s")
    if not cleaned["ok"]:
        entry["delete_last"] = cleaned
    entry["rss_after_delete_mb"] = rss_mb()
    entry["log"] = log_problems(log_offset)
    say(f"run={run} scenario={name}-delete seconds={entry['delete_s']} ok={cleaned['ok']} "
        f"rss_mb={entry['rss_after_delete_mb']} log_warn={entry['log']['warn']} log_error={entry['log']['error']}")
    for line in entry["log"]["first"][:4]:
        say("    log: " + line)
    result["scenarios"].append(entry)
    return cleaned["ok"]


def single(method, path, body):
    def submit():
        status, answer, ms = call(method, path, body, timeout=timeout)
        summary = f"{status} {json.dumps(answer)[:300] if not isinstance(answer, str) else answer[:300]}"
        return summary, ms, status in (200, 201)
    return submit


def many_posts(prefix):
    def submit():
        t = time.monotonic()
        def post(i):
            return call("POST", "/v2/apps", app(f"{prefix}/app-{i:04d}"), timeout=timeout)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(post, range(napps)))
        statuses = {}
        for status, _, _ in answers:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        bad = next((a for a in answers if a[0] != 201), None)
        summary = f"statuses {statuses}" + (f"; first other: {bad[0]} {str(bad[1])[:300]}" if bad else "")
        slowest = max(a[2] for a in answers)
        return summary + f"; slowest POST {slowest:.0f} ms", (time.monotonic() - t) * 1000, bad is None
    return submit


t = time.monotonic()
framework, active = wait_ready()
result["ready_s"] = round(time.time() - int(started_ms) / 1000, 1)
result["framework_id"], result["agents_active"] = framework, active
result["rss_ready_mb"] = rss_mb()
result["load_at_ready"] = [round(x, 2) for x in os.getloadavg()]
say(f"run={run} ready_s={result['ready_s']} agents_active={active} frameworkId={framework} rss_mb={result['rss_ready_mb']}")

apps_of = lambda prefix: [app(f"{prefix}/app-{i:04d}") for i in range(napps)]
plan = [
    ("A-one-app", f"POST /v2/apps, 1 app x {instances} instances",
     single("POST", "/v2/apps", app("/bench/big", instances)), "/bench/big", 1, instances, "/v2/apps/bench/big"),
    ("B-apps-bulk", f"PUT /v2/apps, one array of {napps} apps",
     single("PUT", "/v2/apps", apps_of("/bench2")), "/bench2/", napps, 1, "/v2/groups/bench2"),
    ("B-apps-posts", f"{napps} x POST /v2/apps, 8 clients",
     many_posts("/bench4"), "/bench4/", napps, 1, "/v2/groups/bench4"),
    ("C-group", f"POST /v2/groups, a group of {napps} apps",
     single("POST", "/v2/groups", {"id": "/bench3", "apps": apps_of("/bench3")}), "/bench3/", napps, 1,
     "/v2/groups/bench3"),
]
try:
    for step in plan:
        if not scenario(*step):
            say(f"run={run}: the node did not clean up after {step[0]}; skipping the rest of this run")
            break
finally:
    json.dump(result, open(out, "w"), indent=1)
if not all(s["ok"] and s["delete_ok"] for s in result["scenarios"]) or len(result["scenarios"]) < len(plan):
    sys.exit(3)
PY
    stop_node
    if [ "$rc" = 0 ] || [ -s "$base/result.json" ]; then
      [ "$rc" = 0 ] || touch "$work/keep"
      break
    fi
    attempt=$((attempt + 1))
    [ "$attempt" -le 3 ] || { echo "run $run: the node never came up; see $base/data/log" >&2; touch "$work/keep"; exit 1; }
    echo "run $run: the node did not come up (distribution being rebuilt?); taking a new copy in 60 s" >&2
    cp -r "$base/data/log" "$work/failed-start-$run-$attempt" 2>/dev/null || true
    sleep 60
    snapshot
  done
  cp "$base/result.json" "$work/result-$run.json"
  [ "${KEEP_WORK:-0}" = 1 ] || [ -e "$work/keep" ] || rm -rf "$base"
done

python3 "$here/bench/marathon-plot.py" "$doc" "$svg" "$(nproc)" \
  "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)" "$(java -version 2>&1 | head -1)" \
  "$(date -u +%Y-%m-%d)" "${JAVA_MAX_MEM:-1024M}" "$(awk '{print $1, $2, $3}' /proc/loadavg)" \
  "$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$work"/result-*.json
