"""The written body of a visit note, by kind: SOAP (with goals progress for a progress note or
re-evaluation), and the discharge summary (outcomes, goal status, summary, advice).

Each body shows the note's content and gives it back with `values()` — only the keys it owns; the
editor keeps any others, unless the body says `values()` is the whole content (an evaluation form,
which leaves cleared fields out). It knows nothing about saving. Qt and pure domain helpers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import NoteKind
from ...domain.discharge import GOAL_STATUS_LABELS, Goal, goals_content, goals_from, outcome_lines
from ...domain.errors import FieldProblem
from ...domain.note_parts import PART_LABELS, SOAP_KINDS, text_parts
from .note_fields import ChoiceField, IntakeField, MultiLineField, set_read_only, show_problems
from .outcomes_model import OutcomeTableModel

HINT_STYLE = "color: #5f6368;"
TEXT_LINES = 7


class NoteBody(QWidget):
    """What every body offers the editor."""

    edited = Signal(str)  # the key of the part the person changed
    scrolls_itself = False  # True: the editor must not put it inside its own scroll area
    # True: values() is the note's whole content, and a key it leaves out was cleared on screen.
    values_are_whole_content = False

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_values(self, content: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def fields(self) -> list[IntakeField]:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields():
            set_read_only(field.input, read_only)

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        return show_problems(self.fields(), problems)

    def extras_snapshot(self) -> object:
        """What the body keeps beside the content (images), for unsaved-change checks."""
        return None

    def save_extras(self) -> None:
        """Write what the body keeps beside the content, once the draft itself is saved."""

    def problems_before_signing(self) -> list[FieldProblem]:
        """Problems that must be fixed before the note can be signed (shown beside fields)."""
        return []

    def label_for(self, key: str) -> str:
        """What the part or field stored under `key` is called on screen."""
        if key in PART_LABELS:
            return self.tr(PART_LABELS[key])
        return key.replace("_", " ").capitalize()


class WrittenBody(NoteBody):
    """Free-text parts in order; SOAP notes also offer "Copy forward from last note"."""

    copy_forward_requested = Signal()

    def __init__(self, kind: NoteKind, parent: QWidget | None = None):
        super().__init__(parent)
        self._parts: dict[str, MultiLineField] = {}
        self._offers_copy_forward = kind in SOAP_KINDS
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.copy_forward_button = QPushButton(self.tr("Copy forward from last note"))
        self.copy_forward_button.setToolTip(self.tr(
            "Fill Objective and Plan from the last visit note of this episode"))
        self.copy_forward_button.setVisible(kind in SOAP_KINDS)
        self.copy_forward_button.clicked.connect(self.copy_forward_requested)
        if kind in SOAP_KINDS:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.copy_forward_button)
            layout.addLayout(row)
        for part in text_parts(kind):
            field = MultiLineField(part, self.tr(PART_LABELS[part]), self, lines=TEXT_LINES)
            field.edited.connect(self.edited)
            self._parts[part] = field
            layout.addWidget(field.cell)

    def text(self, part: str) -> str:
        return self._parts[part].value()

    def set_text(self, part: str, text: str) -> None:
        """Set one part as if typed (the editor hears about it)."""
        self._parts[part].set_value(text)

    def values(self) -> dict[str, Any]:
        return {part: field.value() for part, field in self._parts.items()}

    def set_values(self, content: Mapping[str, Any]) -> None:
        with QSignalBlocker(self):
            for part, field in self._parts.items():
                field.set_value(str(content.get(part, "") or ""))
                field.clear_error()

    def fields(self) -> list[IntakeField]:
        return list(self._parts.values())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.copy_forward_button.setVisible(self._offers_copy_forward and not read_only)


class DischargeBody(NoteBody):
    """Outcome scores (read-only), each goal with its status, then summary and advice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._goals: list[tuple[Goal, ChoiceField]] = []
        self._model = OutcomeTableModel(self)
        self.outcomes_view = QTableView()
        self.outcomes_view.setModel(self._model)
        self.outcomes_view.setAccessibleName(self.tr("Outcome measures"))
        self.outcomes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outcomes_view.verticalHeader().hide()
        self.outcomes_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.outcomes_view.horizontalHeader().setStretchLastSection(True)
        self.no_outcomes = QLabel(self.tr("No outcome measures recorded"))
        self.no_outcomes.setStyleSheet(HINT_STYLE)
        outcomes = QGroupBox(self.tr("Outcome measures"))
        outcome_layout = QVBoxLayout(outcomes)
        outcome_layout.addWidget(self.outcomes_view)
        outcome_layout.addWidget(self.no_outcomes)
        self._goal_box = QGroupBox(self.tr("Goals"))
        self._goal_layout = QVBoxLayout(self._goal_box)
        self.no_goals = QLabel(self.tr("No goals were recorded at intake."))
        self.no_goals.setStyleSheet(HINT_STYLE)
        self._goal_layout.addWidget(self.no_goals)
        self._texts = WrittenBody(NoteKind.DISCHARGE, self)
        self._texts.edited.connect(self.edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (outcomes, self._goal_box, self._texts):
            layout.addWidget(widget)

    @property
    def goal_fields(self) -> list[ChoiceField]:
        return [field for _, field in self._goals]

    def values(self) -> dict[str, Any]:
        goals = [Goal(goal.text, field.value()) for goal, field in self._goals]
        return {"goals": goals_content(goals), **self._texts.values()}

    def set_values(self, content: Mapping[str, Any]) -> None:
        lines = outcome_lines(content)
        self._model.set_rows(lines)
        self.outcomes_view.setVisible(bool(lines))
        self.no_outcomes.setVisible(not lines)
        if lines:
            rows_height = sum(self.outcomes_view.rowHeight(r) for r in range(len(lines)))
            self.outcomes_view.setFixedHeight(
                rows_height + self.outcomes_view.horizontalHeader().height() + 4)
        self._set_goals(goals_from(content))
        self._texts.set_values(content)

    def _set_goals(self, goals: list[Goal]) -> None:
        if [g.text for g, _ in self._goals] == [g.text for g in goals]:
            with QSignalBlocker(self):
                for (_, field), goal in zip(self._goals, goals, strict=True):
                    field.set_value(goal.status)
            self._goals = [(goal, field) for (_, field), goal in zip(self._goals, goals,
                                                                    strict=True)]
            return
        for _, field in self._goals:
            field.cell.deleteLater()
            field.deleteLater()
        self._goals = []
        choices = [(status.value, self.tr(label)) for status, label in GOAL_STATUS_LABELS.items()]
        for number, goal in enumerate(goals):
            field = ChoiceField(f"goals.{number}", goal.text, choices, self)
            field.set_value(goal.status)
            field.edited.connect(self.edited)
            self._goal_layout.insertWidget(self._goal_layout.count() - 1, field.cell)
            self._goals.append((goal, field))
        self.no_goals.setVisible(not goals)

    def fields(self) -> list[IntakeField]:
        return [*self.goal_fields, *self._texts.fields()]

    def set_read_only(self, read_only: bool) -> None:
        for field in self.goal_fields:
            set_read_only(field.input, read_only)
        self._texts.set_read_only(read_only)
