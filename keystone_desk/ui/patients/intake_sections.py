"""The sections of the intake form, laid out for fast keyboard entry, and their values as raw.

Builds the group boxes (identity, contact, referral, presenting problem, history, red-flag screen,
consent) in the order the front desk fills them in, so tab order follows the screen and the
fields a new patient needs come first. Knows nothing about saving: IntakeForm reads and writes
values with `raw()` / `set_raw()` and shows the service's problems with `show_problems()`.
Qt and pure domain helpers only; must not import services or store.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from ...domain.intake import (
    ONSET_LABELS,
    RED_FLAG_QUESTIONS,
    REFERRAL_SOURCES,
    SEX_LABELS,
    SIDE_LABELS,
    Answer,
    mentions_fluoroquinolone,
)
from .intake_fields import (
    AnswerField,
    CheckField,
    ChoiceField,
    DateField,
    EditableChoiceField,
    IntakeField,
    MultiLineField,
    TextField,
)

REQUIRED_MARK = " *"
ONE_PHONE_MARK = " †"
COLUMNS = 4
COLUMN_GAP = 16
NOTE_STYLE = ("background: #fff4e5; color: #5a3300; border: 1px solid #e8a33d; "
              "border-radius: 4px; padding: 6px 8px;")
RED_FLAG_KEYS = frozenset(flag.value for flag in RED_FLAG_QUESTIONS)
# A row of the grid: fields (or plain widgets such as notes) with how many columns each spans.
Row = list[tuple[IntakeField | QWidget, int]]
Choice = TypeVar("Choice", bound=StrEnum)


class IntakeSections(QWidget):
    """Every intake input, grouped in sections; emits which field was edited or left."""

    edited = Signal(str)  # a field's key
    left = Signal(str)  # a field's key

    def __init__(self, *, day_first: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._day_first = day_first
        self.fields: dict[str, IntakeField] = {}
        self.fluoroquinolone_note = QLabel()
        self.screen_status = QLabel()  # how many red-flag questions are still not asked
        self.consent_record = QLabel()
        self._build_ui()

    # ----- values

    def raw(self) -> dict[str, object]:
        """The values as PatientService takes them (see Intake.to_raw)."""
        return {key: field.value() for key, field in self.fields.items()}

    def set_raw(self, raw: Mapping[str, object]) -> None:
        for key, field in self.fields.items():
            field.set_value(raw.get(key))
            field.clear_error()
        self._update_fluoroquinolone_note()
        self._update_screen_status()

    def positive_red_flags(self) -> list[str]:
        """The red-flag questions answered yes, as shown on screen."""
        return [self.fields[flag.value].label_text for flag in RED_FLAG_QUESTIONS
                if self.fields[flag.value].value() == Answer.YES]

    def red_flags_not_asked(self) -> int:
        return sum(1 for flag in RED_FLAG_QUESTIONS
                   if self.fields[flag.value].value() == Answer.NOT_ASKED)

    def plain_label(self, key: str) -> str:
        """A field's label without its required mark, for sentences such as the error summary."""
        return self.fields[key].label_text.removesuffix(REQUIRED_MARK).removesuffix(ONE_PHONE_MARK)

    # ----- problems

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        """Show each problem beneath its field and clear the others; return those with no field."""
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.field, []).append(self.tr(problem.message))
        for key, field in self.fields.items():
            if key in messages:
                field.show_error(" ".join(messages[key]))
            else:
                field.clear_error()
        return [p for p in problems if p.field not in self.fields]

    def first_field_in_error(self) -> IntakeField | None:
        return next((field for field in self.fields.values() if field.error), None)

    # ----- building

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)  # keep the boxes clear of the scroll bar
        layout.setSpacing(14)
        sections = (
            (self.tr("Patient"), self._identity_rows()),
            (self.tr("Contact"), self._contact_rows()),
            (self.tr("Referral"), self._referral_rows()),
            (self.tr("Presenting problem"), self._problem_rows()),
            (self.tr("History"), self._history_rows()),
            (self.tr("Red-flag screen"), self._red_flag_rows()),
            (self.tr("Consent"), self._consent_rows()),
        )
        for title, rows in sections:
            layout.addWidget(self._section(title, rows))
        layout.addStretch(1)

    def _section(self, title: str, rows: list[Row]) -> QGroupBox:
        box = QGroupBox(title)
        box.setFont(_font(bold=True))  # the title; its contents are set back to normal weight below
        grid = QGridLayout(box)
        # No grid spacing: Qt drops it beside columns where no item starts, which would make the
        # columns of one section differ from the next. Each cell keeps half the gap on either side.
        grid.setHorizontalSpacing(0)
        half = COLUMN_GAP // 2
        margins = grid.contentsMargins()
        grid.setContentsMargins(max(margins.left() - half, 0), margins.top(),
                                max(margins.right() - half, 0), margins.bottom())
        grid.setVerticalSpacing(10)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
            grid.setColumnMinimumWidth(column, 150)
        for row_number, row in enumerate(rows):
            column = 0
            for item, span in row:
                widget = item.cell if isinstance(item, IntakeField) else _holder(item)
                widget.setFont(_font(bold=False))
                # Columns share the width equally in every section, whatever each input would like.
                vertical = widget.sizePolicy().verticalPolicy()
                widget.setSizePolicy(QSizePolicy.Policy.Ignored, vertical)
                widget.setContentsMargins(half, 0, half, 0)
                grid.addWidget(widget, row_number, column, 1, span)
                column += span
        return box

    def _add(self, field: IntakeField) -> IntakeField:
        self.fields[field.key] = field
        field.edited.connect(self._on_field_edited)
        field.left.connect(self.left)
        return field

    def _text(self, key: str, label: str, placeholder: str = "") -> IntakeField:
        return self._add(TextField(key, label, self, placeholder=placeholder))

    def _date(self, key: str, label: str) -> IntakeField:
        return self._add(DateField(key, label, self, day_first=self._day_first))

    def _choice(self, key: str, label: str, labels: Mapping[Choice, str]) -> IntakeField:
        choices = [(value.value, self.tr(text)) for value, text in labels.items()]
        return self._add(ChoiceField(key, label, choices, self))

    def _pain(self, key: str, label: str) -> IntakeField:
        return self._add(ChoiceField(key, label, [(str(n), str(n)) for n in range(11)], self))

    def _lines(self, key: str, label: str, lines: int) -> IntakeField:
        return self._add(MultiLineField(key, label, self, lines=lines))

    def _check(self, key: str, label: str) -> IntakeField:
        return self._add(CheckField(key, label, self))

    def _question(self, key: str, label: str, *, alarming: bool = False) -> IntakeField:
        return self._add(AnswerField(key, label, self, alarming=alarming))

    def _identity_rows(self) -> list[Row]:
        tr = self.tr
        return [
            [(self._text("first_name", tr("Legal first name") + REQUIRED_MARK), 1),
             (self._text("last_name", tr("Legal last name") + REQUIRED_MARK), 1),
             (self._date("date_of_birth", tr("Date of birth") + REQUIRED_MARK), 1),
             (self._choice("sex", tr("Sex") + REQUIRED_MARK, SEX_LABELS), 1)],
            # The phones sit here, not under Contact, so all a new patient needs comes first.
            [(self._text("mobile_phone", tr("Mobile phone") + ONE_PHONE_MARK), 1),
             (self._text("home_phone", tr("Home phone") + ONE_PHONE_MARK), 1),
             (self._text("preferred_name", tr("Preferred name")), 1),
             (self._text("pronouns", tr("Pronouns"), tr("optional, e.g. she/her")), 1)],
        ]

    def _contact_rows(self) -> list[Row]:
        tr = self.tr
        return [
            [(self._text("email", tr("Email"), "name@example.com"), 2),
             (self._text("preferred_language", tr("Preferred language")), 2)],
            [(self._text("address", tr("Address")), COLUMNS)],
            [(self._text("emergency_name", tr("Emergency contact name")), 2),
             (self._text("emergency_relationship", tr("Relationship")), 1),
             (self._text("emergency_phone", tr("Emergency contact phone")), 1)],
        ]

    def _referral_rows(self) -> list[Row]:
        tr = self.tr
        sources = [tr(source) for source in REFERRAL_SOURCES]
        return [
            [(self._add(EditableChoiceField("referral_source", tr("Referral source"), sources,
                                            self)), 1),
             (self._text("referring_provider", tr("Referring provider")), 2),
             (self._date("referral_date", tr("Referral date")), 1)],
            [(self._text("payer", tr("Payer or insurer"), tr("optional")), 2),
             (self._text("member_id", tr("Member ID"), tr("optional")), 1)],
        ]

    def _problem_rows(self) -> list[Row]:
        tr = self.tr
        return [
            [(self._text("chief_complaint", tr("Chief complaint")), COLUMNS)],
            [(self._choice("side", tr("Side"), SIDE_LABELS), 1),
             (self._date("onset_date", tr("Onset date")), 1),
             (self._choice("onset", tr("Gradual or sudden onset"), ONSET_LABELS), 1)],
            [(self._pain("pain_now", tr("Pain now (0–10)")), 1),
             (self._pain("pain_best", tr("Pain at best (0–10)")), 1),
             (self._pain("pain_worst", tr("Pain at worst (0–10)")), 1)],
            [(self._text("activity", tr("Activity or sport")), 2),
             (self._text("weekly_running_km", tr("Weekly running (km)"), tr("e.g. 30")), 1)],
            [(self._lines("goals", tr("Goals, in the patient's words"), 2), COLUMNS)],
        ]

    def _history_rows(self) -> list[Row]:
        tr = self.tr
        self.fluoroquinolone_note.setObjectName("fluoroquinoloneNote")
        self.fluoroquinolone_note.setWordWrap(True)
        self.fluoroquinolone_note.setStyleSheet(NOTE_STYLE)
        self.fluoroquinolone_note.hide()
        medications = self._lines("medications", tr("Medications"), 2)
        medications.add_note(self.fluoroquinolone_note)
        return [
            [(self._lines("conditions", tr("Medical conditions"), 3), 2),
             (self._lines("surgeries", tr("Surgeries"), 3), 2)],
            [(medications, COLUMNS)],
            [(self._question("fluoroquinolone", self._fluoroquinolone_label()), 2),
             (self._question("corticosteroid_injection",
                             tr("Corticosteroid injection near the tendon recently")), 2)],
        ]

    def _fluoroquinolone_label(self) -> str:
        return self.tr("Fluoroquinolone antibiotic (e.g. ciprofloxacin) in the last 2 years")

    def _red_flag_rows(self) -> list[Row]:
        self.screen_status.setObjectName("redFlagScreenStatus")
        self.screen_status.setWordWrap(True)
        rows: list[Row] = [[(self.screen_status, COLUMNS)]]
        questions = [self._question(flag.value, self.tr(question), alarming=True)
                     for flag, question in RED_FLAG_QUESTIONS.items()]
        for start in range(0, len(questions), 2):
            rows.append([(question, 2) for question in questions[start:start + 2]])
        return rows

    def _consent_rows(self) -> list[Row]:
        tr = self.tr
        self.consent_record.setObjectName("consentRecord")
        self.consent_record.setWordWrap(True)
        return [
            [(self._check("consent_to_treat", tr("Consent to treat given")), 2),
             (self._check("privacy_notice", tr("Privacy notice given")), 2)],
            [(self.consent_record, COLUMNS)],
        ]

    # ----- reactions inside the sections

    def _on_field_edited(self, key: str) -> None:
        if key in ("medications", "fluoroquinolone"):
            self._update_fluoroquinolone_note()
        if key in RED_FLAG_KEYS:
            self._update_screen_status()
        self.edited.emit(key)

    def _update_fluoroquinolone_note(self) -> None:
        medications = str(self.fields["medications"].value())
        answered_yes = self.fields["fluoroquinolone"].value() == Answer.YES
        needed = mentions_fluoroquinolone(medications) and not answered_yes
        if needed:
            self.fluoroquinolone_note.setText(self.tr(
                "These medications include a fluoroquinolone antibiotic, which raises the risk of "
                "tendon rupture. If it was taken in the last 2 years, answer Yes to “{label}” "
                "below."
            ).format(label=self._fluoroquinolone_label()))
        self.fluoroquinolone_note.setVisible(needed)

    def _update_screen_status(self) -> None:
        missing = self.red_flags_not_asked()
        if missing:
            text = self.tr("Ask each question and choose the patient's answer. Not asked yet: "
                           "{missing} of {total}; the chart says the screen is not done until "
                           "every one is answered.").format(missing=missing,
                                                            total=len(RED_FLAG_QUESTIONS))
        else:
            text = self.tr("Every question has an answer: the screen is done.")
        self.screen_status.setText(text)


def _font(*, bold: bool) -> QFont:
    """Only the weight is set, so everything else still follows the parent (and the app's size)."""
    font = QFont()
    font.setBold(bold)
    return font


def _holder(widget: QWidget) -> QWidget:
    """A plain box around a note, so grid margins do not fight the note's own styled frame."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return holder
