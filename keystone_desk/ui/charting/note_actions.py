"""The note editor's bottom row: a status line and the buttons that apply to the note's state,
plus the small steps of exporting a PDF (a file name to suggest, writing the bytes).

A draft offers Save, Sign… and Export PDF…; a signed note Add addendum… and Export PDF…, and,
when typing could not be saved because the note was signed meanwhile, Copy my text into an
addendum….
Qt and domain types only; the editor does the work.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.charting import Note
from ...domain.patients import Patient

STATUS_STYLE = "color: #1b5e20;"


class NoteActions(QWidget):
    """Status text on the left; the note's actions on the right."""

    def __init__(self, parent: QWidget | None = None, *, may_sign: bool = True,
                 may_add_addendum: bool = True):
        super().__init__(parent)
        # An assistant writes and saves; a therapist signs and adds addenda (co-signs).
        self._may_sign, self._may_add_addendum = may_sign, may_add_addendum
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_STYLE)
        self.status.hide()
        self.save = QPushButton(self.tr("Save"))
        self.save.setToolTip(self.tr("Save the draft (Ctrl+S)"))
        self.sign = QPushButton(self.tr("Sign…"))
        self.sign.setToolTip(self.tr("Sign the note; it cannot be changed afterwards"))
        self.addendum = QPushButton(self.tr("Add addendum…"))
        self.copy_to_addendum = QPushButton(self.tr("Copy my text into an addendum…"))
        self.copy_to_addendum.setToolTip(self.tr(
            "Sign what you typed as an addendum to the signed note"))
        self.export = QPushButton(self.tr("Export PDF…"))
        self.close_button = QPushButton(self.tr("Close"))  # not `close`: QWidget.close stays
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addStretch(1)
        for button in (self.save, self.sign, self.copy_to_addendum, self.addendum, self.export,
                       self.close_button):
            layout.addWidget(button)

    def show_for(self, signed: bool, *, unsaved_typing: bool = False) -> None:
        self.save.setVisible(not signed)
        self.sign.setVisible(not signed and self._may_sign)
        self.addendum.setVisible(signed and not unsaved_typing and self._may_add_addendum)
        self.copy_to_addendum.setVisible(signed and unsaved_typing and self._may_add_addendum)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()


def export_file_name(note: Note, patient: Patient) -> str:
    """'García_Maria_daily_2026-11-27.pdf': who, what and when, safe as a file name."""
    intake = patient.intake
    words = f"{intake.last_name} {intake.first_name} {note.kind.value}"
    stem = re.sub(r"[^\w-]+", "_", words).strip("_")
    return f"{stem}_{note.header.visit_date.isoformat()}.pdf"


def write_pdf(path: Path, data: bytes) -> str:
    """Write the PDF; '' when done, else the reason it could not be written."""
    try:
        path.write_bytes(data)
    except OSError as error:
        return error.strerror or str(error)
    return ""
