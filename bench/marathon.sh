#!/usr/bin/env bash
# Init scheduler (Marathon API) benchmark: one all-in-one node hosting 1,000 simulated agents; one
# app of 10,000 instances, 1,000 apps (one bulk PUT /v2/apps, then 1,000 single POSTs) and a group of
# 1,000 apps (one POST /v2/groups), each timed from the request until no deployment is left and
# every instance runs, then deleted and timed until no task is left. A fresh node (empty data/) per
# run; three runs. Writes docs/benchmarks/marathon.md and marathon.svg (bench/marathon-plot.py).
# Usage: bench/marathon.sh [runs]      (default 3)
# Env:   AGENTS (1000), INSTANCES (10000), APPS (1000), TIMEOUT seconds per phase (300),
#        DELETE_TIMEOUT seconds for a delete (120), READY_TIMEOUT seconds for the node to have all agents and the scheduler subscribed (300),
#        HTTP_THREADS: the node's Jetty pool (default "shipped": the distribution's 2,000; each agent's
#        event stream holds one thread),
#        JAVA_MAX_MEM (the node's heap; here 2048M: 1,000 agents share the node's JVM), STACKS=1 thread
#        dumps every 5 s of a phase (they stop the JVM), KEEP_WORK=1 keeps the node bases.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
assembly="$here/karaf-distribution/target/assembly"
runs="${1:-3}"
agents="${AGENTS:-1000}"
instances="${INSTANCES:-10000}"
apps="${APPS:-1000}"
timeout="${TIMEOUT:-300}"
ready_timeout="${READY_TIMEOUT:-300}"
delete_timeout="${DELETE_TIMEOUT:-120}"
http_threads="${HTTP_THREADS:-shipped}"
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
# copy again (after a minute) when it looks incomplete or a node from it does not start.
snapshot() {
  local tries=0
  while :; do
    rm -rf "$work/home"
    if cp -r "$assembly" "$work/home" 2>/dev/null && [ -x "$work/home/bin/karaf" ] && [ -d "$work/home/system" ]; then
      # a fresh data/, and no record of a root instance someone else started from the original
      rm -rf "$work/home/data" "$work/home/instances"/*
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

all_scenarios="${SCENARIOS:-A-one-app,B-apps-bulk,B-apps-posts,C-group}"
snapshot
for run in $(seq 1 "$runs"); do
  result="$work/result-$run.json"
  # the scenarios share a node; when one leaves the node unclean, the rest get a fresh node
  todo="$all_scenarios"
  node=1
  attempt=1
  while [ -n "$todo" ]; do
    base="$work/run-$run-node-$node"
    rm -rf "$base"; mkdir -p "$base/data/log"
    cp -r "$work/home/etc" "$base/etc"
    if [ "$http_threads" != shipped ]; then
      # only this run's copy of etc/: the master serves each agent's event stream on an HTTP thread of its own
      printf '\n# bench/marathon.sh\norg.ops4j.pax.web.server.maxThreads = %s\n' "$http_threads" \
        >> "$base/etc/org.ops4j.pax.web.cfg"
    fi
    http=$(http_port); zk=$(free_port)
    export KARAF_BASE="$base" KARAF_ETC="$base/etc" KARAF_DATA="$base/data" KARAF_LOG="$base/data/log"
    export JAVA_MAX_MEM="${JAVA_MAX_MEM:-2048M}"
    export PLINTH_ROLE=all-in-one PLINTH_HTTP_PORT=$http PLINTH_ZK_PORT=$zk PLINTH_ZK="127.0.0.1:$zk" \
           PLINTH_SSH_PORT=$(free_port) PLINTH_DNS_PORT=$(free_port) PLINTH_DNS_HTTP_PORT=$(free_port) PLINTH_EDGE_PORT=$(free_port) \
           PLINTH_RMI_REGISTRY_PORT=$(free_port) PLINTH_RMI_SERVER_PORT=$(free_port) \
           PLINTH_SIMULATED_AGENTS=$agents PLINTH_CONTAINERIZER='(plinth.containerizer=none)' \
           CHECK_ROOT_INSTANCE_RUNNING=false
    started_ms=$(( $(date +%s%N) / 1000000 ))
    # bin/karaf daemon execs java: $! is the JVM, leader of its own process group
    setsid "$work/home/bin/karaf" daemon > "$base/data/log/console.log" 2>&1 &
    pid=$!
    echo "run $run: node pid $pid, http $http, base $base, scenarios $todo" >&2
    rc=0
    python3 - "$run" "$pid" "$http" "$base" "$started_ms" "$agents" "$instances" "$apps" "$timeout" \
        "$ready_timeout" "$delete_timeout" "$http_threads" "$todo" "$result" <<'PY' || rc=$?
import json, os, re, signal, sys, threading, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

(run, pid, port, base, started_ms, agents, instances, napps, timeout, ready_timeout, delete_timeout, http_threads,
 todo, out) = sys.argv[1:]
run, pid, agents, instances, napps = int(run), int(pid), int(agents), int(instances), int(napps)
timeout, ready_timeout, started = float(timeout), float(ready_timeout), int(started_ms) / 1000
url = f"http://127.0.0.1:{port}"
log_path = os.path.join(base, "data", "log", "karaf.log")
console_path = os.path.join(base, "data", "log", "console.log")
delete_timeout = float(delete_timeout)
if os.path.exists(out):
    # a fresh node for the scenarios left after one that did not clean up
    result = json.load(open(out))
    node = {"base": base, "before": todo.split(",")[0]}
    result.setdefault("restarts", []).append(node)
else:
    result = {"run": run, "agents": agents, "instances": instances, "apps": napps, "http_threads": http_threads,
              "base": base, "scenarios": []}
    node = result


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


def threads_and_fds():
    try:
        threads = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("Threads:"))
        return threads, len(os.listdir(f"/proc/{pid}/fd"))
    except (OSError, StopIteration):
        return None, None


def metrics(timeout=30):
    status, body, _ = call("GET", "/metrics/snapshot", timeout=timeout)
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
    """WARN and ERROR lines the node logged since offset: counts, by logger and message, and the first distinct ones."""
    lines = [l for l in read_from(log_path, offset).splitlines() if re.search(r"^\S+ \|\s*(WARN|ERROR)\s*\|", l)]
    kinds, first = {}, {}
    for line in lines:
        cells = [c.strip() for c in line.split("|", 5)]
        # level, logger and the message with its numbers (ids, ports, thread numbers) blanked
        key = f"{cells[1]} {cells[3]}: " + re.sub(r"\d+", "#", cells[5] if len(cells) > 5 else "")[:140]
        kinds[key] = kinds.get(key, 0) + 1
        first.setdefault(key, line[:500])
    # the scheduler's own complaints first, then the most frequent
    ranked = sorted(kinds, key=lambda k: ("io.plinth.marathon" not in first[k] and " Marathon" not in k
                                          and "SchedulerClient" not in k, -kinds[k]))
    return {"warn": sum(" WARN " in l[:40] for l in lines), "error": sum(" ERROR " in l[:40] for l in lines),
            "kinds": [[kinds[k], k, first[k]] for k in ranked[:10]]}


class Stacks:
    """With STACKS=1 only: thread dumps (SIGQUIT: the JVM prints them on its stdout, console.log) at the
    start and the end of a phase and every 5 s between: CPU per thread over the phase, and where the
    busiest threads were. Off by default: each dump stops the JVM (~1 s with 4,000 threads), a quarter
    of a phase's time when they were always on."""

    def __init__(self):
        self.enabled = os.environ.get("STACKS") == "1"
        if not self.enabled:
            return
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
        # each dump of this JVM's ~3,000 threads costs its VM thread about 0.2 s of CPU
        while not self.stop.wait(5.0):
            self.quit()

    def finish(self):
        if not self.enabled:
            return {}
        self.stop.set()
        self.thread.join()
        self.quit()
        time.sleep(1.0)
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

        def group(name):
            while re.search(r"[-#\s]*\d+$", name):
                name = re.sub(r"[-#\s]*\d+$", "", name)
            return name or "?"

        parsed = [parse(d) for d in dumps]
        first, last = parsed[0], parsed[-1]
        cpu = {}
        for name, (ms, _, _) in last.items():
            cpu[group(name)] = cpu.get(group(name), 0.0) + ms - first.get(name, (0.0,))[0]
        top = sorted(((round(v / 1000, 2), k) for k, v in cpu.items() if v > 50), reverse=True)[:10]
        # where threads were when not idle: the innermost io.plinth frame (and the top frame when it differs)
        hot = {}
        for wanted in ("plinth-marathon", "plinth-master", "plinth-marathon-framework", "qtp"):
            counts, samples, busy = {}, 0, 0
            for dump in parsed:
                for name, (_, state, frames) in dump.items():
                    if group(name) != wanted:
                        continue
                    samples += 1
                    own = next((f for f in frames if f.startswith("io.plinth.")), None)
                    if state in ("RUNNABLE", "BLOCKED") or (own and wanted == "qtp"):
                        busy += 1
                        top_frame = frames[0] if frames else "?"
                        key = (own or top_frame) if own in (None, top_frame) else f"{own} > {top_frame}"
                        key = f"{state}: {key}"
                        counts[key] = counts.get(key, 0) + 1
            hot[wanted] = {"samples": samples, "busy": busy,
                           "where": sorted(([c, k] for k, c in counts.items()), reverse=True)[:4]}
        return {"dumps": len(parsed), "cpu_seconds": top, "busy": hot}


def wait_ready():
    """Until /v2/info has a frameworkId and the master counts every agent active; the progress on the way."""
    deadline = started + ready_timeout
    progress, last, stacks, offset = [], "", None, size(log_path)
    while time.time() < deadline:
        if not alive():
            say(f"the node exited during start; see {console_path}")
            sys.exit(2)
        status, info, ms = call("GET", "/v2/info", timeout=10)
        framework = info.get("frameworkId") if status == 200 and isinstance(info, dict) else None
        active = metrics(timeout=10).get("master/slaves_active") if status is not None else None
        progress.append((round(time.time() - started, 1), active, bool(framework), round(ms)))
        last = f"/v2/info: {status} {str(info)[:200] if status != 200 else 'frameworkId ' + str(framework)}, " \
               f"master/slaves_active {active}"
        if status is not None and stacks is None:
            stacks = Stacks()  # the node serves HTTP: watch where the rest of the start-up goes
        if framework and active is not None and active >= agents:
            node["ready_stacks"] = stacks.finish() if stacks else {}
            node["ready_progress"] = progress
            return framework, int(active)
        time.sleep(0.5)
    node["ready_failed"] = f"not ready within {ready_timeout:.0f} s of the start: {last}"
    node["ready_progress"] = progress
    node["ready_stacks"] = stacks.finish() if stacks else {}
    node["ready_log"] = log_problems(offset)
    node["rss_ready_mb"] = rss_mb()
    say(f"run={run} ready FAILED: {node['ready_failed']}")
    for count, kind, _ in node["ready_log"]["kinds"][:6]:
        say(f"    log {count}x {kind}")
    json.dump(result, open(out, "w"), indent=1)
    sys.exit(4)


def app(app_id, count=1):
    return {"id": app_id, "cmd": "sleep 100000", "cpus": 0.01, "mem": 1, "instances": count}


def converge(t0, done, samples, limit):
    """Polls every 100 ms from t0 until no deployment is left and done() holds, or limit seconds."""
    deadline, empty_at, last = t0 + limit, None, {}
    while True:
        now = time.monotonic()
        status, deployments, poll_ms = call("GET", "/v2/deployments")
        m = metrics()
        running = m.get("master/tasks_running")
        samples.append((round(now - t0, 2), running, len(deployments) if isinstance(deployments, list) else None,
                        round(poll_ms)))
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
            return {"ok": False, "why": "node died" if not alive() else f"not done within {limit:.0f} s",
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
    """submit() sends the request(s) and returns (summary of the answers, request ms, accepted)."""
    say(f"run={run} scenario={name} starting ({how})")
    entry = {"name": name, "how": how, "node": len(result.get("restarts", []))}
    log_offset = size(log_path)
    samples = []
    stacks = Stacks()
    t0 = time.monotonic()
    answer, request_ms, ok = submit()
    entry["request"] = answer
    entry["request_ms"] = round(request_ms)
    if ok:
        entry.update(converge(t0, running_apps(prefix, expected, per_app), samples, timeout))
    else:
        entry.update({"ok": False, "why": "request rejected"})
    entry["stacks"] = stacks.finish()
    entry["samples"] = samples
    entry["rss_mb"] = rss_mb()
    entry["threads"], entry["fds"] = threads_and_fds()
    if entry["ok"]:
        say(f"run={run} scenario={name} seconds={entry['done_s']} no_deployments_s={entry['empty_s']} "
            f"request_ms={entry['request_ms']} rss_mb={entry['rss_mb']} "
            f"slowest_poll_ms={max([s[3] for s in samples] or [0])}")
    else:
        say(f"run={run} scenario={name} FAILED: {entry['why']}: request {answer[:300]}; last "
            f"{json.dumps(entry.get('last'))[:1500]}; metrics {json.dumps(entry.get('metrics'))}")
    # delete, forced if the deployment is stuck, and wait until no task is left
    stacks = Stacks()
    t0 = time.monotonic()
    force = "" if entry["ok"] else "?force=true"
    status, body, ms = call("DELETE", delete_path + force)
    entry["delete_request"] = f"{status} {str(body)[:300]}"
    cleaned = converge(t0, gone(prefix), [], delete_timeout)
    entry["delete_stacks"] = stacks.finish()
    entry["delete_ok"] = cleaned["ok"]
    entry["delete_s"] = cleaned.get("done_s")
    if not cleaned["ok"]:
        entry["delete_last"] = cleaned
    entry["rss_after_delete_mb"] = rss_mb()
    entry["log"] = log_problems(log_offset)
    say(f"run={run} scenario={name}-delete seconds={entry['delete_s']} ok={cleaned['ok']} "
        f"rss_mb={entry['rss_after_delete_mb']} log_warn={entry['log']['warn']} log_error={entry['log']['error']}")
    if not cleaned["ok"]:
        say(f"    delete: {entry['delete_request']}; last {json.dumps(cleaned)[:1000]}")
    for count, kind, _ in entry["log"]["kinds"][:4]:
        say(f"    log {count}x {kind}")
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


framework, active = wait_ready()
node["ready_s"] = round(time.time() - started, 1)
node["framework_id"], node["agents_active"] = framework, active
node["rss_ready_mb"] = rss_mb()
node["threads"], node["fds"] = threads_and_fds()
node["load_at_ready"] = [round(x, 2) for x in os.getloadavg()]
say(f"run={run} ready_s={node['ready_s']} agents_active={active} frameworkId={framework} "
    f"rss_mb={node['rss_ready_mb']}")

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
plan = [step for step in plan if step[0] in todo.split(",")]
result["todo"] = [step[0] for step in plan]
try:
    for step in plan:
        result["todo"].remove(step[0])
        if not scenario(*step):
            if result["todo"]:
                say(f"run={run}: the node did not clean up after {step[0]}; a fresh node for {result['todo']}")
            sys.exit(5)
finally:
    json.dump(result, open(out, "w"), indent=1)
if not all(s["ok"] and s["delete_ok"] for s in result["scenarios"]):
    sys.exit(3)
PY
    stop_node
    # 0: all done; 3: a scenario failed, measured; 4: the node never got ready, measured;
    # 5: a delete left the node unclean; 2: the node exited while starting, nothing measured
    case "$rc" in
      0) todo="" ;;
      3|4) todo=""; touch "$work/keep" ;;
      5) touch "$work/keep"
         todo=$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["todo"]))' "$result")
         node=$((node + 1)) ;;
      2) attempt=$((attempt + 1))
         [ "$attempt" -le 3 ] || { echo "run $run: the node never started; see $base/data/log" >&2; touch "$work/keep"; exit 1; }
         echo "run $run: the node did not start (distribution being rebuilt?); taking a new copy in 60 s" >&2
         mv "$base" "$work/failed-start-$run-$node-$attempt" 2>/dev/null || true
         sleep 60
         snapshot ;;
      *) echo "run $run: the benchmark itself failed (exit $rc); see above" >&2; touch "$work/keep"; exit 1 ;;
    esac
    if [ ! -e "$work/keep" ] && [ "${KEEP_WORK:-0}" != 1 ] && [ "$rc" = 0 ]; then rm -rf "$base"; fi
  done
done

python3 "$here/bench/marathon-plot.py" "$doc" "$svg" "$(nproc)" \
  "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)" "$(java -version 2>&1 | head -1)" \
  "$(date -u +%Y-%m-%d)" "${JAVA_MAX_MEM:-2048M}" \
  "$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(ulimit -n)" "$work"/result-*.json
