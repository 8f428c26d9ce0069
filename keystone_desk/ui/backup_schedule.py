"""BackupScheduler: File → "Back up now" and "Backups…", a daily backup (checked at start and every
hour) and a backup on exit, all run through `TaskRunner.run_in_session` on a worker with its own
session (a connection is used only on the thread that opened it).

`BackupScheduler.attach(window, session, tasks)` is the one call main_window makes. Restore…
in the Backups dialog only names the backup (`restore_requested`): the app's SignInFlow does the
restore, since every window and connection on the file must close first. Imports
QtCore/QtGui/QtWidgets and services only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from ..domain.errors import KeystoneError
from ..domain.permissions import Permission
from ..services.backups import BackupResult
from ..services.session import ClinicSession
from . import messages
from .tasks import Progress, TaskRunner

HOUR_MS = 60 * 60 * 1000


class BackupScheduler(QObject):
    restore_requested = Signal(Path)  # a backup the administrator confirmed, after the dialog
    settings_changed = Signal()  # the Backups dialog saved new preferences (folder, keep, …)

    def __init__(self, window: QMainWindow, session: ClinicSession, tasks: TaskRunner):
        super().__init__(window)
        self._window, self._session, self._tasks = window, session, tasks
        self._running = False
        self._stopped = False
        self._chosen_restore: Path | None = None
        self.back_up_now_action = QAction(self.tr("&Back up now"), window)
        self.backups_action = QAction(self.tr("Backups…"), window)
        # Choosing the folder and restoring are for administrators; "Back up now" and the daily
        # and on-exit backups run as whoever is signed in (the permission matrix allows it).
        self.backups_action.setVisible(session.can(Permission.BACKUP_RUN))
        self.back_up_now_action.triggered.connect(self._on_back_up_now_triggered)
        self.backups_action.triggered.connect(self._on_backups_triggered)
        self._timer = QTimer(self)
        self._timer.setInterval(HOUR_MS)
        self._timer.timeout.connect(self.back_up_if_due)
        self._timer.start()
        QTimer.singleShot(0, self.back_up_if_due)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)

    def stop(self) -> None:
        """No more daily checks: the window is closing (the backup on exit still runs)."""
        self._stopped = True
        self._timer.stop()

    @classmethod
    def attach(cls, window: QMainWindow, session: ClinicSession,
               tasks: TaskRunner) -> BackupScheduler:
        scheduler = cls(window, session, tasks)
        menus = [menu for a in window.menuBar().actions() if isinstance(menu := a.menu(), QMenu)]
        if menus:  # at the top of the File menu
            ours = [scheduler.back_up_now_action, scheduler.backups_action]
            there = menus[0].actions()
            if there:
                menus[0].insertActions(there[0], ours)
            else:
                menus[0].addActions(ours)
        return scheduler

    def back_up_if_due(self) -> None:
        if not self._stopped and not self._running and self._session.backups.due_daily():
            self.start_backup(quiet=True)

    def start_backup(self, *, quiet: bool = False) -> None:
        self._running = True
        self._tasks.run_in_session(self._session, _back_up,
                                   on_success=lambda r: self._on_backup_done(r, quiet),
                                   on_failure=self._on_backup_failed, label=self.tr("Backing up"))

    def _on_backup_done(self, result: BackupResult, quiet: bool) -> None:
        self._running = False
        if not quiet:
            self._window.statusBar().showMessage(self.tr("Backed up to {path} (verified).")
                                                 .format(path=result.path), 10000)

    def _on_backup_failed(self, error: BaseException) -> None:
        self._running = False
        if not isinstance(error, KeystoneError):
            raise error
        messages.show_error(self._window, self.tr("Backup not made"), str(error))

    def _on_back_up_now_triggered(self) -> None:
        self.start_backup()

    def _on_backups_triggered(self) -> None:
        from .admin.backup_dialog import BackupDialog

        backups = self._session.backups
        dialog = BackupDialog(backups.settings(), backups.list_backups(), self._window,
                              can_restore=self._session.can(Permission.BACKUP_RESTORE))
        self._chosen_restore = None
        dialog.restore_requested.connect(self._on_dialog_restore_requested)
        dialog.restore_requested.connect(dialog.reject)
        if dialog.exec():
            try:
                backups.update_settings(self._session.user, *dialog.choice(),
                                        expected_version=backups.settings().version)
            except KeystoneError as exc:
                messages.show_error(self._window, self.tr("Backups"), str(exc))
            else:
                self.settings_changed.emit()
        dialog.deleteLater()
        if self._chosen_restore is not None:  # the dialog is closed before the windows close
            self.restore_requested.emit(self._chosen_restore)

    def _on_dialog_restore_requested(self, backup: Path) -> None:
        self._chosen_restore = backup

    def _on_app_about_to_quit(self) -> None:
        """The backup on exit: the clinic is still open here (application.run closes it after)."""
        if self._session.backups.due_on_exit() and not self._running:
            self.start_backup(quiet=True)
        self._tasks.wait(60_000)


def _back_up(session: ClinicSession, progress: Progress) -> BackupResult:
    """On the worker thread, with its own session."""
    return session.backups.backup_now(session.user)
