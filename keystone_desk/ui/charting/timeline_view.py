"""EpisodeTimelineView: the tree view of a patient's episodes and notes, and what it keeps steady.

It owns an `EpisodeTreeModel` and keeps the person's place when the rows are read again: what
was expanded stays expanded, the selected note or episode stays selected, new open episodes open
out. Columns share the width so the title and what is due stay readable in a narrow window.
Selections resolve through the model's roles, never by row number. Qt widgets and domain types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from ...domain.charting import DueItem, Episode, EpisodeStatus, Note
from .episode_model import EpisodeColumn, EpisodeRole, EpisodeTreeModel, NoteRole

TITLE_WIDTHS = (200, 440)  # the title column fits the longest title within these
MIN_DUE_WIDTH = 90
_FIXED_COLUMNS = (EpisodeColumn.DATES, EpisodeColumn.STATUS, EpisodeColumn.SIDE)


class EpisodeTimelineView(QTreeView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = EpisodeTreeModel(self)
        self.setModel(self._model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setStyleSheet("QTreeView::item { padding: 3px 2px; }")  # rows a finger apart
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    @property
    def episode_model(self) -> EpisodeTreeModel:
        return self._model

    def selected_episode(self) -> Episode | None:
        episode = self.currentIndex().data(EpisodeRole) if self.currentIndex().isValid() else None
        return episode if isinstance(episode, Episode) else None

    def selected_note(self) -> Note | None:
        note = self.currentIndex().data(NoteRole) if self.currentIndex().isValid() else None
        return note if isinstance(note, Note) else None

    def show_episodes(self, episodes: Sequence[Episode],
                      due: Mapping[int, Sequence[DueItem]]) -> None:
        """Show these episodes, keeping the person's place; new open episodes open out."""
        model = self._model
        expanded = {int(e.id) for row, e in enumerate(model.episodes)
                    if self.isExpanded(model.index(row, 0))}
        known = {int(e.id) for e in model.episodes}
        episode, note = self.selected_episode(), self.selected_note()
        model.set_episodes(episodes, due)
        for row, shown in enumerate(model.episodes):
            fresh = int(shown.id) not in known
            if int(shown.id) in expanded or (fresh and (
                    shown.status is EpisodeStatus.OPEN or row == 0)):
                self.expand(model.index(row, 0))
        if note is not None:
            self.select_note(int(note.id))
        elif episode is not None:
            self.select_episode(int(episode.id))
        elif model.rowCount():
            self.select(model.index(0, 0))
        self.fit_columns()

    def show_episode(self, episode: Episode, due: Sequence[DueItem]) -> None:
        """Show one new or changed episode in place, opened out, keeping the selected note."""
        note = self.selected_note()
        self.expand(self._model.put_episode(episode, due))
        if note is not None and note.episode_id == episode.id:
            self.select_note(int(note.id))
        self.fit_columns()

    def select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.scrollTo(index)

    def select_episode(self, episode_id: int) -> None:
        row = self._model.row_of_episode(episode_id)
        if row is not None:
            self.select(self._model.index(row, 0))

    def select_note(self, note_id: int) -> None:
        self.select(self._model.index_of_note(note_id))

    def fit_columns(self) -> None:
        """Dates, status and side as wide as they need; the title up to its longest, and what
        is due gets the rest (elided when narrow: the panel spells it out beneath)."""
        header = self.header()
        wanted = {c: max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
                  for c in EpisodeColumn}
        wanted[EpisodeColumn.ITEM] += self.indentation()
        room = self.viewport().width() - sum(wanted[c] for c in _FIXED_COLUMNS)
        low, high = TITLE_WIDTHS
        title = max(low, min(high, wanted[EpisodeColumn.ITEM], room - wanted[EpisodeColumn.DUE]))
        header.resizeSection(EpisodeColumn.ITEM, title)
        header.resizeSection(EpisodeColumn.DUE, max(MIN_DUE_WIDTH, room - title))
        for column in _FIXED_COLUMNS:
            header.resizeSection(column, wanted[column])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
