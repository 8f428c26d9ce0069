"""Small dialogs about one's own sign-in and a user's password: "My PIN…", "Change password…",
and the administrator's "Reset password…". Each validates, calls one AuthService method, and
shows a refusal beside the field it is about, keeping what was typed. Qt and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
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
from .login_dialog import PASSWORD_RULES, error_label, labelled, password_field


class SecretDialog(QDialog):
    """A few secret fields, a confirmation, and one call that may refuse."""

    def __init__(self, title: str, intro: str, fields: list[tuple[str, str]],
                 submit: Callable[[dict[str, str]], None], accept_label: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self._submit = submit
        self.fields: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, text in fields:
            field = password_field()
            labelled(form, text, field)
            self.fields[key] = field
            self._errors[key] = error_label()
            form.addRow("", self._errors[key])
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = buttons.addButton(accept_label, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        for label in (*self._errors.values(), self.error):
            label.hide()
        values = {key: field.text() for key, field in self.fields.items()}
        if "confirm" in values:
            new = values.get("new", values.get("pin", ""))
            if values["confirm"] != new:
                self._show("confirm", self.tr("The two entries differ."))
                return
        try:
            self._submit(values)
        except ValidationError as error:
            for problem in error.problems:
                self._show(problem.field, problem.message)
            return
        except KeystoneError as error:
            self._show("", str(error))
            return
        self.accept()

    def _show(self, field: str, text: str) -> None:
        label = self._errors.get(field) or self._errors.get(_FIELD_ALIASES.get(field, ""))
        label = label or self.error
        label.setText(text)
        label.show()


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccountDialogs", text)


_FIELD_ALIASES = {"password": "new", "new_password": "new", "old_password": "old",
                  "secret": "pin"}


def pin_dialog(parent: QWidget | None, set_pin: Callable[[str], None]) -> SecretDialog:
    return SecretDialog(
        _tr("My PIN"),
        _tr("A PIN of 4 to 8 digits unlocks the screen after it locks itself. Your password "
            "always works too."),
        [("pin", _tr("&New PIN")), ("confirm", _tr("&Repeat PIN"))],
        lambda values: set_pin(values["pin"]), _tr("Set PIN"), parent)


def change_password_dialog(parent: QWidget | None,
                           change: Callable[[str, str], None]) -> SecretDialog:
    return SecretDialog(
        _tr("Change password"), _tr(PASSWORD_RULES),
        [("old", _tr("&Current password")), ("new", _tr("&New password")),
         ("confirm", _tr("&Repeat new password"))],
        lambda values: change(values["old"], values["new"]), _tr("Change password"),
        parent)


def reset_password_dialog(parent: QWidget | None, who: str,
                          reset: Callable[[str], None]) -> SecretDialog:
    return SecretDialog(
        _tr("Reset password"),
        _tr("A new password for {who}. Tell them in person; they can change it under "
            "File → Change password….").format(who=who) + "\n" + _tr(PASSWORD_RULES),
        [("new", _tr("&New password")), ("confirm", _tr("&Repeat new password"))],
        lambda values: reset(values["new"]), _tr("Reset password"), parent)
