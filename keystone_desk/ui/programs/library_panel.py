"""LibraryPanel: find an exercise to add — search box, category filter, the matching exercises with
a small picture each — and look after the library: the clinic's own exercises (new, edit) and a
clinic photo on any exercise.

The search is `ExerciseService.search` (every typed word begins a word of the name, category,
purpose or tags, folded like patient search). Double-click, Enter or "Add to program" asks the
builder to add the exercise (`add_requested`). In the search box Up/Down move the highlight and
Enter adds the highlighted exercise, so a therapist types, arrows and presses Enter without
leaving the box. Anything that changes an exercise is reported as `exercise_changed` so the
builder can show it. Every dialog goes through `_exec_editor` and every
file chooser through `_ask_open_path` (tests replace them). Talks to the clinic's services only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.clinic_exercises import ExerciseDraft, draft_from_exercise
from ...domain.errors import ConflictError, KeystoneError, ValidationError
from ...domain.exercises import Exercise, ExerciseSource, Photo
from ...services.session import ClinicSession
from .. import messages
from .exercise_editor import ExerciseEditorDialog
from .library_model import ExerciseListModel, ExerciseRole
from .thumbnails import ExerciseThumbnails

PHOTO_FILTER = "Pictures (*.png *.jpg *.jpeg)"
_HIGHLIGHT_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                    Qt.Key.Key_PageUp: -8}


class LibraryPanel(QWidget):
    add_requested = Signal(object)  # Exercise
    exercise_changed = Signal(object)  # Exercise, as it is now (edited, photo attached/removed)

    def __init__(self, session: ClinicSession, thumbnails: ExerciseThumbnails,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._exercises = session.exercises
        self._model = ExerciseListModel(thumbnails, self)
        self._thumbnail_size = thumbnails.size
        self._editor: ExerciseEditorDialog | None = None
        self._build_ui()
        self._connect_signals()
        self._load()

    # --- public --------------------------------------------------------------------------------

    @property
    def model(self) -> ExerciseListModel:
        return self._model

    @property
    def view(self) -> QListView:
        return self._view

    @property
    def search_box(self) -> QLineEdit:
        return self._search

    @property
    def status_text(self) -> str:
        return self._status.text()

    def focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def current_exercise(self) -> Exercise | None:
        exercise = self._view.currentIndex().data(ExerciseRole)
        return exercise if isinstance(exercise, Exercise) else None

    def refresh(self, select: str | None = None) -> None:
        """Search again (after a change), keeping or moving to the exercise `select`."""
        keep = select or (e.id if (e := self.current_exercise()) else None)
        category = self._category.currentData()
        self._model.set_rows(self._exercises.search(self._search.text(), category or None))
        row = self._model.row_of(keep) if keep else None
        self._select_row(row if row is not None else 0)
        self._update_status()

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._search_label = QLabel(self.tr("&Search exercises"))
        self._search = QLineEdit()
        self._search.setAccessibleName(self.tr("Search exercises"))
        self._search.setPlaceholderText(self.tr("Name or word, e.g. heel, band, hip"))
        self._search.setToolTip(self.tr("Up and Down choose in the list; Enter adds it"))
        self._search.setClearButtonEnabled(True)
        self._search_label.setBuddy(self._search)
        self._category_label = QLabel(self.tr("Cate&gory"))
        self._category = QComboBox()
        self._category.setAccessibleName(self.tr("Category"))
        self._category_label.setBuddy(self._category)

        self._view = QListView()
        self._view.setModel(self._model)
        self._view.setAccessibleName(self.tr("Exercises"))
        self._view.setIconSize(self._thumbnail_size)
        self._view.setSpacing(1)
        self._view.setWordWrap(True)  # long names ("Heavy slow calf press in a leg-press…")
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.setDragEnabled(False)
        self._view.setAlternatingRowColors(True)
        self._status = QLabel()
        self._status.setStyleSheet("QLabel { color: #5f6368; }")

        self._add = QPushButton(self.tr("&Add to program"))
        self._add.setToolTip(self.tr("Add the highlighted exercise (or double-click it, or press "
                                     "Enter in the search box or the list)"))
        self._new = QPushButton(self.tr("New e&xercise…"))
        self._new.setToolTip(self.tr("Write the clinic's own exercise"))
        self._edit = QPushButton(self.tr("&Edit…"))
        self._edit.setToolTip(self.tr("Change one of the clinic's own exercises"))
        self._attach = QPushButton(self.tr("Attach p&hoto…"))
        self._attach.setToolTip(self.tr("Show the clinic's photo instead of the drawing"))
        self._remove_photo = QPushButton(self.tr("Remove photo"))
        self._remove_photo.setToolTip(self.tr("Go back to the drawing"))

        filters = QGridLayout()
        filters.addWidget(self._search_label, 0, 0)
        filters.addWidget(self._search, 0, 1)
        filters.addWidget(self._category_label, 1, 0)
        filters.addWidget(self._category, 1, 1)
        buttons = QGridLayout()
        buttons.addWidget(self._add, 0, 0, 1, 2)
        buttons.addWidget(self._new, 1, 0)
        buttons.addWidget(self._edit, 1, 1)
        buttons.addWidget(self._attach, 2, 0)
        buttons.addWidget(self._remove_photo, 2, 1)
        status = QHBoxLayout()
        status.addWidget(self._status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self._view, 1)
        layout.addLayout(status)
        layout.addLayout(buttons)
        self.setTabOrder(self._search, self._category)
        self.setTabOrder(self._category, self._view)
        self.setTabOrder(self._view, self._add)

    def _connect_signals(self) -> None:
        self._search.textChanged.connect(self._on_search_text_changed)
        self._search.returnPressed.connect(self._on_search_return_pressed)
        self._search.installEventFilter(self)
        self._category.currentIndexChanged.connect(self._on_category_current_index_changed)
        self._view.activated.connect(self._on_view_activated)
        self._view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self._add.clicked.connect(self._on_add_clicked)
        self._new.clicked.connect(self._on_new_clicked)
        self._edit.clicked.connect(self._on_edit_clicked)
        self._attach.clicked.connect(self._on_attach_clicked)
        self._remove_photo.clicked.connect(self._on_remove_photo_clicked)

    def _load(self) -> None:
        self._category.addItem(self.tr("All categories"), "")
        for category in self._exercises.categories():
            self._category.addItem(category.value.capitalize(), category.value)
        self.refresh()

    # --- searching -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Up/Down (and Page Up/Down) move the highlight in the list while
        the typing stays where it is; Enter then adds the highlighted exercise."""
        if (watched is self._search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and not event.modifiers()
                and Qt.Key(event.key()) in _HIGHLIGHT_STEPS and self._model.rowCount() > 0):
            step = _HIGHLIGHT_STEPS[Qt.Key(event.key())]
            current = self._view.currentIndex().row()
            self._select_row(min(max(current + step, 0), self._model.rowCount() - 1))
            return True
        return super().eventFilter(watched, event)

    def _on_search_text_changed(self, _text: str) -> None:
        self.refresh()

    def _on_category_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_search_return_pressed(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        self.add_requested.emit(exercise)
        self._search.selectAll()  # ready for the next exercise's name

    def _on_view_current_changed(self, *_: object) -> None:
        exercise = self.current_exercise()
        self._add.setEnabled(exercise is not None)
        self._edit.setEnabled(exercise is not None and exercise.source is ExerciseSource.CLINIC)
        self._attach.setEnabled(exercise is not None)
        self._remove_photo.setEnabled(exercise is not None and exercise.photo is not None)

    def _select_row(self, row: int) -> None:
        if 0 <= row < self._model.rowCount():
            index = self._model.index(row)
            self._view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self._view.scrollTo(index)
        self._on_view_current_changed()

    def _update_status(self) -> None:
        shown, text = self._model.rowCount(), self._search.text().strip()
        if shown == 0 and text:
            message = self.tr("No exercises match “{text}”").format(text=text)
        elif shown == 1:
            message = self.tr("1 exercise")
        else:
            message = self.tr("{n} exercises").format(n=shown)
        self._status.setText(message)

    # --- adding --------------------------------------------------------------------------------

    def _on_view_activated(self, index: QModelIndex) -> None:
        exercise = index.data(ExerciseRole)
        if isinstance(exercise, Exercise):
            self.add_requested.emit(exercise)

    def _on_add_clicked(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None:
            self.add_requested.emit(exercise)

    # --- the clinic's own exercises ------------------------------------------------------------

    def _on_new_clicked(self) -> None:
        self._open_editor(None, None, 0)

    def _on_edit_clicked(self) -> None:
        exercise = self.current_exercise()
        if exercise is None or exercise.source is not ExerciseSource.CLINIC:
            return
        try:
            opened = self._exercises.clinic_exercise(exercise.id)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Cannot edit the exercise"), str(exc))
            return
        self._open_editor(draft_from_exercise(opened.exercise, opened.figure_from),
                          opened.exercise, opened.version)

    def _open_editor(self, draft: ExerciseDraft | None, exercise: Exercise | None,
                     version: int) -> None:
        if self._editor is not None and self._editor.isVisible():
            self._editor.raise_()
            return
        editor = ExerciseEditorDialog(list(self._exercises.library), draft,
                                      exercise.photo if exercise else None, self)
        editor.setProperty("exercise_id", exercise.id if exercise else "")
        editor.setProperty("version", version)
        editor.submitted.connect(self._on_editor_submitted)
        editor.finished.connect(self._on_editor_finished)
        self._editor = editor
        self._exec_editor(editor)

    def _exec_editor(self, editor: ExerciseEditorDialog) -> None:
        editor.open()

    def _on_editor_submitted(self, draft: ExerciseDraft, photo: Photo | None) -> None:
        editor = self._editor
        if editor is None:
            return
        exercise_id, version = editor.property("exercise_id"), editor.property("version")
        try:
            if exercise_id:
                saved = self._exercises.update(self._session.user, exercise_id, draft, int(version))
            else:
                saved = self._exercises.create(self._session.user, draft)
            if editor.photo_changed():
                saved = (self._exercises.set_photo(self._session.user, saved.id, photo.data, photo.mime)
                         if photo is not None else
                         self._exercises.clear_photo(self._session.user, saved.id))
        except ValidationError as exc:
            editor.show_problems(exc.problems)
            return
        except ConflictError as exc:
            messages.show_error(self, self.tr("Exercise changed"), "\n\n".join((
                str(exc), self.tr("Close this window and open the exercise again to see the "
                                  "latest version."))))
            return
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Could not save the exercise"), str(exc))
            return
        editor.accept()
        self._after_change(saved)

    def _on_editor_finished(self, _result: int) -> None:
        if self._editor is not None:
            self._editor.deleteLater()
            self._editor = None

    # --- photos --------------------------------------------------------------------------------

    def _on_attach_clicked(self) -> None:
        exercise = self.current_exercise()
        if exercise is None:
            return
        path = self._ask_open_path(self.tr("Attach a photo to {name}").format(name=exercise.name))
        if path is None:
            return
        try:
            data = path.read_bytes()
            saved = self._exercises.set_photo(self._session.user, exercise.id, data)
        except OSError as exc:
            messages.show_error(self, self.tr("Photo not attached"),
                                self.tr("The file could not be read: {error}").format(error=exc))
            return
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Photo not attached"), _sentence(str(exc)))
            return
        self._after_change(saved)

    def _on_remove_photo_clicked(self) -> None:
        exercise = self.current_exercise()
        if exercise is None or exercise.photo is None:
            return
        try:
            saved = self._exercises.clear_photo(self._session.user, exercise.id)
        except KeystoneError as exc:
            messages.show_error(self, self.tr("Photo not removed"), str(exc))
            return
        self._after_change(saved)

    def _ask_open_path(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, title, "", self.tr(PHOTO_FILTER))
        return Path(chosen) if chosen else None

    def _after_change(self, exercise: Exercise) -> None:
        self.refresh(select=exercise.id)
        if (shown := self.current_exercise()) is None or shown.id != exercise.id:
            # A new exercise the search hides: show the whole library with it selected.
            for widget in (self._search, self._category):
                widget.blockSignals(True)
            self._search.clear()
            self._category.setCurrentIndex(0)
            for widget in (self._search, self._category):
                widget.blockSignals(False)
            self.refresh(select=exercise.id)
        self.exercise_changed.emit(exercise)


def _sentence(message: str) -> str:
    """'photo: use a JPEG or PNG picture' → 'Use a JPEG or PNG picture.'"""
    text = message.split(": ", 1)[-1]
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
