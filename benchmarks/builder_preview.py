"""Home program builder: time from an edit to the live preview showing the new handout.

    uv run python -m benchmarks.builder_preview [--runs 20] [--json [FILE]]

What it measures. A real `ProgramBuilder` (offscreen, 1400x860) on a fresh clinic with one patient
(Łukasz Wiśniewski) and a 6-exercise draft, a person making edits the way the builder takes them:
  dosage + Enter   type a new number of sets into "Sets", then Enter (timed from the Enter key);
  side pick        choose another side in "Side";
  Alt+Down         move the selected exercise one place down with the keyboard;
  typing pause     type a word into the notes and stop (timed from the last key, so it includes
                   the builder's 150 ms wait for the typing to pause before it saves).
Per edit, from the moment the edit is made (key sent / item picked) to:
  saved            `program_saved`: the draft written with HomeProgramService.set_items;
  preview loaded   `preview_updated`: the worker's PDF bytes are loaded into the QPdfDocument
                   (QPdfView paints them asynchronously after that; not included).
The worker part is timed too: `HandoutService.draft_pdf` in the worker's own session (reading the
draft and rendering it with reportlab; the session is opened before, by `run_in_session`). Between edits the event loop idles
for 300 ms (untimed), as a person would between two changes, so no edit waits behind another's
render. The first preview and 3 edits of each kind are a warm-up and not counted.
Target (issue 4): preview refresh <= 150 ms after an edit.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit

from benchmarks.clinic_fixture import percentile
from benchmarks.environment import describe, headline
from keystone_desk.domain.home_programs import ProgramItem
from keystone_desk.domain.users import Role
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.session import ClinicSession
from keystone_desk.ui.programs.builder import ProgramBuilder
from keystone_desk.ui.tasks import Progress

PROGRAM = ("heel-drop-straight-knee-step", "heel-drop-bent-knee-step",
           "calf-isometric-hold-standing", "glute-bridge", "stretch-gastrocnemius",
           "balance-single-leg")
KINDS = ("dosage + Enter", "side pick", "Alt+Down", "typing pause")
WARM_UP = 3
PASSWORD = "builder-preview-2026"  # the benchmark's own throwaway clinic
IDLE_MS = 300


def make_clinic(folder: Path) -> tuple[Path, int]:
    """A new clinic file with one patient and a 6-exercise draft; (path, episode id)."""
    path = folder / "builder-preview.db"
    clinic = Clinic(path)
    try:
        admin = clinic.auth.create_first_administrator("admin", "Bench Admin", PASSWORD)
        actor = clinic.auth.create_user(admin, "therapist", "Bench Therapist", Role.THERAPIST,
                                        PASSWORD)
        patient = clinic.patients.register(actor, {
            "first_name": "Łukasz", "last_name": "Wiśniewski", "date_of_birth": "1984-03-09",
            "sex": "male", "mobile_phone": "(555) 201-3344"}).patient
        episode = clinic.episodes.open_episode(actor, patient.id, "Right Achilles pain",
                                               side="right", opened_on=date.today())
        program = clinic.home_programs.get_or_create_draft(actor, episode.id)
        library = clinic.exercises.library
        clinic.home_programs.set_items(actor, program.id, [
            ProgramItem(e, "right", library.get(e).dosage, "", n)
            for n, e in enumerate(PROGRAM, start=1)], program.version)
        return path, int(episode.id)
    finally:
        clinic.close()


def wait_for(signal: object, timeout_ms: int = 10_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def idle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Stopwatch:
    """Times from `start()` to the builder's signals, and the worker's own time per render."""

    def __init__(self, builder: ProgramBuilder):
        self.t0 = 0.0
        self.saved: float | None = None
        self.loaded: float | None = None
        self.worker: list[float] = []
        builder.program_saved.connect(self._on_saved)
        builder.preview_updated.connect(self._on_loaded)
        scheduler = builder._preview_scheduler  # wrap the work to time it
        prepare = scheduler._prepare

        def timed_prepare() -> Callable[[ClinicSession, Progress], bytes]:
            work = prepare()

            def timed(session: ClinicSession, progress: Progress) -> bytes:
                started = time.perf_counter()  # the worker's session is already open here
                data = work(session, progress)
                self.worker.append((time.perf_counter() - started) * 1000)
                return data

            return timed

        scheduler._prepare = timed_prepare

    def start(self) -> None:
        self.t0, self.saved, self.loaded = time.perf_counter(), None, None

    def _on_saved(self, *_: object) -> None:
        if self.saved is None:
            self.saved = (time.perf_counter() - self.t0) * 1000

    def _on_loaded(self, *_: object) -> None:
        self.loaded = (time.perf_counter() - self.t0) * 1000


def edit(builder: ProgramBuilder, kind: str, n: int, watch: Stopwatch) -> None:
    panel = builder.program_panel
    panel.select_row(n % len(PROGRAM) if kind != "Alt+Down" else n % (len(PROGRAM) - 1))
    details = panel.details
    if kind == "dosage + Enter":
        sets = details.dosage_fields.inputs["sets"]
        sets.setFocus()
        sets.selectAll()
        QTest.keyClicks(sets, str(2 + n % 4))
        watch.start()
        QTest.keyClick(sets, Qt.Key.Key_Return)
    elif kind == "side pick":
        side = next(c for c in details.findChildren(QComboBox) if c.accessibleName() == "Side")
        watch.start()
        side.setCurrentIndex((side.currentIndex() + 1) % side.count())
    elif kind == "Alt+Down":
        panel.view.setFocus()
        watch.start()
        QTest.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    else:
        notes = next(w for w in details.findChildren(QPlainTextEdit)
                     if w.accessibleName() == "Notes for the patient")
        notes.setFocus()
        QTest.keyClicks(notes, "ok ")
        watch.start()
    wait_for(builder.preview_updated)


def measure(runs: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="builder-preview-") as folder:
        path, episode_id = make_clinic(Path(folder))
        clinic = Clinic(path)
        try:
            session = ClinicSession(clinic, clinic.auth.login("therapist", PASSWORD))
            started = time.perf_counter()
            builder = ProgramBuilder(session, episode_id)
            builder.resize(1400, 860)
            builder.show()
            builder.activateWindow()
            watch = Stopwatch(builder)
            watch.start()
            wait_for(builder.preview_updated)
            first = watch.loaded
            pages = builder.preview.page_count()
            timings: dict[str, list[float]] = defaultdict(list)
            for n in range(runs + WARM_UP):
                for kind in KINDS:
                    watch.worker.clear()
                    edit(builder, kind, n, watch)
                    if n >= WARM_UP and watch.loaded is not None:
                        timings[f"{kind}: saved"].append(watch.saved or 0.0)
                        timings[f"{kind}: preview loaded"].append(watch.loaded)
                        if kind != "typing pause":
                            timings["finished edits: preview loaded"].append(watch.loaded)
                        timings["worker: draft_pdf"].extend(watch.worker)
                    idle(IDLE_MS)
            elapsed = time.perf_counter() - started
            builder.close()
        finally:
            clinic.close()
    del app
    order = ["finished edits: preview loaded", *(f"{k}: preview loaded" for k in KINDS),
             *(f"{k}: saved" for k in KINDS), "worker: draft_pdf"]
    return {"runs": runs, "exercises": len(PROGRAM), "pages": pages,
            "first_preview_ms": first, "platform": QApplication.platformName(),
            "machine": describe(), "seconds": elapsed,
            "ms": {name: summarise(timings[name]) for name in order}}


def summarise(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": statistics.median(values),
            "p95": percentile(values, 0.95), "max": max(values)}


def print_table(report: dict[str, object]) -> None:
    print(f"builder preview refresh, {report['exercises']}-exercise program "
          f"({report['pages']} pages), {report['runs']} edits of each kind "
          f"({report['platform']} platform); first preview {report['first_preview_ms']:.0f} ms")
    print(headline(report["machine"]))  # type: ignore[arg-type]
    print(f"{'milliseconds from the edit':<34} {'n':>4} {'median':>7} {'p95':>7} {'max':>7}")
    for name, s in report["ms"].items():  # type: ignore[attr-defined]
        print(f"{name:<34} {s['n']:>4} {s['median']:7.1f} {s['p95']:7.1f} {s['max']:7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="edits of each kind (after warm-up)")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print the figures as JSON instead of the table (or write to FILE)")
    options = parser.parse_args(argv)
    report = measure(options.runs)
    if options.json == "-":
        print(json.dumps(report, indent=2))
        return 0
    print_table(report)
    if options.json:
        Path(options.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
