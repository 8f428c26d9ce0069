"""How much treatment the plan covers: frequency × duration with the visit figures, the
interventions with their CPT codes, and the certification period with what to chase about it.

`FrequencySection` shows planned, used and left visits and the re-evaluation due date from a
`VisitSummary` the window computes from what is on screen (so they follow the typing).
`CertificationSection` checks the period with the domain rule as dates are picked and shows a
missing or late physician certification in amber (domain.plans.certification_flags). Each
section emits `changed` and hands its part of the plan out as domain values. Qt and domain only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.plans import (
    CERTIFICATION_MAX_DAYS,
    CERTIFY_WITHIN_DAYS,
    INTERVENTION_CODES,
    MAX_VISITS_PER_WEEK,
    MAX_WEEKS,
    CertificationPeriod,
    Frequency,
    Intervention,
    PlanContent,
    VisitSummary,
    certification_flags,
    validate_plan,
)
from ..display_text import format_date
from .plan_inputs import (
    AMBER_BOX,
    HINT_STYLE,
    Labelled,
    OptionalDateEdit,
    date_edit,
    from_qdate,
    to_qdate,
)

FIGURE_STYLE = "font-size: 15pt; font-weight: 600;"
OVERDUE_COLOUR = "#8a5300"


class FrequencySection(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Frequency and visits"))
        self._per_week = _count_box(MAX_VISITS_PER_WEEK, self.tr("×/week"))
        self._weeks = _count_box(MAX_WEEKS, self.tr(" weeks"))
        self.per_week_field = Labelled(self.tr("&Visits a week"), self._per_week)
        self.weeks_field = Labelled(self.tr("For &how long"), self._weeks)
        self._figures = {key: QLabel("—") for key in
                         ("planned_visits", "visits_used", "visits_left", "reevaluation_due")}
        titles = {"planned_visits": self.tr("Planned visits"), "visits_used": self.tr("Used"),
                  "visits_left": self.tr("Left"),
                  "reevaluation_due": self.tr("Re-evaluation due")}
        self._flags = QLabel()
        self._flags.setObjectName("visit_flags")
        self._flags.setStyleSheet(AMBER_BOX)
        self._flags.setWordWrap(True)
        self._flags.hide()
        inputs = QHBoxLayout()
        for field in (self.per_week_field, self.weeks_field):
            inputs.addWidget(field.label, 0, Qt.AlignmentFlag.AlignTop)
            inputs.addWidget(field.cell, 1)
        figures = QGridLayout()
        figures.setHorizontalSpacing(18)
        for column, (key, label) in enumerate(self._figures.items()):
            label.setObjectName(key)
            label.setStyleSheet(FIGURE_STYLE)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(titles[key])
            caption.setStyleSheet(HINT_STYLE)
            figures.addWidget(caption, 0, column)
            figures.addWidget(label, 1, column)
        figures.setColumnStretch(len(self._figures), 1)
        hint = QLabel(self.tr("Used: signed daily notes, progress notes and re-evaluations."))
        hint.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addLayout(figures)
        layout.addWidget(hint)
        layout.addWidget(self._flags)
        self._per_week.valueChanged.connect(self._on_value_changed)
        self._weeks.valueChanged.connect(self._on_value_changed)

    def value(self) -> Frequency | None:
        per_week, weeks = self._per_week.value(), self._weeks.value()
        return Frequency(per_week, weeks) if per_week and weeks else None

    def set_value(self, frequency: Frequency | None) -> None:
        self._per_week.setValue(frequency.visits_per_week if frequency else 0)
        self._weeks.setValue(frequency.weeks if frequency else 0)

    def problem(self) -> str:
        """A half-given frequency is refused before it reaches the service."""
        if bool(self._per_week.value()) != bool(self._weeks.value()):
            return self.tr("Give both the visits a week and the number of weeks.")
        return ""

    def show_summary(self, summary: VisitSummary, certification_flags_shown: Sequence[str],
                     today: date) -> None:
        def number(value: int | None) -> str:
            return "—" if value is None else str(value)

        self._figures["planned_visits"].setText(number(summary.planned_visits))
        self._figures["visits_used"].setText(str(summary.visits_used))
        self._figures["visits_left"].setText(number(summary.visits_left))
        due = summary.reevaluation_due
        overdue = due is not None and due < today
        self._figures["reevaluation_due"].setText(
            (format_date(due) + (self.tr(" (overdue)") if overdue else "")) if due else "—")
        self._figures["reevaluation_due"].setStyleSheet(FIGURE_STYLE + (
            f" color: {OVERDUE_COLOUR};" if overdue else ""))
        own = [f for f in summary.flags if f not in certification_flags_shown]
        self._flags.setText("\n".join(f"\u26a0 {flag}" for flag in own))
        self._flags.setVisible(bool(own))

    def _on_value_changed(self, *_: object) -> None:
        self.weeks_field.show_error(self.problem())
        self.changed.emit()


def _count_box(maximum: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    box.setSpecialValueText("—")
    box.setMinimumWidth(110)
    return box


class InterventionSection(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Interventions"))
        self._boxes: dict[str, QCheckBox] = {}
        self._notes: dict[str, str] = {}  # notes of loaded interventions, kept as they were
        self._others: tuple[Intervention, ...] = ()
        grid = QGridLayout(self)
        grid.setVerticalSpacing(4)
        for n, code in enumerate(INTERVENTION_CODES):
            box = QCheckBox(f"{code.code}  {self.tr(code.label)}")
            box.setObjectName(f"cpt_{code.code}")
            box.toggled.connect(self._on_box_toggled)
            self._boxes[code.code] = box
            grid.addWidget(box, n % 4, n // 4)

    def value(self) -> tuple[Intervention, ...]:
        chosen = tuple(Intervention(code, self._notes.get(code, ""))
                       for code, box in self._boxes.items() if box.isChecked())
        return chosen + self._others

    def set_value(self, interventions: Iterable[Intervention]) -> None:
        interventions = tuple(interventions)
        self._notes = {i.cpt_code: i.notes for i in interventions}
        self._others = tuple(i for i in interventions if i.cpt_code not in self._boxes)
        for code, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(code in self._notes)
            box.setToolTip(self._notes.get(code, ""))
            box.blockSignals(False)

    def _on_box_toggled(self, _checked: bool) -> None:
        self.changed.emit()


class CertificationSection(QGroupBox):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.setTitle(self.tr("Certification period"))
        self._recorded = QCheckBox(self.tr("Record a certification &period"))
        self._start = date_edit()
        self._end = date_edit()
        self._physician = QLineEdit()
        self._physician.setPlaceholderText(self.tr("Referring physician"))
        self._physician.setMaxLength(120)
        self._certified_on = OptionalDateEdit(self.tr("Not yet"))
        self.start_field = Labelled(self.tr("&Starts"), self._start)
        self.end_field = Labelled(self.tr("&Ends"), self._end)
        self.physician_field = Labelled(self.tr("Ph&ysician"), self._physician)
        self.certified_field = Labelled(self.tr("Certified &on"), self._certified_on)
        self._flags = QLabel()
        self._flags.setObjectName("certification_flags")
        self._flags.setStyleSheet(AMBER_BOX)
        self._flags.setWordWrap(True)
        self._flags.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in (self.start_field, self.end_field, self.physician_field,
                      self.certified_field):
            form.addRow(field.label, field.cell)
        layout = QVBoxLayout(self)
        layout.addWidget(self._recorded)
        layout.addLayout(form)
        layout.addWidget(self._flags)
        self._recorded.toggled.connect(self._on_recorded_toggled)
        for edit in (self._start, self._end, self._certified_on):
            edit.dateChanged.connect(self._on_input_changed)
        self._physician.textChanged.connect(self._on_input_changed)
        self.set_value(None)

    def value(self) -> CertificationPeriod | None:
        if not self._recorded.isChecked():
            return None
        return CertificationPeriod(from_qdate(self._start.date()), from_qdate(self._end.date()),
                                   self._certified_on.value(),
                                   " ".join(self._physician.text().split()))

    def set_value(self, period: CertificationPeriod | None) -> None:
        widgets = (self._recorded, self._start, self._end, self._physician, self._certified_on)
        for widget in widgets:
            widget.blockSignals(True)
        start = period.start if period else self._today
        self._recorded.setChecked(period is not None)
        self._start.setDate(to_qdate(start))
        self._end.setDate(to_qdate(period.end if period else
                                   start + timedelta(days=CERTIFICATION_MAX_DAYS - 1)))
        self._physician.setText(period.physician_name if period else "")
        self._certified_on.set_value(period.physician_certified_on if period else None)
        for widget in widgets:
            widget.blockSignals(False)
        self._refresh()

    def flags(self) -> list[str]:
        """What to chase about the certification, in plain words."""
        return certification_flags(self.value(), self._today)

    def problems(self) -> tuple[str, str]:
        """The domain's objections to the period (shown beside End) and to the physician's
        date (shown beside Certified on)."""
        period = self.value()
        if period is None:
            return "", ""
        own = validate_plan(PlanContent(certification=CertificationPeriod(period.start,
                                                                          period.end)))
        everything = validate_plan(PlanContent(certification=period))
        physician = [p.message for p in everything if p not in own]
        return " ".join(p.message for p in own), " ".join(physician)

    def _on_recorded_toggled(self, _checked: bool) -> None:
        self._refresh()
        self.changed.emit()

    def _on_input_changed(self, *_: object) -> None:
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        recorded = self._recorded.isChecked()
        for field in (self.start_field, self.end_field, self.physician_field,
                      self.certified_field):
            field.input.setEnabled(recorded)
        period_problem, physician_problem = self.problems()
        period = self.value()
        self.end_field.set_hint(self.tr("{days} days (at most {most})").format(
            days=period.days, most=CERTIFICATION_MAX_DAYS)
            if period is not None and period.days > 0 else "")
        self.certified_field.set_hint(self.tr("Due within {n} days of the start: by {due}").format(
            n=CERTIFY_WITHIN_DAYS, due=format_date(period.certify_by))
            if period is not None else "")
        self.end_field.show_error(period_problem)
        self.certified_field.show_error(physician_problem)
        flags = self.flags()
        self._flags.setText("\n".join(f"\u26a0 {flag}" for flag in flags))
        self._flags.setVisible(bool(flags))
