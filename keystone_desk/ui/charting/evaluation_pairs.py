"""Evaluation inputs that hold more than one value: left/right pairs, special tests, the diagnosis.

`BilateralInput` shows Left | Right | LSI side by side, marks the involved side and flags a limb
symmetry index under 90 % in amber; the arithmetic is domain.symmetry's, never repeated here.
`SpecialTestInput` records positive / negative / not tested, per side where the test is sided.
`DiagnosisInput` picks a condition and side and shows the ICD-10-CM code they give.
Qt widgets and pure domain helpers only; no services, no store.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ...domain.evaluation_values import diagnosis_value, field_lsi
from ...domain.symmetry import LSI_THRESHOLD, is_deficit
from ...domain.templates import (
    LIMB_LABELS,
    SIDES,
    TEST_RESULT_LABELS,
    Limb,
    TemplateField,
    TestResult,
    number_text,
)
from .evaluation_inputs import EvaluationInput, number_shown, parse_number
from .segmented_choice import SegmentedChoice

FLAG_STYLE = ("background: #fff4e5; color: #5a3300; border: 1px solid #e8a33d; "
              "border-radius: 3px; padding: 1px 6px; font-weight: bold;")
HINT_STYLE = "color: #5f6368;"
INVOLVED_EDIT_STYLE = ("QLineEdit { background: #eef3fb; border: 2px solid #1a5fb4; "
                       "border-radius: 3px; padding: 1px 3px; } "
                       "QLineEdit:disabled { background: #e3e9f2; color: #202124; }")
INVOLVED_LABEL_STYLE = "color: #1a5fb4; font-weight: bold;"
LSI_STYLE = "font-weight: bold; color: #1b5e20;"
DEFICIT_STYLE = "font-weight: bold; color: #8a4b00;"
_TEST_TONES = {TestResult.POSITIVE.value: "positive", TestResult.NEGATIVE.value: "negative",
               TestResult.NOT_TESTED.value: "muted"}
_BOX_WIDTH = 76


def _container(name: str) -> QWidget:
    """The group that a multi-part field's title labels (read out as the field's name)."""
    body = QWidget()
    body.setAccessibleName(name)
    return body


class BilateralInput(EvaluationInput):
    """Left | Right | LSI, with the involved side marked and a deficit flagged in amber."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        body = _container(field.label)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.edits: dict[Limb, QLineEdit] = {}
        self.side_labels: dict[Limb, QLabel] = {}
        for column, side in enumerate(SIDES):
            label = QLabel(self.tr(LIMB_LABELS[side]))
            edit = QLineEdit()
            edit.setPlaceholderText(field.unit)
            edit.setFixedWidth(_BOX_WIDTH)
            edit.setAccessibleName(label.text())
            label.setBuddy(edit)
            edit.textChanged.connect(self._on_input_changed)
            grid.addWidget(label, 0, column)
            grid.addWidget(edit, 1, column)
            self.edits[side], self.side_labels[side] = edit, label
        self.lsi_value = QLabel()
        self.lsi_value.setObjectName(f"{field.id}Lsi")
        self.flag = QLabel()
        self.flag.setObjectName(f"{field.id}LsiFlag")
        if field.lsi:
            caption = QLabel(self.tr("LSI"))
            caption.setToolTip(self.tr("Limb symmetry index: involved ÷ other side × 100"))
            grid.addWidget(caption, 0, 2)
            grid.addWidget(self.lsi_value, 1, 2)
            grid.addWidget(self.flag, 1, 3, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(4, 1)
        body.setFocusProxy(self.edits[Limb.LEFT])
        self._finish(body, body, *self.edits.values())
        self._involved: Limb | None = None
        self.show_symmetry(None)

    def value(self) -> object:
        numbers = {side.value: parse_number(edit.text()) for side, edit in self.edits.items()}
        return numbers if any(v is not None for v in numbers.values()) else None

    def set_value(self, value: object) -> None:
        pair = value if isinstance(value, dict) else {}
        for side, edit in self.edits.items():
            edit.setText(number_shown(pair.get(side.value)))

    def show_symmetry(self, involved: Limb | None) -> None:
        """Mark the involved side and show the LSI (with its flag) for what is typed now."""
        self._involved = involved
        for side in SIDES:
            marked = involved in (side, Limb.BOTH)
            self.edits[side].setStyleSheet(INVOLVED_EDIT_STYLE if marked else "")
            self.side_labels[side].setStyleSheet(INVOLVED_LABEL_STYLE if marked else "")
            # Not by colour alone: a thicker outline and bold label, and words for screen readers.
            description = self.field.label + (self.tr(", involved side") if marked else "")
            self.edits[side].setAccessibleDescription(description)
            self.edits[side].setToolTip(self.tr("Involved side") if marked else "")
        if not self.field.lsi:
            return
        lsi = field_lsi(self.field, self.value(), involved)
        self.lsi_value.setText(f"{number_text(lsi)} %" if lsi is not None else "—")
        self.lsi_value.setStyleSheet(HINT_STYLE if lsi is None else DEFICIT_STYLE
                                     if is_deficit(lsi) else LSI_STYLE)
        if is_deficit(lsi):
            self._set_flag(self.tr("⚠ Under {threshold} %").format(
                threshold=number_text(LSI_THRESHOLD)), FLAG_STYLE)
        elif involved is Limb.BOTH:
            self._set_flag(self.tr("Both sides involved: no LSI"), HINT_STYLE)
        elif involved is None and self.value() is not None:
            self._set_flag(self.tr("Choose the involved side"), HINT_STYLE)
        else:
            self._set_flag("", "")

    def _set_flag(self, text: str, style: str) -> None:
        self.flag.setText(text)
        self.flag.setStyleSheet(style)
        self.flag.setVisible(bool(text))


class SpecialTestInput(EvaluationInput):
    """Positive / Negative / Not tested, one strip per side for a sided test."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        choices = [(result.value, self.tr(TEST_RESULT_LABELS[result])) for result in TestResult]
        tones = dict(_TEST_TONES)
        for result in field.refer.results if field.refer is not None else ():
            tones[result] = "refer"  # red, like the banner it raises
        self.strips: dict[str, SegmentedChoice] = {}
        if not field.sided:
            strip = SegmentedChoice(choices, tones)
            strip.changed.connect(self._on_input_changed)
            self.strips[""] = strip
            self._finish(strip, strip, strip, *strip.buttons.values())
            return
        body = _container(field.label)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        grid.setHorizontalSpacing(8)
        for row, side in enumerate(SIDES):
            label = QLabel(self.tr(LIMB_LABELS[side]))
            strip = SegmentedChoice(choices, tones)
            strip.setAccessibleName(label.text())
            label.setBuddy(strip)
            strip.changed.connect(self._on_input_changed)
            grid.addWidget(label, row, 0)
            grid.addWidget(strip, row, 1)
            self.strips[side.value] = strip
        grid.setColumnStretch(1, 1)
        body.setFocusProxy(self.strips[Limb.LEFT.value])
        buttons = [b for strip in self.strips.values() for b in strip.buttons.values()]
        self._finish(body, body, *buttons)

    def set_read_only(self, locked: bool) -> None:
        for strip in self.strips.values():
            for button in strip.buttons.values():
                button.setEnabled(not locked)

    def value(self) -> object:
        if not self.field.sided:
            return self.strips[""].value() or None
        results = {side: strip.value() for side, strip in self.strips.items() if strip.value()}
        return results or None

    def set_value(self, value: object) -> None:
        if not self.field.sided:
            self.strips[""].set_value(value if isinstance(value, str) else "")
            return
        results = value if isinstance(value, dict) else {}
        for side, strip in self.strips.items():
            result = results.get(side)
            strip.set_value(result if isinstance(result, str) else "")


class DiagnosisInput(EvaluationInput):
    """Condition and side from pick-lists, and the ICD-10-CM code they give."""

    def __init__(self, field: TemplateField, parent: QObject):
        super().__init__(field, parent)
        self.condition = QComboBox()
        self.condition.addItem("", "")
        for condition in field.conditions:
            self.condition.addItem(condition.label, condition.id)
        self.side = QComboBox()
        self.side.addItem("", "")
        for side in Limb:
            self.side.addItem(self.tr(LIMB_LABELS[side]), side.value)
        side_label = QLabel(self.tr("{label} side").format(label=field.label))
        side_label.setBuddy(self.side)
        self.side.setAccessibleName(side_label.text())
        code_caption = QLabel(self.tr("ICD-10-CM code"))
        self.code = QLabel("—")
        self.code.setObjectName(f"{field.id}Code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("font-weight: bold;")
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.condition, 1, 0)
        grid.addWidget(side_label, 0, 1)
        grid.addWidget(self.side, 1, 1)
        grid.addWidget(code_caption, 0, 2)
        grid.addWidget(self.code, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.default_side = ""
        self._unlisted: dict[str, str] = {}
        self.condition.currentIndexChanged.connect(self._on_condition_changed)
        self.side.currentIndexChanged.connect(self._on_side_changed)
        self._finish(body, self.condition, self.condition, self.side, title_in_body=True)

    def value(self) -> object:
        condition_id = str(self.condition.currentData() or "")
        if not condition_id:
            return None
        side = str(self.side.currentData() or "")
        if condition_id in self._unlisted:
            return {"condition": condition_id, "side": side, "icd10": self._unlisted[condition_id]}
        return diagnosis_value(self.field, condition_id, side)

    def set_value(self, value: object) -> None:
        chosen = value if isinstance(value, dict) else {}
        condition_id = str(chosen.get("condition") or "")
        if condition_id and self.condition.findData(condition_id) < 0:
            # A condition since dropped from the template: shown with its code and kept as is.
            self._unlisted[condition_id] = str(chosen.get("icd10") or "")
            self.condition.addItem(self.tr("{value} (not in the list)").format(
                value=condition_id), condition_id)
        self.condition.setCurrentIndex(max(self.condition.findData(condition_id), 0))
        self.side.setCurrentIndex(max(self.side.findData(chosen.get("side", "")), 0))
        self._show_code()

    def _on_condition_changed(self) -> None:
        if self.condition.currentData() and not self.side.currentData() and self.default_side:
            self.side.setCurrentIndex(max(self.side.findData(self.default_side), 0))
        self._show_code()
        self._on_input_changed()

    def _on_side_changed(self) -> None:
        self._show_code()
        self._on_input_changed()

    def _show_code(self) -> None:
        chosen = self.value()
        code = chosen["icd10"] if isinstance(chosen, dict) else ""
        self.code.setText(code or "—")
