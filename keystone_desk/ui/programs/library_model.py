"""ExerciseListModel: the exercises a library search found, one row each, with a thumbnail.

The search itself (folded word prefixes, name matches first) is the service's; the model shows the
rows in the order given. Resolve a selection through `ExerciseRole`, never by row number.
Imports QtCore/QtGui and domain types only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...domain.exercises import Exercise, ExerciseSource, dosage_text
from .thumbnails import ExerciseThumbnails

AnyIndex = QModelIndex | QPersistentModelIndex

ExerciseRole = Qt.ItemDataRole.UserRole + 1
"""The row's Exercise."""
ExerciseIdRole = Qt.ItemDataRole.UserRole + 2
"""The row's exercise id (raw value, for finding and sorting)."""

_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)


class ExerciseListModel(QAbstractListModel):
    def __init__(self, thumbnails: ExerciseThumbnails, parent: QObject | None = None):
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._rows: list[Exercise] = []

    def set_rows(self, exercises: Sequence[Exercise]) -> None:
        self.beginResetModel()
        self._rows = list(exercises)
        self.endResetModel()

    def exercise_at(self, row: int) -> Exercise:
        return self._rows[row]

    def row_of(self, exercise_id: str) -> int | None:
        return next((n for n, e in enumerate(self._rows) if e.id == exercise_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        exercise = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(exercise)
        if role == ExerciseRole:
            return exercise
        if role == ExerciseIdRole:
            return exercise.id
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.icon(exercise)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{exercise.purpose}\n\n{self.tr('Default')}: {dosage_text(exercise.dosage)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return exercise.name
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._kind(exercise)
        return None

    def _display(self, exercise: Exercise) -> str:
        return f"{exercise.name}\n{self._kind(exercise)}"

    def _kind(self, exercise: Exercise) -> str:
        words = [exercise.category.value.capitalize()]
        if exercise.source is ExerciseSource.CLINIC:
            words.append(self.tr("clinic exercise"))
        if exercise.photo is not None:
            words.append(self.tr("photo"))
        return " · ".join(words)
