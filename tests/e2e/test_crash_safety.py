"""Crash safety: a writer saving patients is killed with SIGKILL at random moments, 200 times;
after every kill each acknowledged save is there and `PRAGMA integrity_check` is ok.

The harness (benchmarks/crash_harness.py) forks writers from a warm interpreter, so 200 kills take
about 10 s here; `uv run python -m benchmarks.crash_safety --kills 1000` runs the long version.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.crash_harness import run_kills

KILLS = 200

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


@pytest.mark.timeout(300)
def test_every_acknowledged_save_survives_200_kills(tmp_path: Path) -> None:
    report = run_kills(tmp_path / "clinic.db", KILLS, seed=20261127)
    assert report.problems == []
    assert report.kills == report.integrity_checks == KILLS
    assert report.acknowledged >= KILLS  # the writer really was saving between kills
    assert report.killed_mid_run >= KILLS * 0.7  # most kills land while it is saving
