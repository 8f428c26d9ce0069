"""PagedRowsModel: the lazy paging a long table model shares — a page at a time, never nested.

A subclass keeps its rows (each with an `id`) in `_rows`, shows a first page through
`_replace_rows` and answers `_fetch_page()` with the rows after the loaded ones (a page plus one,
to know whether more exist); this class answers `canFetchMore`/`fetchMore` and `rowCount`,
appends only rows not already shown and refuses to nest a fetch inside its own reset or insert.
Imports QtCore only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex

AnyIndex = QModelIndex | QPersistentModelIndex


class PagedRowsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, *, page_size: int):
        super().__init__(parent)
        self._page_size = page_size
        self._rows: list[Any] = []
        self._ids: set[int] = set()
        self._has_more = False
        self._changing = False  # inside our own reset/insert: listeners must not nest another

    @property
    def has_more(self) -> bool:
        """More rows exist beyond the ones loaded so far."""
        return self._has_more

    def _fetch_page(self) -> Sequence[Any] | None:
        """Up to a page plus one of the rows after the loaded ones; None when nothing to ask."""
        raise NotImplementedError

    def _rows_replaced(self) -> None:
        """Inside the reset bracket, after `_rows` changed: drop anything cached per row."""

    def _replace_rows(self, found: Sequence[Any], limit: int) -> None:
        """Show the first `limit` of `found` (one more than `limit` means more exist)."""
        self._changing = True
        try:
            self.beginResetModel()
            self._rows = list(found[:limit])
            self._ids = {r.id for r in self._rows}
            self._rows_replaced()
            self._has_more = len(found) > limit
            self.endResetModel()
        finally:
            self._changing = False

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        # A listener of modelReset/rowsInserted may ask for more while that signal is being
        # delivered; nesting an insert inside it would break the model contract. Views ask again.
        if parent.isValid() or not self._has_more or self._changing:
            return
        found = self._fetch_page()
        if found is None:
            return
        self._has_more = len(found) > self._page_size
        # Offsets can shift if rows are added meanwhile; never show a row twice.
        fresh = [r for r in found[: self._page_size] if r.id not in self._ids]
        if not fresh:
            self._has_more = False
            return
        first = len(self._rows)
        self._changing = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.update(r.id for r in fresh)
            self.endInsertRows()
        finally:
            self._changing = False

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)
