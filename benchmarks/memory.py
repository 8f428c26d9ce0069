"""Memory: resident set size of the app on the 100k clinic after start-up, searching and charts.

    uv run python -m benchmarks.memory [--runs 3] [--platform offscreen|x11] [--json [FILE]]

What it measures. Each run is a fresh process (peak RSS is per process) that drives the real
MainWindow in-process, as a receptionist would use it:
  1. imports: PySide6 and keystone_desk loaded, nothing built yet;
  2. start-up: QApplication, Clinic(<100k clinic>), MainWindow(session of the demo administrator)
     shown and painted (the same objects `keystone-desk --db` builds);
  3. searching: --words three-letter prefixes from the clinic's own last and first names typed key
     by key into "Search patients" (QTest.keyClick), and for every fifth word the list scrolled to
     the bottom five times, so further pages load as when someone scrolls;
  4. charts: --charts patient charts opened through MainWindow.open_chart(id) (best match of a
     search each), each shown and painted;
  5. charts closed again (tabs closed, their deleteLater processed);
  6. the same charts opened and closed --cycles more times: RSS that keeps growing here is a leak.
After each stage it reads the current RSS (VmRSS in /proc/self/status) and the peak so far
(resource.getrusage(RUSAGE_SELF).ru_maxrss, which Linux reports in KiB). The table shows, over
--runs processes, the median of each figure and the largest peak. Qt's offscreen platform is the
default; --platform x11 uses DISPLAY or starts one Xvfb for all runs. Window settings go to a
throwaway file, never to the developer's own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from benchmarks.clinic_fixture import ROOT
from benchmarks.display import virtual_display
from benchmarks.environment import describe, headline, ready_clinic

STAGES = ("imports", "start-up", "searching", "charts open", "charts closed")  # then "+N cycles"


def current_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(db: Path, words: int, charts: int, cycles: int, settings_file: Path,
          seed: int) -> dict[str, object]:
    """One run, in this process: returns RSS after each stage."""
    marks: dict[str, dict[str, float]] = {}

    def mark(stage: str) -> None:
        now = current_rss_mib()  # read before the peak, so that peak >= now
        marks[stage] = {"rss_mib": now, "peak_mib": peak_rss_mib()}

    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.search_keystroke import sample_prefixes
    from keystone_desk.services.clinic import Clinic
    from keystone_desk.ui.main_window import MainWindow
    mark("imports")

    app = QApplication([sys.argv[0]])
    app.setApplicationName("KeystoneDesk")
    app.setOrganizationName("KeystoneDesk")
    clinic = Clinic(db)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    from keystone_desk.services.session import ClinicSession

    user = clinic.auth.login("admin", "demo-admin-2026")  # argon2id verify, as at sign-in
    window = MainWindow(ClinicSession(clinic, user), settings)
    window.show()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    window.grab()  # one complete paint of everything
    mark("start-up")

    names = [w for kind, w in sample_prefixes(db, seed) if kind in ("last name", "first name")]
    rng = random.Random(seed)
    typed = [rng.choice(names) for _ in range(words)]
    patient_list = window.patient_list
    box, view, model = patient_list.search_box, patient_list.table, patient_list.model
    loaded_rows = []
    for number, word in enumerate(typed):
        box.selectAll()
        QTest.keyClick(box, Qt.Key.Key_Backspace)
        app.processEvents()
        for key in word:
            QTest.keyClick(box, key)
            app.processEvents()
        if number % 5 == 0:
            for _ in range(5):
                view.scrollToBottom()
                app.processEvents()
            loaded_rows.append(model.rowCount())
    mark("searching")

    opened: list[int] = []
    for word in typed:
        if len(opened) == charts:
            break
        found = clinic.patients.search(word, limit=1)
        if found and int(found[0].id) not in opened:
            opened.append(int(found[0].id))
            window.open_chart(int(found[0].id))
            app.processEvents()
            window.grab()
    mark("charts open")

    def close_charts() -> None:
        while window.tabs.count() > 1:
            window.tabs.tabCloseRequested.emit(window.tabs.count() - 1)
            app.processEvents()
        # Closed charts are deleteLater()'d; without a running event loop (app.exec) that only
        # happens when asked for. Without this, every chart would look leaked.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        app.processEvents()

    close_charts()
    mark("charts closed")

    for _ in range(cycles):  # the same charts opened and closed again: growth here is a leak
        for patient_id in opened:
            window.open_chart(patient_id)
            app.processEvents()
            window.grab()
        close_charts()
    mark(f"+{cycles} cycles")

    window.close()
    clinic.close()
    return {"stages": marks, "charts_opened": len(opened), "words_typed": len(typed),
            "rows_loaded_when_scrolled_median": statistics.median(loaded_rows),
            "platform": app.platformName()}


def measure(db: Path, runs: int, words: int, charts: int, cycles: int, use_x11: bool,
            seed: int) -> dict[str, object]:
    results = []
    with ExitStack() as stack:
        env = dict(os.environ)
        if use_x11:
            env["QT_QPA_PLATFORM"] = "xcb"
            if not env.get("DISPLAY"):
                env["DISPLAY"] = stack.enter_context(virtual_display())
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kd-bench-mem-")))
        for run in range(runs):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.memory", "--child", "--db", str(db),
                 "--words", str(words), "--charts", str(charts), "--cycles", str(cycles),
                 "--seed", str(seed + run),
                 "--settings", str(folder / "settings.ini")],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise SystemExit(f"memory run failed:\n{done.stderr}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    summary = {}
    for stage in (*STAGES, f"+{cycles} cycles"):
        rss = [r["stages"][stage]["rss_mib"] for r in results]
        peak = [r["stages"][stage]["peak_mib"] for r in results]
        summary[stage] = {"rss_median_mib": statistics.median(rss),
                          "peak_median_mib": statistics.median(peak),
                          "peak_max_mib": max(peak)}
    first = results[0]
    return {"database": str(db), "runs": runs, "words": words, "charts": first["charts_opened"],
            "cycles": cycles,
            "platform": first["platform"], "machine": describe(),
            "rows_loaded_when_scrolled_median": first["rows_loaded_when_scrolled_median"],
            "stages": summary, "per_run": results}


def print_table(report: dict[str, object]) -> None:
    print(f"memory on {report['database']} ({report['platform']} platform), {report['runs']} "
          f"processes; {report['words']} words typed, {report['charts']} charts opened and closed "
          f"{1 + report['cycles']} times; rows "
          f"loaded after scrolling (median): {report['rows_loaded_when_scrolled_median']}")
    print(headline(report["machine"]))  # type: ignore[arg-type]
    print(f"{'after stage':<16} {'RSS now (median)':>17} {'peak RSS (median)':>18} "
          f"{'peak RSS (max)':>15}   MiB")
    for stage, s in report["stages"].items():  # type: ignore[attr-defined]
        print(f"{stage:<16} {s['rss_median_mib']:17.1f} {s['peak_median_mib']:18.1f} "
              f"{s['peak_max_mib']:15.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to measure (3)")
    parser.add_argument("--platform", choices=("offscreen", "x11"), default="offscreen")
    parser.add_argument("--words", type=int, default=60, help="search words typed (60)")
    parser.add_argument("--charts", type=int, default=8, help="patient charts opened (8)")
    parser.add_argument("--cycles", type=int, default=3,
                        help="times the same charts are opened and closed again (3)")
    parser.add_argument("--db", type=Path, help="clinic file (default: the generated 100k clinic)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print the figures as JSON instead of the table (or write to FILE)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--settings", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    db = ready_clinic(options.db)
    if options.child:
        print(json.dumps(child(db, options.words, options.charts, options.cycles, options.settings,
                               options.seed)))
        return 0
    report = measure(db, options.runs, options.words, options.charts, options.cycles,
                     options.platform == "x11", options.seed)
    if options.json == "-":
        print(json.dumps(report, indent=2))
        return 0
    print_table(report)
    if options.json:
        Path(options.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
