#!/usr/bin/env python3
"""Writes docs/benchmarks/marathon.md and marathon.svg from the result-<run>.json files of bench/marathon.sh.
No plotting library: the SVG is written by hand (grouped bars of the time per scenario and run, and the
tasks running over time while the 10,000-instance app deploys)."""
import json
import statistics
import sys
from html import escape

doc, svg_path, cores, cpu, java, today, heap, load_end, memory, *paths = sys.argv[1:]
runs = [json.load(open(p)) for p in sorted(paths)]
GOAL = 10.0
NAMES = {"A-one-app": "A: one app, {instances:,} instances", "B-apps-bulk": "B: {apps:,} apps, one bulk PUT",
         "B-apps-posts": "B': {apps:,} apps, one POST each", "C-group": "C: a group of {apps:,} apps"}
# What the figures meant when this was last run (hand-written: update it when the figures change).
ANALYSIS = """
"""
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"]
first = runs[0]
order = [s["name"] for s in max(runs, key=lambda r: len(r["scenarios"]))["scenarios"]]


def label(name):
    return NAMES.get(name, name).format(instances=first["instances"], apps=first["apps"])


def entry(r, name):
    return next((s for s in r["scenarios"] if s["name"] == name), None)


def seconds(r, name):
    s = entry(r, name)
    return s["done_s"] if s and s.get("ok") else None


def fmt(value, digits=1):
    return "failed" if value is None else f"{value:.{digits}f}"


def summary(name):
    values = [seconds(r, name) for r in runs]
    done = [v for v in values if v is not None]
    return values, (min(done) if done else None), (statistics.median(done) if len(done) == len(values) else None)


# ---------------------------------------------------------------- SVG
def svg():
    width, height = 900, 640
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">', f'<rect width="{width}" height="{height}" fill="white"/>']
    # panel 1: grouped bars, seconds to no deployments left (and all running) per scenario and run
    x0, y0, w, h = 70, 40, 800, 230
    worst = max([v for r in runs for n in order for v in [seconds(r, n)] if v is not None] + [GOAL * 1.2])
    top = max(GOAL * 1.5, worst * 1.1)
    out.append(f'<text x="{x0}" y="22" font-size="14" font-weight="bold">Seconds until no deployment is left '
               f'and all instances run ({first["agents"]:,} simulated agents)</text>')
    for tick in range(0, int(top) + 1, max(1, int(top / 6))):
        y = y0 + h - tick / top * h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    goal_y = y0 + h - GOAL / top * h
    out.append(f'<line x1="{x0}" y1="{goal_y:.1f}" x2="{x0 + w}" y2="{goal_y:.1f}" stroke="#c00" '
               f'stroke-dasharray="6,4"/><text x="{x0 + w}" y="{goal_y - 4:.1f}" text-anchor="end" '
               f'fill="#c00">goal {GOAL:.0f} s</text>')
    slot = w / max(1, len(order))
    bar = min(40, slot * 0.8 / max(1, len(runs)))
    for i, name in enumerate(order):
        cx = x0 + slot * i + slot / 2
        for j, r in enumerate(runs):
            v = seconds(r, name)
            bx = cx - bar * len(runs) / 2 + j * bar
            if v is None:
                out.append(f'<text x="{bx + bar / 2:.1f}" y="{y0 + h - 4}" text-anchor="middle" fill="#c00" '
                           f'font-size="10">fail</text>')
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
    # panel 2: tasks running over time while A deploys
    x0, y0, w, h = 70, 370, 800, 220
    out.append(f'<text x="{x0}" y="{y0 - 18}" font-size="14" font-weight="bold">A: tasks running (master) while '
               f'the {first["instances"]:,}-instance app deploys, sampled every ~100 ms</text>')
    series = []
    for r in runs:
        a = entry(r, "A-one-app")
        if a:
            series.append((r["run"], [(t, n) for t, n, _ in a["samples"] if n is not None], a.get("done_s")))
    tmax = max([t for _, pts, _ in series for t, _ in pts] + [GOAL])
    nmax = max(first["instances"], max([n for _, pts, _ in series for _, n in pts] + [1]))
    for tick in range(0, int(tmax) + 1, max(1, int(tmax / 8))):
        x = x0 + tick / tmax * w
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + h}" stroke="#eee"/>'
                   f'<text x="{x:.1f}" y="{y0 + h + 16}" text-anchor="middle">{tick} s</text>')
    for k in range(0, 5):
        n = nmax * k / 4
        y = y0 + h - k / 4 * h
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#eee"/>'
                   f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{n:,.0f}</text>')
    if GOAL <= tmax:
        gx = x0 + GOAL / tmax * w
        out.append(f'<line x1="{gx:.1f}" y1="{y0}" x2="{gx:.1f}" y2="{y0 + h}" stroke="#c00" stroke-dasharray="6,4"/>')
    for j, (run, pts, _) in enumerate(series):
        if pts:
            path = " ".join(f"{x0 + t / tmax * w:.1f},{y0 + h - n / nmax * h:.1f}" for t, n in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[j % len(COLORS)]}" stroke-width="2"/>')
    out.append(f'<line x1="{x0}" y1="{y0 + h}" x2="{x0 + w}" y2="{y0 + h}" stroke="#333"/>'
               f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + h}" stroke="#333"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


open(svg_path, "w").write(svg())

# ---------------------------------------------------------------- Markdown
verdicts = []
for name in order:
    values, best, median = summary(name)
    verdicts.append((name, values, best, median))
primary = [v for v in verdicts if v[0] != "B-apps-posts"]
met = all(m is not None and m < GOAL for _, _, _, m in primary)
best_met = all(b is not None and b < GOAL for _, _, b, _ in primary)

lines = [
    "# Init scheduler (Marathon API) benchmark",
    "",
    f"**Goal**: with {first['agents']:,} simulated agents, one app of {first['instances']:,} instances, "
    f"{first['apps']:,} apps, and a group of {first['apps']:,} apps,",
    "each deployed until no deployment is left, in < 10 s each (Marathon 1.4.2 needed 38.5 s for 500",
    "instances and 4 min 35 s for 500 apps).",
    "",
    "Median of {} runs: {} ({}).".format(
        len(runs), "; ".join(f"{label(n).split(':')[0]} **{fmt(m)} s**" for n, _, _, m in verdicts),
        "meets the goal" if met else ("misses the goal in the median, meets it in the best run" if best_met
                                       else "misses the goal")),
    "",
    "![seconds per scenario and run; tasks running over time](marathon.svg)",
    "",
    "## What runs",
    "`bench/marathon.sh`: the built distribution (a copy of `karaf-distribution/target/assembly`), one",
    f"`all-in-one` node per run on a fresh Karaf base (empty `data/`) with free ports, "
    f"`PLINTH_SIMULATED_AGENTS={first['agents']}`",
    "(agents hosted in the node's JVM, each `cpus:4;mem:8192`, whose tasks go RUNNING at once without a",
    "process) and `PLINTH_CONTAINERIZER=(plinth.containerizer=none)` (the node's own agent takes no task).",
    f"The node is ready when `/v2/info` has a `frameworkId` and `/metrics/snapshot` counts {first['agents']:,} active agents.",
    "Then, in this order, on the same node, each app `sleep 100000`, `cpus` 0.01, `mem` 1:",
    "",
]
for name in order:
    s = entry(first, name) or {}
    lines.append(f"- **{label(name)}**: `{s.get('how', '')}`.")
lines += [
    "",
    "Each is timed (Python, `urllib`, polling every 100 ms) from sending the request until",
    "`GET /v2/deployments` is `[]` *and* `GET /v2/apps?id=<prefix>` shows every app with all its",
    "instances in `tasksRunning`; then the app or group is deleted (`DELETE /v2/apps/...` or",
    "`DELETE /v2/groups/...`) and timed until no deployment, no app and no live task (master's",
    "`tasks_staging+starting+running+killing`) is left. The RSS is the node JVM's `VmRSS` once a scenario",
    "has converged. While a phase runs the node is sent SIGQUIT every 2 s (and at its start and end):",
    "the thread dumps give each thread's CPU time over the phase and where the scheduler's threads were.",
    "",
    "## Machine",
    f"{cores} cores ({cpu}), {memory}; {java}; node heap `JAVA_MAX_MEM={heap}`; {today}.",
    "Load average when each node was ready: " + "; ".join(
        f"run {r['run']}: {', '.join(str(x) for x in r.get('load_at_ready', []))}" for r in runs) + ".",
    "",
    "## Results",
    "Seconds from the request until no deployment is left and all instances run:",
    "",
    "| scenario | " + " | ".join(f"run {r['run']}" for r in runs) + " | best | median | goal < 10 s |",
    "|---|" + "---:|" * (len(runs) + 2) + "---|",
]
for name, values, best, median in verdicts:
    ok = "met" if median is not None and median < GOAL else ("best run only" if best is not None and best < GOAL
                                                              else "missed")
    lines.append(f"| {label(name)} | " + " | ".join(fmt(v, 2) for v in values)
                 + f" | {fmt(best, 2)} | {fmt(median, 2)} | {ok} |")
lines += [
    "",
    "Per run: the request's own time, when `/v2/deployments` first was (and stayed) empty, the node's",
    "RSS once converged, the delete, and the WARN/ERROR lines the node logged during the scenario:",
    "",
    "| run | scenario | request (ms) | no deployments (s) | all running (s) | RSS (MB) | delete (s) | WARN/ERROR |",
    "|---:|---|---:|---:|---:|---:|---:|---:|",
]
for r in runs:
    lines.append(f"| {r['run']} | node ready ({r['agents_active']:,} agents) | | | {r['ready_s']:.1f} "
                 f"| {r['rss_ready_mb']} | | |")
    for s in r["scenarios"]:
        lines.append(f"| {r['run']} | {label(s['name']).split(':')[0]} | {s['request_ms']} | "
                     f"{fmt(s.get('empty_s'), 2)} | {fmt(s.get('done_s'), 2)} | {s['rss_mb']} | "
                     f"{fmt(s.get('delete_s'), 2)} | {s['log']['warn']}/{s['log']['error']} |")

# where the time goes: CPU per thread group over each phase, median run
lines += ["", "## Where the time goes",
          "CPU seconds per thread (grouped by name, numbers dropped) over each phase, from the thread dumps",
          f"of run {runs[len(runs) // 2]['run']}; wall time in brackets:", ""]
mid = runs[len(runs) // 2]
for s in mid["scenarios"]:
    for phase, key, wall in (("deploy", "stacks", s.get("done_s")), ("delete", "delete_stacks", s.get("delete_s"))):
        st = s.get(key) or {}
        if st.get("cpu_seconds"):
            top = ", ".join(f"`{n}` {c:.1f}" for c, n in st["cpu_seconds"][:6])
            lines.append(f"- {label(s['name']).split(':')[0]} {phase} [{fmt(wall)} s]: {top}")
            busy = st.get("busy", {}).get("plinth-marathon", {})
            if busy.get("busy"):
                lines.append(f"  - scheduler thread busy in {sum(c for c, _ in busy['busy'])} of {busy['samples']} "
                             "dumps: " + "; ".join(f"{c}x `{k}`" for c, k in busy["busy"][:3]))
if ANALYSIS:
    lines += ["", ANALYSIS.strip()]

failures = [(r["run"], s) for r in runs for s in r["scenarios"] if not s.get("ok") or not s.get("delete_ok")]
if failures or any(s["log"]["first"] for r in runs for s in r["scenarios"]):
    lines += ["", "## Failures and log lines"]
    for run, s in failures:
        lines.append(f"- run {run}, {s['name']}: {s.get('why', 'delete did not finish')}; request "
                     f"`{s['request'][:200]}`; last seen `{json.dumps(s.get('last') or s.get('delete_last'))[:600]}`")
    seen = set()
    for r in runs:
        for s in r["scenarios"]:
            for line in s["log"]["first"][:3]:
                key = line.split("|", 3)[-1][:120]
                if key not in seen:
                    seen.add(key)
                    lines.append(f"- run {r['run']}, {s['name']}: `{line[:300]}`")

lines += [
    "",
    "## Reproduce",
    "```",
    "bench/marathon.sh                 # three runs, rewrites this file and marathon.svg",
    "AGENTS=100 INSTANCES=1000 APPS=100 bench/marathon.sh 1     # a quick one",
    "```",
]
open(doc, "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:9]))
print(f"wrote {doc} and {svg_path}")
