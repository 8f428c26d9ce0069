"""Start-up of the windowed app: QApplication, the error hook, the clinic, the main window.

`run(paths, qt_args)` is called by app.py. It keeps cold start fast by importing only QtCore, QtGui
and QtWidgets here; heavier modules (reportlab, QtPdf, QtCharts, the intake form) load when first
used. The app starts with the sign-in (ui/access: first run creates the administrator); the main
window opens for the person who signed in, through a `ClinicSession`.

Benchmark hook: with KEYSTONE_DESK_EXIT_AFTER_PAINT=1 the app quits right after the first window's
first paint (the sign-in) and writes `first paint: 0.312 s since process start` to stderr.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from ..domain.errors import KeystoneError
from ..settings import APP_NAME, Paths
from . import messages

if TYPE_CHECKING:  # sqlite-utils and the sign-in load while Qt starts
    from ..services.clinic import Clinic
    from .access.sign_in_flow import SignInFlow
    from .startup_check import BegunCheck

EXIT_AFTER_PAINT_ENV = "KEYSTONE_DESK_EXIT_AFTER_PAINT"
LOG_FILE_NAME = "keystone-desk.log"

log = logging.getLogger("keystone_desk")
_IMPORTED_AT = time.monotonic()


def run(paths: Paths, qt_args: list[str]) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Keystone Desk")
    _log_to_file(paths.database.parent / "logs" / LOG_FILE_NAME)
    errors = ErrorReporter()
    previous_hook, sys.excepthook = sys.excepthook, errors.excepthook

    from .startup_check import begin_check, database_is_usable

    check = begin_check(paths)  # header + schema now; PRAGMA quick_check on another thread
    if check.check_now and not database_is_usable(paths, problems=check.problems()):
        sys.excepthook = previous_hook  # a damaged file: restored from a backup, or we stop
        return 1
    opened: list[tuple[Clinic, SignInFlow]] = []  # (clinic, flow) now open

    def open_and_sign_in() -> bool:
        from ..services.clinic import Clinic  # sqlite-utils loads while Qt starts

        try:
            clinic = Clinic(paths.database, backup_dir=paths.upgrade_backups)
        except Exception as exc:  # any failure to open is explained, then we stop
            log.error("could not open the clinic database: %s", type(exc).__name__)
            messages.show_error(None, app.tr("Cannot open the clinic"), app.tr(
                "Keystone Desk could not open the clinic database:\n{path}\n\n{reason}\n\n"
                "Check that the file exists, that you may read and write it, and that it is a "
                "Keystone Desk database. Start with --db PATH to open another file.").format(
                    path=paths.database, reason=str(exc) or type(exc).__name__))
            return False
        from .access.sign_in_flow import SignInFlow

        flow = SignInFlow(clinic, reopen=lambda: Clinic(paths.database,
                                                        backup_dir=paths.upgrade_backups),
                          upgrade_backups=paths.upgrade_backups)  # Restore… reopens the file
        opened.append((clinic, flow))
        flow.quit_requested.connect(app.quit)
        flow.window_shown.connect(errors.set_parent)
        login = flow.start()
        if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
            FirstPaintWatcher(login).painted.connect(_report_first_paint_and_quit)
        else:
            flow.window_shown.connect(_offer_demo_after_paint)
        if not check.check_now:
            # Waits for the quick check after the first paint (or 1 s), before any input is
            # handled: a damaged file is never signed in to.
            done = False

            def finish() -> None:
                nonlocal done
                if done:
                    return
                done = True
                _finish_check(check, paths, app, opened, open_and_sign_in)

            FirstPaintWatcher(login).painted.connect(finish)
            QTimer.singleShot(1000, finish)
        return True

    try:
        if not open_and_sign_in():
            return 1
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        for _clinic, flow in opened:
            flow.clinic.close()  # after a restore: the reopened one


def _finish_check(check: BegunCheck, paths: Paths, app: QApplication,
                  opened: list[tuple[Clinic, SignInFlow]], reopen: Callable[[], bool]) -> None:
    problems = check.problems()
    if os.environ.get(EXIT_AFTER_PAINT_ENV) == "1":
        since, what = seconds_since_process_start()
        sys.stderr.write(f"database check done: {since:.3f} s since {what}\n")
        sys.stderr.flush()
    if not problems:
        return
    from .startup_check import database_is_usable

    log.error("the start-up check found the clinic database damaged")
    while opened:  # close the sign-in and the clinic before anything else touches the file
        clinic, flow = opened.pop()
        flow.quit_requested.disconnect(app.quit)
        login = flow.login
        if login is not None:
            login.hide()
            login.deleteLater()
        clinic.close()
    check.check_now = True  # a restored backup passed integrity_check
    if not database_is_usable(paths, problems=problems) or not reopen():
        app.exit(1)


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
            # Children paint in the same pass; the next turn of the event loop sees it all done.
            QTimer.singleShot(0, self.painted.emit)
        return False


class ErrorReporter:
    """The one `sys.excepthook`: logs the error (type and code location, never its message,
    which may quote patient data) and tells the person in a dialog."""

    def __init__(self, show: Callable[..., None] | None = None):
        self.parent: QWidget | None = None
        self._show = show
        self._showing = False

    def set_parent(self, parent: QWidget | None) -> None:
        self.parent = parent

    def excepthook(self, kind: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, KeystoneError):  # e.g. a refusal for the role: its message says why
            messages.show_error(self.parent, QApplication.translate("ErrorReporter", "Not done"),
                                str(error))
            return
        where = "\n".join(f"  {frame.filename}:{frame.lineno} in {frame.name}"
                          for frame in traceback.extract_tb(tb))
        log.error("unexpected error %s\n%s", kind.__qualname__, where)
        if self._showing:  # an error while the dialog is open must not stack dialogs
            return
        self._showing = True
        try:
            show = self._show or messages.show_error
            show(self.parent, QApplication.translate("ErrorReporter", "Something went wrong"),
                 QApplication.translate(
                     "ErrorReporter",
                     "Keystone Desk hit an unexpected problem ({kind}). What you saved before "
                     "is safe. If it happens again, please tell your support contact and "
                     "include the log file.").format(kind=kind.__qualname__),
                 details=where)
        finally:
            self._showing = False


def _log_to_file(path: Path) -> None:
    if log.handlers:
        return
    log.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)


def _offer_demo_after_paint(window: QWidget) -> None:
    offer = getattr(window, "offer_demo_clinic_if_empty", None)
    if callable(offer):
        FirstPaintWatcher(window).painted.connect(offer)


def _report_first_paint_and_quit() -> None:
    since, what = seconds_since_process_start()
    sys.stderr.write(f"first paint: {since:.3f} s since {what}\n")
    sys.stderr.flush()
    QApplication.quit()


def seconds_since_process_start() -> tuple[float, str]:
    """Elapsed time since the process began (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started, "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT, "start-up began"
