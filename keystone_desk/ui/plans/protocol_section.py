"""ProtocolSection: which loading protocol the plan follows, its phases in dates, and what the
home-program draft now holds.

Display only: the window runs "Apply protocol…" (it asks before replacing an earlier protocol's
exercises and calls PlanService.apply_protocol) and hands the result here. Qt and domain only.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.exercises import dosage_text
from ...domain.home_programs import ProgramItem
from ...domain.plans import AppliedProtocol
from ...domain.protocols import Protocol, phase_for_week, week_of
from ..display_text import format_date
from .list_model import RecordListModel
from .plan_inputs import HINT_STYLE

SIDE_WORDS = {"left": "left", "right": "right", "both": "both sides"}


def exercise_label(exercise_id: str) -> str:
    """'heel-drop-straight-knee-step' → 'Heel drop straight knee step', for an exercise the
    library no longer has."""
    words = exercise_id.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def item_text(item: ProgramItem, name: Callable[[str], str] = exercise_label) -> str:
    side = f" — {SIDE_WORDS[item.side]}" if item.side in SIDE_WORDS else ""
    return f"{name(item.exercise_id)}: {dosage_text(item.dosage)}{side}"


def current_phase(protocol: Protocol | None, applied: AppliedProtocol, today: date
                  ) -> int | None:
    """The phase the patient is in today by the protocol's week rule (None once it is over)."""
    if protocol is None:
        return None
    phase = phase_for_week(protocol, week_of(applied.start_date, max(today, applied.start_date)))
    return phase.number if phase is not None else None


class ProtocolSection(QGroupBox):
    apply_requested = Signal()

    def __init__(self, name: Callable[[str], str] = exercise_label,
                 parent: QWidget | None = None):
        """`name(exercise_id)`: the exercise's name as the library gives it."""
        super().__init__(parent)
        self._name = name
        self.setTitle(self.tr("Protocol and home program"))
        self._about = QLabel()
        self._about.setObjectName("protocol_summary")
        self._about.setWordWrap(True)
        self._about.setTextFormat(Qt.TextFormat.RichText)
        self._model = RecordListModel(self._item_text, lambda i: i.notes, self)
        self._items = QListView()
        self._items.setModel(self._model)
        self._items.setAccessibleName(self.tr("Exercises in the home program draft"))
        self._items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lines = self._items.fontMetrics().lineSpacing()
        self._items.setMinimumHeight(lines * 4 + 12)
        self._items.setMaximumHeight(lines * 9 + 12)
        self._caption = QLabel()
        self._caption.setStyleSheet(HINT_STYLE)
        self._apply = QPushButton(self.tr("Apply protoco&l…"))
        row = QHBoxLayout()
        row.addWidget(self._caption, 1)
        row.addWidget(self._apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self._about)
        layout.addLayout(row)
        layout.addWidget(self._items, 1)
        layout.addStretch(0)
        self._apply.clicked.connect(self.apply_requested)

    def set_read_only(self) -> None:
        """No Apply protocol… for a role without plan_write."""
        self._apply.hide()

    def _item_text(self, item: ProgramItem) -> str:
        return item_text(item, self._name)

    @property
    def items_model(self) -> RecordListModel:
        return self._model

    def summary_text(self) -> str:
        return self._about.text()

    def show_protocol(self, protocol: AppliedProtocol | None, current_phase: int | None,
                      items: Iterable[ProgramItem]) -> None:
        items = list(items)
        self._model.set_rows(items)
        self._caption.setText(self.tr("Home program draft: {n} exercises").format(n=len(items))
                              if items else self.tr("The home program draft has no exercises."))
        if protocol is None:
            self._about.setText(html.escape(self.tr(
                "No protocol applied. Apply one to schedule its phases and put its exercises, "
                "with their dosage, in the home program draft.")))
            return
        lines = [self.tr("<b>{name}</b> — {site}, from {start}").format(
            name=html.escape(protocol.name), site=html.escape(protocol.site),
            start=format_date(protocol.start_date))]
        for phase in protocol.phases:
            ends = format_date(phase.ends_on) if phase.ends_on else self.tr("as long as needed")
            text = html.escape(f"Phase {phase.number}, {phase.name}: "
                               f"{format_date(phase.starts_on)} – {ends}")
            if phase.number == current_phase:
                text = f"<b>\u25b6 {text} ({html.escape(self.tr('now'))})</b>"
            lines.append(text)
        self._about.setText("<br>".join(lines))
