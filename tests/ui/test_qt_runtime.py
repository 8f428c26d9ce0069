"""The Qt runtime the app depends on: real fonts, and no reference leak in the bindings."""

import sys

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qapp):
    # PySide6 6.12.0 on Python 3.11 lost a reference to None per call and aborted the process.
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50


def test_a_real_font_is_installed(qapp):
    # PySide6 ships no fonts; without one Qt draws empty boxes and every test still passes.
    families = QFontDatabase.families()
    assert any(name.startswith("DejaVu") for name in families), families[:10]
