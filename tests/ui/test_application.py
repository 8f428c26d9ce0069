"""Start-up: a fast first paint with nothing heavy imported, clear failures, one error hook."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from keystone_desk.settings import Paths
from keystone_desk.ui import application, messages

ROOT = Path(__file__).resolve().parents[2]

START_AND_REPORT = """
import sys
from keystone_desk.app import main
code = main(["--db", sys.argv[1]])
heavy = sorted(m for m in sys.modules if m.startswith(("reportlab", "PySide6.QtCharts",
               "PySide6.QtPdf", "keystone_desk.ui.patients.intake_form",
               "keystone_desk.ui.patients.chart")))
print("exit", code, "heavy", heavy)
"""


def test_app_paints_its_window_then_exits_when_benchmarking(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               **{application.EXIT_AFTER_PAINT_ENV: "1"})
    done = subprocess.run([sys.executable, "-c", START_AND_REPORT, str(tmp_path / "c.db")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "exit 0 heavy []" in done.stdout, done.stdout + done.stderr
    assert "first paint:" in done.stderr and "since process start" in done.stderr
    assert (tmp_path / "c.db").exists()


def test_a_file_that_is_not_a_clinic_database_is_explained(qapp, tmp_path, monkeypatch):
    not_a_db = tmp_path / "notes.db"
    content = b"these are not the records you are looking for" * 100
    not_a_db.write_bytes(content)
    shown = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, **kw: shown.append((title, text)))
    hook = sys.excepthook
    code = application.run(Paths(not_a_db, tmp_path / "backups"), [])
    assert code == 1
    # The start-up check finds it before anything opens it, and changes nothing.
    assert shown and shown[0][0] == "The clinic database is damaged"
    assert str(not_a_db) in shown[0][1]
    assert not_a_db.read_bytes() == content
    assert sys.excepthook is hook


def test_unexpected_errors_are_logged_without_their_message_and_shown(caplog):
    shown = []
    reporter = application.ErrorReporter(
        show=lambda parent, title, text, **kw: shown.append((title, text, kw)))
    try:
        raise ValueError("García, Maria 1988-06-02")  # messages can quote patient data
    except ValueError as error:
        with caplog.at_level(logging.ERROR, logger="keystone_desk"):
            reporter.excepthook(ValueError, error, error.__traceback__)
    assert shown and shown[0][0] == "Something went wrong"
    assert "ValueError" in shown[0][1]
    assert "García" not in caplog.text and "García" not in shown[0][1]
    assert "test_unexpected_errors_are_logged" in caplog.text  # where it happened is kept
