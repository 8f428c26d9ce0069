"""EpisodeTreeModel: a patient's episodes of care as a two-level tree, newest first.

Top-level rows are episodes (title, side, dates, status, what is due); their children are the
episode's notes, newest visit first (kind, visit date, Draft/Signed with the addenda count). Rows
carry their domain objects through `EpisodeRole` and `NoteRole`, so views resolve selections
through those roles and never by row number. Refreshing one episode after a note is saved replaces
only that episode's rows, so the view keeps its expansion and scroll position.
Imports QtCore/QtGui, domain types and display_text only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...domain.charting import (
    NOTE_KIND_LABELS,
    DueItem,
    Episode,
    EpisodeStatus,
    Note,
)
from ...domain.intake import SIDE_LABELS, Side
from ..display_text import format_date

AnyIndex = QModelIndex | QPersistentModelIndex

EpisodeRole = Qt.ItemDataRole.UserRole + 1
"""The row's Episode (for a note row, the episode it belongs to)."""
NoteRole = Qt.ItemDataRole.UserRole + 2
"""The row's Note, or None on an episode row."""
SortRole = Qt.ItemDataRole.UserRole + 3
"""Raw values (ISO dates, numbers) for sorting, never display strings."""

DUE_COLOUR = "#b3261e"
DRAFT_COLOUR = "#8a5300"
DUE_MARKER = "\u26a0"  # ⚠
_TOP = 0  # internal id of an episode row; a note row's id is its episode's row + 1


class EpisodeColumn(IntEnum):
    # Side comes last: the title usually says it, and narrow windows cut the rightmost column.
    ITEM = 0
    DATES = 1
    STATUS = 2
    DUE = 3
    SIDE = 4


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ACCESSIBLE_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_EPISODE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NOTE_FLAGS = _EPISODE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class EpisodeTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._episodes: list[Episode] = []
        self._notes: list[list[Note]] = []  # per episode row, newest visit first
        self._due: list[list[DueItem]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._due_colour = QColor(DUE_COLOUR)
        self._draft_colour = QColor(DRAFT_COLOUR)
        self._headers = {
            EpisodeColumn.ITEM: self.tr("Episode / note"),
            EpisodeColumn.DATES: self.tr("Dates"),
            EpisodeColumn.STATUS: self.tr("Status"),
            EpisodeColumn.DUE: self.tr("Due"),
            EpisodeColumn.SIDE: self.tr("Side"),
        }

    # --- what is shown -------------------------------------------------------------------------

    def set_episodes(self, episodes: Sequence[Episode],
                     due: Mapping[int, Sequence[DueItem]]) -> None:
        """Show these episodes (any order; shown newest first) and what is due for each."""
        ordered = sorted(episodes, key=_newest_first)
        self.beginResetModel()
        self._episodes = ordered
        self._notes = [_notes_newest_first(e) for e in ordered]
        self._due = [list(due.get(int(e.id), ())) for e in ordered]
        self.endResetModel()

    def put_episode(self, episode: Episode, due: Sequence[DueItem]) -> QModelIndex:
        """Show a new or changed episode in place; returns its index."""
        row = self.row_of_episode(int(episode.id))
        if row is None:
            row = sum(1 for e in self._episodes if _newest_first(e) < _newest_first(episode))
            self.beginInsertRows(QModelIndex(), row, row)
            self._episodes.insert(row, episode)
            self._notes.insert(row, _notes_newest_first(episode))
            self._due.insert(row, list(due))
            self.endInsertRows()
            return self.index(row, 0)
        parent = self.index(row, 0)
        if self._notes[row]:
            self.beginRemoveRows(parent, 0, len(self._notes[row]) - 1)
            self._notes[row] = []
            self.endRemoveRows()
        notes = _notes_newest_first(episode)
        if notes:
            self.beginInsertRows(parent, 0, len(notes) - 1)
            self._notes[row] = notes
            self.endInsertRows()
        self._episodes[row], self._due[row] = episode, list(due)
        self.dataChanged.emit(parent, self.index(row, len(EpisodeColumn) - 1))
        return parent

    @property
    def episodes(self) -> list[Episode]:
        return list(self._episodes)

    def due_for(self, episode_id: int) -> list[DueItem]:
        row = self.row_of_episode(episode_id)
        return [] if row is None else list(self._due[row])

    def row_of_episode(self, episode_id: int) -> int | None:
        for row, episode in enumerate(self._episodes):
            if episode.id == episode_id:
                return row
        return None

    def index_of_note(self, note_id: int) -> QModelIndex:
        for row, notes in enumerate(self._notes):
            for note_row, note in enumerate(notes):
                if note.id == note_id:
                    return self.index(note_row, 0, self.index(row, 0))
        return QModelIndex()

    # --- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int,
              parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt signature
        if not 0 <= column < len(EpisodeColumn) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._episodes) \
                else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()  # notes have no children; only column 0 has children
        episode_row = parent.row()
        if episode_row < len(self._notes) and row < len(self._notes[episode_row]):
            return self.createIndex(row, column, episode_row + 1)
        return QModelIndex()

    # QObject.parent() and QAbstractItemModel.parent(index) share the name: mypy sees this as
    # overriding the first, as PySide6's stubs declare them.
    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if not parent.isValid():
            return len(self._episodes)
        if parent.internalId() == _TOP and parent.column() == 0 and parent.row() < len(
                self._notes):
            return len(self._notes[parent.row()])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return len(EpisodeColumn)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == _DISPLAY
                and 0 <= section < len(EpisodeColumn)):
            return self._headers[EpisodeColumn(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EPISODE_FLAGS if index.internalId() == _TOP else _NOTE_FLAGS

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        column = EpisodeColumn(index.column())
        if index.internalId() == _TOP:
            row = index.row()
            if row >= len(self._episodes):
                return None
            return self._episode_data(self._episodes[row], self._due[row], column, role)
        episode_row, row = index.internalId() - 1, index.row()
        if episode_row >= len(self._notes) or row >= len(self._notes[episode_row]):
            return None
        note = self._notes[episode_row][row]
        if role == EpisodeRole:
            return self._episodes[episode_row]
        return self._note_data(note, column, role)

    # --- episode rows --------------------------------------------------------------------------

    def _episode_data(self, episode: Episode, due: list[DueItem], column: EpisodeColumn,
                      role: int) -> Any:
        if role == _DISPLAY:
            return self._episode_text(episode, due, column)
        if role == EpisodeRole:
            return episode
        if role == NoteRole:
            return None
        if role == SortRole:
            return (episode.opened_on.isoformat(), int(episode.id))
        if role == _FONT and column in (EpisodeColumn.ITEM, EpisodeColumn.DUE):
            return self._bold
        if role == _FOREGROUND and column == EpisodeColumn.DUE and due:
            return self._due_colour
        if role == _TOOLTIP and column == EpisodeColumn.DUE and due:
            return "\n".join(item.message for item in due)
        if role == _TOOLTIP and column == EpisodeColumn.ITEM:
            return "\n".join(part for part in (episode.title, episode.condition) if part)
        if role == _ACCESSIBLE_DESCRIPTION and due:
            return "; ".join(item.message for item in due)
        return None

    def _episode_text(self, episode: Episode, due: list[DueItem], column: EpisodeColumn) -> str:
        if column == EpisodeColumn.ITEM:
            return episode.title
        if column == EpisodeColumn.SIDE:
            return self.tr(side_label(episode.side))
        if column == EpisodeColumn.DATES:
            if episode.closed_on is None:
                return self.tr("since {date}").format(date=format_date(episode.opened_on))
            return f"{format_date(episode.opened_on)} – {format_date(episode.closed_on)}"
        if column == EpisodeColumn.STATUS:
            count = len(episode.notes)
            notes = self.tr("1 note") if count == 1 else self.tr("{n} notes").format(n=count)
            status = (self.tr("Open") if episode.status is EpisodeStatus.OPEN
                      else self.tr("Discharged"))
            return f"{status} · {notes}"
        return due_summary(due, self.tr)

    # --- note rows -----------------------------------------------------------------------------

    def _note_data(self, note: Note, column: EpisodeColumn, role: int) -> Any:
        if role == _DISPLAY:
            return self._note_text(note, column)
        if role == NoteRole:
            return note
        if role == SortRole:
            return (note.header.visit_date.isoformat(), int(note.id))
        if column in (EpisodeColumn.STATUS, EpisodeColumn.DUE) and not note.is_signed:
            if role == _FOREGROUND:
                return self._draft_colour if column == EpisodeColumn.STATUS else self._due_colour
            if role == _FONT:
                return self._bold
        if role == _TOOLTIP and note.signature is not None:
            signed = note.signature
            who = ", ".join(p for p in (signed.signer_name, signed.credentials) if p)
            return self.tr("Signed by {who} on {date}").format(
                who=who, date=format_date(signed.signed_at.astimezone().date()))
        if role == _ACCESSIBLE_DESCRIPTION:
            return note.title
        return None

    def _note_text(self, note: Note, column: EpisodeColumn) -> str:
        if column == EpisodeColumn.ITEM:
            return self.tr(NOTE_KIND_LABELS[note.kind])
        if column == EpisodeColumn.DATES:
            return format_date(note.header.visit_date)
        if column == EpisodeColumn.STATUS:
            if not note.is_signed:
                return self.tr("Draft")
            count = len(note.addenda)
            if count == 0:
                return self.tr("Signed")
            if count == 1:
                return self.tr("Signed + 1 addendum")
            return self.tr("Signed + {n} addenda").format(n=count)
        if column == EpisodeColumn.DUE and not note.is_signed:
            return self.tr("Not signed")
        return ""


def side_label(side: str) -> str:
    return SIDE_LABELS[Side(side)] if side in {s.value for s in Side} else side


def due_summary(due: Sequence[DueItem], tr: Any = str) -> str:
    """'⚠ 2 unsigned · Re-evaluation due': what is due, short enough for one cell."""
    parts = []
    unsigned = sum(1 for item in due if item.kind == "unsigned")
    if unsigned:
        parts.append(tr("{n} unsigned").format(n=unsigned))
    short = {"evaluation": tr("No evaluation yet"), "progress_note": tr("Progress note due"),
             "reevaluation": tr("Re-evaluation due")}
    parts.extend(short.get(item.kind, item.message) for item in due if item.kind != "unsigned")
    return f"{DUE_MARKER} " + " · ".join(parts) if parts else ""


def _newest_first(episode: Episode) -> tuple[int, int]:
    return (-episode.opened_on.toordinal(), -int(episode.id))


def _notes_newest_first(episode: Episode) -> list[Note]:
    return sorted(episode.notes, key=lambda n: (n.header.visit_date, n.id), reverse=True)
