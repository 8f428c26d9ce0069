"""Dialogs of the return-to-run window: confirm the runner is ready, plan the walk-run calendar,
record a run, mark a run in error.

Each emits `submitted` with what was typed and stays open until the window calls `accept()`
(the service agreed) or `show_problems()`; none writes to the database. A run's pain, next
morning and limping must each be answered: nothing is assumed (a default of 0/10 or "no" would
advance a runner who never said so). Qt and domain only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import FieldProblem
from ...domain.return_to_run import (
    DEFAULT_SESSIONS_PER_STAGE,
    FIRST_STAGE,
    LAST_STAGE,
    MIN_SESSIONS_PER_STAGE,
    EntryCheck,
    stage,
)
from ...domain.run_readiness import MAX_OVERRIDE_REASON_CHARS
from ..display_text import format_date
from .plan_inputs import ERROR_STYLE, Labelled, date_edit, from_qdate, to_qdate

MAX_SESSIONS_PER_STAGE = 6


@dataclass(frozen=True, slots=True)
class RunPlanRequest:
    start_date: date
    first_stage: int
    sessions_per_stage: int


@dataclass(frozen=True, slots=True)
class RunReport:
    run_on: date
    stage: int
    pain_during: int
    next_morning_worse: bool
    limping: bool


class _SubmitDialog(QDialog):
    """Fields by domain name, each with its message line; refusals shown beside them."""

    def _finish(self, fields: dict[str, Labelled], accept_text: str,
                intro: str = "") -> None:
        self._fields = fields
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in fields.values():
            form.addRow(field.label, field.cell)
        self._general = QLabel()
        self._general.setStyleSheet(ERROR_STYLE)
        self._general.setWordWrap(True)
        self._general.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._ok = self._buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self._ok.setDefault(True)
        layout = QVBoxLayout(self)
        if intro:
            about = QLabel(intro)
            about.setWordWrap(True)
            layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        general, shown = [], set()
        for problem in problems:
            field = self._fields.get(problem.field)
            if field is None:
                general.append(problem.message)
            else:
                field.show_error(problem.message)
                shown.add(problem.field)
        for key, field in self._fields.items():
            if key not in shown:
                field.clear_error()
        self._general.setText("\n".join(general))
        self._general.setVisible(bool(general))

    def _on_buttons_accepted(self) -> None:
        raise NotImplementedError


class ReadinessDialog(_SubmitDialog):
    """The therapist's word that the runner may start. With every entry criterion met it only
    asks to confirm; otherwise it lists what is not met and needs the reason to start anyway,
    which is kept with the episode's return-to-run plan."""

    submitted = Signal(str)  # the reason ("" when every criterion is met)

    def __init__(self, check: EntryCheck, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm the runner is ready"))
        self._check = check
        self._reason = QLineEdit()
        self._reason.setMaxLength(MAX_OVERRIDE_REASON_CHARS)
        self._reason.setMinimumWidth(420)
        self._reason.setPlaceholderText(self.tr("e.g. jogs 20 minutes pain-free already"))
        if check.ready:
            fields: dict[str, Labelled] = {}
            intro = self.tr("Every entry criterion is met. Once you confirm, the walk-run "
                            "calendar can be planned and goes on the home program.")
        else:
            fields = {"reason": Labelled(self.tr("&Reason to start anyway"), self._reason)}
            unmet = "\n".join(self.tr("•  {label}: {actual} (needs {required})").format(
                label=r.label, actual=r.actual, required=r.required[:1].lower() + r.required[1:])
                for r in check.unmet)
            intro = self.tr("Not every entry criterion is met:\n{unmet}\n\nStart the walk-run "
                            "progression anyway only if you have judged the runner ready "
                            "yourself, and say why: the reason is kept with the plan.").format(
                unmet=unmet)
        self._finish(fields, self.tr("Confirm ready"), intro)
        self.resize(560, self.sizeHint().height())

    def reason(self) -> str:
        return " ".join(self._reason.text().split()) if not self._check.ready else ""

    def _on_buttons_accepted(self) -> None:
        if not self._check.ready and not self.reason():
            self.show_problems([FieldProblem("reason", self.tr(
                "Say why the runner may start although not every criterion is met."))])
            return
        self.submitted.emit(self.reason())


class PlanRunDialog(_SubmitDialog):
    submitted = Signal(object)  # RunPlanRequest

    def __init__(self, start: date, first_stage: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan the walk-run progression"))
        self._start = date_edit()
        self._start.setDate(to_qdate(start))
        self._stage = QSpinBox()
        self._stage.setRange(FIRST_STAGE, LAST_STAGE)
        self._stage.setValue(first_stage)
        self._per_stage = QSpinBox()
        self._per_stage.setRange(MIN_SESSIONS_PER_STAGE, MAX_SESSIONS_PER_STAGE)
        self._per_stage.setValue(DEFAULT_SESSIONS_PER_STAGE)
        self._finish({
            "start_date": Labelled(self.tr("First &run on"), self._start),
            "return_to_run": Labelled(self.tr("Start at &stage"), self._stage),
            "sessions_per_stage": Labelled(self.tr("Runs &per stage"), self._per_stage,
                                           hint=self.tr("Each stage is run this many times, "
                                                        "every other day, before moving on.")),
        }, self.tr("Plan progression"), self.tr(
            "Runs every other day from the first run, through stage {last}. Repeats after a "
            "painful run push the dates later: the calendar is the expected path.").format(
            last=LAST_STAGE))
        self._stage.valueChanged.connect(self._on_stage_value_changed)
        self._on_stage_value_changed(first_stage)
        self.resize(480, self.sizeHint().height())

    def request(self) -> RunPlanRequest:
        return RunPlanRequest(from_qdate(self._start.date()), self._stage.value(),
                              self._per_stage.value())

    def _on_stage_value_changed(self, value: int) -> None:
        self._fields["return_to_run"].set_hint(stage(value).text)

    def _on_buttons_accepted(self) -> None:
        self.submitted.emit(self.request())


class RecordRunDialog(_SubmitDialog):
    submitted = Signal(object)  # RunReport

    def __init__(self, today: date, current_stage: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a run"))
        self._date = date_edit()
        self._date.setMaximumDate(to_qdate(today))  # a run cannot be in the future
        self._date.setDate(to_qdate(today))
        self._stage = QSpinBox()
        self._stage.setRange(FIRST_STAGE, LAST_STAGE)
        self._stage.setValue(current_stage)
        self._pain = QSpinBox()
        self._pain.setRange(-1, 10)
        self._pain.setSpecialValueText(self.tr("Choose 0–10"))
        self._pain.setSuffix(" / 10")
        self._pain.setValue(-1)
        self._morning = _yes_no(self.tr("Choose…"), self.tr("No"), self.tr("Yes"))
        self._limping = _yes_no(self.tr("Choose…"), self.tr("No"), self.tr("Yes"))
        self._finish({
            "run_on": Labelled(self.tr("&Date of the run"), self._date),
            "stage": Labelled(self.tr("&Stage run"), self._stage),
            "pain_during": Labelled(self.tr("&Pain during the run"), self._pain,
                                    hint=self.tr("0 = no pain, 10 = worst imaginable")),
            "next_morning_worse": Labelled(self.tr("&Worse the next morning"), self._morning,
                                           hint=self.tr("Tendon pain or stiffness worse than "
                                                        "before the run")),
            "limping": Labelled(self.tr("&Limping"), self._limping),
        }, self.tr("Record run"))
        self._stage.valueChanged.connect(self._on_stage_value_changed)
        self._on_stage_value_changed(current_stage)
        self.resize(480, self.sizeHint().height())

    def report(self) -> RunReport | None:
        """What was answered, or None while something is unanswered."""
        if self._pain.value() < 0 or self._morning.currentData() is None \
                or self._limping.currentData() is None:
            return None
        return RunReport(from_qdate(self._date.date()), self._stage.value(), self._pain.value(),
                         bool(self._morning.currentData()), bool(self._limping.currentData()))

    def _on_stage_value_changed(self, value: int) -> None:
        self._fields["stage"].set_hint(stage(value).text)

    def _on_buttons_accepted(self) -> None:
        problems = []
        if self._pain.value() < 0:
            problems.append(FieldProblem("pain_during", self.tr("Rate the pain during the run, "
                                                                "0 to 10.")))
        for key, combo in (("next_morning_worse", self._morning), ("limping", self._limping)):
            if combo.currentData() is None:
                problems.append(FieldProblem(key, self.tr("Answer yes or no.")))
        self.show_problems(problems)
        report = self.report()
        if report is not None:
            self.submitted.emit(report)


class RunInErrorDialog(_SubmitDialog):
    submitted = Signal(str)  # the reason

    def __init__(self, run_on: date, run_stage: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark a run in error"))
        self._reason = QLineEdit()
        self._reason.setMaxLength(500)
        self._reason.setPlaceholderText(self.tr("e.g. entered for the wrong day"))
        self._reason.setMinimumWidth(360)
        self._finish({"reason": Labelled(self.tr("&Reason"), self._reason)},
                     self.tr("Mark in error"), self.tr(
            "The run of {date} (stage {stage}) stays in the list, struck through, and no longer "
            "counts for the stage to run next.").format(date=format_date(run_on),
                                                        stage=run_stage))

    def _on_buttons_accepted(self) -> None:
        reason = " ".join(self._reason.text().split())
        if not reason:
            self.show_problems([FieldProblem("reason", self.tr("Say why this run is wrong."))])
            return
        self.submitted.emit(reason)


def _yes_no(blank: str, no: str, yes: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(blank, None)
    combo.addItem(no, False)
    combo.addItem(yes, True)
    return combo
