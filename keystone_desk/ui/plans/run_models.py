"""Table models of the return-to-run window: the walk-run calendar and the runs reported.

`RunCalendarModel` shows the planned sessions (domain.return_to_run.RunCalendar): date, stage,
walk and run minutes, repeats, and a tick for each session done (the logged runs of a stage tick
its sessions in order); the stage to run next is highlighted and its next session marked.
`RunLogModel` shows the logged runs with the decision each gave, a run marked in error struck
through with its reason. `CalendarRole`/`RunRole` give the row's object, `SortRole` raw values;
`run_table` is the view the window shows each in. Qt and domain only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...domain.return_to_run import Action, CalendarSession, Decision, RunCalendar, stage
from ..display_text import format_date
from .record_table_model import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
CalendarRole = Qt.ItemDataRole.UserRole + 1
RunRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
CURRENT_BACKGROUND = "#e3f2fd"
DONE_COLOUR = "#1b5e20"
IN_ERROR_COLOUR = "#757575"
ACTION_COLOURS = {Action.ADVANCE: "#1b5e20", Action.REPEAT: "#8a5300",
                  Action.STEP_BACK: "#8c1d18"}


def decision_title(decision: Decision) -> str:
    """The decision in a few plain words."""
    if decision.action is Action.ADVANCE:
        if decision.progression_complete:
            return "Progression complete: build distance slowly"
        return f"Move on to stage {decision.next_stage}"
    if decision.action is Action.REPEAT:
        return f"Repeat stage {decision.next_stage}"
    return f"Step back to stage {decision.next_stage} and contact the clinic"


class CalendarColumn(IntEnum):
    RUN = 0
    DATE = 1
    STAGE = 2
    WALK = 3
    RUN_MINUTES = 4
    REPEATS = 5
    DONE = 6


_CALENDAR_HEADERS = {CalendarColumn.RUN: "#", CalendarColumn.DATE: "Date",
                     CalendarColumn.STAGE: "Stage", CalendarColumn.WALK: "Walk",
                     CalendarColumn.RUN_MINUTES: "Run", CalendarColumn.REPEATS: "Repeats",
                     CalendarColumn.DONE: "Done"}


class RunCalendarModel(RecordTableModel):
    COLUMNS = CalendarColumn
    HEADERS = _CALENDAR_HEADERS

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._done: dict[int, date] = {}  # session number -> the day a logged run ticked it
        self._next: int | None = None  # the session number to run next
        self._current_stage = 0

    def set_calendar(self, calendar: RunCalendar | None,
                     done_by_stage: Mapping[int, Sequence[date]], current_stage: int) -> None:
        """`done_by_stage`: the days runs were logged at each stage, oldest first; they tick
        the stage's sessions in order (the calendar is the expected path, not a deadline)."""
        self.beginResetModel()
        self._rows = list(calendar.sessions) if calendar is not None else []
        self._current_stage = current_stage
        self._done, self._next = {}, None
        left = {stage_number: list(days) for stage_number, days in done_by_stage.items()}
        for session in self._rows:
            if left.get(session.stage):
                self._done[session.number] = left[session.stage].pop(0)
            elif self._next is None and session.stage == current_stage:
                self._next = session.number
        self.endResetModel()

    def done_count(self) -> int:
        return len(self._done)

    def next_session(self) -> CalendarSession | None:
        """The session to run next (the first not done at the current stage), if planned."""
        return next((s for s in self._rows if s.number == self._next), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._has_row(index):
            return None
        session = self._rows[index.row()]
        column = CalendarColumn(index.column())
        current = session.stage == self._current_stage
        if role == CalendarRole:
            return session
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(session, column)
        if role == SortRole:
            return self._sort_value(session, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return session.text
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QBrush(QColor(CURRENT_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and (current or session.number == self._next):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column is CalendarColumn.DONE \
                and session.number in self._done:
            return QBrush(QColor(DONE_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (CalendarColumn.DATE,
                                                                         CalendarColumn.DONE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, session: CalendarSession, column: CalendarColumn) -> str:
        shape = stage(session.stage)
        if column is CalendarColumn.RUN:
            return str(session.number)
        if column is CalendarColumn.DATE:
            return f"{session.on:%a} {format_date(session.on)}"
        if column is CalendarColumn.STAGE:
            return str(session.stage)
        if column is CalendarColumn.WALK:
            return self.tr("{n} min").format(n=shape.walk_minutes) if shape.walk_minutes else "—"
        if column is CalendarColumn.RUN_MINUTES:
            return self.tr("{n} min").format(n=shape.run_minutes)
        if column is CalendarColumn.REPEATS:
            return f"× {shape.repeats}"
        if session.number in self._done:
            ran = self._done[session.number]
            return self.tr("\u2713 ran {day}").format(day=QLocale().toString(
                QDate(ran.year, ran.month, ran.day), "d MMM"))
        return self.tr("\u25b6 next") if session.number == self._next else ""

    def _sort_value(self, session: CalendarSession, column: CalendarColumn) -> Any:
        if column is CalendarColumn.DATE:
            return session.on.toordinal()
        if column is CalendarColumn.STAGE:
            return session.stage
        if column is CalendarColumn.DONE:
            return 1 if session.number in self._done else 0
        return session.number


class RunColumn(IntEnum):
    DATE = 0
    STAGE = 1
    PAIN = 2
    NEXT_MORNING = 3
    LIMPING = 4
    DECISION = 5


_RUN_HEADERS = {RunColumn.DATE: "Date", RunColumn.STAGE: "Stage", RunColumn.PAIN: "Pain",
                RunColumn.NEXT_MORNING: "Next morning", RunColumn.LIMPING: "Limping",
                RunColumn.DECISION: "Decision"}


class RunLogModel(RecordTableModel):
    COLUMNS = RunColumn
    HEADERS = _RUN_HEADERS

    def __init__(self, parent: Any = None):
        super().__init__(parent)

    def set_runs(self, runs: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(runs)
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._has_row(index):
            return None
        run = self._rows[index.row()]
        column = RunColumn(index.column())
        if role == RunRole:
            return run
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(run, column)
        if role == SortRole:
            return self._sort_value(run, column, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Marked in error: {reason}").format(reason=run.error_reason)
                    if run.in_error else run.decision.message)
        if role == Qt.ItemDataRole.FontRole and run.in_error:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if run.in_error:
                return QBrush(QColor(IN_ERROR_COLOUR))
            if column is RunColumn.DECISION:
                return QBrush(QColor(ACTION_COLOURS[run.decision.action]))
        return None

    def _display(self, run: Any, column: RunColumn) -> str:
        if column is RunColumn.DATE:
            return format_date(run.run_on)
        if column is RunColumn.STAGE:
            return str(run.stage)
        if column is RunColumn.PAIN:
            value = run.pain_during
            return f"{int(value) if float(value).is_integer() else value}/10"
        if column is RunColumn.NEXT_MORNING:
            return self.tr("Worse") if run.next_morning_worse else self.tr("Not worse")
        if column is RunColumn.LIMPING:
            return self.tr("Yes") if run.limping else self.tr("No")
        if run.in_error:
            return self.tr("In error: {reason}").format(reason=run.error_reason)
        return self.tr(decision_title(run.decision))

    @staticmethod
    def _sort_value(run: Any, column: RunColumn, row: int) -> Any:
        if column is RunColumn.DATE:
            return run.run_on.toordinal() * 10_000 + row  # same-day runs stay in order
        if column is RunColumn.STAGE:
            return run.stage
        if column is RunColumn.PAIN:
            return float(run.pain_during)
        if column is RunColumn.NEXT_MORNING:
            return int(run.next_morning_worse)
        if column is RunColumn.LIMPING:
            return int(run.limping)
        return run.decision.action.value


def run_table(model: RunCalendarModel | RunLogModel, name: str, stretch: int | None, *,
              sortable: bool = True) -> QTableView:
    """A read-only table view of one of these models, sorted through a proxy on SortRole;
    `stretch` is the column that takes the spare width (None: the last)."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(sortable)  # the calendar reads in date order, always
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
