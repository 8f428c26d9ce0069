"""mypy over the package on every test run: strict outside ui/, checked inside it.

The settings live in pyproject.toml ([tool.mypy]); mypy runs once for this module and both tests
read its report. Its incremental cache (.mypy_cache/) keeps a re-run to a few seconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = "keystone_desk/ui/"
_ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+(?::\d+)?: error: ")


@dataclass(frozen=True)
class MypyReport:
    returncode: int
    output: str

    def errors(self) -> list[str]:
        return [line for line in self.output.splitlines() if _ERROR.match(line)]

    def errors_outside(self, folder: str) -> list[str]:
        return [e for e in self.errors() if not _path(e).startswith(folder)]


def _path(error_line: str) -> str:
    match = _ERROR.match(error_line)
    assert match is not None
    return match["path"].replace("\\", "/")


@pytest.fixture(scope="module")
def mypy_report() -> MypyReport:
    mypy = Path(sys.executable).with_name("mypy")
    # No paths on the command line: [tool.mypy] files = ["keystone_desk"] says what to check.
    result = subprocess.run([str(mypy)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    return MypyReport(result.returncode, result.stdout + result.stderr)


def test_mypy_ran(mypy_report: MypyReport) -> None:
    # 0: clean, 1: type errors found. Anything else (2) is a crash or a bad configuration,
    # which would otherwise read as "no errors outside ui/".
    assert mypy_report.returncode in (0, 1), mypy_report.output
    assert "source files" in mypy_report.output, mypy_report.output


def test_strict_outside_ui(mypy_report: MypyReport) -> None:
    errors = mypy_report.errors_outside(UI)
    assert not errors, f"{len(errors)} mypy errors outside {UI}:\n" + "\n".join(errors)


def test_whole_package_including_ui(mypy_report: MypyReport) -> None:
    errors = mypy_report.errors()
    assert not errors, f"{len(errors)} mypy errors:\n" + "\n".join(errors)


def test_strict_everywhere_but_ui() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    relaxed = [m for o in config.get("overrides", []) for m in _modules(o)
               if m.startswith("keystone_desk") and any(v is False for v in o.values())]
    assert relaxed and all(m == "keystone_desk.ui" or m.startswith("keystone_desk.ui.")
                           for m in relaxed), relaxed


def _modules(override: dict[str, object]) -> list[str]:
    module = override["module"]
    if isinstance(module, str):
        return [module]
    assert isinstance(module, list)
    return [str(m) for m in module]


def test_error_lines_are_recognised() -> None:
    # The filter above must see mypy's real line format, or a failing run would pass as clean.
    line = 'keystone_desk/store/x.py:12: error: Incompatible types  [assignment]'
    assert MypyReport(1, line + "\nFound 1 error in 1 file").errors_outside(UI) == [line]
    ui_line = 'keystone_desk/ui/y.py:3: error: Item "None" has no attribute  [union-attr]'
    assert MypyReport(1, ui_line).errors_outside(UI) == []
