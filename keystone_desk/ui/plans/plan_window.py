"""PlanOfCareWindow: an episode's plan of care in its own window.

Diagnoses (picked from the evaluation or typed), the problem list, goals, frequency × duration
with planned/used/left visits and the re-evaluation date (live, from PlanService.summary over
what is on screen), interventions with CPT codes, the certification period, and the protocol.
Save (Ctrl+S) writes the plan's content with the version it read: a new plan is created on the
first save; a plan someone else saved meanwhile is a conflict the person settles (reload theirs,
or keep mine). Goals are written as soon as their dialog is accepted (GoalsSection). Applying a
protocol asks before replacing an earlier protocol's exercises and leaves on-screen edits as
they are. A role without plan_write (assistants) sees the plan read-only, with no editing
controls, and is told so. Unsaved changes are guarded on close. Every modal question goes through `_ask` (tests
replace it). Talks to the clinic's services only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.charting import EpisodeId
from ...domain.errors import ConflictError, FieldProblem, KeystoneError, ValidationError
from ...domain.patients import PatientId
from ...domain.permissions import Permission
from ...domain.plans import PlanContent, TreatmentPlan
from ...services.clinic_time import clinic_today
from .. import messages
from ..display_text import format_date, format_local_time
from ..questions import Answer, Question, ask
from ..screen_fit import fit_to_screen
from .goal_dialogs import MeasureChoice
from .goals_section import GoalsSection, goal_tests
from .plan_inputs import ERROR_STYLE, HINT_STYLE, STATUS_STYLE
from .plan_lists import DiagnosisSection, ProblemSection, evaluation_diagnoses
from .plan_schedule import CertificationSection, FrequencySection, InterventionSection
from .protocol_dialog import ApplyProtocolDialog, ProtocolChoice
from .protocol_section import ProtocolSection, current_phase, exercise_label

if TYPE_CHECKING:
    from ...services.session import ClinicSession

# Fits a 1366×768 laptop less its panel and title bar (fit_to_screen shrinks it on a smaller one).
DEFAULT_SIZE = (1280, 700)


class PlanOfCareWindow(QWidget):
    plan_saved = Signal(object)  # TreatmentPlan, as saved
    protocol_applied = Signal(object)  # services.plans.ProtocolApplied

    def __init__(self, session: ClinicSession, episode_id: int,
                 parent: QWidget | None = None, *, today: Callable[[], date] | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self._session = session
        self._episode_id = int(episode_id)
        self._today = today or (lambda: clinic_today(session.clock))
        self._episode = session.episodes.get(EpisodeId(episode_id))
        self._patient = session.patients.get(PatientId(self._episode.patient_id))
        self._plan: TreatmentPlan | None = None
        self._baseline = PlanContent()
        self._protocol_dialog: ApplyProtocolDialog | None = None
        self._read_only = not session.can(Permission.PLAN_WRITE)
        self._build_ui()
        self._connect_signals()
        if self._read_only:
            self._make_read_only()
        self._load(session.plans.for_episode(self._episode_id))

    # ----- public

    @property
    def episode_id(self) -> int:
        return self._episode_id

    @property
    def plan(self) -> TreatmentPlan | None:
        return self._plan

    @property
    def goals(self) -> GoalsSection:
        return self._goals

    def protocol_dialog(self) -> ApplyProtocolDialog | None:
        dialog = self._protocol_dialog
        return dialog if dialog is not None and dialog.isVisible() else None

    def content(self) -> PlanContent:
        """The plan as on screen (the protocol is the stored one: only applying changes it)."""
        return PlanContent(
            diagnoses=self._diagnoses.value(), problems=self._problems.value(),
            frequency=self._frequency.value(), interventions=self._interventions.value(),
            certification=self._certification.value(),
            protocol=self._plan.content.protocol if self._plan is not None else None)

    def is_dirty(self) -> bool:
        return self.content() != self._baseline

    def save(self) -> bool:
        """Save what is on screen; True when it was written."""
        return self._attempt(self.content())

    def refresh_chart(self) -> None:
        """Read again what the chart says: goal checks, visits used, the draft's exercises."""
        self._goals.refresh()
        self._update_summary()
        self._show_protocol()

    # ----- building

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Plan of care — {name} — {title}").format(
            name=self._patient.display_name, title=self._episode.title))
        today = self._today()
        heading = QLabel(f"<b>{html.escape(self._patient.display_name)}</b> — "
                         f"{html.escape(self._episode.title)}")
        heading.setStyleSheet("font-size: 14pt;")
        self._state = QLabel()
        self._state.setStyleSheet(HINT_STYLE)
        self._diagnoses = DiagnosisSection()
        self._problems = ProblemSection()
        self._frequency = FrequencySection()
        self._certification = CertificationSection(today)
        self._goals = GoalsSection(
            self._session, self._episode_id,
            [MeasureChoice.of(d) for d in self._session.measures.catalog],
            goal_tests(self._session.templates.templates,
                       {n.template_id for n in self._episode.notes}),
            today, self._ensure_plan)
        self._interventions = InterventionSection()
        self._protocol = ProtocolSection(self._exercise_name)
        self._editable = (self._diagnoses, self._problems, self._frequency, self._interventions,
                          self._certification)  # the parts Save writes
        left, right = QVBoxLayout(), QVBoxLayout()
        for section in (self._diagnoses, self._problems, self._frequency, self._certification):
            left.addWidget(section)
        left.addStretch(1)
        right.addWidget(self._goals, 1)
        right.addWidget(self._interventions)
        right.addWidget(self._protocol)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 4)
        columns.addLayout(right, 6)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self._summary = QLabel()
        self._summary.setObjectName("errorSummary")
        self._summary.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self._summary.setWordWrap(True)
        self._summary.hide()
        self._status = QLabel()
        self._status.setObjectName("saveStatus")
        self._status.setStyleSheet(STATUS_STYLE)
        self._save_button = QPushButton(self.tr("Save"))
        self._save_button.setToolTip(self.tr("Save the plan (Ctrl+S)"))
        self._close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self._state)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._summary)
        layout.addLayout(buttons)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        fit_to_screen(self, *DEFAULT_SIZE)  # the sections scroll inside when taller

    def _make_read_only(self) -> None:
        for section in self._editable:
            section.setEnabled(False)
        self._goals.set_read_only()
        self._protocol.set_read_only()
        self._save_button.hide()
        self._save_shortcut.setEnabled(False)

    def _exercise_name(self, exercise_id: str) -> str:
        try:
            return self._session.exercises.get(exercise_id).name
        except KeystoneError:
            return exercise_label(exercise_id)

    def _connect_signals(self) -> None:
        for section in self._editable:
            section.changed.connect(self._on_section_changed)
        self._protocol.apply_requested.connect(self._on_protocol_apply_requested)
        self._save_button.clicked.connect(self._on_save_clicked)
        self._save_shortcut.activated.connect(self._on_save_clicked)
        self._close_button.clicked.connect(self.close)

    def _load(self, plan: TreatmentPlan | None) -> None:
        """Show `plan` (or a new plan, its diagnoses suggested from the evaluation) as the new
        starting point for unsaved-change checks."""
        self._plan = plan
        suggestions = evaluation_diagnoses(self._episode, self._session.templates.templates)
        self._diagnoses.set_suggestions(suggestions)
        content = plan.content if plan is not None else PlanContent(
            diagnoses=tuple(suggestions[:1]))
        for section in self._editable:
            section.blockSignals(True)
        self._diagnoses.set_value(content.diagnoses)
        self._problems.set_value(content.problems)
        self._frequency.set_value(content.frequency)
        self._interventions.set_value(content.interventions)
        self._certification.set_value(content.certification)
        for section in self._editable:
            section.blockSignals(False)
        self._baseline = self.content()
        self._show_problems([])
        self._show_state()
        self.refresh_chart()

    def _show_state(self) -> None:
        if self._read_only:
            self._state.setText(self.tr("Read only: your role may read this plan of care but not "
                                        "change it. A therapist sets and changes plans."))
        elif self._plan is None:
            self._state.setText(self.tr("New plan of care: nothing is saved until you save."))
        else:
            self._state.setText(self.tr("Version {v}, last saved {when}.").format(
                v=self._plan.version, when=format_local_time(self._plan.updated_at)))

    # ----- reacting

    def _on_section_changed(self) -> None:
        self._status.clear()
        self._update_summary()

    def _update_summary(self) -> None:
        try:
            summary = self._session.plans.summary(self._episode_id, self._today(),
                                                 content=self.content())
        except KeystoneError:
            return
        self._frequency.show_summary(summary, self._certification.flags(), self._today())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.refresh_chart()  # a note may have been signed or a score recorded meanwhile
        return super().event(event)

    # ----- saving

    def _on_save_clicked(self) -> None:
        self.save()

    def _attempt(self, content: PlanContent, version: int | None = None) -> bool:
        local = self._frequency.problem()
        if local:
            self._show_problems([FieldProblem("frequency", local)])
            return False
        plans = self._session.plans
        try:
            if self._plan is None:
                saved = plans.create(self._session.user, self._episode_id, content)
            else:
                expected = self._plan.version if version is None else version
                saved = plans.update(self._session.user, self._plan.id, content, expected)
        except ValidationError as error:
            if any(p.field == "plan" for p in error.problems):  # created in another window
                theirs = plans.for_episode(self._episode_id)
                if theirs is not None:
                    return self._settle_conflict(content, theirs)
            self._show_problems(error.problems)
            return False
        except ConflictError:
            assert self._plan is not None
            return self._settle_conflict(content, plans.get(self._plan.id))
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not save the plan of care"), str(error))
            return False
        self._load(saved)
        self._status.setText(self.tr("Saved at {time}.").format(
            time=f"{saved.updated_at.astimezone():%H:%M}"))
        self.plan_saved.emit(saved)
        return True

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        diagnoses = [p.message for p in problems if p.field.startswith("diagnoses")]
        self._diagnoses.show_problems(diagnoses)
        self._problems.show_problems([p.message for p in problems if p.field == "problems"])
        frequency = " ".join(p.message for p in problems if p.field == "frequency")
        self._frequency.weeks_field.show_error(frequency)
        places = {"diagnoses": self.tr("Diagnosis"), "problems": self.tr("Problem list"),
                  "frequency": self.tr("Frequency"), "interventions": self.tr("Interventions"),
                  "certification": self.tr("Certification period")}
        named = []
        for problem in problems:
            place = places.get(problem.field.split(".")[0], problem.field)
            if problem.field.startswith("interventions"):
                place = f"{place}: {problem.message}"
            if place not in named:
                named.append(place)
        self._summary.setText(self.tr("Not saved. Please check: {places}.").format(
            places="; ".join(named)))
        self._summary.setVisible(bool(problems))

    def _settle_conflict(self, content: PlanContent, theirs: TreatmentPlan) -> bool:
        answer = self._ask(Question(
            self.tr("Someone else changed this plan"),
            self.tr("The plan of care for {title} was saved by someone else while you were "
                    "editing.").format(title=self._episode.title),
            ((Answer.RELOAD, self.tr("Reload their version")),
             (Answer.KEEP_MINE, self.tr("Keep mine")), (Answer.CANCEL, self.tr("Cancel"))),
            Answer.CANCEL,
            self.tr("Reload their version to see it (what you typed here is discarded), or keep "
                    "yours to save it over theirs."),
        ))
        if answer is Answer.RELOAD:
            self._load(theirs)
            self._status.setText(self.tr("Reloaded the version saved by someone else."))
            return False
        if answer is Answer.KEEP_MINE:
            # Their protocol stays (only applying one changes it); overwrite exactly the version
            # the person was warned about: anything newer asks again.
            self._plan = theirs
            return self._attempt(replace(content, protocol=theirs.content.protocol),
                                 theirs.version)
        return False

    # ----- applying a protocol

    def _on_protocol_apply_requested(self) -> None:
        if (shown := self.protocol_dialog()) is not None:
            shown.raise_()
            return
        current = self._plan.content.protocol if self._plan is not None else None
        dialog = ApplyProtocolDialog(list(self._session.protocols), self._today(), self,
                                     current_id=current.protocol_id if current else "")
        dialog.submitted.connect(self._on_protocol_dialog_submitted)
        dialog.finished.connect(self._on_protocol_dialog_finished)
        self._protocol_dialog = dialog
        dialog.open()

    def _on_protocol_dialog_submitted(self, choice: ProtocolChoice) -> None:
        dialog = self._protocol_dialog
        if dialog is None:
            return
        stored = self._session.plans.for_episode(self._episode_id)
        earlier = stored.content.protocol if stored is not None else None
        if earlier is not None and self._ask(Question(
                self.tr("Replace the protocol?"),
                self.tr("The home program draft has the exercises of {name} (from {start}). "
                        "Replace them with this protocol's?").format(
                    name=earlier.name, start=format_date(earlier.start_date)),
                ((Answer.REPLACE, self.tr("Replace exercises")),
                 (Answer.CANCEL, self.tr("Cancel"))),
                Answer.CANCEL,
                self.tr("Exercises you added yourself stay in the draft."))) is not Answer.REPLACE:
            return
        try:
            applied = self._session.plans.apply_protocol(
                self._session.user, self._episode_id, choice.protocol_id, choice.start_date,
                choice.site)
        except ValidationError as error:
            dialog.show_problems(error.problems)
            return
        except KeystoneError as error:
            messages.show_error(self, self.tr("Could not apply the protocol"), str(error))
            return
        dialog.accept()
        self._plan = applied.plan  # the new version; on-screen edits stay as typed
        self._baseline = applied.plan.content
        self._show_state()
        self.refresh_chart()
        self._status.setText(self.tr(
            "{name} applied ({site}): phase {n}, {phase}. The home program draft now has its "
            "exercises.").format(name=applied.plan.content.protocol.name if
                                 applied.plan.content.protocol else choice.protocol_id,
                                 site=applied.site.value, n=applied.phase.number,
                                 phase=applied.phase.name))
        self.protocol_applied.emit(applied)

    def _on_protocol_dialog_finished(self, _result: int) -> None:
        if self._protocol_dialog is not None:
            self._protocol_dialog.deleteLater()
            self._protocol_dialog = None

    def _show_protocol(self) -> None:
        applied = self._plan.content.protocol if self._plan is not None else None
        phase_number = None
        if applied is not None:
            try:
                protocol = self._session.protocols.get(applied.protocol_id)
            except KeystoneError:  # a protocol file since removed: show its dates only
                protocol = None
            phase_number = current_phase(protocol, applied, self._today())
        program = self._session.home_programs.for_episode(self._episode_id)
        self._protocol.show_protocol(applied, phase_number, program.items if program else ())

    # ----- closing

    def _ensure_plan(self) -> int | None:
        """The plan's id, saving a new plan first (goals belong to a saved plan)."""
        if self._plan is not None:
            return int(self._plan.id)
        if self.save() and self._plan is not None:
            return int(self._plan.id)
        return None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not self._settle_unsaved():
            event.ignore()
            return
        event.accept()

    def _settle_unsaved(self) -> bool:
        answer = self._ask(Question(
            self.tr("Unsaved changes"),
            self.tr("Save the changes to this plan of care before closing?"),
            ((Answer.SAVE, self.tr("Save")), (Answer.DISCARD, self.tr("Discard")),
             (Answer.CANCEL, self.tr("Cancel"))),
            Answer.SAVE,
        ))
        if answer is Answer.SAVE:
            return self.save()
        if answer is Answer.DISCARD:
            self._baseline = self.content()  # discarded on purpose: closing must not ask again
            return True
        return False

    def _ask(self, question: Question) -> Answer:
        """Ask a modal question and wait for the answer; Esc or closing the box means Cancel."""
        return ask(self, question, QMessageBox.Icon.Warning)
