"""Cold start: time from process start to the first paint of the main window, against a bare window.

    uv run python -m benchmarks.cold_start [--runs 11] [--platform both|x11|offscreen] [--json [FILE]]

What it measures. Each launch is a fresh `python` process; the figure is the one the process
itself writes to stderr, "first paint: S s since process start" (process start from
/proc/self/stat, first paint = the window's first Paint event plus one event-loop turn). Two
programs are launched, alternately, so that machine noise hits both alike:
  (a) benchmarks/bare_window.py - an empty PySide6 QMainWindow timed by a copy of the app's code;
  (b) python -m keystone_desk --db <100k-patient clinic> with KEYSTONE_DESK_EXIT_AFTER_PAINT=1.
The ratio (b)/(a) of the medians is what transfers between machines; the absolute figures don't.
Both are run on X11 (the Xvfb virtual display this script starts once for the whole run, unless
DISPLAY is set) and on Qt's offscreen platform (QT_QPA_PLATFORM=offscreen).
The parent's wall clock from launch to exit (including teardown) is reported beside it.

How. Measured as a person's second and later starts: with bytecode cached. First
`python -m compileall -q keystone_desk benchmarks`; the children run without
PYTHONDONTWRITEBYTECODE (this sandbox sets it; a user's Python caches bytecode), so one
unmeasured launch of each program per platform writes any missing .pyc in site-packages too and
warms the OS page cache (shared libraries, the database's pages). The children get a throwaway
XDG_CONFIG_HOME, so the app restores the window geometry saved by the warm-up, as for someone who
has used it before, and the developer's own settings are never touched. The clinic is brought to
the current schema before any launch, so no launch pays for a migration.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from benchmarks.clinic_fixture import ROOT, percentile
from benchmarks.display import SCREEN, virtual_display
from benchmarks.environment import describe, headline, ready_clinic

FIRST_PAINT = re.compile(r"first paint: ([0-9.]+) s since (.+)")
BARE = "bare window"
APP = "keystone-desk"


def _launch(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one launch; returns (first paint as the child reports it, parent's wall clock)."""
    began = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - began
    found = FIRST_PAINT.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{command} failed (exit {done.returncode}):\n{done.stderr}")
    if found[2] != "process start":
        raise SystemExit(f"{command} could not read its process start time: {found[0]}")
    return float(found[1]), wall


def _commands(db: Path) -> dict[str, list[str]]:
    return {
        BARE: [sys.executable, "-m", "benchmarks.bare_window"],
        APP: [sys.executable, "-m", "keystone_desk", "--db", str(db)],
    }


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p90": percentile(values, 0.9),
            "min": min(values), "max": max(values)}


def measure(db: Path, runs: int, platforms: list[str]) -> dict[str, object]:
    subprocess.run([sys.executable, "-m", "compileall", "-q", "keystone_desk", "benchmarks"],
                   cwd=ROOT, check=True)
    commands = _commands(db)
    results: dict[str, dict[str, dict[str, list[float]]]] = {
        p: {name: {"paint": [], "wall": []} for name in commands} for p in platforms}
    with ExitStack() as stack:
        config = stack.enter_context(tempfile.TemporaryDirectory(prefix="kd-bench-config-"))
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base.update(KEYSTONE_DESK_EXIT_AFTER_PAINT="1", XDG_CONFIG_HOME=config)
        base.pop("QT_QPA_PLATFORM", None)
        envs: dict[str, dict[str, str]] = {}
        display = os.environ.get("DISPLAY", "")
        x11_label = f"DISPLAY={display}"
        if "x11" in platforms:
            if not display:
                display = stack.enter_context(virtual_display())
                x11_label = f"Xvfb {display} {SCREEN}, one server for the whole run"
            envs["x11"] = {**base, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        if "offscreen" in platforms:
            envs["offscreen"] = {**base, "QT_QPA_PLATFORM": "offscreen"}
        for env in envs.values():  # warm-up: bytecode, shared libraries, the database pages
            for command in commands.values():
                _launch(command, env)
        for _ in range(runs):
            for name, env in envs.items():
                for program, command in commands.items():
                    paint, wall = _launch(command, env)
                    results[name][program]["paint"].append(paint)
                    results[name][program]["wall"].append(wall)
    report: dict[str, object] = {
        "runs": runs, "database": str(db), "x11": x11_label if "x11" in platforms else None,
        "machine": describe(), "bytecode": "cached: compileall + a warm-up launch, "
        "PYTHONDONTWRITEBYTECODE removed for the children", "platforms": {},
    }
    for name, programs in results.items():
        entry = {program: {"first_paint_s": _summary(v["paint"]), "launch_to_exit_s":
                           _summary(v["wall"]), "first_paint_all_s": v["paint"]}
                 for program, v in programs.items()}
        entry["ratio_median"] = (statistics.median(programs[APP]["paint"])
                                 / statistics.median(programs[BARE]["paint"]))
        report["platforms"][name] = entry  # type: ignore[index]
    return report


def print_table(report: dict[str, object]) -> None:
    print(f"cold start, {report['runs']} launches each, alternating; {report['bytecode']}")
    print(headline(report["machine"]))  # type: ignore[arg-type]
    print(f"database: {report['database']}")
    print(f"{'platform':<10} {'program':<14} {'median':>7} {'p90':>7} {'min':>7} {'max':>7}"
          f"   {'launch->exit median':>19}")
    for name, entry in report["platforms"].items():  # type: ignore[attr-defined]
        label = f"x11: {report['x11']}" if name == "x11" else "QT_QPA_PLATFORM=offscreen"
        for program in (BARE, APP):
            paint, wall = entry[program]["first_paint_s"], entry[program]["launch_to_exit_s"]
            print(f"{name:<10} {program:<14} {paint['median']:7.3f} {paint['p90']:7.3f} "
                  f"{paint['min']:7.3f} {paint['max']:7.3f}   {wall['median']:19.3f}")
        print(f"{'':<10} {'ratio app/bare':<14} {entry['ratio_median']:7.2f}   ({label})")
    print("first paint in seconds since process start, as each process reports it "
          "(10 ms clock-tick granularity)")


def write_report(report: dict[str, object], where: str | None, table) -> None:  # type: ignore[no-untyped-def]
    if where == "-":
        print(json.dumps(report, indent=2))
        return
    table(report)
    if where:
        Path(where).write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="launches of each program (11)")
    parser.add_argument("--platform", choices=("both", "x11", "offscreen"), default="both")
    parser.add_argument("--db", type=Path, help="clinic file (default: the generated 100k clinic)")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print the figures as JSON instead of the table (or write to FILE)")
    options = parser.parse_args(argv)
    db = ready_clinic(options.db)
    platforms = ["x11", "offscreen"] if options.platform == "both" else [options.platform]
    report = measure(db, options.runs, platforms)
    write_report(report, options.json, print_table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
