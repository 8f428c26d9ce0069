"""The plan's diagnoses and problem list: type a line and add it, or remove the selected one.

`DiagnosisSection` offers the diagnoses the episode's signed evaluations record (condition, side
and ICD-10-CM code, read with `evaluation_diagnoses`) and takes a typed code too, checking its
shape with the domain rule as it is typed. `ProblemSection` keeps the problem list. Both emit
`changed` on every edit and hand their rows out as domain values. Qt and domain only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import EVALUATIVE_KINDS, Episode
from ...domain.plans import Diagnosis, PlanContent, validate_plan
from ...domain.templates import EvaluationTemplate
from .list_model import RecordListModel
from .plan_inputs import ERROR_STYLE, HINT_STYLE, Labelled

DIAGNOSIS_FIELD = "diagnosis"  # the evaluation templates' diagnosis field
_SIDE_WORDS = {"right": "right", "left": "left"}


def evaluation_diagnoses(episode: Episode, templates: Iterable[EvaluationTemplate]
                         ) -> list[Diagnosis]:
    """The diagnoses the episode's signed evaluative notes record, newest first, one per code
    and side ("both" gives the right and the left code)."""
    by_id = {t.id: t for t in templates}
    notes = sorted((n for n in episode.notes if n.is_signed and n.kind in EVALUATIVE_KINDS),
                   key=lambda n: (n.header.visit_date, n.id), reverse=True)
    found: list[Diagnosis] = []
    for note in notes:
        value = note.content.get(DIAGNOSIS_FIELD)
        if not isinstance(value, dict) or not isinstance(value.get("icd10"), str):
            continue
        template = by_id.get(note.template_id)
        field = template.field(DIAGNOSIS_FIELD) if template is not None else None
        condition = field.condition(str(value.get("condition", ""))) if field else None
        label = condition.label if condition is not None else str(value.get("condition", ""))
        codes = [c.strip() for c in value["icd10"].split(",") if c.strip()]
        sides = (["right", "left"] if value.get("side") == "both" and len(codes) == 2
                 else [str(value.get("side", ""))] * len(codes))
        for code, side in zip(codes, sides, strict=True):
            words = f"{label}, {_SIDE_WORDS[side]}" if side in _SIDE_WORDS else label
            diagnosis = Diagnosis(code, words)
            if diagnosis not in found:
                found.append(diagnosis)
    return found


def diagnosis_text(diagnosis: Diagnosis) -> str:
    return f"{diagnosis.icd10} — {diagnosis.description}" if diagnosis.description \
        else diagnosis.icd10


class DiagnosisSection(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Diagnosis"))
        self._suggestions = QComboBox()
        self._suggestions.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._suggestions.setMinimumContentsLength(24)
        self._use = QPushButton(self.tr("Add from evaluation"))
        self._code = QLineEdit()
        self._code.setPlaceholderText(self.tr("e.g. M76.61"))
        self._code.setMaxLength(12)
        self._code.setMaximumWidth(120)
        self._description = QLineEdit()
        self._description.setPlaceholderText(self.tr("e.g. Achilles tendinopathy, right"))
        self._add = QPushButton(self.tr("Add diagnosis"))
        self._model = RecordListModel(diagnosis_text, parent=self)
        self._list = QListView()
        self._list.setModel(self._model)
        self._list.setAccessibleName(self.tr("Diagnoses"))
        self._list.setMaximumHeight(self._list.fontMetrics().lineSpacing() * 3 + 12)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._remove = QPushButton(self.tr("Remove diagnosis"))
        self._problem = QLabel()
        self._problem.setStyleSheet(ERROR_STYLE)
        self._problem.setWordWrap(True)
        self._problem.hide()
        self._build_ui()
        self._connect_signals()
        self._on_selection_changed()

    def _build_ui(self) -> None:
        self.suggestion_field = Labelled(self.tr("From the &evaluation"), self._suggestions)
        self.code_field = Labelled(self.tr("ICD-10 &code"), self._code)
        self.description_field = Labelled(self.tr("Desc&ription"), self._description)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        top = Qt.AlignmentFlag.AlignTop
        rows = ((self.suggestion_field, self._use), (self.code_field, None),
                (self.description_field, self._add))
        for row, (field, button) in enumerate(rows):
            grid.addWidget(field.label, row, 0, top)
            grid.addWidget(field.cell, row, 1)
            if button is not None:
                grid.addWidget(button, row, 2, top)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self._list, 3, 0, 1, 2)
        grid.addWidget(self._remove, 3, 2, top)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self._problem)

    def _connect_signals(self) -> None:
        self._use.clicked.connect(self._on_use_clicked)
        self._add.clicked.connect(self._on_add_clicked)
        self._code.returnPressed.connect(self._on_add_clicked)
        self._description.returnPressed.connect(self._on_add_clicked)
        self._code.textEdited.connect(self._on_code_text_edited)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._list.selectionModel().currentChanged.connect(self._on_selection_changed)

    # ----- values

    def set_suggestions(self, suggestions: Sequence[Diagnosis]) -> None:
        self._suggestions.clear()
        for diagnosis in suggestions:
            self._suggestions.addItem(diagnosis_text(diagnosis), diagnosis)
        has = bool(suggestions)
        self._suggestions.setEnabled(has)
        self._use.setEnabled(has)
        self.suggestion_field.set_hint("" if has else self.tr(
            "No signed evaluation records a diagnosis yet: type the code below."))

    def value(self) -> tuple[Diagnosis, ...]:
        return tuple(self._model.rows())

    def set_value(self, diagnoses: Iterable[Diagnosis]) -> None:
        self._model.set_rows(diagnoses)
        self.show_problems([])
        self._on_selection_changed()

    def show_problems(self, messages: Sequence[str]) -> None:
        self._problem.setText("\n".join(messages))
        self._problem.setVisible(bool(messages))

    # ----- slots

    def _on_use_clicked(self) -> None:
        diagnosis = self._suggestions.currentData()
        if isinstance(diagnosis, Diagnosis) and diagnosis not in self._model.rows():
            self._model.append(diagnosis)
            self.changed.emit()

    def _on_add_clicked(self) -> None:
        code = self._code.text().strip().upper()
        problem = self._code_problem(code) or (self.tr("Type the ICD-10-CM code.")
                                               if not code else "")
        if problem:
            self.code_field.show_error(problem)
            self._code.setFocus()
            return
        diagnosis = Diagnosis(code, " ".join(self._description.text().split()))
        if diagnosis not in self._model.rows():
            self._model.append(diagnosis)
            self.changed.emit()
        self._code.clear()
        self._description.clear()
        self.code_field.clear_error()

    def _on_code_text_edited(self, text: str) -> None:
        self.code_field.show_error(self._code_problem(text.strip().upper()))

    def _code_problem(self, code: str) -> str:
        if not code:
            return ""
        problems = validate_plan(PlanContent(diagnoses=(Diagnosis(code, ""),)))
        return problems[0].message if problems else ""

    def _on_remove_clicked(self) -> None:
        index = self._list.currentIndex()
        if index.isValid():
            self._model.remove(index.row())
            self.changed.emit()
        self._on_selection_changed()

    def _on_selection_changed(self, *_: object) -> None:
        self._remove.setEnabled(self._list.currentIndex().isValid())


class ProblemSection(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Problem list"))
        self._line = QLineEdit()
        self._line.setPlaceholderText(self.tr("e.g. Pain with running above 5 km"))
        self._line.setMaxLength(200)
        self._add = QPushButton(self.tr("Add problem"))
        self._model = RecordListModel(str, parent=self)
        self._list = QListView()
        self._list.setModel(self._model)
        self._list.setAccessibleName(self.tr("Problems"))
        self._list.setMaximumHeight(self._list.fontMetrics().lineSpacing() * 4 + 12)
        self._remove = QPushButton(self.tr("Remove problem"))
        self.field = Labelled(self.tr("&Problem"), self._line)
        hint = QLabel(self.tr("One problem a line, in the patient's terms where you can."))
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.field.label)
        row.addWidget(self.field.cell, 1)
        row.addWidget(self._add, 0, Qt.AlignmentFlag.AlignTop)
        lower = QHBoxLayout()
        lower.addWidget(self._list, 1)
        lower.addWidget(self._remove, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(lower)
        layout.addWidget(hint)
        self._add.clicked.connect(self._on_add_clicked)
        self._line.returnPressed.connect(self._on_add_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._list.selectionModel().currentChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def value(self) -> tuple[str, ...]:
        return tuple(self._model.rows())

    def set_value(self, problems: Iterable[str]) -> None:
        self._model.set_rows(problems)
        self._on_selection_changed()

    def show_problems(self, messages: Sequence[str]) -> None:
        self.field.show_error("\n".join(messages))

    def _on_add_clicked(self) -> None:
        text = " ".join(self._line.text().split())
        if not text:
            self.field.show_error(self.tr("Type the problem first."))
            return
        self.field.clear_error()
        if text not in self._model.rows():
            self._model.append(text)
            self.changed.emit()
        self._line.clear()

    def _on_remove_clicked(self) -> None:
        index = self._list.currentIndex()
        if index.isValid():
            self._model.remove(index.row())
            self.changed.emit()
        self._on_selection_changed()

    def _on_selection_changed(self, *_: object) -> None:
        self._remove.setEnabled(self._list.currentIndex().isValid())
