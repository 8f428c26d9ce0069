"""SignDialog and AddendumDialog: small dialogs that ask what signing needs and hand it back.

They check only that what is required was typed (errors beside the fields, the dialog stays
open) and return it through typed accessors; the editor calls the service. Qt and domain only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from .note_fields import IntakeField, MultiLineField, TextField, show_problems

DEFAULT_CREDENTIALS = "PT, DPT"
WARNING_STYLE = ("background: #fff4e5; color: #5a3300; border: 1px solid #e8a33d; "
                 "border-radius: 4px; padding: 8px 10px;")


class _FieldsDialog(QDialog):
    """A dialog of labelled fields above OK/Cancel that refuses OK while a field is blank."""

    def __init__(self, title: str, accept_label: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._layout = QVBoxLayout(self)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self._buttons.addButton(accept_label,
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._required: list[tuple[IntakeField, str]] = []

    def _finish_layout(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self._layout.addWidget(widget)
        self._layout.addWidget(self._buttons)

    def fields(self) -> list[IntakeField]:
        return [field for field, _ in self._required]

    def show_problems(self, problems: list[FieldProblem]) -> None:
        show_problems(self.fields(), problems)
        first = next((f for f in self.fields() if f.error), None)
        if first is not None:
            first.input.setFocus()

    def accept(self) -> None:
        problems = [FieldProblem(field.key, message) for field, message in self._required
                    if not str(field.value()).strip()]
        self.show_problems(problems)
        if not problems:
            super().accept()


class SignDialog(_FieldsDialog):
    """Confirms that a signed note cannot change, and asks the signer's credentials."""

    def __init__(self, signer_name: str, credentials: str = DEFAULT_CREDENTIALS,
                 parent: QWidget | None = None):
        super().__init__(self.tr("Sign note"), self.tr("Sign"), parent)
        warning = QLabel(self.tr(
            "Once signed, this note cannot be changed. Corrections are added as signed "
            "addenda under it."))
        warning.setWordWrap(True)
        warning.setStyleSheet(WARNING_STYLE)
        signer = QLabel(self.tr("Signing as {name}").format(name=signer_name))
        self.credentials_field = TextField("credentials", self.tr("Credentials"), self,
                                           placeholder=DEFAULT_CREDENTIALS)
        self.credentials_field.set_value(credentials)
        self._required = [(self.credentials_field,
                           self.tr("Enter your credentials, e.g. PT, DPT."))]
        self._finish_layout(warning, signer, self.credentials_field.cell)
        self.credentials_field.input.setFocus()

    def credentials(self) -> str:
        return self.credentials_field.value().strip()


class AddendumDialog(_FieldsDialog):
    """Reason and text of a correction or addition to a signed note; both are required."""

    def __init__(self, credentials: str = DEFAULT_CREDENTIALS, parent: QWidget | None = None):
        super().__init__(self.tr("Add addendum"), self.tr("Sign addendum"), parent)
        hint = QLabel(self.tr("The signed note stays as it is; the addendum is signed and shown "
                              "under it."))
        hint.setWordWrap(True)
        self.reason_field = TextField("reason", self.tr("Reason"), self,
                                      placeholder=self.tr("e.g. Side recorded wrongly"))
        self.body_field = MultiLineField("body", self.tr("Addendum"), self, lines=6)
        self.credentials_field = TextField("credentials", self.tr("Credentials"), self)
        self.credentials_field.set_value(credentials)
        self._required = [
            (self.reason_field, self.tr("Say why the note needs an addendum.")),
            (self.body_field, self.tr("Write the addendum.")),
            (self.credentials_field, self.tr("Enter your credentials, e.g. PT, DPT.")),
        ]
        self._finish_layout(hint, self.reason_field.cell, self.body_field.cell,
                            self.credentials_field.cell)
        self.reason_field.input.setFocus()

    def prefill(self, reason: str, body: str) -> None:
        """Start from text the person already wrote (typing a signature made unsavable)."""
        self.reason_field.set_value(reason)
        self.body_field.set_value(body)

    def reason(self) -> str:
        return self.reason_field.value().strip()

    def body(self) -> str:
        return self.body_field.value().strip()

    def credentials(self) -> str:
        return self.credentials_field.value().strip()
