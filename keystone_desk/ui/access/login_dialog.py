"""LoginDialog: who is at the keyboard, asked when the app starts and after "Switch user".

Sign-in asks for a user name and a password and says only "Wrong user name or password." when
either is wrong, never which. A locked account says until when. On a clinic's first run (no
administrator with a password yet) the dialog instead creates the clinic administrator. The
dialog calls `AuthService` (`clinic.auth`) and returns the signed-in user through `user()`.
Qt widgets and domain types only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import KeystoneError, ValidationError
from ...domain.sign_in import AccountLockedError, SignInError
from ...domain.users import User

ERROR_STYLE = "QLabel { color: #b3261e; }"
PASSWORD_RULES = ("At least 10 characters, not containing the user name. A few words together "
                  "are easy to remember and hard to guess.")


def locked_message(error: BaseException) -> str | None:
    """'This account is locked until 14:05 after 5 failed attempts.' for a lockout, else None."""
    if not isinstance(error, AccountLockedError):
        return None
    until = error.until
    local = until.astimezone() if until.tzinfo is not None else until
    return QCoreApplication.translate(
        "LoginDialog", "This account is locked until {time} after 5 failed attempts.").format(
        time=local.strftime("%H:%M"))


def is_sign_in_refusal(error: BaseException) -> bool:
    """A wrong name or password: shown with one generic sentence, never the service's detail."""
    return isinstance(error, SignInError)


def labelled(form: QFormLayout, text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(text.replace("&", ""))
    form.addRow(label, field)
    return label


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class LoginDialog(QDialog):
    """Sign in, or on first run create the administrator; `user()` is who signed in."""

    def __init__(self, auth: Any, clinic_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._auth = auth
        self._user: User | None = None
        self._first_run = bool(auth.needs_first_administrator())
        self._clinic_name = clinic_name
        self._build_ui()
        self._connect_signals()

    @property
    def first_run(self) -> bool:
        return self._first_run

    def user(self) -> User | None:
        return self._user

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Keystone Desk — sign in"))
        self.setMinimumWidth(420)
        heading = QLabel(self.tr("Create the clinic administrator") if self._first_run
                         else self.tr("Sign in to Keystone Desk"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(self.tr(
            "This clinic has no users yet. The administrator adds the other users, sets up "
            "backups and the clinic's details.") if self._first_run else self._clinic_name)
        intro.setWordWrap(True)
        intro.setStyleSheet("QLabel { color: #5f6368; }")
        intro.setVisible(bool(intro.text()))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        labelled(form, self.tr("&User name"), self.username)
        self.display_name = QLineEdit()
        self.password = password_field()
        self.confirm = password_field()
        self._field_errors: dict[str, QLabel] = {}
        if self._first_run:
            self.username.setText("admin")
            labelled(form, self.tr("&Display name"), self.display_name)
            self._add_field_error(form, "display_name")
            labelled(form, self.tr("&Password"), self.password)
            self._add_field_error(form, "password")
            labelled(form, self.tr("&Confirm password"), self.confirm)
            self._add_field_error(form, "confirm")
            rules = QLabel(self.tr(PASSWORD_RULES))
            rules.setWordWrap(True)
            rules.setStyleSheet("QLabel { color: #5f6368; }")
            form.addRow("", rules)
        else:
            labelled(form, self.tr("&Password"), self.password)
        self._field_errors["username"] = error_label()

        self.error = error_label()
        self.error.setObjectName("sign_in_error")
        self.error.setAccessibleName(self.tr("Sign-in problem"))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self._buttons.addButton(
            self.tr("Create administrator") if self._first_run else self.tr("Sign in"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        quit_button.setText(self.tr("Quit"))
        quit_button.setAutoDefault(False)  # Enter signs in, wherever the focus is
        self.accept_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons)
        focus = self.display_name if self._first_run else self.username
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_field_error(self, form: QFormLayout, field: str) -> None:
        label = error_label()
        self._field_errors[field] = label
        form.addRow("", label)

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self.confirm.textEdited.connect(self._on_confirm_text_edited)

    # --- slots ---------------------------------------------------------------------------------

    def _on_confirm_text_edited(self, text: str) -> None:
        matches = not text or self.password.text().startswith(text)
        self._show_field_error("confirm", "" if matches else self.tr("The passwords differ."))

    def _on_buttons_accepted(self) -> None:
        self._clear_errors()
        if self._first_run:
            self._create_administrator()
        else:
            self._sign_in()

    def _sign_in(self) -> None:
        try:
            user = self._auth.login(self.username.text().strip(), self.password.text())
        except KeystoneError as error:
            locked = locked_message(error)
            if locked is not None:
                self._show_error(locked)
            elif is_sign_in_refusal(error) or isinstance(error, ValidationError):
                self._show_error(self.tr("Wrong user name or password."))
            else:
                self._show_error(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        self._user = user
        self.accept()

    def _create_administrator(self) -> None:
        if self.password.text() != self.confirm.text():
            self._show_field_error("confirm", self.tr("The passwords differ."))
            self.confirm.setFocus()
            return
        try:
            user = self._auth.create_first_administrator(
                self.username.text().strip(), self.display_name.text().strip(),
                self.password.text())
        except ValidationError as error:
            for problem in error.problems:
                if problem.field in self._field_errors:
                    self._show_field_error(problem.field, problem.message)
                else:
                    self._show_error(problem.message)
            return
        except KeystoneError as error:
            self._show_error(str(error))
            return
        self._user = user
        self.accept()

    # --- helpers -------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _show_field_error(self, field: str, text: str) -> None:
        label = self._field_errors[field]
        label.setText(text)
        label.setVisible(bool(text))
        if field == "username" and text:
            self._show_error(text)

    def _clear_errors(self) -> None:
        self.error.hide()
        for label in self._field_errors.values():
            label.hide()
