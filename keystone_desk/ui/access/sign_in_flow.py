"""SignInFlow: who is signed in to the app, from the first LoginDialog to Quit.

It shows the LoginDialog, then builds the main window with a `ClinicSession` for the person who
signed in; it locks the screen after the clinic's idle time (or on "Lock now"), hiding every window
of the app behind one LockScreen until the same person enters their PIN or password; and it
switches user — refused while a window holds unsaved typing, saying which — by signing out,
closing the windows and showing the LoginDialog again. Restoring a backup from the app takes the
same path, with the clinic's connection closed while `services.backups.restore` swaps the file
and a fresh one opened on the restored file before the LoginDialog shows. Qt, services and domain
types only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ...domain.errors import KeystoneError
from ...domain.users import User
from .. import messages
from ..tasks import TaskRunner
from .lock_screen import IdleWatcher, LockScreen
from .login_dialog import LoginDialog

if TYPE_CHECKING:  # sqlite-utils loads while the LoginDialog paints
    from ...services.clinic import Clinic
    from ...services.session import ClinicSession

MakeWindow = Callable[["ClinicSession"], QMainWindow]
OpenClinic = Callable[[], "Clinic"]  # opens the clinic file again (after a restore)


def wait_for_background_work() -> None:
    """Let every worker of the app finish: each holds its own connection to the clinic file
    (backups, program previews, audit exports, the demo load) until its work returns."""
    for widget in QApplication.topLevelWidgets():
        for runner in widget.findChildren(TaskRunner):
            runner.wait()
    QThreadPool.globalInstance().waitForDone()


def unsaved_windows() -> list[QWidget]:
    """Windows of the app that hold typing not yet saved (intake forms, notes, plans)."""
    found = []
    for widget in QApplication.topLevelWidgets():
        is_dirty = getattr(widget, "is_dirty", None)
        shown = widget.isVisible() or bool(widget.property("hidden_by_lock"))
        if shown and callable(is_dirty) and is_dirty():
            found.append(widget)
    return found


class SignInFlow(QObject):
    """Sign in, lock, unlock and switch user for one open clinic. The one holder of a bare
    `Clinic` among the windows: it signs people in and hands each window a `ClinicSession`."""

    signed_in = Signal(object)  # domain.users.User
    window_shown = Signal(object)  # the main window built for the signed-in user
    locked = Signal()
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, clinic: Clinic, make_window: MakeWindow | None = None,
                 settings: QSettings | None = None, parent: QObject | None = None, *,
                 reopen: OpenClinic | None = None, upgrade_backups: Path | None = None):
        super().__init__(parent)
        self._clinic = clinic
        self._reopen = reopen or self._default_reopen
        self._upgrade_backups = upgrade_backups
        self._settings = settings
        self._make_window = make_window or self._default_window
        self.user: User | None = None
        self.session: ClinicSession | None = None
        self.window: QMainWindow | None = None
        self.login: LoginDialog | None = None
        self.lock_screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)

    @property
    def clinic(self) -> Clinic:
        """The open clinic: a restore replaces it with one opened on the restored file."""
        return self._clinic

    # --- signing in ----------------------------------------------------------------------------

    def start(self) -> LoginDialog:
        """Show the LoginDialog (not blocking); the main window follows a successful sign-in."""
        self.login = LoginDialog(self._clinic.auth, Path(str(self._clinic.path)).name)
        self.login.accepted.connect(self._on_login_accepted)
        self.login.rejected.connect(self._on_login_rejected)
        self.login.show()
        return self.login

    def _on_login_accepted(self) -> None:
        assert self.login is not None
        user = self.login.user()
        self.login.deleteLater()
        self.login = None
        if user is not None:
            self.open_as(user)

    def _on_login_rejected(self) -> None:
        if self.login is not None:
            self.login.deleteLater()
            self.login = None
        self.quit_requested.emit()

    def open_as(self, user: User) -> QMainWindow:
        from ...services.session import ClinicSession  # after sign-in

        self.user = user
        self.session = ClinicSession(self._clinic, user)
        self.window = self._make_window(self.session)
        connect = getattr(self.window, "connect_sign_in_flow", None)
        if callable(connect):
            connect(self)
        self.window.show()
        self.signed_in.emit(user)
        self.window_shown.emit(self.window)
        self.restart_idle_timer()
        return self.window

    def restart_idle_timer(self) -> None:
        try:
            minutes = int(self._clinic.auth.idle_lock_minutes())
        except KeystoneError:
            minutes = 10
        self.idle.start(minutes * 60_000)

    def _default_window(self, session: ClinicSession) -> QMainWindow:
        from ..main_window import MainWindow

        return MainWindow(session, settings=self._settings)

    # --- locking -------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None

    def lock(self) -> None:
        """Hide every window of the app behind the lock screen."""
        if self.user is None or self.is_locked:
            return
        self.idle.stop()
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w is not self.lock_screen]
        geometry = self.window.geometry() if self.window is not None else None
        for widget in self._hidden:
            widget.setProperty("hidden_by_lock", True)
            widget.hide()
        self.lock_screen = LockScreen(self.user.display_name)
        self.lock_screen.unlock_requested.connect(self._on_lock_screen_unlock_requested)
        self.lock_screen.switch_user_requested.connect(self.switch_user)
        if geometry is not None:
            self.lock_screen.setGeometry(geometry)
        else:
            self.lock_screen.resize(900, 600)
        self.lock_screen.show()
        self.lock_screen.activateWindow()
        self.lock_screen.secret.setFocus()
        self.locked.emit()

    def _on_lock_screen_unlock_requested(self, secret: str) -> None:
        assert self.user is not None and self.lock_screen is not None
        try:
            ok = bool(secret) and self._clinic.auth.verify_unlock(self.user, secret)
        except KeystoneError as error:
            self.lock_screen.show_error(str(error))
            return
        if not ok:
            self.lock_screen.show_error(self.tr("That is not your PIN or password."))
            return
        self._remove_lock_screen()
        for widget in self._hidden:
            widget.setProperty("hidden_by_lock", None)
            widget.show()
        self._hidden = []
        if self.window is not None:
            self.window.activateWindow()
        self.restart_idle_timer()
        self.unlocked.emit()

    def _remove_lock_screen(self) -> None:
        if self.lock_screen is not None:
            self.lock_screen.hide()
            self.lock_screen.deleteLater()
            self.lock_screen = None

    # --- switching user ------------------------------------------------------------------------

    def switch_user(self) -> bool:
        """Sign out and show the LoginDialog; refused while a window holds unsaved typing."""
        if self._refused_for_unsaved_typing(self.tr("Cannot switch user")):
            return False
        if not self._sign_out():
            return False
        self.start()
        return True

    def _refused_for_unsaved_typing(self, title: str) -> bool:
        """True (after saying which windows) while any window holds unsaved typing."""
        dirty = unsaved_windows()
        if not dirty:
            return False
        names = "\n".join(f"•  {w.windowTitle()}" for w in dirty)
        where = self.tr("Unlock and save or close them first.") if self.is_locked else \
            self.tr("Save or close them first.")
        messages.show_error(self.lock_screen or self.window, title, self.tr(
            "These windows have changes that are not saved yet:\n{names}\n\n{where}").format(
                names=names, where=where))
        return True

    def _sign_out(self) -> bool:
        """Close every window and sign the person out; False if a window asked to stay open."""
        for widget in self._hidden:
            widget.setProperty("hidden_by_lock", None)
        self._hidden = []
        if self.window is not None and not self._close_window_quietly():
            return False
        self._remove_lock_screen()
        self.idle.stop()
        if self.user is not None:
            with contextlib.suppress(KeystoneError):  # never keeps the next person out
                self._clinic.auth.logout(self.user)
        self.user = None
        self.session = None
        return True

    # --- restoring a backup --------------------------------------------------------------------

    def restore_backup(self, backup: Path) -> bool:
        """Close every window and connection, put `backup` in place of the clinic file (a safety
        copy is taken first) and show the LoginDialog on the restored records. Refused while a
        window holds unsaved typing; a backup that cannot be restored leaves the file as it was
        and the LoginDialog reopens on it, saying why."""
        from ...services import backups  # only when restoring

        if self._refused_for_unsaved_typing(self.tr("Cannot restore")):
            return False
        actor = self.user
        if not self._sign_out():
            return False
        wait_for_background_work()
        db_path = Path(str(self._clinic.path))
        self._clinic.close()
        try:
            result = backups.restore(backup, db_path,
                                     actor_username=actor.username if actor else None,
                                     upgrade_backups=self._upgrade_backups)
        except KeystoneError as error:
            result, problem = None, str(error)
        self._clinic = self._reopen()
        login = self.start()
        if result is None:
            messages.show_error(login, self.tr("Backup not restored"), self.tr(
                "The clinic's records are as they were.\n\n{reason}").format(reason=problem))
            return False
        messages.show_info(login, self.tr("Backup restored"), self.tr(
            "The clinic now holds the records from {backup}.\n\nThe database as it was before "
            "the restore is kept at:\n{copy}\n\nSign in again to continue.").format(
                backup=backup.name, copy=result.safety_copy or self.tr("(there was none)")))
        return True

    def _default_reopen(self) -> Clinic:
        return self._clinic.reopen()

    def _close_window_quietly(self) -> bool:
        """Close the main window (it asks its own forms and notes); the app keeps running."""
        window = self.window
        assert window is not None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        previous = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the LoginDialog comes next, not Quit
        try:
            if not window.close():
                return False
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible() and widget is not self.lock_screen:
                    widget.close()
        finally:
            app.setQuitOnLastWindowClosed(previous)
        window.deleteLater()
        self.window = None
        return True
