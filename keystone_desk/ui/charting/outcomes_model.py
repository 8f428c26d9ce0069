"""OutcomeTableModel: a discharge summary's first-vs-last outcome scores, read-only.

One row per measure (domain.discharge.OutcomeLine): baseline and latest score with their dates,
the change, and what it means against the measure's MCID. Qt and domain only.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.discharge import OutcomeLine, score_text
from ..display_text import format_date

_Index = QModelIndex | QPersistentModelIndex


class OutcomeColumn(IntEnum):
    MEASURE = 0
    FIRST = 1
    LAST = 2
    CHANGE = 3
    MCID = 4


_HEADERS = {OutcomeColumn.MEASURE: "Measure", OutcomeColumn.FIRST: "First",
            OutcomeColumn.LAST: "Last", OutcomeColumn.CHANGE: "Change",
            OutcomeColumn.MCID: "Against the MCID"}
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


class OutcomeTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[OutcomeLine] = []

    def set_rows(self, rows: list[OutcomeLine]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OutcomeColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(OutcomeColumn):
            return self.tr(_HEADERS[OutcomeColumn(section)])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        if role == LINE_ROLE:
            return line
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = OutcomeColumn(index.column())
        if column is OutcomeColumn.MEASURE:
            return line.measure
        if column is OutcomeColumn.FIRST:
            return _scored(line.first_score, line.first_on)
        if column is OutcomeColumn.LAST:
            return _scored(line.last_score, line.last_on)
        if column is OutcomeColumn.CHANGE:
            return line.change_text
        return line.status_label

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _scored(score: float | None, on: Any) -> str:
    text = score_text(score) or "—"
    return f"{text} ({format_date(on)})" if on else text
