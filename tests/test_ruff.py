"""ruff over the whole checkout (package, tests, benchmarks, tools) on every test run."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--output-format", "concise", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unused_noqa_is_reported() -> None:
    # RUF100: a noqa comment that silences nothing (or names a rule that is not enabled) is an error,
    # so waivers do not outlive the code they excused.
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    selected = [*lint.get("select", []), *lint.get("extend-select", [])]
    assert "RUF100" in selected or "RUF" in selected, selected
