"""Small dialogs of the episodes panel: starting an episode of care, choosing an evaluation template.

Each builds, wires and hands back what was chosen through a typed accessor; none writes to the
database. `NewEpisodeDialog` emits `submitted` when its own checks pass and stays open until the
panel calls `accept()` (the service agreed) or `show_problems()` (it did not), so everything typed
survives a refusal. Qt widgets and domain types only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from ...domain.intake import SIDE_LABELS, Intake, Side

if TYPE_CHECKING:
    from ...domain.templates import EvaluationTemplate

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"
MAX_TITLE_CHARS = 200
# Words that read better in lower case after a side: "Right heel pain", not "Right Heel pain".
_GENERIC_FIRST_WORDS = frozenset({
    "pain", "sore", "soreness", "ache", "aching", "stiff", "stiffness", "swelling", "swollen",
    "injury", "injured", "sprain", "sprained", "strain", "strained", "tight", "tightness",
    "weak", "weakness", "numbness", "tingling", "heel", "ankle", "knee", "hip", "calf", "foot",
    "shin", "hamstring", "back", "neck", "shoulder", "lower", "upper", "chronic", "acute",
})
_SIDE_WORDS = re.compile(r"\b(left|right|both|bilateral)\b", re.IGNORECASE)
_SIDE_PREFIX = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Bilateral"}
_MAX_COMPLAINT_CHARS = 60


def suggested_title(intake: Intake, start: date) -> str:
    """'Right Achilles pain, Nov 2026': the intake's side and chief complaint, and the month."""
    complaint = re.split(r"[.;\n]", intake.chief_complaint.strip(), maxsplit=1)[0].strip(" ,")
    clause = complaint.split(",", 1)[0].strip()
    if len(clause.split()) >= 2:  # "Achilles pain when running, worse in the mornings"
        complaint = clause
    if len(complaint) > _MAX_COMPLAINT_CHARS:
        complaint = complaint[:_MAX_COMPLAINT_CHARS].rsplit(" ", 1)[0].rstrip(" ,")
    prefix = _SIDE_PREFIX.get(intake.side) if intake.side is not None else None
    if complaint and prefix and not _SIDE_WORDS.search(complaint):
        first, _, rest = complaint.partition(" ")
        if first.casefold().rstrip(",:") in _GENERIC_FIRST_WORDS:
            first = first.lower()
        complaint = f"{prefix} {first}{' ' + rest if rest else ''}"
    elif complaint:
        complaint = complaint[0].upper() + complaint[1:]
    month = f"{start:%b %Y}"
    return f"{complaint}, {month}" if complaint else f"Episode of care, {month}"


@dataclass(frozen=True, slots=True)
class NewEpisode:
    """What the person typed into the new-episode dialog."""

    title: str
    condition: str
    side: str  # a Side value, or "" when not given
    opened_on: date


class NewEpisodeDialog(QDialog):
    submitted = Signal(object)  # NewEpisode: the panel tries to open the episode

    def __init__(self, intake: Intake, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._intake = intake
        self._today = today
        self._title_typed = False  # once the person edits the title, stop suggesting one
        self._build_ui()
        self._connect_signals()
        self._load()

    def values(self) -> NewEpisode:
        qdate = self._start.date()
        return NewEpisode(self._title.text().strip(), self._condition.text().strip(),
                          str(self._side.currentData() or ""),
                          date(qdate.year(), qdate.month(), qdate.day()))

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Explain each problem beside its field; anything else goes above the buttons."""
        for message in self._messages.values():
            message.hide()
        general = []
        for problem in problems:
            label = self._messages.get(problem.field)
            if label is None:
                general.append(problem.message)
                continue
            label.setText(problem.message)
            label.show()
        self._general.setText("\n".join(general))
        self._general.setVisible(bool(general))
        first = next((f for f, m in self._messages.items() if m.isVisible()), None)
        if first is not None:
            self._inputs[first].setFocus()

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("New episode of care"))
        self._title = QLineEdit()
        self._title.setMaxLength(MAX_TITLE_CHARS)
        self._title.setMinimumWidth(420)
        self._condition = QLineEdit()
        self._condition.setPlaceholderText(self.tr("e.g. Achilles midportion tendinopathy"))
        self._side = QComboBox()
        self._side.addItem(self.tr("Not stated"), "")
        for side in Side:
            self._side.addItem(self.tr(SIDE_LABELS[side]), side.value)
        self._start = QDateEdit()
        self._start.setCalendarPopup(True)
        self._start.setDisplayFormat("d MMM yyyy")
        self._start.setMaximumDate(_qdate(self._today))  # an episode cannot start in the future
        self._inputs: dict[str, QWidget] = {
            "title": self._title, "condition": self._condition, "side": self._side,
            "opened_on": self._start,
        }
        labels = {"title": self.tr("&Title"), "condition": self.tr("&Condition"),
                  "side": self.tr("S&ide"), "opened_on": self.tr("&Start date")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._messages: dict[str, QLabel] = {}
        for key, widget in self._inputs.items():
            label = QLabel(labels[key])
            label.setBuddy(widget)
            widget.setAccessibleName(label.text().replace("&", ""))
            message = QLabel()
            message.setObjectName(f"{key}Message")
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.hide()
            self._messages[key] = message
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(message)
            form.addRow(label, cell)
        hint = QLabel(self.tr("Suggested from the intake; change it to say what you are "
                              "treating."))
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        self._general = QLabel()
        self._general.setStyleSheet(ERROR_STYLE)
        self._general.setWordWrap(True)
        self._general.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._ok = self._buttons.addButton(self.tr("Start episode"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)
        # Enter starts the episode. Only once the box is in the dialog: a default set before
        # is lost when it is placed, and Cancel became the default (Enter dropped the typing).
        self._ok.setDefault(True)

    def _connect_signals(self) -> None:
        self._title.textEdited.connect(self._on_title_text_edited)
        self._side.currentIndexChanged.connect(self._on_suggestion_input_changed)
        self._start.dateChanged.connect(self._on_suggestion_input_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        self._start.setDate(_qdate(self._today))
        side = self._intake.side.value if self._intake.side is not None else ""
        self._side.setCurrentIndex(max(0, self._side.findData(side)))
        self._suggest_title()
        length = len(self._title.text())
        self._title.setSelection(length, -length)  # all selected, the start in view

    # --- slots ---------------------------------------------------------------------------------

    def _on_title_text_edited(self, text: str) -> None:
        self._title_typed = True
        self.show_problems(self._title_problems())

    def _on_suggestion_input_changed(self, *_: object) -> None:
        if not self._title_typed:
            self._suggest_title()

    def _on_buttons_accepted(self) -> None:
        problems = self._title_problems()
        if problems:
            self.show_problems(problems)
            return
        self.submitted.emit(self.values())

    def _title_problems(self) -> list[FieldProblem]:
        if not self._title.text().strip():
            return [FieldProblem("title", self.tr("Give the episode a title."))]
        return []

    def _suggest_title(self) -> None:
        intake = self._intake
        side = self._side.currentData()
        if side != (intake.side.value if intake.side is not None else ""):
            intake = replace(intake, side=Side(side) if side else None)
        self._title.setText(suggested_title(intake, self.values().opened_on))


class EvaluationTemplateDialog(QDialog):
    """Choose the evaluation template a new initial evaluation is written on."""

    def __init__(self, templates: Sequence[EvaluationTemplate], about: str = "",
                 parent: QWidget | None = None):
        """`about`: what is being evaluated (the episode's title and condition), to preselect
        the template whose name shares a word with it."""
        super().__init__(parent)
        self._templates = list(templates)
        self.setWindowTitle(self.tr("New evaluation"))
        self._choice = QComboBox()
        for template in self._templates:
            self._choice.addItem(template.name, template.id)
        label = QLabel(self.tr("&Template"))
        label.setBuddy(self._choice)
        self._choice.setAccessibleName(self.tr("Template"))
        self._about = QLabel()
        self._about.setWordWrap(True)
        self._about.setStyleSheet(HINT_STYLE)
        self._about.setMinimumWidth(360)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        start = buttons.addButton(self.tr("Start evaluation"),
                                  QDialogButtonBox.ButtonRole.AcceptRole)
        start.setEnabled(bool(self._templates))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self._choice)
        layout.addWidget(self._about)
        layout.addWidget(buttons)
        start.setDefault(True)  # once in the dialog (see NewEpisodeDialog): Enter starts it
        self._choice.currentIndexChanged.connect(self._on_choice_current_index_changed)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._choice.setCurrentIndex(max(0, self._choice.findData(
            preferred_template(self._templates, about))))
        self._on_choice_current_index_changed(self._choice.currentIndex())

    def template_id(self) -> str:
        return str(self._choice.currentData() or "")

    def _on_choice_current_index_changed(self, index: int) -> None:
        if 0 <= index < len(self._templates):
            template = self._templates[index]
            self._about.setText(template.description or template.body_region)
        else:
            self._about.setText(self.tr("No evaluation templates are installed."))


def preferred_template(templates: Sequence[EvaluationTemplate], about: str) -> str:
    """The id of the first template whose name shares a word (Achilles, knee, …) with `about`."""
    words = {w.casefold().strip(",()/") for w in about.split()}
    for template in templates:
        shared = {w.casefold().strip(",()/") for w in template.name.split()} & words
        if any(len(word) > 3 for word in shared):
            return template.id
    return ""


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
