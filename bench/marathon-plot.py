#!/usr/bin/env python3
"""Writes docs/benchmarks/marathon.md and marathon.svg from the result-<run>.json files of bench/marathon.sh.
No plotting library: the SVG is written by hand (grouped bars of the seconds per scenario and run, and
the tasks running over time while the big app deploys, or the agents registering when a node never
became ready)."""
import json
import statistics
import sys
from html import escape

doc, svg_path, cores, cpu, java, today, heap, memory, files, *paths = sys.argv[1:]
runs = [json.load(open(p)) for p in sorted(paths)]
GOAL = 10.0
NAMES = {"A-one-app": "A: one app, {instances:,} instances", "B-apps-bulk": "B: {apps:,} apps, one bulk PUT",
         "B-apps-posts": "B': {apps:,} apps, one POST each", "C-group": "C: a group of {apps:,} apps"}
SCENARIOS = list(NAMES)
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"]
# What the figures meant when this was last run (hand-written: update it when the figures change).
ANALYSIS = """
### Reading of the 2026-11-22 runs
- **What changed since the night runs** (A 8.1 s, B 7.8 s, B' 28.2 s, C 2.8 s, medians): API changes that
  queue up are applied together in a commit group and written in one state store transaction (one
  ZooKeeper `multi`: the group's app versions, deployments and one root version), then answered; during B'
  a few hundred groups of 1-8 POSTs instead of 1,000 commits of 5-7 round trips each. A change works out
  the apps of both trees once instead of about seven times, and a group converges only the apps it
  touched. A deployment whose first step only starts apps is stored past it. Revives happen at most once
  a second and also when launches begin to wait that the last offers did not see: before, every change's
  revive had all 1,000 agents offered again, and launches that queued behind a round of offers waited up
  to 5 s for its decline filters to lapse. Later the same day: an API read lets the scheduler converge
  the status updates queued before it; a deployment step's check stops at the first instance not ready;
  silent launches are checked in the order of their times; the master parses a launched task's
  resources once and keeps its roles by position (a profile of A had those at about 11 % of the samples).
- **This table (commit 55d5740, the final code) has every run under 10 s; single runs scatter by about
  ±15 % and A sits close to the line.** All 3-run sets of the day, medians A / B / B' / C: 0f46616
  8.7 / 4.5 / 7.7 / 2.2 s; 92ecf02 9.7 / 5.7 / 8.9 / 1.7 (one A at 11.0) and 8.4 / 5.2 / 9.4 / 2.4 (one B' at
  11.1); 98cfab7 10.3 / 4.4 / 9.3 / 2.3 (A runs 8.9, 10.4, 10.3); 9da1b77 10.4 / 5.9 / 10.7 / 2.3 (A 8.2, 10.5,
  10.4; one B' at 14.0); 55d5740 8.8 / 6.1 / 9.2 / 2.6. A alone, three runs each, before and after the
  read change: 10.0, 7.1, 10.4 s and 10.7, 10.6, 8.3 s: A spreads from 7 to 10.7 s whatever the commit.
  The machine has 2 cores for the node (1,000 agents, master, ZooKeeper, DNS, the scheduler) and the
  client: during A both are busy (vmstat: 0-3 % idle, 25-58 % system time), and the JVM is still compiling.
- **Warm versus cold.** The same A on a node that had already run it took 6.1 s. B' started right at
  readiness took 12.8-15.2 s, with the C2 compiler threads at about 40 % of both cores (perf); the same B'
  again on that node 8.2-9.9 s. What is left on the scheduler thread per POST is mostly building the
  sorted app maps of both trees (O(apps)) and, per group, the root version's JSON (about 50 KB with 1,000
  apps); an index of apps kept up to date change by change would remove the first.
- A's figure includes up to one poll of `/v2/apps?id=/bench`, 3.3-5.1 s here (`slowest_poll_ms`): a read
  waits for the status updates queued before it.
- **A's delete** takes 24-38 s in this set: 10,000 KILLs and 10,000 acknowledgements, each a POST from the
  scheduler, as Mesos' v1 API has it.
- The node also runs DNS (issue 6) during every scenario: it rebuilds the records of up to 10,000 tasks
  (about 55 ms each) at most every 2x that time while tasks start.
"""
first = runs[0]


def label(name, short=False):
    text = NAMES.get(name, name).format(instances=first["instances"], apps=first["apps"])
    return text.split(":")[0] if short else text


def entry(r, name):
    return next((s for s in r["scenarios"] if s["name"] == name), None)


def seconds(r, name):
    s = entry(r, name)
    return s["done_s"] if s and s.get("ok") else None


def fmt(value, digits=1):
    return "—" if value is None else f"{value:.{digits}f}"


def summary(name):
    values = [seconds(r, name) for r in runs]
    done = [v for v in values if v is not None]
    return values, (min(done) if done else None), (statistics.median(done) if done and len(done) == len(values)
                                                   else None)


def cell(r, name):
    s = entry(r, name)
    if s is None:
        return "not run" if "ready_failed" not in r else "node not ready"
    return f"{s['done_s']:.2f}" if s.get("ok") else f"failed ({s.get('why', '?')})"


def counts(where):
    return f"{where['threads']:,} / {where['fds']:,}" if where.get("threads") else "—"


# ---------------------------------------------------------------- SVG
def line_panel(out, x0, y0, w, h, title, series, ymax, ylabel):
    """series: (name, [(t, y)]); a line per series, time on x."""
    out.append(f'<text x="{x0}" y="{y0 - 18}" font-size="14" font-weight="bold">{escape(title)}</text>')
    tmax = max([t for _, pts in series for t, _ in pts] + [GOAL])
    step = max(1, round(tmax / 8))
    for tick in range(0, int(tmax) + 1, step):
        x = x0 + tick / tmax * w
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + h}" stroke="#eee"/>'
                   f'<text x="{x:.1f}" y="{y0 + h + 16}" text-anchor="middle">{tick} s</text>')
    for k in range(0, 5):
        y = y0 + h - k / 4 * h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#eee"/>'
                   f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{ymax * k / 4:,.0f}</text>')
    if GOAL <= tmax:
        gx = x0 + GOAL / tmax * w
        out.append(f'<line x1="{gx:.1f}" y1="{y0}" x2="{gx:.1f}" y2="{y0 + h}" stroke="#c00" stroke-dasharray="6,4"/>'
                   f'<text x="{gx + 4:.1f}" y="{y0 + 12}" fill="#c00">10 s</text>')
    for j, (name, pts) in enumerate(series):
        if pts:
            path = " ".join(f"{x0 + t / tmax * w:.1f},{y0 + h - min(y, ymax) / ymax * h:.1f}" for t, y in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[j % len(COLORS)]}" stroke-width="2"/>')
        out.append(f'<rect x="{x0 + 10 + j * 90}" y="{y0 + h + 26}" width="10" height="10" '
                   f'fill="{COLORS[j % len(COLORS)]}"/><text x="{x0 + 24 + j * 90}" y="{y0 + h + 35}">'
                   f'{escape(name)}</text>')
    out.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="#333"/>'
               f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + h}" stroke="#333"/>'
               f'<text x="{x0 - 50}" y="{y0 - 4}">{escape(ylabel)}</text>')


def svg():
    width, height = 900, 660
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">', f'<rect width="{width}" height="{height}" fill="white"/>']
    # panel 1: grouped bars, seconds until no deployment is left and all run, per scenario and run
    x0, y0, w, h = 70, 40, 800, 230
    values = [v for r in runs for n in SCENARIOS for v in [seconds(r, n)] if v is not None]
    top = max(GOAL * 1.5, max(values + [0]) * 1.1)
    out.append(f'<text x="{x0}" y="22" font-size="14" font-weight="bold">Seconds until no deployment is left '
               f'and all instances run ({first["agents"]:,} simulated agents)</text>')
    step = max(1, round(top / 6))
    for tick in range(0, int(top) + 1, step):
        y = y0 + h - tick / top * h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    goal_y = y0 + h - GOAL / top * h
    out.append(f'<line x1="{x0}" y1="{goal_y:.1f}" x2="{x0 + w}" y2="{goal_y:.1f}" stroke="#c00" '
               f'stroke-dasharray="6,4"/><text x="{x0 + w}" y="{goal_y - 4:.1f}" text-anchor="end" '
               f'fill="#c00">goal {GOAL:.0f} s</text>')
    slot = w / len(SCENARIOS)
    bar = min(40, slot * 0.8 / max(1, len(runs)))
    for i, name in enumerate(SCENARIOS):
        cx = x0 + slot * i + slot / 2
        for j, r in enumerate(runs):
            v = seconds(r, name)
            bx = cx - bar * len(runs) / 2 + j * bar
            if v is None:
                out.append(f'<text x="{bx + bar / 2:.1f}" y="{y0 + h - 4}" text-anchor="middle" fill="#c00" '
                           f'font-size="10">{"fail" if entry(r, name) else "n/a"}</text>')
                continue
            bh = v / top * h
            out.append(f'<rect x="{bx:.1f}" y="{y0 + h - bh:.1f}" width="{bar - 2:.1f}" height="{bh:.1f}" '
                       f'fill="{COLORS[j % len(COLORS)]}"><title>run {r["run"]}: {v:.2f} s</title></rect>'
                       f'<text x="{bx + bar / 2 - 1:.1f}" y="{y0 + h - bh - 3:.1f}" text-anchor="middle" '
                       f'font-size="10">{v:.1f}</text>')
        out.append(f'<text x="{cx:.1f}" y="{y0 + h + 16}" text-anchor="middle">{escape(label(name))}</text>')
    out.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="#333"/>')
    for j, r in enumerate(runs):
        out.append(f'<rect x="{x0 + 10 + j * 70}" y="{y0 + h + 26}" width="10" height="10" '
                   f'fill="{COLORS[j % len(COLORS)]}"/><text x="{x0 + 24 + j * 70}" y="{y0 + h + 35}">run {r["run"]}</text>')
    # panel 2: tasks running while A deploys; or, when no run got that far, agents active while starting
    series = [(f"run {r['run']}", [(s[0], s[1]) for s in entry(r, "A-one-app")["samples"] if s[1] is not None])
              for r in runs if entry(r, "A-one-app")]
    if series:
        line_panel(out, 70, 380, 800, 210, f"A: tasks running (master/tasks_running) while the "
                   f"{first['instances']:,}-instance app deploys, from the POST", series, first["instances"], "tasks")
    else:
        series = [(f"run {r['run']}", [(p[0], p[1]) for p in r.get("ready_progress", []) if p[1] is not None])
                  for r in runs]
        line_panel(out, 70, 380, 800, 210, "Agents active (master/slaves_active) after the node's start",
                   series, first["agents"], "agents")
    out.append("</svg>")
    return "\n".join(out) + "\n"


open(svg_path, "w").write(svg())

# ---------------------------------------------------------------- Markdown
verdicts = [(name, *summary(name)) for name in SCENARIOS]
primary = [v for v in verdicts if v[0] != "B-apps-posts"]
met = all(m is not None and m < GOAL for _, _, _, m in primary)
best_met = all(b is not None and b < GOAL for _, _, b, _ in primary)
not_ready = [r for r in runs if "ready_failed" in r]
if not_ready and len(not_ready) == len(runs):
    headline = (f"**Not measured**: in none of {len(runs)} runs did the node get to {first['agents']:,} active "
                "agents with the init scheduler subscribed (see Failures).")
else:
    headline = "Median of {} runs: {} ({}).".format(
        len(runs), "; ".join(f"{label(n, True)} **{fmt(m)} s**" for n, _, _, m in verdicts),
        "meets the goal" if met else ("misses the goal in the median, meets it in the best run" if best_met
                                       else "misses the goal"))

lines = [
    "# Init scheduler (Marathon API) benchmark",
    "",
    f"**Goal**: with {first['agents']:,} simulated agents, one app of {first['instances']:,} instances, "
    f"{first['apps']:,} apps, and a group of",
    f"{first['apps']:,} apps, each deployed until no deployment is left, in < 10 s each (Marathon 1.4.2 needed",
    "38.5 s for 500 instances and 4 min 35 s for 500 apps).",
    "",
    headline,
    "",
    "![seconds per scenario and run; tasks running over time](marathon.svg)",
    "",
    "## What runs",
    "`bench/marathon.sh`: a copy of the built distribution (`karaf-distribution/target/assembly`), one",
    "`all-in-one` node per run on a fresh Karaf base (empty `data/`) with free ports,",
    f"`PLINTH_SIMULATED_AGENTS={first['agents']}` (agents hosted in the node's JVM, each `cpus:4;mem:8192`, whose",
    "tasks go RUNNING at once without a process) and `PLINTH_CONTAINERIZER=(plinth.containerizer=none)` (the",
    "node's own agent takes no task). The node is ready when `/v2/info` has a `frameworkId` and",
    f"`/metrics/snapshot` counts {first['agents']:,} active agents (`master/slaves_active`). Then, in this order, on",
    "the same node (a fresh one for the rest when a delete does not finish), apps of `sleep 100000`, `cpus`",
    "0.01, `mem` 1:",
    "",
]
for name in SCENARIOS:
    how = next((entry(r, name)["how"] for r in runs if entry(r, name)), None)
    lines.append(f"- **{label(name)}**" + (f": `{how}`." if how else "."))
lines += [
    "",
    "Each is timed (Python, `urllib`, polling every 100 ms) from sending the request until",
    "`GET /v2/deployments` is `[]` *and* `GET /v2/apps?id=<prefix>` shows every app with all its",
    "instances in `tasksRunning`. B is the primary figure for 1,000 apps; B' (1,000 POSTs from 8 client",
    "threads) is for comparison. Then the app or group is deleted (`DELETE /v2/apps/bench/big`,",
    "`DELETE /v2/groups/<group>`) and timed until no deployment, no app and no live task (master's",
    "`tasks_staging+starting+running+killing`) is left. RSS is the node JVM's `VmRSS` once a scenario has",
    "converged. With `STACKS=1` the node is sent SIGQUIT every 5 s of a phase for thread dumps (off by",
    "default: each stops the JVM for about a second).",
    "",
    f"Jetty pool of the node's HTTP port: `{first.get('http_threads')}` (`shipped`: the distribution's",
    "`plinth.http.threads`, 2,000; the master serves each agent's event stream on an HTTP thread of its own).",
    "",
    "## Machine",
    f"{cores} cores ({cpu}), {memory}; {java}; node heap `JAVA_MAX_MEM={heap}`; open files limit",
    f"{files} (`ulimit -n`, the node's too); {today}.",
]
loads = [f"run {r['run']}: {', '.join(str(x) for x in r['load_at_ready'])}" for r in runs if r.get("load_at_ready")]
if loads:
    lines.append("Load average (1, 5, 15 min) when each node was ready: " + "; ".join(loads) + ".")
lines += [
    "",
    "## Results",
    "Seconds from the request until no deployment is left and all instances run:",
    "",
    "| scenario | " + " | ".join(f"run {r['run']}" for r in runs) + " | best | median | goal < 10 s |",
    "|---|" + "---:|" * (len(runs) + 2) + "---|",
]
for name, values, best, median in verdicts:
    verdict = ("met" if median is not None and median < GOAL else
               "best run only" if best is not None and best < GOAL else "missed" if best is not None else "—")
    lines.append(f"| {label(name)} | " + " | ".join(cell(r, name) for r in runs)
                 + f" | {fmt(best, 2)} | {fmt(median, 2)} | {verdict} |")
lines += [
    "",
    "Per run: the request itself, when `/v2/deployments` was empty for good, all running, the node's RSS",
    "then, the delete, and the WARN/ERROR lines the node logged during the scenario and its delete:",
    "",
    "| run | phase | request (ms) | no deployments (s) | all running (s) | RSS (MB) | threads / fds | delete (s) | WARN/ERROR |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
]
for r in runs:
    ready = (f"failed after {r['ready_progress'][-1][0] if r.get('ready_progress') else '?'}"
             if "ready_failed" in r else f"{r['ready_s']:.1f}")
    lines.append(f"| {r['run']} | node start until ready | | | {ready} | {r.get('rss_ready_mb')} | {counts(r)} | | |")
    for s in r["scenarios"]:
        if s.get("node") and r["restarts"][s["node"] - 1].get("before") == s["name"]:
            fresh = r["restarts"][s["node"] - 1]
            took = f"{fresh['ready_s']:.1f}" if "ready_s" in fresh else "failed"
            lines.append(f"| {r['run']} | a fresh node until ready | | | {took} | {fresh.get('rss_ready_mb')} | "
                         f"{counts(fresh)} | | |")
        lines.append(f"| {r['run']} | {label(s['name'], True)} | {s['request_ms']} | {fmt(s.get('empty_s'), 2)} | "
                     f"{fmt(s.get('done_s'), 2)} | {s['rss_mb']} | {counts(s)} | {fmt(s.get('delete_s'), 2)} | "
                     f"{s['log']['warn']}/{s['log']['error']} |")

# where the time goes: CPU per thread group over each phase, in the median run (thread dumps: STACKS=1)
mid = runs[len(runs) // 2]


def stack_lines(title, st, wall):
    if not st or not st.get("cpu_seconds"):
        return []
    out = [f"- {title} [{fmt(wall)} s]: " + ", ".join(f"`{n}` {c:.1f}" for c, n in st["cpu_seconds"][:6])]
    for thread in ("plinth-marathon", "plinth-master"):
        busy = st.get("busy", {}).get(thread, {})
        if busy.get("where"):
            out.append(f"  - `{thread}` busy in {busy['busy']} of {busy['samples']} dumps: "
                       + "; ".join(f"{c}x `{k}`" for c, k in busy["where"][:3]))
    return out


stacks = stack_lines("start until ready", mid.get("ready_stacks"), mid.get("ready_s"))
for s in mid["scenarios"]:
    stacks += stack_lines(f"{label(s['name'], True)} deploy", s.get("stacks"), s.get("done_s"))
    stacks += stack_lines(f"{label(s['name'], True)} delete", s.get("delete_stacks"), s.get("delete_s"))
if stacks:
    lines += ["", "## Where the time goes",
              f"CPU seconds per thread (grouped by name without its numbers) over each phase of run {mid['run']},",
              "from the thread dumps; the phase's wall time in brackets:", ""] + stacks
if ANALYSIS.strip():
    lines += ["", ANALYSIS.strip()]

failures = []
for r in runs:
    for n in [r] + r.get("restarts", []):
        if "ready_failed" in n:
            failures.append(f"- run {r['run']}: node {n['ready_failed']}")
    for s in r["scenarios"]:
        if not s.get("ok"):
            failures.append(f"- run {r['run']}, {s['name']}: {s.get('why')}; request `{s['request'][:200]}`; "
                            f"last seen `{json.dumps(s.get('last'))[:500]}`")
        if not s.get("delete_ok"):
            failures.append(f"- run {r['run']}, {s['name']} delete: `{s.get('delete_request', '')[:200]}`; "
                            f"last seen `{json.dumps(s.get('delete_last'))[:500]}`")
kinds = {}
for r in runs:
    logs = [("start", n.get("ready_log")) for n in [r] + r.get("restarts", [])]
    for where, log in logs + [(s["name"], s["log"]) for s in r["scenarios"]]:
        for count, kind, example in (log or {}).get("kinds", []):
            k = kinds.setdefault(kind, [0, set(), example])
            k[0] += count
            k[1].add(f"run {r['run']} {where}")
if failures or kinds:
    lines += ["", "## Failures and log lines"] + failures
    if kinds:
        lines += ["", "WARN/ERROR lines, by logger and message (numbers blanked), with one example:", ""]
        for kind, (count, where, example) in sorted(kinds.items(), key=lambda kv: -kv[1][0])[:12]:
            lines.append(f"- {count}x in {', '.join(sorted(where))}: `{kind}`")
            lines.append(f"  `{example[:300]}`")

lines += [
    "",
    "## Reproduce",
    "```",
    "bench/marathon.sh                 # three runs, rewrites this file and marathon.svg",
    "AGENTS=100 INSTANCES=1000 APPS=100 bench/marathon.sh 1     # a quick one",
    "```",
]
open(doc, "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:8]))
print(f"wrote {doc} and {svg_path}")
