"""RecordTableModel: the read-only table plumbing the plan windows' table models share.

A subclass names its column enum (`COLUMNS`) and header texts (`HEADERS`) and keeps one domain
object a row in `_rows`; this class answers the row and column counts, the horizontal headers,
the flags of a selectable, read-only cell and which row an index points at. What a cell shows
stays in the subclass. Qt only.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[Mapping[Any, str]]

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.tr(self.HEADERS[self.COLUMNS(section)])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _has_row(self, index: _Index) -> bool:
        """Whether `index` points at one of the rows (data() answers None otherwise)."""
        return index.isValid() and 0 <= index.row() < len(self._rows)
