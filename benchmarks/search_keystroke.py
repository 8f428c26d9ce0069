"""Search as you type: time from a keystroke in "Search patients" to the updated patient list.

    uv run python -m benchmarks.search_keystroke [--runs 10] [--json [FILE]]

What it measures. A real `PatientList` (the widget of the main window's Patients tab) is built on
the generated 100k-patient clinic through `Clinic(path).patients.search`, shown at the main
window's size under Qt's offscreen platform, and a person is simulated typing three-letter
prefixes drawn from the clinic itself: last names ("Mur"), first names ("sio"), phone fragments
("555", "770", last digits) and email fragments ("exa", local parts). Each word is typed one key
at a time with QTest.keyClick on the search box (the real path: key event -> QLineEdit ->
textChanged -> PatientList -> PatientTableModel.set_query -> PatientService.search -> SQLite), then
cleared with Ctrl+A, Backspace (back to the unfiltered first page). Per keystroke:
  key -> model     from sending the key until keyClick returns; the model has been reset with the
                   new first page (checked: query_text is the typed text), the first row selected
                   and the status line set - everything the app does synchronously;
  key -> painted   the same plus `table.viewport().repaint()`, a forced synchronous paint of the
                   visible rows (what the person sees, minus the compositor).
Between keys the event loop runs (untimed), as it would while the person moves to the next key.
Separately, `PatientService.search(prefix, limit=101)` (what the model asks for) is timed alone
on the same prefixes. The headline is the third key of each word (the 3-letter query); figures
for all keys and per kind of prefix follow. --runs N is the number of passes over the prefix list,
in a new shuffled order each pass, so N=10 gives more than 500 three-letter keystrokes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.clinic_fixture import percentile
from benchmarks.environment import describe, headline, ready_clinic
from keystone_desk.domain.text_search import fold
from keystone_desk.services.clinic import Clinic
from keystone_desk.ui.patients.patient_list import PatientList

PAGE = 100  # PatientTableModel.PAGE_SIZE; the model asks for one row more


def sample_prefixes(db: Path, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, three characters) a receptionist might type, drawn from the clinic's own patients.

    Read-only sampling with the standard library, so the clinic's services are not warmed by it.
    """
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        count = conn.execute("SELECT max(id) FROM patients").fetchone()[0]
        ids = rng.sample(range(1, count + 1), 400)
        rows = conn.execute(
            f"SELECT last_name, first_name, phone, email FROM patients "
            f"WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    finally:
        conn.close()
    rng.shuffle(rows)
    chosen: dict[str, list[str]] = defaultdict(list)

    def take(kind: str, text: str, wanted: int) -> None:
        if len(text) == 3 and text not in chosen[kind] and len(chosen[kind]) < wanted:
            chosen[kind].append(text)

    for last, first, phone, email in rows:
        folded_last = fold(last).replace(" ", "")
        if folded_last[:3].isalpha():
            take("last name", folded_last[:3].capitalize(), 20)  # typed as "Mur"
        folded_first = fold(first).replace(" ", "")
        if folded_first[:3].isalpha():
            take("first name", folded_first[:3], 15)
        digits = "".join(c for c in phone if c.isdigit())
        if len(digits) >= 7:
            take("phone", digits[-4:-1], 12)  # from the subscriber number
            take("phone", digits[:3], 12)  # country / area code as written ("353", "555")
        if "@" in email:
            local, _, domain = email.partition("@")
            if local[:3].isalpha():
                take("email", local[:3], 10)
            take("email", domain[:3], 10)  # "exa": every demo address is at example.*
    chosen["phone"] = list(dict.fromkeys(["555", *chosen["phone"]]))[:12]
    return [(kind, text) for kind, texts in chosen.items() for text in texts]


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def summarise(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": statistics.median(values),
            "p95": percentile(values, 0.95), "p99": percentile(values, 0.99), "max": max(values)}


def measure(db: Path, passes: int, seed: int = 7) -> dict[str, object]:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    prefixes = sample_prefixes(db, seed)
    clinic = Clinic(db)
    try:
        # Through a ClinicSession, as the main window does since sign-in (permission check per call)
        from keystone_desk.services.session import ClinicSession

        session = ClinicSession(clinic, clinic.auth.login("admin", "demo-admin-2026"))
        patient_list = PatientList(session.patients.search, date.today)
        patient_list.resize(1120, 640)
        patient_list.show()
        app.processEvents()
        box, view, model = patient_list.search_box, patient_list.table, patient_list.model
        box.setFocus()
        rng = random.Random(seed)
        timings: dict[str, list[float]] = defaultdict(list)
        started = time.perf_counter()
        for _ in range(passes):
            order = prefixes[:]
            rng.shuffle(order)
            for kind, word in order:
                box.selectAll()
                t0 = time.perf_counter()
                QTest.keyClick(box, Qt.Key.Key_Backspace)
                t1 = time.perf_counter()
                view.viewport().repaint()
                t2 = time.perf_counter()
                assert model.query_text == "" and model.rowCount() == PAGE
                timings["clear model"].append(_ms(t1 - t0))
                timings["clear painted"].append(_ms(t2 - t0))
                app.processEvents()
                for position, key in enumerate(word, start=1):
                    t0 = time.perf_counter()
                    QTest.keyClick(box, key)
                    t1 = time.perf_counter()
                    view.viewport().repaint()
                    t2 = time.perf_counter()
                    assert model.query_text == word[:position], (model.query_text, word)
                    timings[f"key{position} model"].append(_ms(t1 - t0))
                    timings[f"key{position} painted"].append(_ms(t2 - t0))
                    if position == 3:
                        timings[f"key3 model [{kind}]"].append(_ms(t1 - t0))
                        timings[f"key3 rows [{kind}]"].append(model.rowCount())
                    app.processEvents()
                t0 = time.perf_counter()
                found = clinic.patients.search(word, limit=PAGE + 1)
                t1 = time.perf_counter()
                timings["service"].append(_ms(t1 - t0))
                timings[f"service [{kind}]"].append(_ms(t1 - t0))
                assert len(found) == timings[f"key3 rows [{kind}]"][-1] + (len(found) > PAGE)
        elapsed = time.perf_counter() - started
        patient_list.close()
    finally:
        clinic.close()
    kinds = list(dict.fromkeys(kind for kind, _ in prefixes))
    rows = {
        "3rd key -> model updated": timings["key3 model"],
        "3rd key -> model + repaint": timings["key3 painted"],
        "service.search alone (3 letters)": timings["service"],
        "any key -> model updated": (timings["key1 model"] + timings["key2 model"]
                                     + timings["key3 model"] + timings["clear model"]),
        "any key -> model + repaint": (timings["key1 painted"] + timings["key2 painted"]
                                       + timings["key3 painted"] + timings["clear painted"]),
        "1st key -> model updated": timings["key1 model"],
        "2nd key -> model updated": timings["key2 model"],
        "clear -> model updated": timings["clear model"],
    }
    for kind in kinds:
        rows[f"3rd key -> model [{kind}]"] = timings[f"key3 model [{kind}]"]
        rows[f"service alone [{kind}]"] = timings[f"service [{kind}]"]
    return {
        "database": str(db), "passes": passes, "prefixes": [w for _, w in prefixes],
        "prefix_kinds": {kind: sum(1 for k, _ in prefixes if k == kind) for kind in kinds},
        "rows_after_3rd_key_median": {
            kind: statistics.median(timings[f"key3 rows [{kind}]"]) for kind in kinds},
        "platform": QApplication.platformName(), "machine": describe(), "seconds": elapsed,
        "ms": {name: summarise(values) for name, values in rows.items()},
    }


def print_table(report: dict[str, object]) -> None:
    print(f"search keystrokes on {report['database']} ({report['platform']} platform), "
          f"{len(report['prefixes'])} prefixes x {report['passes']} passes "  # type: ignore[arg-type]
          f"{report['prefix_kinds']}")
    print(headline(report["machine"]))  # type: ignore[arg-type]
    print(f"{'milliseconds':<38} {'n':>5} {'median':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for name, s in report["ms"].items():  # type: ignore[attr-defined]
        print(f"{name:<38} {s['n']:>5} {s['median']:7.2f} {s['p95']:7.2f} {s['p99']:7.2f} "
              f"{s['max']:7.2f}")
    print(f"rows shown after the 3rd key (median): {report['rows_after_3rd_key_median']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10,
                        help="passes over the prefix list (10 -> 500+ three-letter keystrokes)")
    parser.add_argument("--db", type=Path, help="clinic file (default: the generated 100k clinic)")
    parser.add_argument("--seed", type=int, default=7, help="which prefixes, in which order")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print the figures as JSON instead of the table (or write to FILE)")
    options = parser.parse_args(argv)
    db = ready_clinic(options.db)
    report = measure(db, options.runs, options.seed)
    if options.json == "-":
        print(json.dumps(report, indent=2))
        return 0
    print_table(report)
    if options.json:
        Path(options.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
