"""IntakeDetails: a patient's intake record laid out for reading, in titled sections.

Read-only: contact, referral and payer, presenting problem, history, the red-flag screen answers and
consent. Blank fields are left out rather than shown as empty rows. Builds from a `Patient` only;
no services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.intake import (
    ONSET_LABELS,
    RED_FLAG_QUESTIONS,
    SIDE_LABELS,
    Answer,
    Intake,
    mentions_fluoroquinolone,
)
from ...domain.patients import Patient
from ..display_text import format_date, format_local_time

Rows = list[tuple[str, str]]
ALERT_COLOUR = "#b3261e"


class IntakeDetails(QWidget):
    def __init__(self, patient: Patient, parent: QWidget | None = None):
        super().__init__(parent)
        self._patient = patient
        self._build_ui()

    def _build_ui(self) -> None:
        intake = self._patient.intake
        left = [
            self._section(self.tr("Contact"), self._contact(intake)),
            self._section(self.tr("Referral and payer"), self._referral(intake)),
            self._section(self.tr("Consent"), self._consent()),
        ]
        right = [
            self._section(self.tr("Presenting problem"), self._problem(intake)),
            self._section(self.tr("History"), self._history(intake)),
            self._red_flag_screen(intake),
        ]
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        for boxes in (left, right):
            column = QVBoxLayout()
            column.setSpacing(14)
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            columns.addLayout(column, 1)

    # --- sections ------------------------------------------------------------------------------

    def _contact(self, i: Intake) -> Rows:
        emergency = ", ".join(part for part in (
            f"{i.emergency_name} ({i.emergency_relationship})" if i.emergency_relationship
            else i.emergency_name, i.emergency_phone) if part)
        return [
            (self.tr("Mobile phone"), i.mobile_phone), (self.tr("Home phone"), i.home_phone),
            (self.tr("Email"), i.email), (self.tr("Address"), i.address),
            (self.tr("Preferred language"), i.preferred_language),
            (self.tr("Emergency contact"), emergency),
        ]

    def _referral(self, i: Intake) -> Rows:
        return [
            (self.tr("Referral source"), i.referral_source),
            (self.tr("Referring provider"), i.referring_provider),
            (self.tr("Referral date"), format_date(i.referral_date)),
            (self.tr("Payer"), i.payer), (self.tr("Member ID"), i.member_id),
        ]

    def _problem(self, i: Intake) -> Rows:
        onset = " · ".join(part for part in (
            self.tr(ONSET_LABELS[i.onset]) if i.onset else "", format_date(i.onset_date)) if part)
        pains = [(self.tr("{value}/10 now"), i.pain_now),
                 (self.tr("{value}/10 at best"), i.pain_best),
                 (self.tr("{value}/10 at worst"), i.pain_worst)]
        pain = " · ".join(text.format(value=value) for text, value in pains if value is not None)
        running = (self.tr("{km} km a week").format(km=f"{i.weekly_running_km:g}")
                   if i.weekly_running_km is not None else "")
        return [
            (self.tr("Chief complaint"), i.chief_complaint),
            (self.tr("Side"), self.tr(SIDE_LABELS[i.side]) if i.side else ""),
            (self.tr("Onset"), onset), (self.tr("Pain"), pain),
            (self.tr("Activity"), i.activity), (self.tr("Running"), running),
            (self.tr("Goals"), i.goals),
        ]

    def _history(self, i: Intake) -> Rows:
        return [
            (self.tr("Conditions"), i.conditions), (self.tr("Surgeries"), i.surgeries),
            (self.tr("Medications"), i.medications),
            (self.tr("Fluoroquinolone antibiotic"), self._fluoroquinolone(i)),
            (self.tr("Corticosteroid injection"), self._yes_no(i.corticosteroid_injection)),
        ]

    def _consent(self) -> Rows:
        intake, consent = self._patient.intake, self._patient.consent
        recorded = ""
        if consent.recorded_at is not None:
            recorded = self.tr("{when} by {who}").format(
                when=format_local_time(consent.recorded_at),
                who=consent.recorded_by or self.tr("unknown"))
        return [
            (self.tr("Consent to treat"),
             self.tr("Given") if intake.consent_to_treat else self.tr("Not given")),
            (self.tr("Privacy notice"),
             self.tr("Acknowledged") if intake.privacy_notice else self.tr("Not acknowledged")),
            (self.tr("Recorded"), recorded),
        ]

    def _red_flag_screen(self, i: Intake) -> QGroupBox:
        box = self._box(self.tr("Red-flag screen"))
        form = self._form(box)
        for flag, question in RED_FLAG_QUESTIONS.items():
            reply = i.red_flag_answer(flag)
            answer = self._value(self._yes_no(reply), question)
            if reply is Answer.YES:
                answer.setStyleSheet(f"color: {ALERT_COLOUR}; font-weight: bold;")
            elif reply is Answer.NOT_ASKED:
                answer.setStyleSheet("font-style: italic;")
            form.addRow(self._caption(self.tr(question)), answer)
        return box

    # --- building blocks -----------------------------------------------------------------------

    def _section(self, title: str, rows: Rows) -> QGroupBox:
        box = self._box(title)
        form = self._form(box)
        shown = [(label, value) for label, value in rows if value]
        for label, value in shown:
            form.addRow(self._caption(label), self._value(value, label))
        if not shown:
            form.addRow(self._caption(self.tr("Nothing recorded.")))
        return box

    def _box(self, title: str) -> QGroupBox:
        box = QGroupBox(title)
        box.setFlat(True)
        box.setStyleSheet("QGroupBox { font-weight: bold; }")  # the title only; rows stay normal
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        QVBoxLayout(box).setContentsMargins(0, 8, 0, 0)
        return box

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(form)
        return form

    def _caption(self, text: str) -> QLabel:
        # Captions stay on one line: wrapped labels in a form layout get clipped when it narrows.
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        label.setPalette(palette)
        return label

    def _value(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(name)
        return label

    def _fluoroquinolone(self, i: Intake) -> str:
        # The risk banner also reads the medication list; the answer here must not contradict it.
        if i.fluoroquinolone is not Answer.YES and mentions_fluoroquinolone(i.medications):
            return self.tr("Named in the medication list")
        return self._yes_no(i.fluoroquinolone)

    def _yes_no(self, value: Answer) -> str:
        # An Answer is a non-empty string: "no" must not read as true.
        return {Answer.YES: self.tr("Yes"), Answer.NO: self.tr("No")}.get(
            value, self.tr("Not asked"))
