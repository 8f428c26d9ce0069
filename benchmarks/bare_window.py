"""Baseline for cold start: an empty PySide6 QMainWindow, timed exactly as the app times itself.

    uv run python -m benchmarks.bare_window   # prints "first paint: 0.190 s since process start"

It imports only PySide6 (QtCore, QtGui via QtWidgets, QtWidgets: the same modules the app's
start-up imports), shows a QMainWindow of the app's default size (1120 x 720), and after the first
paint event of that window plus one turn of the event loop writes the elapsed time since the
process started to stderr and quits. The watcher and the clock below are copies of
`FirstPaintWatcher` and `seconds_since_process_start` in keystone_desk/ui/application.py (copied,
not imported, so that importing keystone_desk is not counted here). Process start comes from
/proc/self/stat field 22, in clock ticks (usually 10 ms), so both figures share that granularity.
"""

from __future__ import annotations

import os
import sys
import time

_IMPORTED_AT = time.monotonic()

from PySide6.QtCore import QEvent, QObject, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402


def seconds_since_process_start() -> tuple[float, str]:
    """Elapsed time since the process began (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started, "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT, "start-up began"


class FirstPaintWatcher(QObject):
    """Emits `painted` once, after the widget's first paint has been delivered to the screen."""

    painted = Signal()

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)
        return False


def _report_first_paint_and_quit() -> None:
    since, what = seconds_since_process_start()
    sys.stderr.write(f"first paint: {since:.3f} s since {what}\n")
    sys.stderr.flush()
    QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.resize(1120, 720)
    watcher = FirstPaintWatcher(window)
    watcher.painted.connect(_report_first_paint_and_quit)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
