"""The visit part of a note: visit date, time in, time out and the therapist, in one row.

Reads and writes a domain NoteHeader; a date that cannot be read is reported beside its field as a
ValidationError, the same way the service reports times. Qt and domain only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from ...domain.charting import NoteHeader
from ...domain.contact import parse_date
from ...domain.errors import FieldProblem, ValidationError
from .note_fields import DateField, IntakeField, TextField, set_read_only, show_problems

TIME_PLACEHOLDER = "HH:MM"


class NoteHeaderFields(QWidget):
    """Visit date, time in/out (HH:MM) and the therapist (shown, not chosen here)."""

    edited = Signal(str)  # the field's key: visit_date, time_in, time_out

    def __init__(self, *, day_first: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._day_first = day_first
        self.visit_date = DateField("visit_date", self.tr("Visit date"), self,
                                    day_first=day_first)
        self.time_in = TextField("time_in", self.tr("Time in"), self,
                                 placeholder=TIME_PLACEHOLDER)
        self.time_out = TextField("time_out", self.tr("Time out"), self,
                                  placeholder=TIME_PLACEHOLDER)
        self._therapist = QLineEdit()
        self._therapist.setReadOnly(True)
        self.therapist = IntakeField("therapist", self.tr("Therapist"), self._therapist, self)
        self._therapist_id = 0
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(16)
        for column, (field, stretch) in enumerate(
                ((self.visit_date, 2), (self.time_in, 1), (self.time_out, 1),
                 (self.therapist, 3))):
            layout.addWidget(field.cell, 0, column)
            layout.setColumnStretch(column, stretch)
        for field in self.editable_fields:
            field.edited.connect(self._on_field_edited)

    def _on_field_edited(self, key: str) -> None:
        getattr(self, key).clear_error()  # a refused value being retyped is no longer wrong
        self.edited.emit(key)

    @property
    def editable_fields(self) -> tuple[IntakeField, ...]:
        return (self.visit_date, self.time_in, self.time_out)

    def set_header(self, header: NoteHeader, therapist_name: str) -> None:
        with QSignalBlocker(self):  # loading a note is not the person editing it
            self.visit_date.set_value(header.visit_date.isoformat())
            self.time_in.set_value(header.time_in)
            self.time_out.set_value(header.time_out)
        for field in self.editable_fields:
            field.clear_error()
        self._therapist.setText(therapist_name)
        self._therapist_id = header.therapist_id

    def raw(self) -> dict[str, str]:
        """What is typed, as typed (for unsaved-change checks)."""
        return {field.key: str(field.value()).strip() for field in self.editable_fields}

    def header(self, *, fallback_date: date | None = None) -> NoteHeader:
        """The header as typed; ValidationError for a date that cannot be read, unless
        `fallback_date` is given (an autosave keeps the rest of the typing)."""
        raw = self.raw()
        try:
            visit = parse_date(raw["visit_date"], day_first=self._day_first)
        except ValueError as error:
            if fallback_date is None:
                raise ValidationError(FieldProblem("visit_date", str(error))) from error
            visit = fallback_date
        return NoteHeader(visit, raw["time_in"], raw["time_out"], self._therapist_id)

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        return show_problems(self.editable_fields, problems)

    def set_read_only(self, read_only: bool) -> None:
        for field in self.editable_fields:
            set_read_only(field.input, read_only)
