"""AccountActions: the File menu's sign-in entries — Lock now (Ctrl+L), Switch user…, My PIN…,
Change password…, and for an administrator Users… — and the status-bar text naming who is signed
in. The main window adds them to its menu; the SignInFlow does the locking and switching.
Qt, domain types and the session's `auth` only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ...domain.permissions import ROLE_NAMES, Permission
from ...domain.users import User
from ...services.session import ClinicSession


def signed_in_text(user: User) -> str:
    """'Signed in: Dana Reyes (therapist)'."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("AccountActions", text)

    return tr("Signed in: {name} ({role})").format(name=user.display_name,
                                                   role=tr(ROLE_NAMES[user.role]))


class AccountActions(QObject):
    lock_requested = Signal()
    switch_user_requested = Signal()
    users_changed = Signal()
    idle_lock_changed = Signal()  # an administrator saved a new idle-lock time

    def __init__(self, window: QWidget, session: ClinicSession):
        super().__init__(window)
        self._window, self._session = window, session
        self.lock_now = QAction(self.tr("&Lock now"), window)
        self.lock_now.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_now.setStatusTip(self.tr("Hide patient information until you enter your PIN"))
        self.switch_user = QAction(self.tr("S&witch user…"), window)
        self.my_pin = QAction(self.tr("My &PIN…"), window)
        self.change_password = QAction(self.tr("C&hange password…"), window)
        self.users = QAction(self.tr("&Users…"), window)
        self.users.setStatusTip(self.tr("Add users, reset passwords, unlock accounts"))
        self.users.setVisible(session.can(Permission.USERS_MANAGE))
        for action in (self.lock_now, self.switch_user, self.my_pin, self.change_password,
                       self.users):
            window.addAction(action)  # shortcuts work wherever the focus is in the window
        self.lock_now.triggered.connect(self.lock_requested)
        self.switch_user.triggered.connect(self.switch_user_requested)
        self.my_pin.triggered.connect(self._on_my_pin_triggered)
        self.change_password.triggered.connect(self._on_change_password_triggered)
        self.users.triggered.connect(self._on_users_triggered)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.users)
        menu.addSeparator()
        for action in (self.my_pin, self.change_password, self.lock_now, self.switch_user):
            menu.addAction(action)

    def _on_my_pin_triggered(self) -> None:
        from .account_dialogs import pin_dialog  # on first use

        dialog = pin_dialog(self._window,
                            lambda pin: self._session.auth.set_pin(self._session.user, pin))
        dialog.exec()

    def _on_change_password_triggered(self) -> None:
        from .account_dialogs import change_password_dialog

        dialog = change_password_dialog(
            self._window,
            lambda old, new: self._session.auth.change_password(self._session.user, old, new))
        dialog.exec()

    def _on_users_triggered(self) -> None:
        from .users_dialog import UsersDialog

        dialog = UsersDialog(self._session, self._window)
        dialog.idle_lock_changed.connect(self.idle_lock_changed)
        dialog.exec()
        self.users_changed.emit()  # passwords may have been reset (the demo-password notice)
