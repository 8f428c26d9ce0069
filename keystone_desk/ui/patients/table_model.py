"""PatientTableModel: search results as table rows, loaded a page at a time.

The model never counts or loads a whole table: `set_query` fetches one page (plus one row, to know
whether more exist) and the view asks for further pages through `canFetchMore`/`fetchMore` as the
person scrolls. Rows are `PatientSummary` objects from `PatientService.search`, best match first,
so the order is the service's and is not re-sorted here. Imports QtCore/QtGui, ui.paged_rows and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from ...domain.contact import age_on
from ...domain.patients import PatientSummary
from ..display_text import format_date
from ..paged_rows import PagedRowsModel

PAGE_SIZE = 100
RED_FLAG_MARKER = "\u26a0"  # ⚠, drawn by every font we ship against

AnyIndex = QModelIndex | QPersistentModelIndex


class PatientFetch(Protocol):
    """`PatientService.search` has this shape; tests may pass any function like it."""

    def __call__(self, text: str, *, include_archived: bool = False, limit: int = 100,
                 offset: int = 0) -> Sequence[PatientSummary]: ...


class PatientColumn(IntEnum):
    NAME = 0
    DATE_OF_BIRTH = 1
    AGE = 2
    PHONE = 3
    EMAIL = 4
    FLAGS = 5


PatientRole = Qt.ItemDataRole.UserRole + 1
"""Returns the row's PatientSummary: resolve selections through this, never by row number."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""Raw values (ISO dates, numbers, folded names) for sorting, never display strings."""

ALERT_COLOUR = "#b3261e"
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_ROLES_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, _ALIGNMENT,
                             _ACCESSIBLE_DESCRIPTION, int(PatientRole), int(SortRole)})
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)


class PatientTableModel(PagedRowsModel):
    def __init__(self, fetch: PatientFetch, today: Callable[[], date] = date.today,
                 parent: QObject | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent, page_size=page_size)
        self._fetch = fetch
        self._today = today
        self._text = ""
        self._include_archived = False
        self._rows: list[PatientSummary] = []
        self._text_cache: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._alert_colour = QColor(ALERT_COLOUR)
        self._headers = {
            PatientColumn.NAME: self.tr("Name"),
            PatientColumn.DATE_OF_BIRTH: self.tr("Date of birth"),
            PatientColumn.AGE: self.tr("Age"),
            PatientColumn.PHONE: self.tr("Phone"),
            PatientColumn.EMAIL: self.tr("Email"),
            PatientColumn.FLAGS: self.tr("Flags"),
        }

    # --- what is shown -------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self._text

    @property
    def include_archived(self) -> bool:
        return self._include_archived

    def set_query(self, text: str, include_archived: bool = False) -> None:
        """Show the first page of patients matching `text`."""
        self._text, self._include_archived = text, include_archived
        self._reload(self._page_size)

    def refresh(self) -> None:
        """Run the same query again, keeping as many rows loaded as before (after a change)."""
        self._reload(max(len(self._rows), self._page_size))

    def row_of(self, patient_id: int) -> int | None:
        """Row showing `patient_id` among the loaded rows, if any."""
        for row, summary in enumerate(self._rows):
            if summary.id == patient_id:
                return row
        return None

    def _reload(self, limit: int) -> None:
        self._replace_rows(self._fetch(self._text, include_archived=self._include_archived,
                                       limit=limit + 1, offset=0), limit)

    def _fetch_page(self) -> Sequence[PatientSummary]:
        return self._fetch(self._text, include_archived=self._include_archived,
                           limit=self._page_size + 1, offset=len(self._rows))

    def _rows_replaced(self) -> None:
        self._text_cache.clear()

    # --- QAbstractTableModel -------------------------------------------------------------------

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(PatientColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(PatientColumn)):
            return self._headers[PatientColumn(section)]
        if role == _ALIGNMENT and section == PatientColumn.AGE:
            return _CENTRED  # the short numbers sit under their heading
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on each paint: reject unused roles first
        # and format each row's text once, so typing in the search box stays instant.
        if role not in _ROLES_ANSWERED or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:
            return self._texts(row)[column]
        summary = self._rows[row]
        if role == PatientRole:
            return summary
        if role == SortRole:
            return self._sort_value(summary, PatientColumn(column))
        if role == _FOREGROUND:
            return self._foreground(summary, column)
        if column == PatientColumn.FLAGS:
            if role == _TOOLTIP:
                return self._flags_tooltip(summary) or None
            if role == _FONT and summary.red_flags:
                return self._bold
        if role == _ALIGNMENT and column == PatientColumn.AGE:
            return _CENTRED
        if role == _ACCESSIBLE_DESCRIPTION and summary.archived:
            return self.tr("Archived patient")
        return None

    def _texts(self, row: int) -> tuple[str, ...]:
        texts = self._text_cache.get(row)
        if texts is None:
            summary = self._rows[row]
            texts = tuple(self._display(summary, column) for column in PatientColumn)
            self._text_cache[row] = texts
        return texts

    def _display(self, s: PatientSummary, column: PatientColumn) -> str:
        if column == PatientColumn.NAME:
            return s.display_name
        if column == PatientColumn.DATE_OF_BIRTH:
            return format_date(s.date_of_birth)
        if column == PatientColumn.AGE:
            return str(age_on(s.date_of_birth, self._today()))
        if column == PatientColumn.PHONE:
            return s.phone
        if column == PatientColumn.EMAIL:
            return s.email
        parts = []
        if s.red_flags:
            parts.append(f"{RED_FLAG_MARKER} " + self.tr("Red flag"))
        if s.archived:
            parts.append(self.tr("Archived"))
        return " · ".join(parts)

    def _sort_value(self, s: PatientSummary, column: PatientColumn) -> Any:
        if column == PatientColumn.NAME:
            return f"{s.last_name.casefold()}\x1f{s.first_name.casefold()}"
        if column == PatientColumn.DATE_OF_BIRTH:
            return s.date_of_birth.isoformat()
        if column == PatientColumn.AGE:
            return age_on(s.date_of_birth, self._today())
        if column == PatientColumn.PHONE:
            return "".join(c for c in s.phone if c.isdigit())
        if column == PatientColumn.EMAIL:
            return s.email.casefold()
        return s.red_flags * 2 + int(s.archived)

    def _flags_tooltip(self, s: PatientSummary) -> str:
        lines = []
        if s.red_flags:
            lines.append(self.tr("Red-flag answers at intake: {count}. Review before treating.")
                         .format(count=s.red_flags))
        if s.archived:
            lines.append(self.tr("Archived: kept for the record, hidden from the usual list."))
        return "\n".join(lines)

    def _foreground(self, s: PatientSummary, column: int) -> QColor | None:
        if column == PatientColumn.FLAGS and s.red_flags:
            return self._alert_colour
        if s.archived:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        return None
