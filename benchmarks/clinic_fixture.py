"""The generated clinic every benchmark runs on: 100,000 patients, seed 7, made once and reused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "benchmarks" / "out" / "clinic-100k.db"


def ensure_clinic(path: Path = DEFAULT_DB, patients: int = 100_000, seed: int = 7) -> Path:
    """Create the benchmark clinic with the same CLI a user has, unless it already exists."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "keystone_desk", "demo", "--db", str(path),
             "--patients", str(patients), "--seed", str(seed)],
            check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
