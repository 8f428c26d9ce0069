"""ExerciseEditorDialog: the clinic's own exercise — name, category, what it is for, how to do it,
cues, cautions (the pain rule already there), default dosage, and its picture: a library
exercise's drawing reused, or the clinic's photo.

It builds, wires and hands back what was typed (`draft()`, `photo()`); it never writes to the
database. `submitted(draft, photo)` is emitted when its own checks pass; the dialog stays open until
the caller calls `accept()` (the service saved it) or `show_problems()` (it did not), so everything
typed survives a refusal. After a refused save it checks again as the person types. The photo file
is chosen through `_ask_open_path` (tests replace it). Qt widgets and domain types only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.clinic_exercises import ExerciseDraft, default_cautions, photo_mime, validate_draft
from ...domain.errors import FieldProblem, ValidationError
from ...domain.exercises import Dosage, Exercise, ExerciseCategory, Photo
from ..figure_view import FigureView
from .dosage_fields import ERROR_STYLE, DosageFields

_TEXT_FIELDS = (  # key, label, lines shown, placeholder
    ("purpose", "Purpose", 2, "What it does for the patient, in one or two sentences"),
    ("starting_position", "Starting position", 2, "Where and how to start"),
    ("steps", "Steps (one per line)", 6, "One step per line"),
    ("cues", "Cues (one per line)", 3, "Short reminders, one per line"),
    ("cautions", "Cautions (one per line)", 5, ""),
)


class ExerciseEditorDialog(QDialog):
    submitted = Signal(object, object)  # ExerciseDraft, Photo | None

    def __init__(self, library: Sequence[Exercise], draft: ExerciseDraft | None = None,
                 photo: Photo | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._drawings = [e for e in library if e.figure_start is not None]
        self._photo = photo
        self._photo_changed = False
        self._checking = False  # after a refused save, check as the person types
        self._errors: dict[str, QLabel] = {}
        self._texts: dict[str, QPlainTextEdit] = {}
        self._build_ui()
        self._connect_signals()
        self._load(draft)

    # --- public --------------------------------------------------------------------------------

    def draft(self) -> ExerciseDraft:
        """What is typed; `dosage` is checked by the domain (ValidationError names the field)."""
        return ExerciseDraft(
            name=" ".join(self._name.text().split()),
            category=str(self._category.currentData() or ""),
            purpose=self._texts["purpose"].toPlainText().strip(),
            starting_position=self._texts["starting_position"].toPlainText().strip(),
            steps=_lines(self._texts["steps"]), cues=_lines(self._texts["cues"]),
            cautions=_lines(self._texts["cautions"]), dosage=self.dosage_fields.dosage(),
            figure_from=str(self._figure.currentData() or ""))

    def photo(self) -> Photo | None:
        return self._photo

    def photo_changed(self) -> bool:
        return self._photo_changed

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        """Show each problem beside its field (the service's or this dialog's own checks)."""
        problems = list(problems)
        self._checking = True
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for key, label in self._errors.items():
            text = " ".join(by_field.get(key, []))
            label.setText(text)
            label.setVisible(bool(text))
        self.dosage_fields.show_problems(
            [p for p in problems if p.field not in self._errors])

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if not label.isHidden() else ""

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Clinic exercise"))
        self._name = QLineEdit()
        self._name.setMaxLength(80)
        self._category = QComboBox()
        self._category.addItem(self.tr("Choose a category"), "")
        for category in ExerciseCategory:
            self._category.addItem(category.value.capitalize(), category.value)
        text_grid = QGridLayout()
        text_grid.setVerticalSpacing(6)
        row = self._add_field(text_grid, 0, "name", self.tr("&Name"), self._name)
        row = self._add_field(text_grid, row, "category", self.tr("&Category"), self._category)
        for key, label, lines, placeholder in _TEXT_FIELDS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(self.tr(placeholder))
            edit.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
            self._texts[key] = edit
            row = self._add_field(text_grid, row, key, self.tr(label), edit)
        text_grid.setRowStretch(row, 1)  # the fields stay together at the top

        dosage_box = QGroupBox(self.tr("Default dosage"))
        self.dosage_fields = DosageFields()
        QVBoxLayout(dosage_box).addWidget(self.dosage_fields)

        picture_box = QGroupBox(self.tr("Picture"))
        self._figure = QComboBox()
        self._figure.addItem(self.tr("No drawing"), "")
        for exercise in self._drawings:
            self._figure.addItem(exercise.name, exercise.id)
        self._figure_view = FigureView()
        self._figure_view.setMinimumHeight(110)
        self._photo_view = QLabel()
        self._photo_view.setObjectName("photo_view")
        self._photo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._photo_view.setMinimumHeight(110)
        self._choose_photo = QPushButton(self.tr("Choose &photo…"))
        self._clear_photo = QPushButton(self.tr("Remove photo"))
        picture = QGridLayout(picture_box)
        self._add_field(picture, 0, "figure", self.tr("&Drawing from"), self._figure)
        picture.addWidget(self._figure_view, 2, 0, 1, 2)
        picture.addWidget(self._photo_view, 3, 0, 1, 2)
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(self._choose_photo)
        photo_buttons.addWidget(self._clear_photo)
        photo_buttons.addStretch(1)
        picture.addLayout(photo_buttons, 4, 0, 1, 2)
        hint = QLabel(self.tr("A photo, when there is one, is printed instead of the drawing."))
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color: #5f6368; }")
        picture.addWidget(hint, 5, 0, 1, 2)
        picture.setRowStretch(6, 1)

        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Cancel)
        right = QVBoxLayout()
        right.addWidget(dosage_box)
        right.addWidget(picture_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(text_grid, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self._buttons)
        self.resize(960, 620)

    def _add_field(self, grid: QGridLayout, row: int, key: str, label_text: str,
                   field: QWidget) -> int:
        label = QLabel(label_text)
        label.setBuddy(field)
        field.setAccessibleName(label.text().replace("&", ""))
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self._errors[key] = error
        grid.addWidget(label, row, 0)
        grid.addWidget(field, row, 1)
        grid.addWidget(error, row + 1, 1)
        return row + 2

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self._figure.currentIndexChanged.connect(self._on_figure_current_index_changed)
        self._choose_photo.clicked.connect(self._on_choose_photo_clicked)
        self._clear_photo.clicked.connect(self._on_clear_photo_clicked)
        self._name.textEdited.connect(self._on_edited)
        self._category.currentIndexChanged.connect(self._on_edited)
        for edit in self._texts.values():
            edit.textChanged.connect(self._on_edited)
        self.dosage_fields.edited.connect(self._on_edited)

    def _load(self, draft: ExerciseDraft | None) -> None:
        draft = draft or ExerciseDraft("", "", cautions=default_cautions())
        self.setWindowTitle(self.tr("Edit clinic exercise") if draft.name
                            else self.tr("New clinic exercise"))
        self._name.setText(draft.name)
        self._category.setCurrentIndex(max(0, self._category.findData(str(draft.category))))
        for key, edit in self._texts.items():
            value = getattr(draft, key)
            edit.setPlainText("\n".join(value) if isinstance(value, tuple) else value)
        self.dosage_fields.set_dosage(draft.dosage)
        self._figure.setCurrentIndex(max(0, self._figure.findData(draft.figure_from)))
        self._on_figure_current_index_changed()
        self._show_photo()

    # --- behaviour -----------------------------------------------------------------------------

    def _problems(self) -> list[FieldProblem]:
        """Everything wrong with what is typed: the dosage's problems and the rest of the form's."""
        try:
            return validate_draft(self.draft())
        except ValidationError as exc:
            return [*exc.problems, *validate_draft(self._draft_with_default_dosage())]

    def _draft_with_default_dosage(self) -> ExerciseDraft:
        return ExerciseDraft(
            " ".join(self._name.text().split()), str(self._category.currentData() or ""),
            self._texts["purpose"].toPlainText(), self._texts["starting_position"].toPlainText(),
            _lines(self._texts["steps"]), _lines(self._texts["cues"]),
            _lines(self._texts["cautions"]), Dosage())

    def _on_buttons_accepted(self) -> None:
        problems = self._problems()
        if problems:
            self.show_problems(problems)
            return
        self.show_problems(())
        self.submitted.emit(self.draft(), self._photo)

    def _on_edited(self, *_: object) -> None:
        if self._checking:
            self.show_problems(self._problems())

    def _on_figure_current_index_changed(self, *_: object) -> None:
        chosen = next((e for e in self._drawings if e.id == self._figure.currentData()), None)
        self._figure_view.set_poses(chosen.figure_start if chosen else None,
                                    chosen.figure_end if chosen else None)
        self._figure_view.setVisible(chosen is not None)
        self._on_edited()

    def _on_choose_photo_clicked(self) -> None:
        path = self._ask_open_path()
        if path is None:
            return
        try:
            data = path.read_bytes()
            photo = Photo(data, photo_mime(data))
        except OSError as exc:
            self.show_problems([FieldProblem("figure", self.tr("The file could not be read: "
                                                               "{error}").format(error=exc))])
            return
        except ValidationError as exc:
            self.show_problems([FieldProblem("figure", p.message.capitalize() + ".")
                                for p in exc.problems])
            return
        self._photo, self._photo_changed = photo, True
        self._show_photo()

    def _on_clear_photo_clicked(self) -> None:
        if self._photo is not None:
            self._photo, self._photo_changed = None, True
            self._show_photo()

    def _show_photo(self) -> None:
        self._clear_photo.setEnabled(self._photo is not None)
        if self._photo is None:
            self._photo_view.setPixmap(QPixmap())
            self._photo_view.setText(self.tr("No photo"))
            self._photo_view.setAccessibleName(self.tr("No photo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self._photo.data)
        self._photo_view.setPixmap(pixmap.scaledToHeight(
            110, Qt.TransformationMode.SmoothTransformation))
        self._photo_view.setAccessibleName(self.tr("Clinic photo"))

    def _ask_open_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a photo"), "",
                                                self.tr("Pictures (*.png *.jpg *.jpeg)"))
        return Path(chosen) if chosen else None


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())
