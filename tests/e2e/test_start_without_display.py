"""`keystone-desk` without a display explains how to run it instead of letting Qt abort."""

import os
import subprocess
import sys

from keystone_desk.app import has_display


def test_display_detection():
    assert not has_display({})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})


def test_no_display_prints_how_to_run_it(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "keystone_desk", "--db", str(tmp_path / "c.db")],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert "xvfb-run" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "c.db").exists()
