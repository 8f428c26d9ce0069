"""ClinicDetailsDialog ("Clinic details…"): the clinic's name, address, phone, logo and default
paper size, as printed on every handout and note; and `edit_clinic_details`, which shows it and
saves through the session's ClinicSettingsService.

The dialog checks as the person types (the domain's rules, so the messages match the service's)
and shows each problem beside its field; it returns what was typed through `branding()` and
never writes to the database itself. Choosing the logo file is a module function tests replace.
Imports the domain, services (types) and PySide6.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.clinic_settings import PAPER_SIZES, ClinicBranding, check_branding
from ..domain.errors import ConflictError, FieldProblem, ValidationError
from ..services.session import ClinicSession
from . import messages

LOGO_PREVIEW = (220, 80)
FIELDS = ("name", "address", "phone", "logo", "paper")


def choose_logo_file(parent: QWidget | None) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("ClinicDetailsDialog", "Choose the clinic's logo"), "",
        QCoreApplication.translate("ClinicDetailsDialog", "Pictures (*.png *.jpg *.jpeg)"))
    return path


def run_dialog(dialog: QDialog) -> bool:
    return bool(dialog.exec() == QDialog.DialogCode.Accepted)


def edit_clinic_details(parent: QWidget | None, session: ClinicSession) -> ClinicBranding | None:
    """Show the dialog until the details save or the person cancels; the saved details."""
    settings = session.settings
    version = settings.version()
    dialog = ClinicDetailsDialog(settings.get(), parent)
    while run_dialog(dialog):
        try:
            return settings.update(session.user, dialog.branding(), expected_version=version)
        except ValidationError as error:  # everything typed stays; the problems show beside it
            dialog.show_problems(error.problems)
        except ConflictError as error:
            messages.show_error(parent, dialog.tr("Clinic details not saved"), str(error))
            return None
    return None


class ClinicDetailsDialog(QDialog):
    def __init__(self, current: ClinicBranding, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = current
        self._logo = current.logo
        self._logo_problem = ""
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- what was typed

    def branding(self) -> ClinicBranding:
        return replace(self._current, name=self._name.text(),
                       address=self._address.toPlainText(), phone=self._phone.text(),
                       paper=self._paper.currentText(), logo=self._logo, logo_mime="")

    def error_text(self, field: str) -> str:
        """The problem shown beside `field` ("" when there is none)."""
        return self._errors[field].text()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        for field, label in self._errors.items():
            text = " ".join(p.message for p in problems if p.field == field)
            label.setText(text)
            label.setVisible(bool(text))
        self._ok.setEnabled(not problems)

    # --- building

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Clinic details"))
        self._name = QLineEdit()
        self._address = QPlainTextEdit()
        self._address.setTabChangesFocus(True)
        self._address.setFixedHeight(self._address.fontMetrics().lineSpacing() * 4 + 12)
        self._phone = QLineEdit()
        self._paper = QComboBox()
        self._paper.addItems(list(PAPER_SIZES))
        self._logo_preview = QLabel()
        self._logo_preview.setFixedSize(*LOGO_PREVIEW)
        self._logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self._choose_logo = QPushButton(self.tr("Choose picture…"))
        self._remove_logo = QPushButton(self.tr("Remove"))
        self._errors = {field: self._error_label() for field in FIELDS}
        form = QFormLayout()
        for text, widget, field in (
                (self.tr("Clinic &name"), self._name, "name"),
                (self.tr("&Address"), self._address, "address"),
                (self.tr("&Phone"), self._phone, "phone"),
                (self.tr("&Logo"), self._logo_row(), "logo"),
                (self.tr("Default &paper size"), self._paper, "paper")):
            label = QLabel(text)
            focus = self._choose_logo if field == "logo" else widget
            label.setBuddy(focus)
            focus.setAccessibleName(text.replace("&", ""))
            form.addRow(label, self._with_error(widget, field))
        hint = QLabel(self.tr("Printed at the top of every home program and note. The logo: a "
                              "PNG or JPEG picture of up to 2 MB."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setTabOrder(self._name, self._address)
        self.setTabOrder(self._address, self._phone)
        self.setTabOrder(self._phone, self._choose_logo)
        self.setTabOrder(self._choose_logo, self._remove_logo)
        self.setTabOrder(self._remove_logo, self._paper)

    def _logo_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._logo_preview)
        buttons = QVBoxLayout()
        buttons.addWidget(self._choose_logo)
        buttons.addWidget(self._remove_logo)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()
        return row

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #b3261e;")
        label.hide()
        return label

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self._errors[field])
        return box

    def _connect_signals(self) -> None:
        self._name.textChanged.connect(self._on_field_changed)
        self._address.textChanged.connect(self._on_field_changed)
        self._phone.textChanged.connect(self._on_field_changed)
        self._paper.currentIndexChanged.connect(self._on_field_changed)
        self._choose_logo.clicked.connect(self._on_choose_logo_clicked)
        self._remove_logo.clicked.connect(self._on_remove_logo_clicked)

    def _load(self) -> None:
        current = self._current
        self._name.setText(current.name)
        self._address.setPlainText(current.address)
        self._phone.setText(current.phone)
        self._paper.setCurrentText(current.paper if current.paper in PAPER_SIZES else "A4")
        self._show_logo()
        self._on_field_changed()

    # --- slots

    def _on_field_changed(self) -> None:
        try:
            check_branding(self.branding())
            problems: list[FieldProblem] = []
        except ValidationError as error:
            problems = error.problems
        if self._logo_problem:
            problems = [p for p in problems if p.field != "logo"]
            problems.append(FieldProblem("logo", self._logo_problem))
        self.show_problems(problems)

    def _on_choose_logo_clicked(self) -> None:
        chosen = choose_logo_file(self)
        if not chosen:
            return
        try:
            data = Path(chosen).read_bytes()
        except OSError as error:
            self._logo_problem = self.tr("Could not read {path}: {why}.").format(
                path=chosen, why=error.strerror or error)
        else:
            self._logo_problem = ""
            self._logo = data
        self._show_logo()
        self._on_field_changed()

    def _on_remove_logo_clicked(self) -> None:
        self._logo, self._logo_problem = b"", ""
        self._show_logo()
        self._on_field_changed()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            self._logo_preview.setPixmap(pixmap.scaled(
                *LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self._logo_preview.setPixmap(QPixmap())
            self._logo_preview.setText(self.tr("No logo") if not self._logo
                                       else self.tr("Cannot show this picture"))
        self._remove_logo.setEnabled(bool(self._logo))
