"""ReturnToRunWindow: is the runner ready, the walk-run calendar, and the runs they report.

The entry criteria come from ReturnToRunService.check_entry (the chart's signed evaluative notes
plus the walking answer typed here). Under them the therapist confirms the runner is ready
("Confirm ready to run…": criteria met, or a reason to start anyway, kept with the plan); until
then the window says that no calendar goes on the home program, and planning waits.
"Plan walk-run progression…" builds the calendar into the home-program draft, after asking
before a calendar already there is replaced. The calendar shows each session
with a tick for the runs done and the stage to run next highlighted. "Record a run…" logs a run
and shows the decision in plain words (move on, repeat, or step back and contact the clinic);
a wrong run is marked in error with a reason, never deleted. Every question goes through
`messages` (tests stub it). Talks to the clinic's services only.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import EpisodeId
from ...domain.errors import KeystoneError, ValidationError
from ...domain.patients import PatientId
from ...domain.return_to_run import DAYS_BETWEEN_RUNS, SESSION_RULES, Action, RunCalendar, stage
from ...services.clinic_time import clinic_today
from .. import messages
from ..display_text import format_date
from .entry_criteria import EntryCriteriaView
from .plan_inputs import AMBER_BOX, GREEN_BOX, HINT_STYLE, RED_BOX, STATUS_STYLE
from .run_dialogs import (
    PlanRunDialog,
    ReadinessDialog,
    RecordRunDialog,
    RunInErrorDialog,
    RunPlanRequest,
    RunReport,
)
from .run_models import (
    RunCalendarModel,
    RunColumn,
    RunLogModel,
    RunRole,
    decision_title,
    run_table,
)
from .run_readiness import ReadinessBanner

if TYPE_CHECKING:
    from ...services.session import ClinicSession

DECISION_BOXES = {Action.ADVANCE: GREEN_BOX, Action.REPEAT: AMBER_BOX,
                  Action.STEP_BACK: RED_BOX}


class ReturnToRunWindow(QWidget):
    calendar_planned = Signal(object)  # RunCalendar
    readiness_confirmed = Signal(object)  # domain.run_readiness.Readiness
    run_recorded = Signal(object)  # the logged run (services' RunSession)

    def __init__(self, session: ClinicSession, episode_id: int,
                 parent: QWidget | None = None, *, today: Callable[[], date] | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self._session = session
        self._runs_service = session.return_to_run
        self._episode_id = int(episode_id)
        self._today = today or (lambda: clinic_today(session.clock))
        self._episode = session.episodes.get(EpisodeId(episode_id))
        self._patient = session.patients.get(PatientId(self._episode.patient_id))
        self._calendar: RunCalendar | None = None
        self._confirmed = False
        self._current_stage = 1
        self._dialog: QDialog | None = None
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # ----- public

    @property
    def episode_id(self) -> int:
        return self._episode_id

    @property
    def criteria(self) -> EntryCriteriaView:
        return self._criteria

    @property
    def readiness(self) -> ReadinessBanner:
        return self._readiness

    @property
    def calendar_model(self) -> RunCalendarModel:
        return self._calendar_model

    @property
    def run_model(self) -> RunLogModel:
        return self._run_model

    @property
    def current_stage(self) -> int:
        return self._current_stage

    def dialog(self) -> QDialog | None:
        """The dialog now open, if any (tests drive it)."""
        return self._dialog if self._dialog is not None and self._dialog.isVisible() else None

    def decision_text(self) -> str:
        return self._decision.text() if self._decision.isVisible() else ""

    def next_run_text(self) -> str:
        return self._next.text()

    def refresh(self) -> None:
        """Read the chart, the confirmation, the calendar and the logged runs again."""
        self._refresh_entry()
        self._refresh_readiness()
        self._refresh_runs()

    # ----- building

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Return to running — {name} — {title}").format(
            name=self._patient.display_name, title=self._episode.title))
        heading = QLabel(f"<b>{html.escape(self._patient.display_name)}</b> — "
                         f"{html.escape(self._episode.title)}")
        heading.setStyleSheet("font-size: 14pt;")
        self._criteria = EntryCriteriaView()
        self._readiness = ReadinessBanner()
        entry = QGroupBox(self.tr("Entry criteria"))
        entry_layout = QVBoxLayout(entry)
        entry_layout.addWidget(self._criteria)
        entry_layout.addWidget(self._readiness)

        self._decision = QLabel()
        self._decision.setObjectName("run_decision")
        self._decision.setWordWrap(True)
        self._decision.setTextFormat(Qt.TextFormat.RichText)
        self._decision.hide()
        self._run_model = RunLogModel(self)
        self._runs = run_table(self._run_model, self.tr("Runs reported"), RunColumn.DECISION)
        self._runs.sortByColumn(RunColumn.DATE, Qt.SortOrder.DescendingOrder)
        self._record = QPushButton(self.tr("&Record a run…"))
        self._mark = QPushButton(self.tr("Mark run in &error…"))
        run_buttons = QHBoxLayout()
        run_buttons.addWidget(self._record)
        run_buttons.addWidget(self._mark)
        run_buttons.addStretch(1)
        runs = QGroupBox(self.tr("Runs reported"))
        runs_layout = QVBoxLayout(runs)
        runs_layout.addLayout(run_buttons)
        runs_layout.addWidget(self._decision)
        runs_layout.addWidget(self._runs, 1)

        self._next = QLabel()
        self._next.setObjectName("next_run")
        self._next.setWordWrap(True)
        self._next.setStyleSheet("font-size: 12pt;")
        self._plan = QPushButton(self.tr("&Plan walk-run progression…"))
        self._calendar_model = RunCalendarModel(self)
        self._sessions = run_table(self._calendar_model, self.tr("Walk-run calendar"), None,
                                sortable=False)
        rules = QLabel("\n".join(f"•  {rule}" for rule in SESSION_RULES))
        rules.setStyleSheet(HINT_STYLE)
        rules.setWordWrap(True)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self._next, 1)
        plan_row.addWidget(self._plan, 0, Qt.AlignmentFlag.AlignTop)
        progression = QGroupBox(self.tr("Walk-run progression"))
        progression_layout = QVBoxLayout(progression)
        progression_layout.addLayout(plan_row)
        progression_layout.addWidget(self._sessions, 1)
        progression_layout.addWidget(rules)

        left = QVBoxLayout()
        left.addWidget(entry)
        left.addWidget(runs, 1)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 1)
        columns.addWidget(progression, 1)
        self._status = QLabel()
        self._status.setObjectName("saveStatus")
        self._status.setStyleSheet(STATUS_STYLE)
        self._status.setWordWrap(True)
        self._close = QPushButton(self.tr("Close"))
        bottom = QHBoxLayout()
        bottom.addWidget(self._status, 1)
        bottom.addWidget(self._close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        self.resize(1280, 700)  # fits a 1366 × 768 screen with its title bar and task bar

    def _connect_signals(self) -> None:
        self._criteria.walking_changed.connect(self._on_criteria_walking_changed)
        self._readiness.confirm_requested.connect(self._on_readiness_confirm_requested)
        self._plan.clicked.connect(self._on_plan_clicked)
        self._record.clicked.connect(self._on_record_clicked)
        self._mark.clicked.connect(self._on_mark_clicked)
        self._runs.selectionModel().currentChanged.connect(self._on_runs_current_changed)
        self._close.clicked.connect(self.close)

    # ----- reading

    def _refresh_entry(self) -> None:
        walking = self._criteria.walking_minutes()
        check = self._runs_service.check_entry(self._episode_id, walking_minutes=walking)
        facts = self._runs_service.facts(self._episode_id, walking_minutes=walking)
        self._criteria.show_check(check, facts.sources)

    def _refresh_readiness(self) -> None:
        readiness = self._runs_service.readiness(self._episode_id)
        self._confirmed = readiness is not None
        may_confirm = self._session.can_call("return_to_run", "confirm_readiness")
        self._readiness.show_readiness(readiness, may_confirm=may_confirm)
        self._plan.setEnabled(self._confirmed)

    def _refresh_runs(self) -> None:
        runs = self._runs_service.sessions(self._episode_id)
        self._current_stage = self._runs_service.current_stage(self._episode_id)
        program = self._session.home_programs.for_episode(self._episode_id)
        self._calendar = program.run_calendar if program is not None else None
        done: dict[int, list[date]] = defaultdict(list)
        for run in sorted((r for r in runs if not r.in_error), key=lambda r: r.run_on):
            done[run.stage].append(run.run_on)
        self._run_model.set_runs(runs)
        self._calendar_model.set_calendar(self._calendar, done, self._current_stage)
        next_session = self._calendar_model.next_session()
        if next_session is not None:
            proxy = self._sessions.model()
            assert isinstance(proxy, QSortFilterProxyModel)
            self._sessions.scrollTo(proxy.mapFromSource(
                self._calendar_model.index(next_session.number - 1, 0)),
                QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_next(next_session.on if next_session is not None else None)
        self._on_runs_current_changed()

    def _show_next(self, planned_on: date | None) -> None:
        shape = stage(self._current_stage)
        when = self.tr(" — planned for {date}").format(
            date=f"{planned_on:%a} {format_date(planned_on)}") if planned_on else ""
        text = self.tr("<b>Next run: stage {n}</b> — {what}{when}").format(
            n=shape.number, what=html.escape(shape.text), when=when)
        if not self._confirmed:
            text += "<br>" + html.escape(self.tr(
                "No walk-run calendar on the home program: confirm the runner is ready first."
                if self._calendar is None else "This calendar stays off the home program until "
                "you confirm the runner is ready."))
        elif self._calendar is None:
            text += "<br>" + html.escape(self.tr("No walk-run calendar yet."))
        self._next.setText(text)
        self._plan.setText(self.tr("Re-&plan from the next run…") if self._calendar is not None
                           else self.tr("&Plan walk-run progression…"))

    # ----- planning

    def _on_criteria_walking_changed(self, _minutes: object) -> None:
        self._refresh_entry()

    def _on_readiness_confirm_requested(self) -> None:
        check = self._criteria.check() or self._runs_service.check_entry(
            self._episode_id, walking_minutes=self._criteria.walking_minutes())
        dialog = ReadinessDialog(check, self)
        dialog.submitted.connect(self._on_readiness_dialog_submitted)
        self._open(dialog)

    def _on_readiness_dialog_submitted(self, reason: str) -> None:
        dialog = self._dialog
        try:
            readiness = self._runs_service.confirm_readiness(
                self._session.user, self._episode_id, reason=reason,
                walking_minutes=self._criteria.walking_minutes())
        except ValidationError as error:
            if isinstance(dialog, ReadinessDialog):
                dialog.show_problems(error.problems)
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not confirm readiness"), str(error))
            return
        if dialog is not None:
            dialog.accept()
        self._refresh_readiness()
        self._refresh_runs()
        self._status.setText(self.tr("Confirmed ready to run: the walk-run calendar can be "
                                     "planned and goes on the home program."))
        self.readiness_confirmed.emit(readiness)

    def _on_plan_clicked(self) -> None:
        if self._calendar is not None and not messages.confirm(
                self, self.tr("Replace the calendar"),
                self.tr("Replace the walk-run calendar that starts on {date}?").format(
                    date=format_date(self._calendar.start)),
                self.tr("Replace calendar"),
                informative=self.tr("Runs already recorded are kept.")):
            return
        runs = [r for r in self._runs_service.sessions(self._episode_id) if not r.in_error]
        start = max(self._today(), runs[-1].run_on + timedelta(days=DAYS_BETWEEN_RUNS)) \
            if runs else self._today()
        dialog = PlanRunDialog(start, self._current_stage, self)
        dialog.submitted.connect(self._on_plan_dialog_submitted)
        self._open(dialog)

    def _on_plan_dialog_submitted(self, request: RunPlanRequest) -> None:
        dialog = self._dialog
        try:
            calendar = self._runs_service.plan(
                self._session.user, self._episode_id, request.start_date,
                first_stage=request.first_stage, sessions_per_stage=request.sessions_per_stage)
        except ValidationError as error:
            if isinstance(dialog, PlanRunDialog):
                dialog.show_problems(error.problems)
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not plan the progression"), str(error))
            return
        if dialog is not None:
            dialog.accept()
        self._refresh_runs()
        self._status.setText(self.tr(
            "Planned {n} runs from {start} to {end}; the calendar is in the home program "
            "draft.").format(n=len(calendar.sessions), start=format_date(calendar.start),
                             end=format_date(calendar.last_day)))
        self.calendar_planned.emit(calendar)

    # ----- runs

    def _on_record_clicked(self) -> None:
        dialog = RecordRunDialog(self._today(), self._current_stage, self)
        dialog.submitted.connect(self._on_record_dialog_submitted)
        self._open(dialog)

    def _on_record_dialog_submitted(self, report: RunReport) -> None:
        dialog = self._dialog
        try:
            run = self._runs_service.record_session(
                self._session.user, self._episode_id, report.run_on, report.pain_during,
                report.next_morning_worse, report.limping, stage=report.stage)
        except ValidationError as error:
            if isinstance(dialog, RecordRunDialog):
                dialog.show_problems(error.problems)
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not record the run"), str(error))
            return
        if dialog is not None:
            dialog.accept()
        self._refresh_runs()
        decision = run.decision
        self._decision.setStyleSheet(DECISION_BOXES[decision.action])
        self._decision.setText(self.tr("<b>{title}</b><br>{message}").format(
            title=html.escape(self.tr(decision_title(decision))),
            message=html.escape(decision.message)))
        self._decision.show()
        self.run_recorded.emit(run)

    def _selected_run(self) -> Any:
        return self._runs.currentIndex().data(RunRole)

    def _on_runs_current_changed(self, *_: object) -> None:
        run = self._selected_run()
        self._mark.setEnabled(run is not None and not run.in_error)

    def _on_mark_clicked(self) -> None:
        run = self._selected_run()
        if run is None or run.in_error:
            return
        dialog = RunInErrorDialog(run.run_on, run.stage, self)
        dialog.setProperty("run_id", int(run.id))
        dialog.submitted.connect(self._on_error_dialog_submitted)
        self._open(dialog)

    def _on_error_dialog_submitted(self, reason: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        try:
            self._runs_service.mark_session_in_error(self._session.user, int(dialog.property("run_id")),
                                                     reason)
        except ValidationError as error:
            if isinstance(dialog, RunInErrorDialog):
                dialog.show_problems(error.problems)
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not mark the run in error"), str(error))
            return
        dialog.accept()
        self._decision.hide()
        self._refresh_runs()
        self._status.setText(self.tr("Run marked in error; the next run is at stage {n}.")
                             .format(n=self._current_stage))

    def _open(self, dialog: QDialog) -> None:
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if dialog is self._dialog:
            self._dialog = None
        if isinstance(dialog, QDialog):
            dialog.deleteLater()

