"""What a benchmark ran on: machine, Python, Qt, the code's commit; and the clinic made ready.

Every report carries these, because figures from this project's 2-core machine are noisy and
only comparable between runs of the same code on the same kind of machine.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from benchmarks.clinic_fixture import ROOT, ensure_clinic


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def code_version() -> str:
    """Commit of the checkout, "+dirty" if tracked app files differ from it (untracked ignored)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--",
                                "keystone_desk", "pyproject.toml", "uv.lock"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def describe() -> dict[str, str]:
    """Machine and software versions (Qt versions are read in a child, not imported here)."""
    qt = subprocess.run(
        [sys.executable, "-c", "import PySide6; from PySide6.QtCore import qVersion; "
         "print(PySide6.__version__, qVersion())"], capture_output=True, text=True)
    pyside, _, qt_version = qt.stdout.strip().partition(" ")
    return {"cpus": str(os.cpu_count()), "cpu_model": cpu_model(),
            "python": platform.python_version(), "pyside6": pyside or "?",
            "qt": qt_version or "?", "kernel": platform.release(), "code": code_version(),
            "load_average_1m_at_end": f"{os.getloadavg()[0]:.2f}"}


def headline(info: dict[str, str]) -> str:
    return (f"{info['cpus']} CPUs ({info['cpu_model']}), Python {info['python']}, "
            f"PySide6 {info['pyside6']} / Qt {info['qt']}, code {info['code']}, "
            f"load {info['load_average_1m_at_end']}")


def ready_clinic(path: Path | None = None) -> Path:
    """The benchmark clinic, generated if missing and brought to the current schema.

    Opening it once here applies any pending migrations (in place, without the copy the app
    makes first), so no measured launch pays for an upgrade.
    """
    db = (path or ensure_clinic()).resolve()
    subprocess.run(
        [sys.executable, "-c", "import sys; from keystone_desk.services.clinic import Clinic; "
         "Clinic(sys.argv[1]).close()", str(db)], cwd=ROOT, check=True)
    return db
