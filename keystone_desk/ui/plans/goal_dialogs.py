"""Dialogs for the plan's goals: build a measurable goal, and move a goal's status on.

`GoalDialog` builds a GoalTarget from a kind — an outcome-measure score ("VISA-A ≥ 80"), a test
count on one side ("Single-leg heel raise right ≥ 25 reps") or an activity ("Run 5 km with pain
≤ 2/10") — suggesting the wording and the comparison from the measure or test chosen, and
explaining problems beside the fields as they are typed (domain.plan_goals.validate_goal plus the
measure's or test's range). `GoalStatusDialog` asks for the new status and, when a goal is
discontinued, why. Both emit `submitted` and stay open until the window calls `accept()` (the
service agreed) or `show_problems()`; neither writes to the database. Qt and domain only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from ...domain.measures import Direction, MeasureDefinition
from ...domain.plan_goals import (
    GOAL_STATUS_LABELS,
    Comparator,
    Goal,
    GoalKind,
    GoalStatus,
    GoalTarget,
    GoalTerm,
    goal_text,
    validate_goal,
)
from ...domain.templates import TemplateField
from .goal_model import TERM_LABELS, number_text
from .plan_inputs import ERROR_STYLE, HINT_STYLE, Labelled, date_edit, from_qdate, to_qdate

KIND_LABELS = {GoalKind.MEASURE_SCORE: "Outcome measure score",
               GoalKind.TEST_COUNT: "Test result on one side",
               GoalKind.ACTIVITY: "Activity"}
SIDE_LABELS = {"involved": "Involved side", "right": "Right", "left": "Left"}
COMPARATOR_LABELS = {Comparator.AT_LEAST: "At least (≥)", Comparator.AT_MOST: "At most (≤)"}
SHORT_TERM_WEEKS, LONG_TERM_WEEKS = 4, 12


@dataclass(frozen=True, slots=True)
class MeasureChoice:
    id: str
    short_name: str
    minimum: float
    maximum: float
    higher_is_better: bool

    @classmethod
    def of(cls, definition: MeasureDefinition) -> MeasureChoice:
        scoring = definition.scoring
        return cls(definition.id, definition.short_name, float(scoring.minimum),
                   float(scoring.maximum), scoring.direction is Direction.HIGHER_IS_BETTER)


@dataclass(frozen=True, slots=True)
class TestChoice:
    field_id: str
    label: str  # "Single-leg heel raise" (the unit left off)
    unit: str
    minimum: float | None
    maximum: float | None
    higher_is_better: bool

    @classmethod
    def of(cls, field: TemplateField) -> TestChoice:
        label = field.label.split(" (")[0]
        return cls(field.id, label, field.unit, field.minimum, field.maximum,
                   field.higher_is_better)


class GoalDialog(QDialog):
    submitted = Signal(object)  # GoalTarget

    def __init__(self, measures: Sequence[MeasureChoice], tests: Sequence[TestChoice],
                 today: date, parent: QWidget | None = None, *, goal: Goal | None = None):
        super().__init__(parent)
        self._measures = list(measures)
        self._tests = list(tests)
        self._today = today
        self._description_typed = goal is not None
        self._date_picked = goal is not None
        self._touched: set[str] = set()
        self._show_all = False
        self._build_ui(goal is not None)
        self._connect_signals()
        self._load(goal.target if goal is not None else None)

    # ----- what was typed

    def target(self) -> GoalTarget:
        kind = GoalKind(self._kind.currentData())
        try:
            value = float(self._value.text().strip().replace(",", "."))
        except ValueError:
            value = math.nan
        measure = self._measure.currentData() if kind is GoalKind.MEASURE_SCORE else None
        test = self._test.currentData() if kind is GoalKind.TEST_COUNT else None
        return GoalTarget(
            GoalTerm(self._term.currentData()), kind, " ".join(self._description.text().split()),
            value, Comparator(self._comparator.currentData()),
            " ".join(self._unit.text().split()), from_qdate(self._date.date()),
            measure_id=measure.id if isinstance(measure, MeasureChoice) else "",
            test_field=test.field_id if isinstance(test, TestChoice) else "",
            side=str(self._side.currentData()) if kind is GoalKind.TEST_COUNT else "")

    def problems(self) -> list[FieldProblem]:
        target = self.target()
        problems = validate_goal(target)
        if not any(p.field == "target_value" for p in problems):
            low, high, what = self._range()
            if (low is not None and target.target_value < low) or \
                    (high is not None and target.target_value > high):
                problems.append(FieldProblem("target_value", self.tr(
                    "{what} runs from {low} to {high}.").format(
                    what=what, low=number_text(low or 0), high=number_text(high or 0))))
        return problems

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Explain each problem beside its field; anything else goes above the buttons."""
        general = []
        shown = set()
        for problem in problems:
            field = self._fields.get(problem.field)
            if field is None:
                general.append(problem.message)
            elif problem.field not in shown:
                field.show_error(problem.message)
                shown.add(problem.field)
        for key, field in self._fields.items():
            if key not in shown:
                field.clear_error()
        self._general.setText("\n".join(general))
        self._general.setVisible(bool(general))

    # ----- building

    def _build_ui(self, editing: bool) -> None:
        self.setWindowTitle(self.tr("Edit goal") if editing else self.tr("Add goal"))
        self._term = _combo([(t.value, self.tr(label)) for t, label in TERM_LABELS.items()])
        self._kind = _combo([(k.value, self.tr(label)) for k, label in KIND_LABELS.items()])
        self._measure = _combo([(m, f"{m.short_name}") for m in self._measures])
        self._test = _combo([(t, t.label) for t in self._tests])
        self._side = _combo([(s, self.tr(label)) for s, label in SIDE_LABELS.items()])
        self._comparator = _combo([(c.value, self.tr(label))
                                   for c, label in COMPARATOR_LABELS.items()])
        self._value = QLineEdit()
        self._value.setPlaceholderText(self.tr("a number, e.g. 80"))
        self._unit = QLineEdit()
        self._unit.setMaxLength(30)
        self._description = QLineEdit()
        self._description.setMaxLength(200)
        self._description.setMinimumWidth(380)
        self._date = date_edit()
        self._fields = {
            "term": Labelled(self.tr("&Term"), self._term),
            "kind": Labelled(self.tr("&Kind of goal"), self._kind),
            "measure_id": Labelled(self.tr("&Measure"), self._measure),
            "test_field": Labelled(self.tr("T&est"), self._test),
            "side": Labelled(self.tr("&Side"), self._side),
            "comparator": Labelled(self.tr("&Compared"), self._comparator),
            "target_value": Labelled(self.tr("T&arget"), self._value),
            "unit": Labelled(self.tr("&Unit"), self._unit),
            "description": Labelled(self.tr("&Description"), self._description),
            "target_date": Labelled(self.tr("&By"), self._date),
        }
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field in self._fields.values():
            self._form.addRow(field.label, field.cell)
        self._reads = QLabel()
        self._reads.setObjectName("goal_reads")
        self._reads.setWordWrap(True)
        self._reads.setStyleSheet(HINT_STYLE)
        self._general = QLabel()
        self._general.setStyleSheet(ERROR_STYLE)
        self._general.setWordWrap(True)
        self._general.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._ok = self._buttons.addButton(self.tr("Save goal") if editing else
                                           self.tr("Add goal"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self._ok.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self._reads)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        for combo in (self._kind, self._measure, self._test, self._side):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self._term.currentIndexChanged.connect(self._on_term_changed)
        self._comparator.currentIndexChanged.connect(self._on_wording_input_changed)
        self._value.textEdited.connect(self._on_value_text_edited)
        self._unit.textEdited.connect(self._on_wording_input_changed)
        self._description.textEdited.connect(self._on_description_text_edited)
        self._date.dateChanged.connect(self._on_date_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def _load(self, target: GoalTarget | None) -> None:
        if target is None:
            self._select(self._measure, next((m for m in self._measures if m.id == "visa-a"),
                                             None))
            self._on_choice_changed()
            self._on_term_changed()
            return
        self._select(self._term, target.term.value)
        self._select(self._kind, target.kind.value)
        self._select(self._measure, next((m for m in self._measures
                                          if m.id == target.measure_id), None))
        self._select(self._test, next((t for t in self._tests
                                       if t.field_id == target.test_field), None))
        self._select(self._side, target.side or "involved")
        self._select(self._comparator, target.comparator.value)
        self._value.setText(number_text(target.target_value))
        self._unit.setText(target.unit)
        self._description.setText(target.description)
        if target.target_date is not None:
            self._date.setDate(to_qdate(target.target_date))
        self._show_rows()
        self._refresh()

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        if data is None:
            return
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    # ----- reacting

    def _on_choice_changed(self, *_: object) -> None:
        """A new kind, measure or test brings its own comparison, unit and wording."""
        kind = GoalKind(self._kind.currentData())
        measure, test = self._measure.currentData(), self._test.currentData()
        if kind is GoalKind.MEASURE_SCORE and isinstance(measure, MeasureChoice):
            better, unit = measure.higher_is_better, self.tr("points")
        elif kind is GoalKind.TEST_COUNT and isinstance(test, TestChoice):
            better, unit = test.higher_is_better, test.unit
        else:
            better, unit = kind is not GoalKind.ACTIVITY, ""
        self._select(self._comparator, (Comparator.AT_LEAST if better
                                        else Comparator.AT_MOST).value)
        self._unit.setText(unit)
        self._description.setPlaceholderText(self.tr("e.g. Run 5 km with pain ≤ 2/10")
                                             if kind is GoalKind.ACTIVITY else "")
        self._show_rows()
        self._refresh()

    def _on_term_changed(self, *_: object) -> None:
        if not self._date_picked:
            weeks = SHORT_TERM_WEEKS if self._term.currentData() == GoalTerm.SHORT.value \
                else LONG_TERM_WEEKS
            self._date.blockSignals(True)
            self._date.setDate(to_qdate(self._today + timedelta(weeks=weeks)))
            self._date.blockSignals(False)
        self._refresh()

    def _on_date_changed(self, *_: object) -> None:
        self._date_picked = True
        self._refresh()

    def _on_value_text_edited(self, _text: str) -> None:
        self._touched.add("target_value")
        self._refresh()

    def _on_description_text_edited(self, text: str) -> None:
        self._description_typed = bool(text.strip())
        self._touched.add("description")
        self._refresh()

    def _on_wording_input_changed(self, *_: object) -> None:
        self._refresh()

    def _on_buttons_accepted(self) -> None:
        self._show_all = True
        problems = self.problems()
        if problems:
            self.show_problems(problems)
            return
        self.submitted.emit(self.target())

    def _show_rows(self) -> None:
        kind = GoalKind(self._kind.currentData())
        for key, visible in (("measure_id", kind is GoalKind.MEASURE_SCORE),
                             ("test_field", kind is GoalKind.TEST_COUNT),
                             ("side", kind is GoalKind.TEST_COUNT)):
            self._form.setRowVisible(self._fields[key].cell, visible)
        self._fields["target_value"].set_hint(self.tr(
            "The number the goal is judged by, e.g. 2 for pain ≤ 2/10.")
            if kind is GoalKind.ACTIVITY else "")

    def _refresh(self) -> None:
        if not self._description_typed:
            self._description.setText(self._suggested_description())
        target = self.target()
        self._reads.setText(self.tr("Reads: {text}").format(text=goal_text(target))
                            if target.description and math.isfinite(target.target_value)
                            else "")
        shown = [p for p in self.problems() if self._show_all or p.field in self._touched]
        self.show_problems(shown)

    def _suggested_description(self) -> str:
        kind = GoalKind(self._kind.currentData())
        value = self._value.text().strip()
        symbol = Comparator(self._comparator.currentData()).symbol
        measure, test = self._measure.currentData(), self._test.currentData()
        if kind is GoalKind.MEASURE_SCORE and isinstance(measure, MeasureChoice) and value:
            return f"{measure.short_name} {symbol} {value}"
        if kind is GoalKind.TEST_COUNT and isinstance(test, TestChoice) and value:
            side = str(self._side.currentData())
            where = "involved side" if side == "involved" else side
            unit = f" {self._unit.text().strip()}" if self._unit.text().strip() else ""
            return f"{test.label}, {where}: {symbol} {value}{unit}"
        return ""

    def _range(self) -> tuple[float | None, float | None, str]:
        kind = GoalKind(self._kind.currentData())
        measure, test = self._measure.currentData(), self._test.currentData()
        if kind is GoalKind.MEASURE_SCORE and isinstance(measure, MeasureChoice):
            return measure.minimum, measure.maximum, self.tr("The {name} score").format(
                name=measure.short_name)
        if kind is GoalKind.TEST_COUNT and isinstance(test, TestChoice):
            return test.minimum, test.maximum, test.label
        return None, None, ""


class GoalStatusDialog(QDialog):
    submitted = Signal(object, str)  # GoalStatus, the reason

    def __init__(self, goal: Goal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change goal status"))
        what = QLabel(goal.text)
        what.setWordWrap(True)
        what.setStyleSheet("font-weight: 600;")
        self._status = _combo([(s.value, self.tr(label))
                               for s, label in GOAL_STATUS_LABELS.items()])
        self._status.setCurrentIndex(self._status.findData(goal.status.value))
        self._reason = QLineEdit()
        self._reason.setMaxLength(300)
        self._reason.setText(goal.status_note)
        self._reason.setMinimumWidth(360)
        self.status_field = Labelled(self.tr("&Status"), self._status)
        self.reason_field = Labelled(self.tr("&Reason"), self._reason, hint=self.tr(
            "Needed when a goal is discontinued."))
        form = QFormLayout()
        form.addRow(self.status_field.label, self.status_field.cell)
        form.addRow(self.reason_field.label, self.reason_field.cell)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = self._buttons.addButton(self.tr("Change status"),
                                     QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self._reason.textEdited.connect(self._on_reason_text_edited)

    def status(self) -> GoalStatus:
        return GoalStatus(self._status.currentData())

    def reason(self) -> str:
        return " ".join(self._reason.text().split())

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        messages = [p.message for p in problems]
        self.reason_field.show_error(" ".join(messages))

    def _on_reason_text_edited(self, _text: str) -> None:
        if self.reason():
            self.reason_field.clear_error()

    def _on_buttons_accepted(self) -> None:
        if self.status() is GoalStatus.DISCONTINUED and not self.reason():
            self.reason_field.show_error(self.tr("Say why the goal is discontinued."))
            self._reason.setFocus()
            return
        self.submitted.emit(self.status(), self.reason())


def _combo(items: Sequence[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    for data, text in items:
        combo.addItem(text, data)
    return combo
