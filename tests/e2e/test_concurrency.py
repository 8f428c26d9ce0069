"""Concurrency: two processes edit the same patients and notes at once, each saving over the
version it read (often stale by then). Conflicts are reported and retried, nothing is silently
lost (each record ends with exactly the edits that were acknowledged), and while a third party
holds the write lock the writers wait instead of failing: no OperationalError reaches them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from keystone_desk.domain.charting import NoteKind
from keystone_desk.domain.errors import ConflictError, DatabaseBusyError
from keystone_desk.services.clinic import Clinic
from tests.conftest import intake_values

EDITS_PER_WORKER = 120
ROOT = Path(__file__).resolve().parents[2]


def _tokens(text: str) -> list[str]:
    return text.split()


def worker(db_path: str, name: str, targets_json: str, start_at: float, seed: int) -> None:
    """One app instance: EDITS_PER_WORKER edits, each appending a token to a patient's goals or
    a note's plan over the version it read; prints a JSON report on stdout."""
    targets = json.loads(targets_json)
    clinic = Clinic(db_path)
    actor = clinic.builtin_administrator()
    rng = random.Random(seed)
    acked: dict[str, list[str]] = {}
    report = {"conflicts": 0, "busy": 0, "other": [], "max_wait_s": 0.0}
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(EDITS_PER_WORKER):
        kind, target = rng.choice([("patient", p) for p in targets["patients"]]
                                  + [("note", n) for n in targets["notes"]])
        token = f"{name}{i}"
        while True:  # a person told of a conflict reloads and makes the edit again
            started = time.perf_counter()
            try:
                _edit(clinic, actor, kind, target, token, rng)
            except ConflictError:
                report["conflicts"] += 1
                continue
            except DatabaseBusyError:
                report["busy"] += 1
                continue
            except Exception as exc:  # anything else is what this test looks for
                report["other"].append(f"{type(exc).__name__}: {exc}")
                break
            report["max_wait_s"] = max(report["max_wait_s"], time.perf_counter() - started)
            acked.setdefault(f"{kind}:{target}", []).append(token)
            break
    clinic.close()
    report["acked"] = acked
    print(json.dumps(report))


def _edit(clinic: Clinic, actor, kind: str, target: int, token: str, rng: random.Random) -> None:
    if kind == "patient":
        patient = clinic.patients.get(target)
        time.sleep(rng.uniform(0, 0.004))  # the person types: the version they read goes stale
        goals = " ".join([*_tokens(patient.intake.goals), token])
        clinic.patients.update(actor, target, intake_values(goals=goals), patient.version)
    else:
        note = clinic.notes.get(target)
        time.sleep(rng.uniform(0, 0.004))
        plan = " ".join([*_tokens(note.content.get("plan", "")), token])
        clinic.notes.save(actor, target, note.header, {**note.content, "plan": plan},
                          note.version)


def _hold_write_lock(db_path: Path, seconds: float) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=10)
    conn.execute("BEGIN IMMEDIATE")
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.timeout(180)
def test_two_processes_editing_the_same_records_lose_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    clinic = Clinic(db_path)
    actor = clinic.builtin_administrator()
    patients = [clinic.patients.register(actor, intake_values(last_name=n)).patient
                for n in ("Ames", "Bell")]
    notes = []
    for patient in patients:
        episode = clinic.episodes.open_episode(actor, patient.id, "Right Achilles")
        notes.append(clinic.notes.create(actor, episode.id, NoteKind.DAILY, content={"plan": ""}))
    clinic.close()
    targets = json.dumps({"patients": [p.id for p in patients], "notes": [n.id for n in notes]})
    start_at = time.time() + 2.0
    procs = [subprocess.Popen(
        [sys.executable, "-c", "import sys; from tests.e2e.test_concurrency import worker; "
         "worker(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]))",
         str(db_path), name, targets, repr(start_at), str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, seed in (("a", 1), ("b", 2))]
    time.sleep(max(0.0, start_at - time.time()) + 0.1)
    for _ in range(3):  # a third instance (a backup, an import) holds the write lock a while
        _hold_write_lock(db_path, 0.3)
        time.sleep(0.05)
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=150)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))

    assert [r["other"] for r in reports] == [[], []]  # no OperationalError, nothing unexpected
    assert sum(r["busy"] for r in reports) == 0  # waited for the lock rather than giving up
    conflicts = sum(r["conflicts"] for r in reports)
    assert conflicts > 0  # stale saves really happened, and each one was reported
    acked: dict[str, set[str]] = {}
    for report in reports:
        for key, tokens in report["acked"].items():
            acked.setdefault(key, set()).update(tokens)
    assert sum(len(v) for v in acked.values()) == 2 * EDITS_PER_WORKER

    clinic = Clinic(db_path)
    try:
        for patient in patients:
            stored = clinic.patients.get(patient.id)
            expected = acked.get(f"patient:{patient.id}", set())
            assert sorted(_tokens(stored.intake.goals)) == sorted(expected)
            assert stored.version == patient.version + len(expected)
        for note in notes:
            stored_note = clinic.notes.get(note.id)
            expected = acked.get(f"note:{note.id}", set())
            assert sorted(_tokens(stored_note.content["plan"])) == sorted(expected)
            assert stored_note.version == note.version + len(expected)
    finally:
        clinic.close()
    print(f"\nconcurrency: {2 * EDITS_PER_WORKER} edits acknowledged, {conflicts} conflicts "
          f"caught, longest wait {max(r['max_wait_s'] for r in reports):.2f} s")
