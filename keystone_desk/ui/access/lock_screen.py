"""LockScreen: what shows while the app is locked — the locked user's name and a PIN or password
field, nothing about any patient. The window that shows it hides every other window of the app
(see `screen_lock.ScreenLock`); this widget only asks and says.

IdleWatcher: an application-wide event filter that restarts a timer on every key press, click,
wheel turn or mouse move in any window, and emits `idle` when the timer runs out.
Qt and domain types only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .login_dialog import error_label, labelled

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)

    def start(self, milliseconds: int) -> None:
        self.timer.setInterval(max(1, milliseconds))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # restarts the countdown
        return False


class LockScreen(QWidget):
    """'Locked — Dana Reyes', a PIN or password field, Unlock and Switch user…."""

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, display_name: str, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lock_screen")
        self._build_ui(display_name)
        self._connect_signals()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.secret.clear()
        self.secret.setFocus()

    def _build_ui(self, display_name: str) -> None:
        self.setWindowTitle(self.tr("Keystone Desk — locked"))
        self.setStyleSheet("QWidget#lock_screen { background: #eef1f5; }")
        self.heading = QLabel(self.tr("Locked — {name}").format(name=display_name))
        self.heading.setObjectName("lock_heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel(self.tr("Patient information is hidden. Enter your PIN or password to go "
                              "on, or switch to another user."))
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        hint.setStyleSheet("QLabel { color: #5f6368; }")

        form = QFormLayout()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        labelled(form, self.tr("PIN or &password"), self.secret)
        self.error = error_label()
        self.error.setObjectName("unlock_error")
        self.unlock = QPushButton(self.tr("&Unlock"))
        self.unlock.setDefault(True)
        self.switch_user = QPushButton(self.tr("&Switch user…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_user)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock)

        card = QWidget()
        card.setObjectName("lock_card")
        card.setStyleSheet("QWidget#lock_card { background: #ffffff; border: 1px solid #c4c9d0; "
                           "border-radius: 8px; }")
        card.setFixedWidth(440)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 20)
        inner.setSpacing(12)
        inner.addWidget(self.heading)
        inner.addWidget(hint)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def _connect_signals(self) -> None:
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.secret.returnPressed.connect(self._on_unlock_clicked)
        self.switch_user.clicked.connect(self.switch_user_requested)
        # Closing the lock screen must not reveal anything: Esc and the window's close do nothing.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.secret.clear)

    def _on_unlock_clicked(self) -> None:
        self.unlock_requested.emit(self.secret.text())

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
