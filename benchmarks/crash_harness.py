"""Crash-safety harness: a warm "zygote" process forks one writer per round; the writer registers
patients through the service in a loop, reporting each acknowledged id, and is killed with SIGKILL
after a random 5–60 ms. After each kill every acknowledged id must be in the database and
`PRAGMA integrity_check` must say ok. Used by tests/e2e/test_crash_safety.py and
benchmarks/crash_safety.py (POSIX only: fork and SIGKILL).

Why fork: a fresh interpreter that imports the app costs ~0.3 s, so 200 kills would take over a
minute; a forked child of an interpreter that has already imported everything starts in a few ms.
The zygote opens no database itself, so no SQLite connection ever crosses a fork.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_INTAKE = {"first_name": "Crash", "last_name": "Test", "date_of_birth": "1980-02-03",
           "sex": "female", "mobile_phone": "555 201 3344"}


@dataclass
class CrashReport:
    kills: int = 0
    acknowledged: int = 0  # saves the writer reported as done, all found after the kills
    killed_mid_run: int = 0  # kills that landed while the writer was saving (not yet ready: 0)
    integrity_checks: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _writer(db_path: str) -> None:
    """The forked child: save forever, one line per acknowledged save (one write(2) each)."""
    from keystone_desk.services.clinic import Clinic

    clinic = Clinic(db_path)
    actor = clinic.builtin_administrator()
    os.write(1, b"ready\n")
    while True:
        changed = clinic.patients.register(actor, _INTAKE, allow_duplicate=True)
        os.write(1, f"ack {changed.patient.id}\n".encode())


def zygote(db_path: str) -> None:
    """Read "go" lines; fork a writer for each and report its pid and its end."""
    import keystone_desk.services.clinic  # noqa: F401 - warm: children start with it loaded

    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _writer(db_path)
            finally:
                os._exit(3)
        os.write(1, f"child {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exit {pid} {status}\n".encode())


def run_kills(db_path: Path, kills: int, *, seed: int = 1, min_ms: float = 5,
              max_ms: float = 60) -> CrashReport:
    """Kill a writer `kills` times and check the database after each kill."""
    from keystone_desk.services.clinic import Clinic

    Clinic(db_path).close()  # migrated once, before any writer starts
    rng = random.Random(seed)
    report = CrashReport()
    acked: set[int] = set()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from benchmarks.crash_harness "
                             "import zygote; zygote(sys.argv[1])", str(db_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for _ in range(kills):
            proc.stdin.write("go\n")
            proc.stdin.flush()
            pid, ready, round_acks = None, False, []
            while pid is None or not ready:
                line = proc.stdout.readline()
                if not line:
                    raise RuntimeError("the crash zygote stopped")
                word, _, rest = line.strip().partition(" ")
                if word == "child":
                    pid = int(rest)
                elif word == "ready":
                    ready = True
                elif word == "ack":
                    round_acks.append(int(rest))
            time.sleep(rng.uniform(min_ms, max_ms) / 1000)
            os.kill(pid, signal.SIGKILL)
            while True:
                word, _, rest = proc.stdout.readline().strip().partition(" ")
                if word == "ack":
                    round_acks.append(int(rest))
                elif word == "exit":
                    status = int(rest.split()[1])
                    break
            if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                report.problems.append(f"writer {pid} ended without the kill (status {status})")
            report.kills += 1
            report.killed_mid_run += bool(round_acks)
            acked.update(round_acks)
            _check(db_path, acked, report)
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    report.acknowledged = len(acked)
    report.seconds = time.perf_counter() - started
    return report


def _check(db_path: Path, acked: set[int], report: CrashReport) -> None:
    conn = sqlite3.connect(db_path)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        report.integrity_checks += 1
        if result != ["ok"]:
            report.problems.append(f"after kill {report.kills}: integrity_check {result[:3]}")
        present = {row[0] for row in conn.execute("SELECT id FROM patients")}
    finally:
        conn.close()
    lost = acked - present
    if lost:
        report.problems.append(f"after kill {report.kills}: acknowledged saves lost: "
                               f"{sorted(lost)[:10]}")
