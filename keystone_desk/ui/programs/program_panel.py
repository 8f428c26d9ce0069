"""ProgramPanel: the program being built — its exercises in order, and the selected one's side,
dosage and notes.

Reorder by dragging or with Alt+Up / Alt+Down; Delete removes. A pick (add, remove, move, side) is
finished at once; typing in the dosage or notes is finished when the person pauses for
`TYPING_PAUSE_MS` (or leaves the exercise). Either way, once the edit is valid and in the model the
panel emits `items_changed` and the builder saves the draft. An edit the domain refuses stays on
screen with its problems beside the fields, and is not in the model (`unsaved_problems()` says
what is wrong). Qt widgets and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelectionModel,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.exercises import Exercise
from ...domain.home_programs import ProgramItem
from .item_details import ItemDetails
from .program_model import ItemExerciseRole, ProgramItemsModel
from .thumbnails import ExerciseThumbnails

TYPING_PAUSE_MS = 150


class ProgramPanel(QWidget):
    items_changed = Signal()  # the model holds a finished, valid edit: save the draft
    edit_dropped = Signal(str)  # the person left an exercise whose edit was refused: why

    def __init__(self, exercise: Callable[[str], Exercise | None],
                 thumbnails: ExerciseThumbnails, default_side: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._default_side = default_side
        self.model = ProgramItemsModel(exercise, thumbnails.icon, self)
        self._thumbnail_size = thumbnails.size
        self._shown = QPersistentModelIndex()  # the row the details show
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._problems = ""
        self._build_ui()
        self._connect_signals()
        self._on_current_changed()

    # --- public --------------------------------------------------------------------------------

    @property
    def view(self) -> QListView:
        return self._view

    @property
    def details(self) -> ItemDetails:
        return self._details

    def set_items(self, items: tuple[ProgramItem, ...], keep_row: int | None = None) -> None:
        """Show the draft's items (after loading or reloading); details show `keep_row`."""
        self._typing.stop()
        self._problems = ""
        self._shown = QPersistentModelIndex()
        self.model.set_items(items)
        count = self.model.rowCount()
        if count:
            self.select_row(min(keep_row if keep_row is not None else 0, count - 1))
        else:
            self._on_current_changed()

    def add(self, exercise: Exercise) -> None:
        """Add an exercise at the end with its default dosage, and select it."""
        if not self.flush():
            return
        self.model.insert_item(self.model.rowCount(),
                               ProgramItem(exercise.id, self._default_side, exercise.dosage))
        self.select_row(self.model.rowCount() - 1)
        self._update_summary()
        self.items_changed.emit()

    def select_row(self, row: int) -> None:
        index = self.model.index(row)
        self._view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._view.scrollTo(index)

    def current_row(self) -> int | None:
        index = self._view.currentIndex()
        return index.row() if index.isValid() else None

    def flush(self) -> bool:
        """Finish a paused-on edit now (leaving, handing out, closing); False if it is invalid."""
        if self._typing.isActive() or self._problems:
            self._typing.stop()
            result = self._apply_details()
            if result:
                self.items_changed.emit()
            return result is not None
        return True

    def unsaved_problems(self) -> str:
        """What is wrong with an edit the domain refused ("" when there is none)."""
        return self._problems

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        title = QLabel(self.tr("Program"))
        title.setStyleSheet("QLabel { font-weight: 600; font-size: 11pt; }")
        self._summary = QLabel()
        self._summary.setStyleSheet("QLabel { color: #5f6368; }")
        self._view = QListView()
        self._view.setModel(self.model)
        self._view.setAccessibleName(self.tr("Exercises in the program"))
        self._view.setIconSize(self._thumbnail_size)
        self._view.setSpacing(2)
        self._view.setWordWrap(True)
        self._view.setAlternatingRowColors(True)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self._view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._view.setDragDropOverwriteMode(False)
        self._view.setDropIndicatorShown(True)

        self._remove = self._action(self.tr("&Remove"), QKeySequence.StandardKey.Delete,
                                    self.tr("Take the exercise out of the program (Delete)"))
        self._up = self._action(self.tr("Move &up"), "Alt+Up",
                                self.tr("Move the exercise earlier (Alt+Up)"))
        self._down = self._action(self.tr("Move do&wn"), "Alt+Down",
                                  self.tr("Move the exercise later (Alt+Down)"))
        buttons = QHBoxLayout()
        for action in (self._up, self._down, self._remove):
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self._details = ItemDetails()
        details_box = QGroupBox(self.tr("Selected exercise"))
        QVBoxLayout(details_box).addWidget(self._details)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self._summary)
        top_layout.addLayout(heading)
        top_layout.addWidget(self._view, 1)
        top_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(details_box)
        split.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str,
                tip: str) -> QAction:
        action = QAction(text, self._view)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setToolTip(tip)
        self._view.addAction(action)
        return action

    def _connect_signals(self) -> None:
        self._view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model.rows_moved_by_person.connect(self._on_model_rows_moved_by_person)
        self._remove.triggered.connect(self._on_remove_triggered)
        self._up.triggered.connect(self._on_up_triggered)
        self._down.triggered.connect(self._on_down_triggered)
        self._details.edited.connect(self._on_details_edited)
        self._typing.timeout.connect(self._on_typing_timeout)

    # --- behaviour -----------------------------------------------------------------------------

    def _on_current_changed(self, *_: object) -> None:
        leaving = self._shown.isValid() and self._shown.row() != self.current_row()
        if leaving and not self.flush():  # what was typed for the exercise left is refused
            self.edit_dropped.emit(self.tr("The change to {name} was not kept: {why}").format(
                name=self._details.title_text(), why=self._problems))
        index = self._view.currentIndex()
        row = index.row() if index.isValid() else None
        self._shown = QPersistentModelIndex(index)
        exercise = index.data(ItemExerciseRole) if index.isValid() else None
        item = self.model.item_at(row) if row is not None else None
        self._details.set_item(item, exercise.name if isinstance(exercise, Exercise)
                               else (item.exercise_id if item else ""))
        self._problems = ""
        count = self.model.rowCount()
        self._remove.setEnabled(row is not None)
        self._up.setEnabled(row is not None and row > 0)
        self._down.setEnabled(row is not None and row < count - 1)
        self._update_summary()

    def _update_summary(self) -> None:
        count = self.model.rowCount()
        self._summary.setText(self.tr("1 exercise") if count == 1
                              else self.tr("{n} exercises").format(n=count))

    def _on_details_edited(self, immediate: bool) -> None:
        if immediate:
            self._typing.stop()
            if self._apply_details():
                self.items_changed.emit()
        else:
            self._typing.start()

    def _on_typing_timeout(self) -> None:
        if self._apply_details():
            self.items_changed.emit()

    def _apply_details(self) -> bool | None:
        """Put the details into the model: True if it changed, False if not, None if refused
        (the problems are beside the fields)."""
        if not self._shown.isValid():
            return False
        item = self._details.item()
        if item is None:
            self._problems = self._details.problems_text()
            return None
        self._problems = ""
        row = self._shown.row()
        if item == self.model.item_at(row):
            return False
        self.model.set_item(row, item)
        return True

    def _on_remove_triggered(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self._typing.stop()
        self._problems = ""
        self._shown = QPersistentModelIndex()
        self.model.remove_item(row)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        else:
            self._on_current_changed()
        self.items_changed.emit()

    def _on_up_triggered(self) -> None:
        self._move(-1)

    def _on_down_triggered(self) -> None:
        self._move(+1)

    def _move(self, offset: int) -> None:
        row = self.current_row()
        if row is None or not self.flush():
            return
        target = self.model.move_item(row, offset)
        if target is not None:
            self.select_row(target)

    def _on_model_rows_moved_by_person(self) -> None:
        self._on_current_changed()
        self.items_changed.emit()
