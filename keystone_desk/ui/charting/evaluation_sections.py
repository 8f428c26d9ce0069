"""The sections of an evaluation form, generated from its template: one group box per section.

Each field becomes an input from evaluation_inputs / evaluation_pairs / evaluation_images, laid
out on a four-column grid in template order (a field's `span` and `new_row` say how, else its kind
does), so tab order follows the screen. Knows nothing about saving or banners: EvaluationForm
reads and writes values here and decides which problems to show.
Qt widgets and pure domain helpers only; must not import services or store.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...domain.errors import FieldProblem
from ...domain.templates import EvaluationTemplate, FieldKind, Limb, TemplateField
from .evaluation_images import ImageSlotInput
from .evaluation_inputs import (
    HINT_STYLE,
    ChoiceInput,
    DateInput,
    EvaluationInput,
    MultiChoiceInput,
    NumberInput,
    SegmentedInput,
    TextInput,
    TimeInput,
)
from .evaluation_pairs import BilateralInput, DiagnosisInput, SpecialTestInput

COLUMNS = 4
COLUMN_GAP = 18
_INPUT_CLASSES: dict[FieldKind, type[EvaluationInput]] = {
    FieldKind.TEXT: TextInput,
    FieldKind.NUMBER: NumberInput,
    FieldKind.INTEGER: NumberInput,
    FieldKind.CHOICE: ChoiceInput,
    FieldKind.MULTI_CHOICE: MultiChoiceInput,
    FieldKind.YES_NO: SegmentedInput,
    FieldKind.DATE: DateInput,
    FieldKind.TIME: TimeInput,
    FieldKind.INVOLVED_SIDE: SegmentedInput,
    FieldKind.BILATERAL: BilateralInput,
    FieldKind.SPECIAL_TEST: SpecialTestInput,
    FieldKind.DIAGNOSIS: DiagnosisInput,
    FieldKind.IMAGE: ImageSlotInput,
}


def columns_for(field: TemplateField) -> int:
    """How many of the grid's columns a field takes: the template's say, else by kind."""
    if field.span:
        return min(field.span, COLUMNS)
    if field.kind is FieldKind.TEXT:
        return COLUMNS if field.lines > 1 else 2
    if field.kind is FieldKind.DIAGNOSIS:
        return COLUMNS
    if field.kind in (FieldKind.BILATERAL, FieldKind.MULTI_CHOICE):
        return 2
    if field.kind is FieldKind.SPECIAL_TEST:
        return 2 if field.sided else 1
    return 1


class EvaluationSections(QWidget):
    """Every input of one template, grouped in its sections; says which field was edited or left."""

    edited = Signal(str)  # a field id
    left = Signal(str)  # a field id
    attach_requested = Signal(str)  # an image slot's field id

    def __init__(self, template: EvaluationTemplate, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = template
        self.inputs: dict[str, EvaluationInput] = {}
        self._build_ui()

    # ----- values

    def values(self) -> dict[str, object]:
        """Every field that holds something, in the shape of domain.templates."""
        found = {key: entry.value() for key, entry in self.inputs.items()}
        return {key: value for key, value in found.items() if value is not None}

    def set_values(self, values: Mapping[str, object]) -> None:
        for key, entry in self.inputs.items():
            entry.set_value(values.get(key))

    def image_slots(self) -> dict[str, ImageSlotInput]:
        return {key: entry for key, entry in self.inputs.items()
                if isinstance(entry, ImageSlotInput)}

    def show_symmetry(self, involved: Limb | None) -> None:
        """Mark the involved side on every pair and recompute each LSI."""
        for entry in self.inputs.values():
            if isinstance(entry, BilateralInput):
                entry.show_symmetry(involved)
            elif isinstance(entry, DiagnosisInput):
                entry.default_side = involved.value if involved else ""

    def set_read_only(self, locked: bool) -> None:
        for entry in self.inputs.values():
            entry.set_read_only(locked)

    # ----- problems

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Show each problem beneath its field; fields not named go back to their help text."""
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.field, []).append(self.tr(problem.message))
        for key, entry in self.inputs.items():
            if key in messages:
                entry.show_error(" ".join(messages[key]))
            elif entry.error:
                entry.clear_error()

    def first_in_error(self) -> EvaluationInput | None:
        return next((entry for entry in self.inputs.values() if entry.error), None)

    # ----- building

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)  # keep the boxes clear of the scroll bar
        layout.setSpacing(14)
        for section in self.template.sections:
            box = QGroupBox(section.title)
            box.setObjectName(f"{section.id}Section")
            box.setFont(_font(bold=True))
            grid = self._grid(box)
            row = 0
            if section.help:
                note = QLabel(section.help)
                note.setWordWrap(True)
                note.setStyleSheet(HINT_STYLE)
                note.setFont(_font(bold=False))
                self._place(grid, note, row, 0, COLUMNS)
                row += 1
            self._add_fields(grid, section.fields, row)
            layout.addWidget(box)
        layout.addStretch(1)

    def _add_fields(self, grid: QGridLayout, fields: tuple[TemplateField, ...], row: int) -> None:
        column = 0
        for field in fields:
            entry = self._make(field)
            span = columns_for(field)
            if column and (field.new_row or column + span > COLUMNS):
                row, column = row + 1, 0
            self._place(grid, entry.cell, row, column, span)
            column += span

    def _make(self, field: TemplateField) -> EvaluationInput:
        entry = _INPUT_CLASSES[field.kind](field, self)
        entry.edited.connect(self.edited)
        entry.left.connect(self.left)
        if isinstance(entry, ImageSlotInput):
            entry.attach_requested.connect(self.attach_requested)
        self.inputs[field.id] = entry
        return entry

    @staticmethod
    def _grid(box: QGroupBox) -> QGridLayout:
        grid = QGridLayout(box)
        # As in the intake form: no grid spacing (Qt drops it beside empty columns, so sections
        # would not line up); each cell keeps half the gap on either side instead.
        grid.setHorizontalSpacing(0)
        half = COLUMN_GAP // 2
        margins = grid.contentsMargins()
        grid.setContentsMargins(max(margins.left() - half, 0), margins.top(),
                                max(margins.right() - half, 0), margins.bottom())
        grid.setVerticalSpacing(12)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
            grid.setColumnMinimumWidth(column, 150)
        return grid

    @staticmethod
    def _place(grid: QGridLayout, widget: QWidget, row: int, column: int, span: int) -> None:
        widget.setFont(_font(bold=False))
        # Columns share the width equally in every section, whatever each input would like.
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, widget.sizePolicy().verticalPolicy())
        half = COLUMN_GAP // 2
        widget.setContentsMargins(half, 0, half, 0)
        grid.addWidget(widget, row, column, 1, span)


def _font(*, bold: bool) -> QFont:
    """Only the weight is set, so everything else still follows the parent (and the app's size)."""
    font = QFont()
    font.setBold(bold)
    return font
