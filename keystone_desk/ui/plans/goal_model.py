"""GoalTableModel: the plan's goals with their status and what the chart says about each.

One row per goal (domain.plan_goals.Goal) with its check against the chart (GoalCheck from
PlanService.check_goals): term, the goal in words, the target, the target date, the status (with
its colour, never colour alone) and the check in plain words — "Met on 20 Nov (VISA-A 82)",
"Not yet (VISA-A 61)". `GoalRole` gives the Goal, `SortRole` raw values for the
sort proxy. Qt and domain only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.plan_goals import (
    GOAL_STATUS_LABELS,
    Goal,
    GoalCheck,
    GoalKind,
    GoalStatus,
    GoalTarget,
    GoalTerm,
)
from ..display_text import format_date
from .record_table_model import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
GoalRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

TERM_LABELS = {GoalTerm.SHORT: "Short-term", GoalTerm.LONG: "Long-term"}
TERM_SHORT_LABELS = {GoalTerm.SHORT: "Short", GoalTerm.LONG: "Long"}
STATUS_COLOURS = {  # background, text
    GoalStatus.NOT_STARTED: ("#eceff1", "#37474f"),
    GoalStatus.PROGRESSING: ("#e3f2fd", "#0d47a1"),
    GoalStatus.MET: ("#e8f5e9", "#1b5e20"),
    GoalStatus.NOT_MET: ("#fdecea", "#8c1d18"),
    GoalStatus.DISCONTINUED: ("#f5f5f5", "#616161"),
}
_STATUS_ORDER = {status: n for n, status in enumerate(GoalStatus)}
MET_COLOUR, NOT_YET_COLOUR = "#1b5e20", "#8a5300"


class GoalColumn(IntEnum):
    TERM = 0
    GOAL = 1
    TARGET = 2
    TARGET_DATE = 3
    STATUS = 4
    CHART = 5


_HEADERS = {GoalColumn.TERM: "Term", GoalColumn.GOAL: "Goal", GoalColumn.TARGET: "Target",
            GoalColumn.TARGET_DATE: "By", GoalColumn.STATUS: "Status",
            GoalColumn.CHART: "From the chart"}


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def target_text(target: GoalTarget) -> str:
    """'≥ 80 points', '≥ 25 reps, right', '≤ 2 /10 pain'."""
    unit = f" {target.unit}" if target.unit else ""
    text = f"{target.comparator.symbol} {number_text(target.target_value)}{unit}"
    if target.kind is GoalKind.TEST_COUNT and target.side:
        text += ", involved side" if target.side == "involved" else f", {target.side}"
    return text


def check_text(check: GoalCheck | None, what: str) -> str:
    """The chart's verdict in a few words — "Met on 20 Nov (VISA-A 82)", "Not yet (right 17)";
    `what` names the value. The full sentence with its source is `check.message`."""
    if check is None:
        return ""
    if not check.checkable:
        return "Therapist's judgement"
    if check.met is None or check.actual is None:
        return "Nothing recorded yet"
    value = f"{what} {number_text(check.actual.value)}".strip()
    if check.met:
        on = QLocale().toString(QDate(check.actual.on.year, check.actual.on.month,
                                      check.actual.on.day), "d MMM")
        return f"Met on {on} ({value})"
    return f"Not yet ({value})"


class GoalTableModel(RecordTableModel):
    COLUMNS = GoalColumn
    HEADERS = _HEADERS

    def __init__(self, what: Callable[[GoalTarget], str] = lambda t: "", parent: Any = None):
        """`what(target)` names what a goal is judged on ("VISA-A", "heel raises right")."""
        super().__init__(parent)
        self._what = what

    def set_rows(self, goals: Iterable[Goal], checks: Iterable[GoalCheck] = ()) -> None:
        by_goal = {c.goal_id: c for c in checks}
        self.beginResetModel()
        self._rows = [(g, by_goal.get(int(g.id))) for g in goals]
        self.endResetModel()

    def goals(self) -> list[Goal]:
        return [goal for goal, _ in self._rows]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._has_row(index):
            return None
        goal, check = self._rows[index.row()]
        column = GoalColumn(index.column())
        if role == GoalRole:
            return goal
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(goal, check, column)
        if role == SortRole:
            return self._sort_value(goal, check, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(goal, check, column)
        if role == Qt.ItemDataRole.BackgroundRole and column is GoalColumn.STATUS:
            return QBrush(QColor(STATUS_COLOURS[goal.status][0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(goal, check, column)
        if role == Qt.ItemDataRole.FontRole and goal.status is GoalStatus.DISCONTINUED \
                and column is GoalColumn.GOAL:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _display(self, goal: Goal, check: GoalCheck | None, column: GoalColumn) -> str:
        target = goal.target
        if column is GoalColumn.TERM:
            return self.tr(TERM_SHORT_LABELS[target.term])
        if column is GoalColumn.GOAL:
            return target.description
        if column is GoalColumn.TARGET:
            return target_text(target)
        if column is GoalColumn.TARGET_DATE:
            return format_date(target.target_date)
        if column is GoalColumn.STATUS:
            label = self.tr(GOAL_STATUS_LABELS[goal.status])
            return f"{label}: {goal.status_note}" if goal.status_note else label
        return check_text(check, self._what(target))

    @staticmethod
    def _sort_value(goal: Goal, check: GoalCheck | None, column: GoalColumn) -> Any:
        target = goal.target
        if column is GoalColumn.TERM:
            return 0 if target.term is GoalTerm.SHORT else 1
        if column is GoalColumn.GOAL:
            return target.description.casefold()
        if column is GoalColumn.TARGET:
            return target.target_value
        if column is GoalColumn.TARGET_DATE:
            return target.target_date.toordinal() if target.target_date else 0
        if column is GoalColumn.STATUS:
            return _STATUS_ORDER[goal.status]
        if check is None or check.met is None:
            return -1
        return 1 if check.met else 0

    @staticmethod
    def _tooltip(goal: Goal, check: GoalCheck | None, column: GoalColumn) -> str | None:
        if column is GoalColumn.CHART and check is not None:
            return check.message
        if column is GoalColumn.STATUS and goal.status_note:
            return goal.status_note
        if column is GoalColumn.GOAL:
            return goal.text
        return None

    @staticmethod
    def _foreground(goal: Goal, check: GoalCheck | None, column: GoalColumn) -> QBrush | None:
        if column is GoalColumn.STATUS:
            return QBrush(QColor(STATUS_COLOURS[goal.status][1]))
        if column is GoalColumn.CHART and check is not None and check.met is not None:
            return QBrush(QColor(MET_COLOUR if check.met else NOT_YET_COLOUR))
        return None
