"""MeasureResultTableModel: one measure's results in an episode, oldest first, as table rows.

Each row shows the date taken, the score, the change from baseline and whether it reaches the
MCID. A result marked in error stays in the table, struck through and greyed, with its reason;
it never counts as the baseline or in a change. Imports QtCore/QtGui and domain types only.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from ....domain.measure_results import MeasureResult, baseline_of, change_for, in_time_order
from ....domain.measures import ChangeEvaluation, ChangeStatus, MeasureDefinition
from ...display_text import format_date

AnyIndex = QModelIndex | QPersistentModelIndex


class ResultColumn(IntEnum):
    DATE = 0
    SCORE = 1
    CHANGE = 2
    MCID = 3
    NOTE = 4


ResultRole = Qt.ItemDataRole.UserRole + 1
"""Returns the row's MeasureResult: resolve selections through this, never by row number."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""Raw values (ISO dates, numbers) for sorting, never display strings."""

IMPROVED_COLOUR = "#1b6e20"
WORSENED_COLOUR = "#b3261e"
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)


class MeasureResultTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._definition: MeasureDefinition | None = None
        self._rows: list[MeasureResult] = []
        self._changes: list[ChangeEvaluation | None] = []
        self._baseline_id: int | None = None
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._headers = {
            ResultColumn.DATE: self.tr("Date taken"),
            ResultColumn.SCORE: self.tr("Score"),
            ResultColumn.CHANGE: self.tr("Change from baseline"),
            ResultColumn.MCID: self.tr("Against the MCID"),
            ResultColumn.NOTE: self.tr("Notes"),
        }

    def set_rows(self, definition: MeasureDefinition | None,
                 results: Sequence[MeasureResult]) -> None:
        """Show `results` of `definition` (any order given; shown oldest first)."""
        self.beginResetModel()
        self._definition = definition
        self._rows = in_time_order(results)
        baseline = baseline_of(self._rows)
        self._baseline_id = baseline.id if baseline else None
        self._changes = ([change_for(r, baseline, definition) for r in self._rows]
                         if definition is not None else [None] * len(self._rows))
        self.endResetModel()

    def result_at(self, row: int) -> MeasureResult:
        return self._rows[row]

    def row_of(self, result_id: int) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.id == result_id), None)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(ResultColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == _DISPLAY
                and 0 <= section < len(ResultColumn)):
            return self._headers[ResultColumn(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        result, change = self._rows[index.row()], self._changes[index.row()]
        column = ResultColumn(index.column())
        if role == _DISPLAY:
            return self._display(result, change, column)
        if role == ResultRole:
            return result
        if role == SortRole:
            return self._sort_value(result, change, column)
        if role == Qt.ItemDataRole.FontRole and result.in_error:
            return self._struck
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(result, change, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(result)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and result.in_error:
            return self.tr("Marked in error")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ResultColumn.SCORE,
                                                                    ResultColumn.CHANGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, result: MeasureResult, change: ChangeEvaluation | None,
                 column: ResultColumn) -> str:
        d = self._definition
        if column == ResultColumn.DATE:
            return format_date(result.taken_on)
        if column == ResultColumn.SCORE:
            if result.score is None:
                return self.tr("No score")
            return d.format_score(result.score) if d else str(result.score)
        if column == ResultColumn.CHANGE:
            if result.id == self._baseline_id:
                return self.tr("Baseline")
            if change is None or d is None:
                return ""
            sign = "+" if change.change > 0 else ("−" if change.change < 0 else "±")
            return sign + d.format_score(abs(change.change))
        if column == ResultColumn.MCID:
            if change is None or result.id == self._baseline_id:
                return ""
            return _status_text(self, change.status)
        if result.in_error:
            return self.tr("In error: {reason}").format(reason=result.error_reason)
        return " ".join(result.problems)

    def _sort_value(self, result: MeasureResult, change: ChangeEvaluation | None,
                    column: ResultColumn) -> Any:
        if column == ResultColumn.DATE:
            return f"{result.taken_on.isoformat()}#{result.id:010d}"
        if column == ResultColumn.SCORE:
            return -1.0 if result.score is None else result.score
        if column == ResultColumn.CHANGE:
            return 0.0 if change is None else float(change.improvement)
        if column == ResultColumn.MCID:
            return "" if change is None else change.status.value
        return result.error_reason if result.in_error else " ".join(result.problems)

    def _foreground(self, result: MeasureResult, change: ChangeEvaluation | None,
                    column: ResultColumn) -> QColor | None:
        if result.in_error:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        if column == ResultColumn.MCID and change is not None:
            if change.status is ChangeStatus.IMPROVED:
                return QColor(IMPROVED_COLOUR)
            if change.status is ChangeStatus.WORSENED:
                return QColor(WORSENED_COLOUR)
        return None

    def _tooltip(self, result: MeasureResult) -> str | None:
        if result.in_error:
            return self.tr("Marked in error on {date}: {reason}").format(
                date=format_date(result.error_at.date() if result.error_at else None),
                reason=result.error_reason)
        if result.activities:
            return "\n".join(f"{item}. {name}: {result.answers.get(item, '')}"
                             for item, name in sorted(result.activities.items()))
        return None


def _status_text(model: QObject, status: ChangeStatus) -> str:
    texts = {
        ChangeStatus.IMPROVED: model.tr("Improved (≥ MCID)"),
        ChangeStatus.WORSENED: model.tr("Worse (≥ MCID)"),
        ChangeStatus.NO_IMPORTANT_CHANGE: model.tr("Less than the MCID"),
        ChangeStatus.NO_MCID: model.tr("No MCID on record"),
    }
    return texts[status]
