"""Crash-safety figures: kill a saving writer with SIGKILL N times (default 1,000) and check every
acknowledged save and `PRAGMA integrity_check` after each kill (see benchmarks/crash_harness.py).

    uv run python -m benchmarks.crash_safety --kills 1000 [--seed S] [--json [FILE]]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from .crash_harness import run_kills
from .environment import describe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="keystone-crash-") as folder:
        report = run_kills(Path(folder) / "clinic.db", options.kills, seed=options.seed)
    figures = {**asdict(report), "environment": describe()}
    if options.json:
        text = json.dumps(figures, indent=2, default=str)
        print(text)
        if options.json != "-":
            Path(options.json).write_text(text + "\n", encoding="utf-8")
    else:
        print(f"kills survived        {report.kills - len(report.problems)} / {report.kills}")
        print(f"acknowledged saves    {report.acknowledged} (all present after every kill)"
              if not report.problems else f"PROBLEMS: {report.problems[:5]}")
        print(f"kills mid-save        {report.killed_mid_run}")
        print(f"integrity checks ok   {report.integrity_checks - len(report.problems)}")
        print(f"time                  {report.seconds:.1f} s "
              f"({1000 * report.seconds / max(report.kills, 1):.0f} ms a kill)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
