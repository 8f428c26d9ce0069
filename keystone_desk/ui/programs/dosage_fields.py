"""DosageFields: a dosage's parts as labelled inputs, each with its problem shown beside it.

The rules are the domain's: `dosage()` builds a `Dosage` from what is typed and lets its
ValidationError name the fields that are wrong ("give a number from 1 to 10"); `show_problems`
puts each message beside its field. What was typed is never changed by a failed check. The unit
("reps", "hops"…) and "each side" are kept from the dosage that was set. Used by the program
builder's item details and by the clinic exercise editor. Qt widgets and domain types only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from ...domain.errors import FieldProblem, ValidationError
from ...domain.exercises import Dosage

ERROR_STYLE = "QLabel { color: #b3261e; }"
NUMBER_FIELDS = ("sets", "reps", "hold_seconds", "rest_seconds", "times_per_day", "days_per_week")
TEXT_FIELDS = ("load", "tempo")
_LABELS = {
    "sets": "Sets", "reps": "Reps", "hold_seconds": "Hold (seconds)",
    "rest_seconds": "Rest (seconds)", "times_per_day": "Times per day",
    "days_per_week": "Days per week", "load": "Load", "tempo": "Tempo",
}
_PLACEHOLDERS = {"load": "e.g. body weight; backpack with 5 kg", "tempo": "e.g. 3 s up, 3 s down"}


class DosageFields(QWidget):
    edited = Signal()  # the person typed in one of the fields
    committed = Signal()  # Enter pressed in a field, or the person left it: finish the edit now

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._base = Dosage()
        self._loading = False
        self.inputs: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._build_ui()

    def _build_ui(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        digits = self.fontMetrics().horizontalAdvance("0000") + 24
        row = 0
        for name in (*NUMBER_FIELDS, *TEXT_FIELDS):
            label = QLabel(self.tr(_LABELS[name]))
            field = QLineEdit()
            field.setAccessibleName(label.text())
            field.setObjectName(f"dosage_{name}")
            label.setBuddy(field)
            error = QLabel()
            error.setObjectName(f"dosage_{name}_error")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(label, row, 0)
            if name in NUMBER_FIELDS:  # the problem beside the short number
                field.setFixedWidth(digits)
                field.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(field, row, 1)
                grid.addWidget(error, row, 2)
            else:  # a long text: the problem right under it
                field.setPlaceholderText(self.tr(_PLACEHOLDERS[name]))
                field.setMaxLength(120)
                grid.addWidget(field, row, 1, 1, 2)
                row += 1
                grid.addWidget(error, row, 1, 1, 2)
            row += 1
            field.textEdited.connect(self._on_field_text_edited)
            field.editingFinished.connect(self.committed)
            self.inputs[name], self.labels[name], self._errors[name] = field, label, error
        grid.setColumnStretch(2, 1)

    # --- values --------------------------------------------------------------------------------

    def set_dosage(self, dosage: Dosage) -> None:
        """Show `dosage` (no `edited` signal); clears any problem shown."""
        self._base = dosage
        self._loading = True
        try:
            for name, field in self.inputs.items():
                field.setText(str(getattr(dosage, name)))
                field.setCursorPosition(0)  # a long load reads from its start
        finally:
            self._loading = False
        reps = dosage.unit.capitalize()
        self.labels["reps"].setText(reps)
        self.inputs["reps"].setAccessibleName(reps)
        self.show_problems(())

    def dosage(self) -> Dosage:
        """What is typed, as a Dosage; ValidationError names each field that is wrong."""
        typed: dict[str, Any] = {}  # as typed: Dosage's own checks name what is wrong
        for name in NUMBER_FIELDS:
            text = self.inputs[name].text().strip()
            typed[name] = int(text) if text.isdigit() and text.isascii() else text
        for name in TEXT_FIELDS:
            typed[name] = " ".join(self.inputs[name].text().split())
        known = {f.name for f in fields(Dosage)}
        return replace(self._base, **{k: v for k, v in typed.items() if k in known})

    def check(self) -> Dosage | None:
        """The typed dosage, or None after showing what is wrong beside each field."""
        try:
            dosage = self.dosage()
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return None
        self.show_problems(())
        return dosage

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for name, error in self._errors.items():
            messages = by_field.get(name, [])
            text = "; ".join(m[:1].upper() + m[1:] for m in messages)
            error.setText(text + ("." if text and not text.endswith(".") else ""))
            error.setVisible(bool(messages))
            self.inputs[name].setAccessibleDescription(error.text())

    def error_text(self, name: str) -> str:
        """The problem shown beside `name` ("" when none), as the person reads it."""
        error = self._errors[name]
        return error.text() if not error.isHidden() else ""

    def _on_field_text_edited(self, _text: str) -> None:
        if not self._loading:
            self.edited.emit()
