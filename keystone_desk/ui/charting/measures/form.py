"""MeasureForm: a dialog that fills in one outcome measure, built from its definition.

One row per item with our wording and only the item's points to choose from; VISA-A question 8
as its three versions in one box, where choosing a second version clears the first and says so;
PSFS rows with the activity's name. The score (or why there is none) updates as answers change,
with each item's problem beside it. The dialog never writes: OK hands it to the `save` callable
the caller gives (which records through MeasureService), and a refusal is shown beside the items
with every answer kept. Esc, Cancel or closing a form with answers asks before dropping them
(through `_ask`, which tests replace). Imports Qt and domain types only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import FieldProblem, KeystoneError, ValidationError
from ....domain.measures import (
    Direction,
    Item,
    MeasureDefinition,
    ScoreResult,
    plain_number,
    score,
)
from ...questions import Answer, Question, ask
from .scale_input import ScaleInput

PROBLEM_STYLE = "color: #b3261e;"
NOTICE_STYLE = "background: #fff4e0; color: #5c3b00; border: 1px solid #c77c02; padding: 4px;"
CAPTION_STYLE = "color: palette(placeholder-text);"
# An item's scale that at least this many items share, every point worded, is explained once at
# the top (LEFS) instead of under each of its rows.
_SHARED_SCALE_ITEMS = 3


class MeasureForm(QDialog):
    answers_changed = Signal(object)  # domain.measures.ScoreResult

    def __init__(self, definition: MeasureDefinition, parent: QWidget | None = None, *,
                 save: Callable[[MeasureForm], object] | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self._definition = definition
        self._save = save
        self._today = today or date.today()
        self._inputs: dict[str, ScaleInput] = {}
        self._names: dict[str, QLineEdit] = {}
        self._problems: dict[str, QLabel] = {}
        self._notices: dict[str, QLabel] = {}
        self._refused: dict[str, str] = {}
        self._result = score(definition, {})
        self._build_ui()
        self._connect_signals()
        self._refresh()

    # --- what the form holds -------------------------------------------------------------------

    @property
    def definition(self) -> MeasureDefinition:
        return self._definition

    def answers(self) -> dict[str, int]:
        return {item_id: value for item_id, box in self._inputs.items()
                if (value := box.value()) is not None}

    def activities(self) -> dict[str, str]:
        return {item_id: text for item_id, edit in self._names.items()
                if (text := " ".join(edit.text().split()))}

    def taken_on(self) -> date:
        chosen = self._date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def score_result(self) -> ScoreResult:
        """The score of what is filled in (not `result()`: that is the dialog's exit code)."""
        return self._result

    def input_for(self, item_id: str) -> ScaleInput:
        return self._inputs[item_id]

    def activity_input(self, item_id: str) -> QLineEdit:
        return self._names[item_id]

    def problem_text(self, item_id: str) -> str:
        label = self._problems[item_id]
        return label.text() if not label.isHidden() else ""

    def notice_text(self, group_id: str) -> str:
        label = self._notices[group_id]
        return label.text() if not label.isHidden() else ""

    def score_text(self) -> str:
        return self._score.text()

    def save_button(self) -> QPushButton:
        """"Save": the default (Enter), offered only when the answers give a score."""
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def save_unscored_button(self) -> QPushButton:
        """"Save without a score": never the default, shown only when there is no score."""
        return self._save_unscored

    def status_text(self) -> str:
        return self._status.text() if not self._status.isHidden() else ""

    def show_refusal(self, error: KeystoneError) -> None:
        """Show why saving was refused beside the items named; everything typed stays."""
        problems = (error.problems if isinstance(error, ValidationError)
                    else [FieldProblem("", str(error))])
        self._refused = {}
        for problem in problems:
            key = problem.field if problem.field in self._problems else ""
            self._refused[key] = " ".join(filter(None, [self._refused.get(key), problem.message]))
        self._refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        d = self._definition
        self.setWindowTitle(self.tr("Record {measure}").format(measure=d.short_name))
        title = QLabel(d.name)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        about = self._caption(d.purpose + ("\n" + d.instructions if d.instructions else ""))

        self._date = QDateEdit()
        self._date.setCalendarPopup(True)
        self._date.setDisplayFormat("d MMM yyyy")
        today = QDate(self._today.year, self._today.month, self._today.day)
        self._date.setMaximumDate(today)
        self._date.setDate(today)
        date_label = QLabel(self.tr("Date &taken"))
        date_label.setBuddy(self._date)
        self._date.setAccessibleName(self.tr("Date taken"))
        header_form = QHBoxLayout()
        header_form.addWidget(date_label)
        header_form.addWidget(self._date)
        header_form.addStretch(1)

        shared = self._shared_scale_legend()
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setSpacing(12)
        placed: set[str] = set()
        for item in d.items:
            if item.group and item.group not in placed:
                placed.add(item.group)
                rows.addWidget(self._group_box(item.group, shared))
            elif not item.group:
                rows.addWidget(self._item_row(item, shared))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(body)

        self._score = QLabel()
        score_font = QFont(self._score.font())
        score_font.setPointSizeF(score_font.pointSizeF() * 1.5)
        score_font.setBold(True)
        self._score.setFont(score_font)
        self._score.setAccessibleName(self.tr("Score"))
        self._score_detail = self._caption("")
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        self.save_button().setText(self.tr("Save"))
        # Keeping answers without a score is a choice made by clicking, never by Enter.
        self._save_unscored = self._buttons.addButton(self.tr("Save without a score"),
                                                      QDialogButtonBox.ButtonRole.ActionRole)
        self._save_unscored.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(about)
        layout.addLayout(header_form)
        if shared is not None:
            layout.addWidget(self._caption(shared[1]))
        layout.addWidget(scroll, 1)
        score_row = QHBoxLayout()
        score_row.addWidget(self._score)
        score_row.addWidget(self._score_detail, 1)
        layout.addLayout(score_row)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)
        self.save_button().setDefault(True)  # once in the dialog, or the default is lost
        self.resize(760, 700)  # fits a 1366x768 screen; the items scroll

    def _item_row(self, item: Item, shared: tuple[object, str] | None) -> QWidget:
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        words = item.scale.every_point_labelled and (shared is None or item.scale != shared[0])
        box = ScaleInput(item.scale, words_on_buttons=words)
        self._inputs[item.id] = box
        if item.named:
            name = QLineEdit()
            name.setPlaceholderText(self.tr("e.g. running 5 km, climbing stairs, kneeling"))
            name_label = QLabel(self.tr("Activity {n}").format(n=item.id))
            name_label.setBuddy(name)
            name.setAccessibleName(name_label.text())
            self._names[item.id] = name
            top = QHBoxLayout()
            top.addWidget(name_label)
            top.addWidget(name, 1)
            layout.addLayout(top)
            text = self.tr("Activity {n} rating").format(n=item.id)
        else:
            text = f"{item.id}. {item.text}"
        label = QLabel(text)
        label.setWordWrap(True)
        label.setBuddy(box)
        box.setAccessibleName(text)
        layout.addWidget(label)
        layout.addWidget(box)
        if not words and (shared is None or item.scale != shared[0]):
            layout.addWidget(self._caption(_anchor_text(item)))
        problem = QLabel()
        problem.setStyleSheet(PROBLEM_STYLE)
        problem.setWordWrap(True)
        problem.hide()
        self._problems[item.id] = problem
        layout.addWidget(problem)
        return row

    def _group_box(self, group_id: str, shared: tuple[object, str] | None) -> QGroupBox:
        group = self._definition.group(group_id)
        assert group is not None
        box = QGroupBox(self.tr("Question {q}: answer only ONE of {items}").format(
            q=group_id, items=", ".join(group.items)))
        layout = QVBoxLayout(box)
        layout.setSpacing(12)
        layout.addWidget(self._caption(group.explanation))
        notice = QLabel()
        notice.setStyleSheet(NOTICE_STYLE)
        notice.setWordWrap(True)
        notice.hide()
        self._notices[group_id] = notice
        layout.addWidget(notice)
        for item in self._definition.items:
            if item.group == group_id:
                layout.addWidget(self._item_row(item, shared))
        return box

    def _shared_scale_legend(self) -> tuple[object, str] | None:
        scales = [i.scale for i in self._definition.items]
        for scale in scales:
            if scales.count(scale) >= _SHARED_SCALE_ITEMS and scale.every_point_labelled:
                words = ", ".join(f"{a.value} = {a.label}" for a in scale.anchors)
                return scale, self.tr("Answers: {words}").format(words=words)
        return None

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(CAPTION_STYLE)
        return label

    def _connect_signals(self) -> None:
        for item_id, box in self._inputs.items():
            box.value_changed.connect(self._on_input_value_changed)
            box.setProperty("item_id", item_id)
        for edit in self._names.values():
            edit.textChanged.connect(self._on_activity_text_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._save_unscored.clicked.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def reject(self) -> None:  # Esc, Cancel and the window's close button all come here
        """Close without saving; answers already given go only when the person says so."""
        if (self.answers() or self.activities()) and self._ask(Question(
                self.tr("Discard the answers?"),
                self.tr("The answers on this form have not been saved."),
                ((Answer.DISCARD, self.tr("Discard answers")),
                 (Answer.CANCEL, self.tr("Keep filling in"))),
                Answer.CANCEL)) is not Answer.DISCARD:
            return
        super().reject()

    def _ask(self, question: Question) -> Answer:
        return ask(self, question)

    # --- reacting ------------------------------------------------------------------------------

    def _on_input_value_changed(self, value: object) -> None:
        sender = self.sender()
        item_id = str(sender.property("item_id")) if sender is not None else ""
        item = self._definition.item(item_id)
        if item is not None and item.group and value is not None:
            self._keep_one_branch(item)
        self._refused.pop(item_id, None)
        self._refresh()

    def _keep_one_branch(self, chosen: Item) -> None:
        group = self._definition.group(chosen.group)
        assert group is not None
        cleared = [other for other in group.items
                   if other != chosen.id and self._inputs[other].value() is not None]
        for other in cleared:
            self._inputs[other].clear_quietly()
        notice = self._notices[chosen.group]
        if cleared:
            notice.setText(self.tr(
                "Only one version of question {q} counts, so your answer to {old} was cleared "
                "when you chose {new}.").format(q=chosen.group, old=" and ".join(cleared),
                                                 new=chosen.id))
            notice.show()
        else:
            notice.hide()

    def _on_activity_text_changed(self, _text: str) -> None:
        self._refresh()

    def _on_buttons_accepted(self) -> None:
        if self._save is None:
            self.accept()
            return
        try:
            self._save(self)
        except KeystoneError as error:
            self.show_refusal(error)
            return
        self.accept()

    def _refresh(self) -> None:
        self._result = score(self._definition, self.answers())
        unnamed = [i for i in self._names if i in self._result.answered
                   and i not in self.activities()]
        skipped = self._skipped_items()
        for item_id, label in self._problems.items():
            messages = list(self._result.errors.get(item_id, []))
            if item_id in unnamed:
                messages.append(self.tr("Name the activity, or clear its rating."))
            if item_id in skipped:
                messages.append(self.tr("Not answered yet."))
            if item_id in self._refused:
                messages.append(self._refused[item_id])
            label.setText(" ".join(messages))
            label.setVisible(bool(messages))
        self._show_score(unnamed)
        self.answers_changed.emit(self._result)

    def _skipped_items(self) -> set[str]:
        """Unanswered required items above the last answered one: probably missed."""
        answered = self._result.answered
        order = [i for i in self._definition.items if not i.optional]
        last = max((n for n, i in enumerate(order) if i.id in answered), default=0)
        skipped = set()
        for item in order[:last]:
            group = self._definition.group(item.group) if item.group else None
            if item.id not in answered and not (group and any(g in answered
                                                                for g in group.items)):
                skipped.add(item.id)
        return skipped

    def _show_score(self, unnamed: list[str]) -> None:
        d, result = self._definition, self._result
        direction = (self.tr("higher is better") if d.scoring.direction is
                     Direction.HIGHER_IS_BETTER else self.tr("higher is worse"))
        maximum = plain_number(d.scoring.maximum)
        if result.exact is not None:
            self._score.setText(self.tr("Score: {score} / {max}").format(
                score=d.format_score(result.exact), max=maximum))
        else:
            self._score.setText(self.tr("No score yet"))
        mcid = (self.tr("MCID {points} points").format(points=plain_number(d.mcid.points))
                if d.mcid.points is not None else self.tr("no MCID on record"))
        self._score_detail.setText(f"{plain_number(d.scoring.minimum)}–{maximum}, "
                                   f"{direction}; {mcid}")
        unscored = False
        if not result.answered:
            status = self.tr("Answer the questions to see the score.")
        elif result.invalid or unnamed:
            status = self.tr("Fix the items marked in red before saving.")
        elif result.exact is None:  # said once, here beside the buttons
            status, unscored = self._why_no_score(), True
        else:
            status = ""
        if "" in self._refused:
            status = self._refused[""]
        self.save_button().setEnabled(result.exact is not None and not unnamed)
        self._save_unscored.setVisible(unscored)
        self._status.setText(status)
        self._status.setVisible(bool(status))


    def _why_no_score(self) -> str:
        """'No score: VISA-A is scored with no item unanswered. Not answered: 3 and question
        8.' and what "Save without a score" does."""
        d, answered = self._definition, self._result.answered
        missing = [i.id for i in d.items if not i.optional and not i.group and i.id not in answered]
        missing += [self.tr("question {q}").format(q=g.id) for g in d.groups
                    if not any(i in answered for i in g.items)]
        why = self._result.problems[-1] if self._result.problems else self.tr("No score.")
        if missing:
            listed = missing[0] if len(missing) == 1 else self.tr("{items} and {last}").format(
                items=", ".join(missing[:-1]), last=missing[-1])
            why += " " + self.tr("Not answered: {items}.").format(items=listed)
        return why + " " + self.tr("“Save without a score” keeps these answers without one.")


def _anchor_text(item: Item) -> str:
    return " · ".join(f"{a.value} = {a.label}" for a in item.scale.anchors)
