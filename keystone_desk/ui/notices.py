"""NoticeBar: persistent notices at the top of the main window, for something everyone should know
until an administrator puts it right.

- Sign-ins still on the demo clinic's published passwords (services: auth.demo_password_users,
  which verifies each stored hash once and remembers the answer): anyone who has read the
  documentation can sign in as them. An administrator gets a "Users…" button.
- Backups switched on but no backup folder chosen (backups.folder_missing): no backup is being
  made. An administrator gets a "Choose backup folder…" button that opens Backups….
Every role sees them; only the buttons depend on the role. `refresh()` asks the services again
(after the Users or Backups dialog, or the demo load), never on a repaint. Imports QtCore,
QtWidgets, domain types and the session only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.permissions import Permission
from ..services.session import ClinicSession

MIN_WIDTH = 480  # narrower than this, the bar keeps the height its sentences first asked for
_STYLE = ("QFrame#{name} {{ background: #fff4e0; border: 1px solid #c77c02; border-radius: 4px; }}"
          " QFrame#{name} QLabel {{ color: #5c3b00; }}")


class Notice(QFrame):
    """One notice: a sentence or two, and for those who can act on it, a button."""

    def __init__(self, name: str, button_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(_STYLE.format(name=name))
        self.label = QLabel()
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(button_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setVisible(bool(text))


class NoticeBar(QWidget):
    users_requested = Signal()  # an administrator clicked Users… on the demo-password notice
    backups_requested = Signal()  # an administrator clicked Choose backup folder…
    shown_changed = Signal(bool)  # whether any notice is shown now

    def __init__(self, session: ClinicSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.demo_passwords = Notice("demo_passwords_notice", self.tr("Users…"))
        self.backup_folder = Notice("backup_folder_notice", self.tr("Choose backup folder…"))
        self.demo_passwords.button.setVisible(session.can(Permission.USERS_MANAGE))
        self.backup_folder.button.setVisible(session.can(Permission.BACKUP_RUN))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.demo_passwords)
        layout.addWidget(self.backup_folder)
        self.demo_passwords.button.clicked.connect(self.users_requested)
        self.backup_folder.button.clicked.connect(self.backups_requested)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """A toolbar does not ask its widgets' height for their width, so wrapped sentences would
        get too much room or too little: the bar sets its own height for the width it has."""
        layout = self.layout()
        # Before the window has its width the bar is a sliver, and its height would be absurd.
        if layout is not None and layout.hasHeightForWidth() and self.width() >= MIN_WIDTH:
            height = layout.totalHeightForWidth(self.width())
            if height != self.height():
                self.setFixedHeight(height)
            layout.setGeometry(self.rect())  # lay the notices out in the height now set

    def any_shown(self) -> bool:
        return not self.demo_passwords.isHidden() or not self.backup_folder.isHidden()

    def refresh(self) -> None:
        self.demo_passwords.show_text(self._demo_password_text())
        self.backup_folder.show_text(self._backup_folder_text())
        self._fit_height()
        self.shown_changed.emit(self.any_shown())

    def _demo_password_text(self) -> str:
        users = self._session.auth.demo_password_users()
        if not users:
            return ""
        names = ", ".join(user.username for user in users)
        text = self.tr(
            "These sign-ins still have the demo clinic's published passwords: {names}. Anyone "
            "who has read the documentation can sign in as them.").format(names=names)
        if self._session.can(Permission.USERS_MANAGE):
            return text + " " + self.tr("Give each a new password (Users… → Reset password…), "
                                        "or archive the demo users you do not need.")
        return text + " " + self.tr("An administrator changes them (File → Users…).")

    def _backup_folder_text(self) -> str:
        if not self._session.backups.folder_missing():
            return ""
        text = self.tr("Backups are switched on, but no backup folder has been chosen, so no "
                       "backup is being made.")
        if self._session.can(Permission.BACKUP_RUN):
            return text + " " + self.tr("Choose a folder, ideally on another drive.")
        return text + " " + self.tr("Ask an administrator to choose one (File → Backups…).")


def attach_notice_bar(window: QMainWindow, session: ClinicSession) -> NoticeBar:
    """Put a NoticeBar in its own toolbar row under the window's toolbar (the tabs stay the
    central widget); the row cannot be hidden by hand and shows only while a notice does."""
    window.addToolBarBreak()
    toolbar = window.addToolBar(window.tr("Notices"))
    toolbar.setObjectName("notices_toolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.toggleViewAction().setVisible(False)
    bar = NoticeBar(session, toolbar)
    bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(bar)
    bar.shown_changed.connect(toolbar.setVisible)
    bar.refresh()
    return bar
