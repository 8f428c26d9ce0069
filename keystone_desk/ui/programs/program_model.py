"""ProgramItemsModel: the draft home program's exercises in the order the patient does them.

Rows are `ProgramItem`s; each shows its number, the exercise's name, the side and the dosage line
the handout prints. Reordering is `moveRows` (the list view's internal drag, Alt+Up/Alt+Down) or a
drop of this model's own mime data (`mimeData` → `dropMimeData`), which moves the rows named in it.
The model never removes rows for a drag (no `removeRows`), so a drop cannot lose an item.
`items()` gives them back numbered 1, 2, 3… Imports QtCore and domain types only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from ...domain.exercises import Exercise, dosage_text
from ...domain.home_programs import ProgramItem

AnyIndex = QModelIndex | QPersistentModelIndex
ExerciseLookup = Callable[[str], Exercise | None]
IconFor = Callable[[Exercise], QIcon]

ItemRole = Qt.ItemDataRole.UserRole + 1
"""The row's ProgramItem."""
ItemExerciseRole = Qt.ItemDataRole.UserRole + 2
"""The row's Exercise (None when the exercise is no longer known)."""

ROWS_MIME = "application/x-keystone-program-rows"
SIDE_TEXT = {"": "", "left": "Left", "right": "Right", "both": "Both sides"}


class ProgramItemsModel(QAbstractListModel):
    rows_moved_by_person = Signal()  # a drag or a move key changed the order

    def __init__(self, exercise: ExerciseLookup, icon_for: IconFor,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._exercise = exercise
        self._icon_for = icon_for
        self._rows: list[ProgramItem] = []

    # --- the program ---------------------------------------------------------------------------

    def set_items(self, items: Sequence[ProgramItem]) -> None:
        self.beginResetModel()
        self._rows = sorted(items, key=lambda i: i.order)
        self.endResetModel()

    def items(self) -> tuple[ProgramItem, ...]:
        return tuple(replace(item, order=n) for n, item in enumerate(self._rows, start=1))

    def item_at(self, row: int) -> ProgramItem:
        return self._rows[row]

    def set_item(self, row: int, item: ProgramItem) -> None:
        self._rows[row] = item
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def insert_item(self, row: int, item: ProgramItem) -> None:
        row = max(0, min(row, len(self._rows)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, item)
        self.endInsertRows()
        self._renumber_from(row + 1)

    def remove_item(self, row: int) -> ProgramItem:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._rows.pop(row)
        self.endRemoveRows()
        self._renumber_from(row)
        return removed

    def move_item(self, row: int, offset: int) -> int | None:
        """Move one row up (-1) or down (+1); its new row, or None at either end."""
        target = row + offset
        if not 0 <= row < len(self._rows) or not 0 <= target < len(self._rows):
            return None
        destination = target if offset < 0 else target + 1
        if not self.moveRows(QModelIndex(), row, 1, QModelIndex(), destination):
            return None
        return target

    def refresh_exercises(self) -> None:
        """The exercises' names or pictures changed (an edit, a photo): show them again."""
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # --- QAbstractListModel --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops go between items, never onto one
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, row = self._rows[index.row()], index.row()
        exercise = self._exercise(item.exercise_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row + 1}.  {self._name(item, exercise)}\n{self.detail_text(item)}"
        if role == ItemRole:
            return item
        if role == ItemExerciseRole:
            return exercise
        if role == Qt.ItemDataRole.DecorationRole and exercise is not None:
            return self._icon_for(exercise)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row + 1}. {self._name(item, exercise)}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.detail_text(item)
        if role == Qt.ItemDataRole.ToolTipRole and item.notes:
            return item.notes
        return None

    def detail_text(self, item: ProgramItem) -> str:
        side = self.tr(SIDE_TEXT.get(item.side, item.side))
        return " · ".join(p for p in (side, dosage_text(item.dosage)) if p)

    def _name(self, item: ProgramItem, exercise: Exercise | None) -> str:
        if exercise is None:
            return self.tr("{id} (no longer in the library)").format(id=item.exercise_id)
        return exercise.name

    # --- reordering ----------------------------------------------------------------------------

    def moveRows(self, source_parent: AnyIndex, source_row: int, count: int,
                 destination_parent: AnyIndex, destination_child: int) -> bool:
        if (source_parent.isValid() or destination_parent.isValid() or count < 1
                or source_row < 0 or source_row + count > len(self._rows)
                or not 0 <= destination_child <= len(self._rows)
                or source_row <= destination_child <= source_row + count):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1,
                                  QModelIndex(), destination_child):
            return False
        moving = self._rows[source_row:source_row + count]
        del self._rows[source_row:source_row + count]
        insert_at = destination_child - count if destination_child > source_row else destination_child
        self._rows[insert_at:insert_at] = moving
        self.endMoveRows()
        self._renumber_from(0)
        self.rows_moved_by_person.emit()
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROWS_MIME, json.dumps(rows).encode())
        return mime

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,
                     column: int, parent: AnyIndex) -> bool:
        """Move the dragged rows to before `row` (or onto `parent`'s place; -1: the end)."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(ROWS_MIME):
            return False
        try:
            rows = [int(r) for r in json.loads(bytes(data.data(ROWS_MIME).data()).decode())]
        except (ValueError, TypeError):
            return False
        if not rows or any(not 0 <= r < len(self._rows) for r in rows):
            return False
        destination = parent.row() if parent.isValid() else (row if row >= 0 else len(self._rows))
        chosen = set(rows)
        moving = [self._rows[r] for r in sorted(chosen)]
        # The dragged items land, in their order, before the first item that is not dragged.
        anchor = next((self._rows[r] for r in range(destination, len(self._rows))
                       if r not in chosen), None)
        for item in moving:
            current = self._row_of_object(item)
            target = self._row_of_object(anchor) if anchor is not None else len(self._rows)
            if current != target - 1:
                self.moveRows(QModelIndex(), current, 1, QModelIndex(), target)
        return True

    def _row_of_object(self, item: ProgramItem) -> int:
        return next(n for n, row in enumerate(self._rows) if row is item)

    def _renumber_from(self, row: int) -> None:
        if row < len(self._rows):
            self.dataChanged.emit(self.index(row), self.index(len(self._rows) - 1))
