"""The layer rules of shared/design.md, checked by import-linter on every test run."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def test_import_linter_contracts_hold():
    result = subprocess.run([str(LINT)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_contracts_catch_a_window_importing_the_store_and_a_third_party_import_in_domain(
        tmp_path: Path) -> None:
    # A copy of the package with two imports the design forbids; lint-imports runs from the copy's
    # root, which it puts first on sys.path, so the copy (not the checkout) is what it reads.
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "keystone_desk", tmp_path / "keystone_desk", ignore=ignore)
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    _append(tmp_path / "keystone_desk" / "ui" / "__init__.py",
            "from keystone_desk.store import patients")
    _append(tmp_path / "keystone_desk" / "domain" / "__init__.py", "import platformdirs")
    _append(tmp_path / "keystone_desk" / "domain" / "errors.py", "import json  # stdlib: allowed")

    result = subprocess.run([str(LINT), "--no-cache", "--no-logo"], cwd=tmp_path,
                            capture_output=True, text=True)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "ui reaches the store only through services BROKEN" in out, out
    assert "keystone_desk.ui -> keystone_desk.store.patients" in out, out
    assert "domain imports only the standard library BROKEN" in out, out
    assert "keystone_desk.domain -> platformdirs" in out, out
    assert "-> json" not in out, out
    assert ", 2 broken." in out, out  # these two and no other


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n{line}\n")
