"""AuditTableModel: audit entries as table rows, newest first, loaded a page at a time.

`set_fetch` takes a function shaped like `AuditService.query` with the filters already bound; the
model asks it for one page (plus one row, to know whether more exist) and the view asks for more
through `canFetchMore`/`fetchMore` as the person scrolls, so 100,000 entries never load at once.
Imports QtCore, ui.paged_rows and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.audit_trail import AuditRow
from ..display_text import format_local_time
from ..paged_rows import PagedRowsModel

PAGE_SIZE = 200
AnyIndex = QModelIndex | QPersistentModelIndex
AuditFetch = Callable[[int, int | None], Sequence[AuditRow]]
"""`fetch(limit, before_id)`: entries matching the viewer's filters, newest first, older than
entry `before_id` when given (paging by key: entries added meanwhile never shift a page)."""


class AuditColumn(IntEnum):
    TIME = 0
    USER = 1
    ACTION = 2
    WHAT = 3
    PATIENT = 4


AuditRowRole = Qt.ItemDataRole.UserRole + 1
"""Returns the row's AuditRow: resolve selections through this, never by row number."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""Raw values (entry number for time, ids) for sorting, never display strings."""

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)


class AuditTableModel(PagedRowsModel):
    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent, page_size=page_size)
        self._fetch: AuditFetch | None = None
        self._rows: list[AuditRow] = []
        self._headers = {
            AuditColumn.TIME: self.tr("Time"), AuditColumn.USER: self.tr("User"),
            AuditColumn.ACTION: self.tr("Action"), AuditColumn.WHAT: self.tr("What"),
            AuditColumn.PATIENT: self.tr("Patient"),
        }

    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    def set_fetch(self, fetch: AuditFetch | None) -> None:
        """Show the first page `fetch` returns (None: show nothing)."""
        self._fetch = fetch
        found = list(fetch(self._page_size + 1, None)) if fetch is not None else []
        self._replace_rows(found, self._page_size)

    def _fetch_page(self) -> list[AuditRow] | None:
        if self._fetch is None:
            return None
        return list(self._fetch(self._page_size + 1, self._rows[-1].id if self._rows else None))

    # --- the model contract --------------------------------------------------------------------

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(AuditColumn)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(AuditColumn):
            return self._headers[AuditColumn(section)]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(self._rows[section].id)
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = AuditColumn(index.column())
        if role == AuditRowRole:
            return row
        if role == SortRole:
            return _sort_value(row, column)
        if role == _DISPLAY:
            return _display(row, column)
        if role == _TOOLTIP:
            if column is AuditColumn.TIME:
                return self.tr("Entry #{n}, {utc} UTC").format(
                    n=row.id, utc=row.at.strftime("%Y-%m-%d %H:%M:%S"))
            if column is AuditColumn.USER and row.username:
                return row.username
            if column is AuditColumn.WHAT:
                return row.what
        return None


def _display(row: AuditRow, column: AuditColumn) -> str:
    if column is AuditColumn.TIME:
        return format_local_time(row.at)
    if column is AuditColumn.USER:
        return row.user_name or f"#{row.user_id}"
    if column is AuditColumn.ACTION:
        return row.action.replace("_", " ")
    if column is AuditColumn.WHAT:
        return row.what
    return row.patient_name


def _sort_value(row: AuditRow, column: AuditColumn) -> object:
    if column is AuditColumn.TIME:
        return row.id  # entries are chained in time order
    if column is AuditColumn.USER:
        return row.user_id
    if column is AuditColumn.ACTION:
        return row.action
    if column is AuditColumn.WHAT:
        return (row.entity, row.entity_id or 0)
    return row.patient_id or 0
